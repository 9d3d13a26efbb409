"""Run the Graphviz ``dot`` program on a diagram, with a time limit and clear errors."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Literal
from xml.etree import ElementTree

import graphviz

__all__ = [
    "PNG_DPI",
    "DiagramError",
    "ImageFormat",
    "dot_available",
    "inline_svg",
    "render",
    "svg_size",
]

ImageFormat = Literal["svg", "png"]


class DiagramError(RuntimeError):
    """The diagram could not be rendered: no ``dot`` program, a time-out, or a dot error."""


def dot_available() -> bool:
    return shutil.which("dot") is not None


#: PNGs at twice the usual 96 dpi: sharp on a projector and in slides.
PNG_DPI = 192


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
            [program, f"-T{fmt}", *([f"-Gdpi={PNG_DPI}"] if fmt == "png" else [])],
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


#: What an SVG from dot may hold when it goes into a page: shapes, text, groups, no scripts,
#: no links, no foreign content.
_SVG_TAGS = {
    "svg",
    "g",
    "title",
    "polygon",
    "polyline",
    "path",
    "ellipse",
    "circle",
    "rect",
    "line",
    "text",
    "tspan",
    "defs",
    "desc",
}
_SVG = "{http://www.w3.org/2000/svg}"


def inline_svg(svg: bytes) -> str:
    """dot's SVG as markup to put inside a page: prolog and comments dropped, and refused
    (DiagramError) if it holds anything but shapes and text, so no label can become code."""
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError as error:
        raise DiagramError(f"dot wrote an SVG that does not parse ({error})") from None
    for element in root.iter():
        tag = str(element.tag).removeprefix(_SVG)
        attributes = {name.lower() for name in element.attrib}
        if tag not in _SVG_TAGS or any(
            name.startswith("on") or "href" in name for name in attributes
        ):
            raise DiagramError(f"the SVG holds <{tag}> or an attribute it should not")
    text = svg.decode("utf-8")
    start = text.index("<svg")
    return re.sub(r"<!--.*?-->", "", text[start:], flags=re.DOTALL)


def svg_size(markup: str) -> tuple[float, float]:
    """Width and height of an SVG's view box, in its own units (points, for dot's)."""
    found = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', markup)
    if not found:
        raise DiagramError("the SVG has no view box")
    return float(found.group(1)), float(found.group(2))
