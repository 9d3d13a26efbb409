"""The diagram viewer: dot's SVG in a custom component with zoom, pan, full screen and
clickable nodes. Where ``dot`` is missing, Streamlit's in-browser Graphviz draws the DOT.

The DOT text holds words (title, legend), so it is made per language; the toolbar's words
travel in the component's data (its HTML is fixed) and diagram.js puts them in place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from .. import i18n
from ..i18n import Language
from ..models import ResNetSpec
from ..trace import Shape, get_trace
from ..views.diagram import (
    DiagramError,
    Direction,
    Level,
    dot_available,
    inline_svg,
    render,
    svg_size,
    to_dot,
)
from .lang import language, t

__all__ = ["diagram_view", "dot_source", "natural_width", "svg_markup"]

_ASSETS = Path(__file__).resolve().parent / "assets"
_HTML = """
<div class="rv-root">
  <div class="rv-toolbar">
    <button type="button" data-act="in">+</button>
    <button type="button" data-act="out">−</button>
    <button type="button" data-act="reset"></button>
    <button type="button" data-act="whole"></button>
    <button type="button" data-act="full"></button>
    <span class="rv-hint"></span>
  </div>
  <div class="rv-view" role="img"></div>
</div>
"""
_VIEWER = st.components.v2.component(
    "resnet_viz_diagram",
    html=_HTML,
    css=(_ASSETS / "diagram.css").read_text(encoding="utf-8"),
    js=(_ASSETS / "diagram.js").read_text(encoding="utf-8"),
)


def dot_source(
    spec: ResNetSpec,
    input_size: Shape,
    level: Level,
    direction: Direction,
    unfold: bool = False,
    stage: str | None = None,
    block: int | None = None,
    *,
    lang: Language | None = None,
) -> str:
    """DOT text of one diagram of a network in ``lang`` (None: this session's language)."""
    return _dot_source(spec, input_size, level, direction, unfold, stage, block, lang or language())


@st.cache_data(max_entries=128, show_spinner=False)
def _dot_source(
    spec: ResNetSpec,
    input_size: Shape,
    level: Level,
    direction: Direction,
    unfold: bool,
    stage: str | None,
    block: int | None,
    lang: Language,
) -> str:
    """Made once per language and shared by every page (the language is in the cache key)."""
    trace = get_trace(spec, input_size)
    with i18n.use(lang):
        dot = to_dot(trace, level, unfold=unfold, stage=stage, block=block, direction=direction)
    return dot.source


@st.cache_data(max_entries=64, show_spinner=False)
def _svg_markup(source: str) -> str:
    return inline_svg(render(source, "svg"))


def svg_markup(source: str) -> str:
    """dot's SVG for the DOT text, checked, as page markup (cached per DOT text, which
    differs per language)."""
    with st.spinner(t("arch.viewer.drawing")):
        return _svg_markup(source)


def _toolbar() -> dict[str, str]:
    """The viewer's words in this session's language, for diagram.js to put in place."""
    names = (
        "zoom_in",
        "zoom_out",
        "reset",
        "reset_title",
        "whole",
        "whole_title",
        "full",
        "full_title",
        "view",
        "drag",
    )
    return {name: t(f"arch.viewer.{name}") for name in names}


def natural_width(source: str) -> float | None:
    """The diagram's natural width in points, to draw several at one scale (None when it
    can't be drawn: the viewer then says why)."""
    try:
        return svg_size(svg_markup(source))[0]
    except DiagramError:
        return None


def diagram_view(
    source: str,
    targets: dict[str, str],
    *,
    key: str,
    on_open: Callable[[], None],
    hint: str | None = None,
    relative_width: float | None = None,
    fill_screen: bool = False,
) -> None:
    """Show the diagram; a click on a node in ``targets`` (node name -> view target) calls
    ``on_open``, which reads the target from ``st.session_state[key].open``.

    ``relative_width`` (0..1) draws it at that share of the box's width instead of fitting
    it: diagrams shown side by side with their natural widths' shares share one scale.
    ``hint`` (None: how to open a node, zoom and move) is shown beside the toolbar when
    some nodes open; without any, the toolbar says how to zoom and move. ``fill_screen``
    ends the box at the window's bottom edge (a lesson's step on one screen).
    """
    if not dot_available():
        st.info(t("arch.viewer.in_browser"))
        st.graphviz_chart(source, width="stretch")
        return
    try:
        svg = svg_markup(source)
    except DiagramError as error:
        st.error(t("arch.viewer.failed", error=error))
        return
    data = {
        "svg": svg,
        "targets": targets,
        "hint": hint or t("arch.viewer.hint"),
        "labels": _toolbar(),
        "relative_width": relative_width,
        "fill_screen": fill_screen,
    }
    _VIEWER(
        data=data,
        key=key,
        on_open_change=on_open,
    )
