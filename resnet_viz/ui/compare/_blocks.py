"""Block against block on the compare page: a block of each network side by side, shortcut
options A/B/C of the first, and its plain twin."""

from __future__ import annotations

import streamlit as st

from ...comparison import (
    block_steps_frame,
    compare,
    comparison_frame,
    plain_twin,
    shortcut_option_frame,
    shortcut_option_specs,
    what_changes,
)
from ...models import ResNetSpec, default_input, stage_names
from ...state import friendly_error
from ...trace import OpUnit, Trace, get_trace
from ..diagram_view import diagram_view, dot_source, natural_width
from ..keys import CMP
from ..lang import t
from ..widgets import plain_text, show_table, tab_labels, tracing

__all__ = ["block_against_block"]

#: Catalogue keys of the block-against-block tabs, in order.
_TABS = ("cmp.tab.blocks", "cmp.tab.options", "cmp.tab.twin")


def block_against_block(specs: list[ResNetSpec], traces: list[Trace]) -> None:
    """A block of each network, shortcut options A/B/C, and the plain twin: one tab each,
    only the open one built."""
    st.subheader(t("cmp.block_against_block"), anchor=False)
    unit = st.session_state[CMP + "unit"]
    blocks_tab, options_tab, twin_tab = st.tabs(
        tab_labels(CMP + "block_tab", _TABS), key=CMP + "block_tab", on_change="rerun"
    )
    if blocks_tab.open:
        with blocks_tab:
            _blocks_side_by_side(specs, traces, unit)
    if options_tab.open:
        with options_tab:
            _shortcut_options(specs[0], unit)
    if twin_tab.open:
        with twin_tab:
            _plain_twin(traces[0], unit)


def _blocks_side_by_side(specs: list[ResNetSpec], traces: list[Trace], unit: OpUnit) -> None:
    """One block of each network at the same stage (its second, where it has one), drawn to
    one scale, each with its steps."""
    stages = min(len(spec.layers) for spec in specs)
    stage = st.selectbox(
        t("cmp.stage"),
        stage_names(specs[0])[:stages],
        index=stages - 2 if stages > 1 else 0,
        key=CMP + "stage",
    )
    stage_index = int(stage.removeprefix("layer")) - 1
    chosen = [1 if trace.spec.layers[stage_index] > 1 else 0 for trace in traces]
    sources = [
        dot_source(trace.spec, trace.input_size, "layers", "TB", stage=stage, block=index)
        for trace, index in zip(traces, chosen, strict=True)
    ]
    widths = [(natural_width(source) or 1.0) for source in sources]
    columns = st.columns(len(traces))
    for position, (column, trace) in enumerate(zip(columns, traces, strict=True)):
        with column:
            block = f"{stage}.{chosen[position]}"
            plain_text(f"{trace.spec.name}: {block}")
            diagram_view(
                sources[position],
                {},
                key=f"{CMP}block_{position}",
                on_open=lambda: None,
                hint=t("cmp.hint_zoom"),
                relative_width=widths[position] / max(widths),
            )
            show_table(block_steps_frame(trace, block, unit))


def _shortcut_options(base: ResNetSpec, unit: OpUnit) -> None:
    """The first network with shortcut options A, B and C, and why an option can't be had."""
    plain_text(t("cmp.options_intro", name=base.name))
    found = shortcut_option_specs(base)
    with tracing():
        traced = {
            option: get_trace(spec, default_input(spec))
            for option, spec in found.items()
            if not isinstance(spec, str)
        }
    show_table(shortcut_option_frame(traced, unit))
    for option, reason in found.items():
        if isinstance(reason, str):
            why = friendly_error(reason)
            plain_text(t("cmp.option_fails", option=option, reason=why))


def _plain_twin(residual: Trace, unit: OpUnit) -> None:
    """The first network against its plain twin: the same layers, no shortcuts."""
    base = residual.spec
    with tracing():
        twin = get_trace(plain_twin(base), default_input(base))
    said = t("cmp.said_sep").join(what_changes(residual, twin))
    plain_text(t("cmp.twin_line", name=base.name, said=said))
    show_table(comparison_frame(compare([residual, twin]), unit, roles=("total",)))
    st.markdown(t("cmp.twin_note"))
