"""Traces kept on disk across restarts: one JSON file each, named by a digest of the spec,
the input size and the code version, so a change to any of them starts a fresh file. Reading
one back needs no torch: the home page and every preset's page render while torch loads."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from ..models import ResNetSpec
from . import _codec
from ._codec import decode, encode
from ._records import Shape, Trace

__all__ = ["cache_dir", "load", "save"]


def cache_dir() -> Path:
    """``$RESNET_VIZ_CACHE``, or ``~/.cache/resnet-viz``; traces go in its ``traces/``."""
    base = os.environ.get("RESNET_VIZ_CACHE") or Path.home() / ".cache" / "resnet-viz"
    return Path(base) / "traces"


def _path(spec: ResNetSpec, input_size: Shape) -> Path:
    key = json.dumps([spec.to_dict(), list(input_size), _codec.CODE_VERSION], sort_keys=True)
    return cache_dir() / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"


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
