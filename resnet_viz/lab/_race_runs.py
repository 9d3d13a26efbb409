"""Races trained on a thread of their own, so that no visitor's page run owns them.

A race takes half a minute or more. Trained inside the script run of the visitor who started
it, it died with that run: a language switch, or any click that reruns the page, threw it
away without a word. Here each race trains on a background thread; every session that opens
the lab reads its laps so far and, once it has finished, its trained networks. One race trains
at a time (the server has two cores); another seed waits for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from ..models import ResNet
from ._race import RACES, Digits, Lap, race

__all__ = ["RaceBoard", "RaceRun", "RaceState"]

RaceState = Literal["waiting", "running", "done", "failed"]


@dataclass
class RaceRun:
    """One seed's race as it stands; read it through ``RaceBoard.snapshot``."""

    seed: int
    epochs: int
    #: Which race (``RACES``): the 2015 paper's, or ResNet-110 against its pre-activation twin.
    race: str = "paper"
    state: RaceState = "waiting"
    laps: list[Lap] = field(default_factory=list)
    #: The trained networks, set once the race is done and never trained further.
    models: dict[str, ResNet] = field(default_factory=dict)
    error: str = ""

    @property
    def total_laps(self) -> int:
        return self.epochs * len(RACES[self.race])


class RaceBoard:
    """Every race of this process, by seed and race: started once, trained in the background."""

    def __init__(self, data: Callable[[], Digits]) -> None:
        self._data = data
        self._runs: dict[tuple[int, str], RaceRun] = {}
        self._guard = threading.Lock()  # the runs and their fields
        self._track = threading.Lock()  # one race trains at a time

    def start(self, seed: int, epochs: int, race: str = "paper") -> RaceRun:
        """Start the race for ``seed`` unless it is waiting, running or done (a failed one
        starts again); returns a snapshot of it."""
        if race not in RACES:
            raise ValueError(f"race: {race!r} is not one of {list(RACES)}")
        with self._guard:
            run = self._runs.get((seed, race))
            if run is None or run.state == "failed":
                run = RaceRun(seed, epochs, race)
                self._runs[seed, race] = run
                threading.Thread(
                    target=self._train, args=(run,), name=f"race-{race}-{seed}", daemon=True
                ).start()
        return self.snapshot(seed, race) or run

    def snapshot(self, seed: int, race: str = "paper") -> RaceRun | None:
        """The race for ``seed`` as it stands now (a copy, safe to read while it trains), or
        None if nobody has started it."""
        with self._guard:
            run = self._runs.get((seed, race))
            if run is None:
                return None
            return RaceRun(
                run.seed, run.epochs, run.race, run.state, list(run.laps), run.models, run.error
            )

    def another_is_training(self, seed: int, race: str = "paper") -> bool:
        """Whether another race holds the machine now (this one waits for it)."""
        with self._guard:
            return any(
                run.state == "running" and key != (seed, race) for key, run in self._runs.items()
            )

    def _train(self, run: RaceRun) -> None:
        with self._track:
            with self._guard:
                run.state = "running"
            try:
                models: dict[str, ResNet] = {}
                laps = race(self._data(), run.epochs, run.seed, entrants=RACES[run.race])
                for lap, current in laps:
                    models = current
                    with self._guard:
                        run.laps.append(lap)
            except Exception as error:  # shown on the page, which offers to start again
                with self._guard:
                    run.state, run.error = "failed", repr(error)
                return
            with self._guard:
                run.models, run.state = dict(models), "done"
