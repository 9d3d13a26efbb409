"""Races trained in the background: started once, readable while they train, shared."""

from __future__ import annotations

import time

import pytest

from resnet_viz.lab import DEEP_ENTRANTS, ENTRANTS, RaceBoard, RaceRun, deep_verdict, digits


def _until_done(board: RaceBoard, seed: int, limit: float = 300, race: str = "paper") -> RaceRun:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        run = board.snapshot(seed, race)
        assert run is not None
        if run.state in ("done", "failed"):
            return run
        time.sleep(0.05)
    raise AssertionError("the race did not finish")


@pytest.fixture(scope="module")
def data():
    return digits()


def test_a_race_starts_once_and_can_be_read_while_it_trains(data) -> None:
    board = RaceBoard(lambda: data)
    assert board.snapshot(0) is None
    first = board.start(0, epochs=1)
    second = board.start(0, epochs=1)  # a second visitor's click: the same race, not another
    assert first.seed == second.seed == 0 and first.state in ("waiting", "running")
    seen = set()
    while (run := board.snapshot(0)) is not None and run.state != "done":
        seen.add(len(run.laps))
        time.sleep(0.01)
    run = _until_done(board, 0)
    assert run.state == "done" and run.error == ""
    assert len(run.laps) == run.total_laps == len(ENTRANTS)
    assert [lap.runner for lap in run.laps] == ["plain20", "resnet20", "plain56", "resnet56"]
    assert set(run.models) == {"plain20", "resnet20", "plain56", "resnet56"}
    assert min(seen) < len(ENTRANTS)  # it was read part-way
    # A snapshot is a copy: what a reader holds does not change under it.
    held = board.snapshot(0)
    assert held is not None
    held.laps.clear()
    assert len(board.snapshot(0).laps) == len(ENTRANTS)  # type: ignore[union-attr]


def test_the_second_race_is_its_own_resnet110_against_its_pre_activation_twin(data) -> None:
    board = RaceBoard(lambda: data)
    board.start(0, epochs=1, race="deep")
    assert board.snapshot(0) is None  # the paper's race for this seed is another race
    run = _until_done(board, 0, race="deep")
    assert run.state == "done" and run.race == "deep" and run.total_laps == len(DEEP_ENTRANTS)
    assert [lap.runner for lap in run.laps] == ["resnet110", "preact110"]
    assert (
        run.models["preact110"].spec.unit == "pre" and run.models["resnet110"].spec.unit == "post"
    )
    key, fields = deep_verdict(run.laps)
    assert key in {f"lab.deep_verdict_{end}" for end in ("pre_ahead", "post_ahead", "alike")}
    assert fields["pre"] == f"{100 * run.laps[1].train_accuracy:.0f}"
    with pytest.raises(ValueError, match=r"race: 'other' is not one of \['paper', 'deep'\]"):
        board.start(0, epochs=1, race="other")


def test_a_failed_race_says_why_and_starts_again(data) -> None:
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise OSError("digits unreadable")
        return data

    board = RaceBoard(flaky)
    board.start(5, epochs=1)
    failed = _until_done(board, 5)
    assert failed.state == "failed" and "digits unreadable" in failed.error
    board.start(5, epochs=1)
    assert _until_done(board, 5).state == "done"


@pytest.mark.slow
def test_one_race_trains_at_a_time(data) -> None:
    board = RaceBoard(lambda: data)
    board.start(1, epochs=1)
    board.start(2, epochs=1)
    states = set()
    while True:
        one, two = board.snapshot(1), board.snapshot(2)
        assert one is not None and two is not None
        states.add((one.state, two.state))
        if one.state == two.state == "done":
            break
        time.sleep(0.01)
    assert ("running", "running") not in states
    assert ("running", "waiting") in states or ("waiting", "running") in states


def test_a_race_knows_when_another_holds_the_machine(data) -> None:
    board = RaceBoard(lambda: data)
    assert not board.another_is_training(3)
    board.start(3, epochs=1)
    while (run := board.snapshot(3)) is not None and run.state == "waiting":
        time.sleep(0.01)
    assert board.another_is_training(4) and not board.another_is_training(3)
    _until_done(board, 3)
    assert not board.another_is_training(4)
