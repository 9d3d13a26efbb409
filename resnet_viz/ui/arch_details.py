"""The architecture page's detail tabs: tables, charts, the torchinfo summary and the code.

Only the open tab is built and sent (``st.tabs`` with ``on_change="rerun"``), and what a tab
shows is built once per (network, input size, unit) and shared by every session.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from .. import charts, codegen, tables
from ..specs import ResNetSpec
from ..text import file_stem
from ..trace_records import Shape, Trace
from ..units import OpUnit
from ..viewstate import ArchView
from .arch_state import ARCH
from .widgets import cached_trace, show_table

__all__ = ["TABS", "detail_tabs"]

TABS = ("Stages", "Blocks", "Layers", "Charts", "Summary", "Code")
#: Long texts (ResNet-1202's summary runs to 4,000 lines) show their start and end; the
#: download button has them whole.
SHOWN_LINES = 400
_FRAMES = {"stages": tables.stage_frame, "blocks": tables.block_frame, "layers": tables.layer_frame}


@st.cache_resource(max_entries=48, show_spinner=False)
def _table(
    spec: ResNetSpec, input_size: Shape, unit: OpUnit, what: str
) -> tuple[pd.DataFrame, str]:
    """One table and its CSV text, made once and shared read-only."""
    frame = _FRAMES[what](cached_trace(spec, input_size), unit)
    return frame, frame.to_csv(index=False)


@st.cache_resource(max_entries=32, show_spinner=False)
def _figures(spec: ResNetSpec, input_size: Shape, unit: OpUnit) -> tuple[Any, Any]:
    """The two plotly figures of the Charts tab, made once and shared read-only."""
    trace = cached_trace(spec, input_size)
    return charts.stage_cost_chart(trace, unit), charts.shape_flow_chart(trace)


def shortened(text: str, lines: int = SHOWN_LINES) -> tuple[str, bool]:
    """The text, or its first and last lines around a marker when it is longer than ``lines``."""
    rows = text.splitlines()
    if len(rows) <= lines:
        return text, False
    head, tail = rows[: lines - 50], rows[-50:]
    marker = f"… {len(rows) - len(head) - len(tail):,} more lines: download the whole text …"
    return "\n".join([*head, "", marker, "", *tail]), True


def _table_tab(view: ArchView, what: str) -> None:
    frame, csv = _table(view.spec, view.input_size, view.unit, what)
    show_table(frame)
    st.download_button(
        f"{what.capitalize()} as CSV", csv, f"{file_stem(view.spec.name, what)}.csv", "text/csv"
    )


def _charts_tab(view: ArchView) -> None:
    cost, shapes = _figures(view.spec, view.input_size, view.unit)
    st.plotly_chart(cost, width="stretch")
    st.plotly_chart(shapes, width="stretch")


def _long_text(title: str, text: str, name: str, expanded: bool) -> None:
    shown, cut = shortened(text)
    with st.expander(title, expanded=expanded):
        if cut:
            st.caption(f"The first and last lines of {len(text.splitlines()):,}.")
        st.code(shown, language=None)
    st.download_button(f"{title} as text", text, f"{name}.txt", "text/plain")


def _summary_tab(view: ArchView, trace: Trace) -> None:
    _long_text(
        "torchinfo summary", trace.summary_text, file_stem(view.spec.name, "summary"), expanded=True
    )
    _long_text("print(model)", trace.model_text, file_stem(view.spec.name, "model"), expanded=False)


def _code_tab(view: ArchView) -> None:
    spec = view.spec
    st.markdown("Build exactly this network with resnet-viz:")
    st.code(codegen.builder_code(spec), language="python")
    st.markdown(f"The {spec.block} block as used here, in plain PyTorch:")
    st.code(codegen.block_listing(spec), language="python")


def detail_tabs(view: ArchView, trace: Trace) -> None:
    """One tab each; only the open one is built."""
    tabs = st.tabs(TABS, key=ARCH + "tab", on_change="rerun")
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
