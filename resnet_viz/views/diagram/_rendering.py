"""Run the Graphviz ``dot`` program on a diagram, with a time limit and clear errors."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
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

ImageFormat = Literal["svg", "png", "pdf"]


class DiagramError(RuntimeError):
    """The diagram could not be rendered: no ``dot`` program, a time-out, or a dot error."""


def dot_available() -> bool:
    return shutil.which("dot") is not None


#: PNGs at twice the usual 96 dpi: sharp on a projector and in slides.
PNG_DPI = 192


def render(dot: graphviz.Digraph | str, fmt: ImageFormat = "svg", timeout: float = 30.0) -> bytes:
    """Run ``dot`` on the diagram with a time limit; raise DiagramError with a clear reason."""
    if fmt not in ("svg", "png", "pdf"):
        raise ValueError(f"fmt: {fmt!r} is not one of ['svg', 'png', 'pdf']")
    program = shutil.which("dot")
    if program is None:
        raise DiagramError(
            "The Graphviz 'dot' program is not installed, so SVG, PNG and PDF cannot be rendered "
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
    return with_dpi(done.stdout, PNG_DPI) if fmt == "png" else done.stdout


def with_dpi(png: bytes, dpi: int) -> bytes:
    """The PNG with a pHYs chunk saying its resolution (dot's writes none, and slides then
    take a 2x picture at 96 dpi, twice too large); any pHYs it had is replaced."""
    signature, rest = png[:8], png[8:]
    if signature != b"\x89PNG\r\n\x1a\n":
        raise DiagramError("dot did not write a PNG")
    chunks = []
    while rest:
        length = int.from_bytes(rest[:4], "big")
        chunk, rest = rest[: 12 + length], rest[12 + length :]
        if chunk[4:8] != b"pHYs":
            chunks.append(chunk)
    per_metre = round(dpi / 0.0254).to_bytes(4, "big")
    body = b"pHYs" + per_metre + per_metre + b"\x01"  # unit 1: the metre
    phys = (9).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")
    return signature + chunks[0] + phys + b"".join(chunks[1:])  # right after IHDR


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
