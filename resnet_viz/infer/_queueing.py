"""Turns at a shared resource, first come first served, with a bounded line.

A classroom's 30 students may all press "classify" at once on a 2-core server: one CPU
forward pass runs at a time (two would only fight over the same cores), the others wait in
line and can be told where they stand, and past a limit a newcomer is told the server is busy
instead of joining a line that would take minutes.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["Busy", "TurnQueue"]


class Busy(RuntimeError):
    """The line is full, or the wait ran out: try again in a moment."""

    def __init__(self, waiting: int) -> None:
        super().__init__(f"{waiting} requests are waiting for the network")
        self.waiting = waiting


class TurnQueue:
    """``slots`` holders at a time; up to ``max_waiting`` more wait in arrival order."""

    def __init__(self, slots: int = 1, max_waiting: int = 32, timeout_s: float = 90.0) -> None:
        self.slots = slots
        self.max_waiting = max_waiting
        self.timeout_s = timeout_s
        self._line: deque[int] = deque()  # holders first, then those waiting, in order
        self._tickets = itertools.count()
        self._changed = threading.Condition()

    @property
    def waiting(self) -> int:
        """How many are waiting now (not counting those holding a slot)."""
        with self._changed:
            return max(len(self._line) - self.slots, 0)

    def _ahead(self, ticket: int) -> int:
        return self._line.index(ticket) - self.slots + 1

    @contextmanager
    def turn(self, on_wait: Callable[[int], None] | None = None) -> Iterator[None]:
        """Hold a slot for the block; while waiting, ``on_wait(ahead)`` hears how many are
        ahead whenever that changes (from this thread, outside the lock). Raises ``Busy``
        when the line is full or the wait exceeds ``timeout_s``."""
        with self._changed:
            if len(self._line) - self.slots >= self.max_waiting:
                raise Busy(len(self._line) - self.slots)
            ticket = next(self._tickets)
            self._line.append(ticket)
        try:
            self._wait_for_slot(ticket, on_wait)
            yield
        finally:
            with self._changed:
                self._line.remove(ticket)
                self._changed.notify_all()

    def _wait_for_slot(self, ticket: int, on_wait: Callable[[int], None] | None) -> None:
        deadline = time.monotonic() + self.timeout_s
        told = 0
        while True:
            with self._changed:
                ahead = self._ahead(ticket)
                if ahead <= 0:
                    return
                if ahead == told:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise Busy(max(len(self._line) - self.slots, 0))
                    self._changed.wait(timeout=min(left, 1.0))
                    continue
            told = ahead
            if on_wait is not None:
                on_wait(ahead)
