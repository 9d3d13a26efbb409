"""The architecture page's detail tabs: tables, charts, the torchinfo summary and the code.

Only the open tab is built and sent (``st.tabs`` with ``on_change="rerun"``), and what a tab
shows is built once per (network, input size, unit, language) and shared by every session.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ... import i18n
from ...i18n import Language
from ...models import ResNetSpec
from ...state import ArchView
from ...text import file_stem
from ...trace import OpUnit, Shape, Trace, get_trace
from ...views import (
    block_frame,
    block_listing,
    block_word,
    builder_code,
    layer_frame,
    network_listing,
    shape_flow_chart,
    stage_cost_chart,
    stage_frame,
    torchvision_family,
)
from ..keys import ARCH
from ..lang import language, t
from ..present import chart
from ..widgets import show_table, tab_labels

__all__ = ["TABS", "detail_tabs"]

#: The tabs by language-neutral code; their labels are ``arch.tab.<code>``.
TABS = ("stages", "blocks", "layers", "charts", "summary", "code")
_TAB_KEYS = tuple(f"arch.tab.{code}" for code in TABS)
#: Long texts (ResNet-1202's summary runs to 4,000 lines) show their start and end; the
#: download button has them whole.
SHOWN_LINES = 400
_FRAMES = {"stages": stage_frame, "blocks": block_frame, "layers": layer_frame}


@st.cache_resource(max_entries=48, show_spinner=False)
def _table(
    spec: ResNetSpec, input_size: Shape, unit: OpUnit, what: str, lang: Language
) -> tuple[pd.DataFrame, str]:
    """One table and its CSV text (cells worded in ``lang``), made once and shared read-only."""
    trace = get_trace(spec, input_size)
    with i18n.use(lang):
        frame = _FRAMES[what](trace, unit)
    return frame, frame.to_csv(index=False)


@st.cache_resource(max_entries=32, show_spinner=False)
def _figures(spec: ResNetSpec, input_size: Shape, unit: OpUnit, lang: Language) -> tuple[Any, Any]:
    """The two plotly figures of the Charts tab in ``lang``, made once and shared read-only."""
    trace = get_trace(spec, input_size)
    with i18n.use(lang):
        return stage_cost_chart(trace, unit), shape_flow_chart(trace)


def shortened(text: str, lines: int = SHOWN_LINES) -> tuple[str, bool]:
    """The text, or its first and last lines around a marker when it is longer than ``lines``."""
    rows = text.splitlines()
    if len(rows) <= lines:
        return text, False
    head, tail = rows[: lines - 50], rows[-50:]
    marker = t("arch.more_lines", count=f"{len(rows) - len(head) - len(tail):,}")
    return "\n".join([*head, "", marker, "", *tail]), True


def _table_tab(view: ArchView, what: str) -> None:
    frame, csv = _table(view.spec, view.input_size, view.unit, what, language())
    show_table(frame, wide=("why", "what", "shortcuts"))  # their sentences, not cut short
    st.download_button(
        t(f"arch.csv.{what}"), csv, f"{file_stem(view.spec.name, what)}.csv", "text/csv"
    )


def _charts_tab(view: ArchView) -> None:
    cost, shapes = _figures(view.spec, view.input_size, view.unit, language())
    chart(cost)
    chart(shapes)


def _long_text(title: str, text: str, name: str, expanded: bool) -> None:
    shown, cut = shortened(text)
    with st.expander(title, expanded=expanded):
        if cut:
            st.caption(t("arch.first_and_last", count=f"{len(text.splitlines()):,}"))
        st.code(shown, language=None)
    st.download_button(t("arch.as_text", title=title), text, f"{name}.txt", "text/plain")


def _summary_tab(view: ArchView, trace: Trace) -> None:
    name = view.spec.name
    summary = t("arch.torchinfo_summary")
    _long_text(summary, trace.summary_text, file_stem(name, "summary"), expanded=True)
    _long_text("print(model)", trace.model_text, file_stem(name, "model"), expanded=False)


def _code_tab(view: ArchView) -> None:
    spec = view.spec
    st.markdown(t("arch.code.builder"))
    st.code(builder_code(spec), language="python")
    st.markdown(t("arch.code.block", block=block_word(spec.block)))
    st.code(block_listing(spec), language="python")
    st.markdown(t("arch.code.network" if torchvision_family(spec) else "arch.code.network_ours"))
    listing = network_listing(spec)
    st.download_button(
        t("arch.code.download"), listing, f"{file_stem(spec.name, 'model')}.py", "text/x-python"
    )
    st.code(listing, language="python")


def detail_tabs(view: ArchView, trace: Trace) -> None:
    """One tab each; only the open one is built."""
    tabs = st.tabs(tab_labels(ARCH + "tab", _TAB_KEYS), key=ARCH + "tab", on_change="rerun")
    stages, blocks, layers, chart, summary, code = tabs
    if stages.open:
        with stages:
            _table_tab(view, "stages")
    if blocks.open:
        with blocks:
            _table_tab(view, "blocks")
    if layers.open:
        with layers:
            _table_tab(view, "layers")
    if chart.open:
        with chart:
            _charts_tab(view)
    if summary.open:
        with summary:
            _summary_tab(view, trace)
    if code.open:
        with code:
            _code_tab(view)
