"""A trace as JSON text and back, strictly: read field by field into the same frozen
records, nothing unpickled. The text carries the version of the code that made it
(``CODE_VERSION``: the source of the packages that decide what a trace holds, and the torch
and torchinfo versions), and text from other code is refused."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any

from ..models import BLOCKS, SHORTCUT_KINDS, ResNetSpec
from ._records import BlockTrace, LayerRow, PartTrace, Shape, StageTrace, Trace

__all__ = ["CODE_VERSION", "decode", "encode"]

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


def encode(trace: Trace) -> str:
    """A trace as JSON text (tuples become lists)."""
    return json.dumps({"version": CODE_VERSION, "trace": dataclasses.asdict(trace)})


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


def _block(value: Any) -> Any:
    if value not in BLOCKS:
        raise ValueError(f"expected a block type, got {value!r:.40}")
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
    "BlockType": _block,
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
