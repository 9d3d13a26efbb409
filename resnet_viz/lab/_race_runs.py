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
from ._race import ENTRANTS, Digits, Lap, race

__all__ = ["RaceBoard", "RaceRun", "RaceState"]

RaceState = Literal["waiting", "running", "done", "failed"]


@dataclass
class RaceRun:
    """One seed's race as it stands; read it through ``RaceBoard.snapshot``."""

    seed: int
    epochs: int
    state: RaceState = "waiting"
    laps: list[Lap] = field(default_factory=list)
    #: The trained networks, set once the race is done and never trained further.
    models: dict[str, ResNet] = field(default_factory=dict)
    error: str = ""

    @property
    def total_laps(self) -> int:
        return self.epochs * len(ENTRANTS)


class RaceBoard:
    """Every race of this process, by seed: started once, trained in the background."""

    def __init__(self, data: Callable[[], Digits]) -> None:
        self._data = data
        self._runs: dict[int, RaceRun] = {}
        self._guard = threading.Lock()  # the runs and their fields
        self._track = threading.Lock()  # one race trains at a time

    def start(self, seed: int, epochs: int) -> RaceRun:
        """Start the race for ``seed`` unless it is waiting, running or done (a failed one
        starts again); returns a snapshot of it."""
        with self._guard:
            run = self._runs.get(seed)
            if run is None or run.state == "failed":
                run = RaceRun(seed, epochs)
                self._runs[seed] = run
                threading.Thread(
                    target=self._train, args=(run,), name=f"race-seed-{seed}", daemon=True
                ).start()
        return self.snapshot(seed) or run

    def snapshot(self, seed: int) -> RaceRun | None:
        """The race for ``seed`` as it stands now (a copy, safe to read while it trains), or
        None if nobody has started it."""
        with self._guard:
            run = self._runs.get(seed)
            if run is None:
                return None
            return RaceRun(run.seed, run.epochs, run.state, list(run.laps), run.models, run.error)

    def another_is_training(self, seed: int) -> bool:
        """Whether a race for another seed holds the machine now (this one waits for it)."""
        with self._guard:
            return any(
                run.state == "running" and other != seed for other, run in self._runs.items()
            )

    def _train(self, run: RaceRun) -> None:
        with self._track:
            with self._guard:
                run.state = "running"
            try:
                models: dict[str, ResNet] = {}
                for lap, current in race(self._data(), epochs=run.epochs, seed=run.seed):
                    models = current
                    with self._guard:
                        run.laps.append(lap)
            except Exception as error:  # shown on the page, which offers to start again
                with self._guard:
                    run.state, run.error = "failed", repr(error)
                return
            with self._guard:
                run.models, run.state = dict(models), "done"
