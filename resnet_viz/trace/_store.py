"""Traces kept on disk across restarts, and computed once per process however many ask.

A trace is plain data, so it is written as JSON and read back field by field into the same
frozen records; nothing is unpickled. Each file is named by a digest of the spec, the input
size and the code that makes traces (its source and the torch and torchinfo versions), so a
change to any of them starts a fresh file. Reading a trace back needs no torch at all: the
home page and every preset's architecture page render while torch is still loading.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import sys
import tempfile
import threading
from collections import OrderedDict
from importlib import metadata
from pathlib import Path
from typing import Any

from ..models import SHORTCUT_KINDS, ResNetSpec
from ._records import BlockTrace, LayerRow, PartTrace, Shape, StageTrace, Trace

__all__ = [
    "BUILD_LOG",
    "CODE_VERSION",
    "cache_dir",
    "decode",
    "encode",
    "get_trace",
    "load",
    "log_build",
    "save",
]

_LIBRARY = Path(__file__).resolve().parents[1]
#: The packages whose code decides what a trace holds: the networks and the tracing itself.
_TRACE_PACKAGES = ("models", "trace")


def _trace_sources() -> list[Path]:
    """Every module of those packages, in a fixed order."""
    return sorted(path for name in _TRACE_PACKAGES for path in (_LIBRARY / name).glob("*.py"))


def _code_version() -> str:
    digest = hashlib.sha256()
    for path in _trace_sources():
        digest.update(path.relative_to(_LIBRARY).as_posix().encode())
        digest.update(path.read_bytes())
    for package in ("torch", "torchinfo"):
        try:
            digest.update(f"{package}=={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(package.encode())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


def cache_dir() -> Path:
    """``$RESNET_VIZ_CACHE``, or ``~/.cache/resnet-viz``; traces go in its ``traces/``."""
    base = os.environ.get("RESNET_VIZ_CACHE") or Path.home() / ".cache" / "resnet-viz"
    return Path(base) / "traces"


def _path(spec: ResNetSpec, input_size: Shape) -> Path:
    key = json.dumps([spec.to_dict(), list(input_size), CODE_VERSION], sort_keys=True)
    return cache_dir() / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"


def encode(trace: Trace) -> str:
    """A trace as JSON text (tuples become lists)."""
    return json.dumps({"version": CODE_VERSION, "trace": dataclasses.asdict(trace)})


# ---------------------------------------------------------------- reading back, strictly


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r:.40}")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {value!r:.40}")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r:.40}")
    return value


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r:.40}")
    return float(value)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list, got {value!r:.40}")
    return value


def _shape(value: Any) -> Shape:
    return tuple(_int(side) for side in _list(value))


def _kind(value: Any) -> Any:
    if value not in SHORTCUT_KINDS:
        raise ValueError(f"expected a shortcut kind, got {value!r:.40}")
    return value


def _count(value: Any) -> tuple[Any, int]:
    kind, count = _list(value)  # ValueError unless exactly two
    return _kind(kind), _int(count)


#: How each field type of the records is read back.
_READ: dict[str, Any] = {
    "str": _str,
    "int": _int,
    "bool": _bool,
    "float": _float,
    "Shape": _shape,
    "int | None": lambda value: None if value is None else _int(value),
    "ShortcutKind": _kind,
    "tuple[str, ...]": lambda value: tuple(_str(item) for item in _list(value)),
    "tuple[tuple[ShortcutKind, int], ...]": lambda value: tuple(map(_count, _list(value))),
    "ResNetSpec": ResNetSpec.from_dict,
}


def _record(cls: type, data: Any) -> Any:
    """A frozen record from a JSON object: every field present and of its declared type."""
    if not isinstance(data, dict) or set(data) != {f.name for f in dataclasses.fields(cls)}:
        raise ValueError(f"{cls.__name__}: fields do not match")
    values = {}
    for field in dataclasses.fields(cls):
        kind = str(field.type)
        if kind in _NESTED:
            values[field.name] = _NESTED[kind](data[field.name])
        else:
            values[field.name] = _READ[kind](data[field.name])
    return cls(**values)


_NESTED: dict[str, Any] = {
    "PartTrace": lambda value: _record(PartTrace, value),
    "tuple[StageTrace, ...]": lambda value: tuple(_record(StageTrace, v) for v in _list(value)),
    "tuple[BlockTrace, ...]": lambda value: tuple(_record(BlockTrace, v) for v in _list(value)),
    "tuple[LayerRow, ...]": lambda value: tuple(_record(LayerRow, v) for v in _list(value)),
}


def decode(text: str) -> Trace:
    """A trace from ``encode``'s JSON; ValueError if it is anything else."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != CODE_VERSION:
            raise ValueError("written by other code")
        trace: Trace = _record(Trace, data["trace"])
    except (KeyError, TypeError, json.JSONDecodeError) as error:
        raise ValueError(f"not a trace file ({error})") from None
    return trace


def load(spec: ResNetSpec, input_size: Shape) -> Trace | None:
    """The trace of ``spec`` from disk, or None when there is none (or it is unusable)."""
    try:
        trace = decode(_path(spec, input_size).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if trace.spec != spec or trace.input_size != tuple(input_size):
        return None
    return trace


def save(trace: Trace) -> None:
    """Write a trace for later runs; a cache that can't be written is skipped, not fatal."""
    path = _path(trace.spec, trace.input_size)
    written: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=path.parent, suffix=".tmp", delete=False, encoding="utf-8"
        ) as handle:
            written = handle.name
            handle.write(encode(trace))
        os.chmod(written, 0o644)  # replicas running as other users may read it
        os.replace(written, path)
    except OSError:
        if written is not None:  # a full disk or a failed rename leaves no stray file
            with contextlib.suppress(OSError):
                os.unlink(written)


# ---------------------------------------------------------------- once per process

#: Prefix of the one stderr line written per real build (a trace made or read into memory, a
#: model loaded), so a server log shows how often each was built (bench/classroom_load.py).
BUILD_LOG = "resnet-viz build:"


def log_build(what: str) -> None:
    """Say on stderr, in one line, that something was really built (not taken from memory)."""
    print(f"{BUILD_LOG} {what}", file=sys.stderr, flush=True)


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
