"""Traces computed once per process however many sessions ask, kept in memory (the most
recent few) and on disk (``_disk``)."""

from __future__ import annotations

import threading
from collections import OrderedDict

from ..models import ResNetSpec
from ._build_log import log_build
from ._disk import load, save
from ._records import Shape, Trace

__all__ = ["get_trace"]

_MEMORY: OrderedDict[tuple[ResNetSpec, Shape], Trace] = OrderedDict()
_LOCKS: dict[tuple[ResNetSpec, Shape], threading.Lock] = {}
_GUARD = threading.Lock()
_KEPT = 64


def get_trace(spec: ResNetSpec, input_size: Shape) -> Trace:
    """The trace, made at most once per process and once per code version on disk.

    Sessions asking for the same trace at the same moment wait for the one that makes it.
    """
    key = (spec, tuple(int(side) for side in input_size))
    with _GUARD:
        if key in _MEMORY:
            _MEMORY.move_to_end(key)
            return _MEMORY[key]
        lock = _LOCKS.setdefault(key, threading.Lock())
    with lock:
        with _GUARD:
            if key in _MEMORY:
                return _MEMORY[key]
        trace = load(*key)
        source = "disk"
        if trace is None:
            from ._tracing import trace as make_trace

            trace = make_trace(*key)
            save(trace)
            source = "traced"
        log_build(f"trace {spec.name} {'x'.join(map(str, key[1]))} ({source})")
        with _GUARD:
            _MEMORY[key] = trace
            while len(_MEMORY) > _KEPT:
                _MEMORY.popitem(last=False)
            _LOCKS.pop(key, None)
    return trace
