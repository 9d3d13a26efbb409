"""Run the Graphviz ``dot`` program on a diagram, with a time limit and clear errors."""

from __future__ import annotations

import shutil
import subprocess
from typing import Literal

import graphviz

__all__ = ["DiagramError", "ImageFormat", "dot_available", "render"]

ImageFormat = Literal["svg", "png"]


class DiagramError(RuntimeError):
    """The diagram could not be rendered: no ``dot`` program, a time-out, or a dot error."""


def dot_available() -> bool:
    return shutil.which("dot") is not None


def render(dot: graphviz.Digraph | str, fmt: ImageFormat = "svg", timeout: float = 30.0) -> bytes:
    """Run ``dot`` on the diagram with a time limit; raise DiagramError with a clear reason."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"fmt: {fmt!r} is not one of ['svg', 'png']")
    program = shutil.which("dot")
    if program is None:
        raise DiagramError(
            "The Graphviz 'dot' program is not installed, so SVG and PNG cannot be rendered "
            "here; the DOT source still downloads. Install it with: apt-get install graphviz"
        )
    source = dot if isinstance(dot, str) else dot.source
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"],
            input=source.encode(),
            capture_output=True,
            timeout=timeout,
            check=False,  # a failure is reported below, with dot's own words
        )
    except subprocess.TimeoutExpired:
        raise DiagramError(f"dot took longer than {timeout:.0f}s; try a coarser level") from None
    if done.returncode != 0:
        raise DiagramError(f"dot failed: {done.stderr.decode(errors='replace').strip()[:500]}")
    return done.stdout
