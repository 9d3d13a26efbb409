"""The diagram viewer: dot's SVG in a custom component with zoom, pan, full screen and
clickable nodes. Where ``dot`` is missing, Streamlit's in-browser Graphviz draws the DOT."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from ..diagram import Direction, Level, to_dot
from ..rendering import DiagramError, dot_available, inline_svg, render
from ..specs import ResNetSpec
from ..trace_records import Shape
from .widgets import cached_trace

__all__ = ["diagram_view", "dot_source", "svg_markup"]

_ASSETS = Path(__file__).resolve().parent / "assets"
_HTML = """
<div class="rv-root">
  <div class="rv-toolbar">
    <button type="button" data-act="in" title="Zoom in" aria-label="Zoom in">+</button>
    <button type="button" data-act="out" title="Zoom out" aria-label="Zoom out">−</button>
    <button type="button" data-act="reset" title="Fit the whole diagram">Reset</button>
    <button type="button" data-act="full" title="Full screen">Full screen</button>
    <span class="rv-hint"></span>
  </div>
  <div class="rv-view" role="img" aria-label="Network diagram"></div>
</div>
"""
_VIEWER = st.components.v2.component(
    "resnet_viz_diagram",
    html=_HTML,
    css=(_ASSETS / "diagram.css").read_text(encoding="utf-8"),
    js=(_ASSETS / "diagram.js").read_text(encoding="utf-8"),
)


@st.cache_data(max_entries=128, show_spinner=False)
def dot_source(
    spec: ResNetSpec,
    input_size: Shape,
    level: Level,
    direction: Direction,
    unfold: bool = False,
    stage: str | None = None,
    block: int | None = None,
) -> str:
    """DOT text of one diagram of a network, made once and shared by every page."""
    trace = cached_trace(spec, input_size)
    return to_dot(trace, level, unfold=unfold, stage=stage, block=block, direction=direction).source


@st.cache_data(max_entries=64, show_spinner="Drawing the diagram with Graphviz…")
def svg_markup(source: str) -> str:
    """dot's SVG for the DOT text, checked, as page markup (cached per DOT text)."""
    return inline_svg(render(source, "svg"))


def diagram_view(
    source: str,
    targets: dict[str, str],
    *,
    key: str,
    on_open: Callable[[], None],
    hint: str = "Click a stage or block to open its layers. Scroll or pinch to zoom, drag to move.",
    relative_width: float | None = None,
) -> None:
    """Show the diagram; a click on a node in ``targets`` (node name -> view target) calls
    ``on_open``, which reads the target from ``st.session_state[key].open``.

    ``relative_width`` (0..1) draws it at that share of the box's width instead of fitting
    it: diagrams shown side by side with their natural widths' shares share one scale.
    """
    if not dot_available():
        st.info(
            "Drawn in your browser: install Graphviz on the server (`apt-get install "
            "graphviz`) for the faster viewer with zoom and clickable nodes."
        )
        st.graphviz_chart(source, width="stretch")
        return
    try:
        svg = svg_markup(source)
    except DiagramError as error:
        st.error(f"The diagram could not be drawn: {error}")
        return
    _VIEWER(
        data={"svg": svg, "targets": targets, "hint": hint, "relative_width": relative_width},
        key=key,
        on_open_change=on_open,
    )
