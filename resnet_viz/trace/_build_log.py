"""One stderr line per real build (a trace made or read into memory, a model loaded), so a
server log shows how often each was built (bench/classroom_load.py counts them)."""

from __future__ import annotations

import sys

__all__ = ["BUILD_LOG", "log_build"]

#: The prefix of that line.
BUILD_LOG = "resnet-viz build:"


def log_build(what: str) -> None:
    """Say on stderr, in one line, that something was really built (not taken from memory)."""
    print(f"{BUILD_LOG} {what}", file=sys.stderr, flush=True)
