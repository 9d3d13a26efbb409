"""Turns at the CPU: first come first served, positions told, a full line refused."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from resnet_viz.infer import Busy, TurnQueue


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait for ``condition``; a bug that never meets it fails the test instead of hanging."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the queue never got there"
        time.sleep(0.01)


def join(*threads: threading.Thread) -> None:
    for thread in threads:
        thread.join(5)
        assert not thread.is_alive(), f"{thread.name} is still in the queue"


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
    assert holder.wait(5)
    waiters: list[threading.Thread] = []
    for name in ("second", "third"):
        waiter = threading.Thread(target=wait_in_line, args=(name,))
        waiter.start()
        waiters.append(waiter)
        wait_until(lambda: queue.waiting == len(waiters))
    release.set()
    join(first, *waiters)
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
    assert started.wait(5)
    begin = time.monotonic()
    with pytest.raises(Busy), queue.turn():  # waits its 0.3 s, then gives up
        pass
    assert 0.25 < time.monotonic() - begin < 3
    queue.timeout_s = 5
    served = threading.Event()

    def wait_in_line() -> None:
        with queue.turn():
            served.set()

    waiter = threading.Thread(target=wait_in_line)
    waiter.start()
    wait_until(lambda: queue.waiting == 1)
    begin = time.monotonic()
    with pytest.raises(Busy) as refused, queue.turn():  # the line (1) is full: refused at once
        pass
    assert time.monotonic() - begin < 0.25 and refused.value.waiting == 1
    release.set()
    join(holder, waiter)
    assert served.is_set() and queue.waiting == 0  # the one in line got its turn, and left


def test_a_slot_is_given_back_when_the_work_fails() -> None:
    queue = TurnQueue(slots=1, max_waiting=2, timeout_s=0.2)
    with pytest.raises(ValueError), queue.turn():
        raise ValueError("a failed forward pass")
    turns = 0
    with queue.turn():  # a slot still held by the failed one would raise Busy after 0.2 s
        turns += 1
    assert turns == 1
