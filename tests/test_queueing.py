"""Turns at the CPU: first come first served, positions told, a full line refused."""

from __future__ import annotations

import threading
import time

import pytest

from resnet_viz.infer import Busy, TurnQueue


def test_turns_are_taken_in_arrival_order_and_positions_are_told() -> None:
    queue = TurnQueue(slots=1, max_waiting=8, timeout_s=10)
    order: list[str] = []
    heard: dict[str, list[int]] = {}
    holder = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with queue.turn():
            holder.set()
            release.wait(5)
            order.append("first")

    def wait_in_line(name: str) -> None:
        with queue.turn(lambda ahead: heard.setdefault(name, []).append(ahead)):
            order.append(name)

    first = threading.Thread(target=hold)
    first.start()
    holder.wait(5)
    waiters = []
    for name in ("second", "third"):
        waiter = threading.Thread(target=wait_in_line, args=(name,))
        waiter.start()
        waiters.append(waiter)
        while queue.waiting < len(waiters):
            time.sleep(0.01)
    release.set()
    for thread in (first, *waiters):
        thread.join(5)
    assert order == ["first", "second", "third"]
    assert heard["second"][0] == 1 and heard["third"][0] == 2
    assert heard["third"] == sorted(heard["third"], reverse=True)  # told as the line moves
    assert queue.waiting == 0


def test_a_full_line_is_refused_at_once_and_a_long_wait_gives_up() -> None:
    queue = TurnQueue(slots=1, max_waiting=1, timeout_s=0.3)
    release = threading.Event()
    started = threading.Event()

    def hold() -> None:
        with queue.turn():
            started.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    started.wait(5)
    begin = time.monotonic()
    with pytest.raises(Busy), queue.turn():  # waits its 0.3 s, then gives up
        pass
    assert 0.25 < time.monotonic() - begin < 3
    waiter = threading.Thread(target=lambda: queue.turn().__enter__())
    queue.timeout_s = 5
    waiter.start()
    while queue.waiting < 1:
        time.sleep(0.01)
    with pytest.raises(Busy) as refused, queue.turn():  # the line (1) is full: refused at once
        pass
    assert refused.value.waiting == 1
    release.set()
    holder.join(5)
    waiter.join(5)


def test_a_slot_is_given_back_when_the_work_fails() -> None:
    queue = TurnQueue(slots=1, max_waiting=2, timeout_s=1)
    with pytest.raises(ValueError), queue.turn():
        raise ValueError("a failed forward pass")
    with queue.turn():  # not stuck behind the failed one
        assert queue.waiting == 0
