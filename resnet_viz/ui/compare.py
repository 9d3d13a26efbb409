"""The compare page: 2–4 networks side by side, stage by stage and block against block."""

from __future__ import annotations

from typing import Any

import streamlit as st

from .. import compare_charts
from ..compare import MAX_NETS, Comparison, compare, comparison_frame, plain_twin, what_changes
from ..compare_blocks import block_steps_frame, shortcut_option_frame, shortcut_option_specs
from ..compare_state import (
    VIEW_CHOICES,
    nets_from_query,
    query_from_nets,
    spec_from_text,
    spec_to_text,
    view_from_query,
)
from ..presets import PRESETS
from ..rendering import DiagramError, svg_size
from ..specs import ResNetSpec, stage_names
from ..trace_records import Trace
from ..units import OpUnit
from ..viewstate import friendly_error
from ..warmup import default_input
from .diagram_view import diagram_view, dot_source, svg_markup
from .widgets import cached_trace, plain_text, show_table

__all__ = [
    "block_against_block",
    "changes",
    "charts",
    "diagrams",
    "keep_link",
    "link_notices",
    "selected",
    "sidebar",
    "table",
]

CMP = "cmp_"


def _customs() -> dict[str, ResNetSpec]:
    """This session's custom networks, by their option id ("custom:1", …)."""
    return st.session_state.setdefault(CMP + "customs", {})


def _label(option: str) -> str:
    spec = _customs().get(option)
    return f"{spec.name} (custom)" if spec else option


def link_notices() -> None:
    """On a session's first run, take the networks from the link and say what was left out."""
    if st.session_state.get(CMP + "seeded"):
        return
    query = st.query_params.to_dict()
    specs, problems = nets_from_query(query)
    view, view_problems = view_from_query(query)
    chosen = []
    for spec in specs:
        if PRESETS.get(spec.name) == spec:
            chosen.append(spec.name)
        else:
            option = f"custom:{len(_customs()) + 1}"
            _customs()[option] = spec
            chosen.append(option)
    st.session_state[CMP + "nets"] = chosen
    st.session_state[CMP + "level"] = view["level"]
    st.session_state[CMP + "unit"] = view["unit"]
    st.session_state[CMP + "seeded"] = True
    for problem in problems + view_problems:
        st.warning(f"Ignored from the link — {problem}")


def _add_custom() -> None:
    text = st.session_state.get(CMP + "new", "")
    try:
        spec = spec_from_text(text)
    except ValueError as error:
        st.session_state[CMP + "new_error"] = friendly_error(str(error))
        return
    option = f"custom:{len(_customs()) + 1}"
    _customs()[option] = spec
    chosen = list(st.session_state.get(CMP + "nets", []))
    if len(chosen) < MAX_NETS:
        st.session_state[CMP + "nets"] = [*chosen, option]
    st.session_state[CMP + "new_error"] = None


def sidebar() -> None:
    """Which networks (in order), how the diagrams look, and how operations are counted."""
    with st.sidebar:
        st.header("Networks")
        options = [*PRESETS, *_customs()]
        st.multiselect(
            "Compare",
            options,
            key=CMP + "nets",
            max_selections=MAX_NETS,
            format_func=_label,
            help=f"2 to {MAX_NETS} networks, compared in the order picked.",
        )
        with st.expander("Add a custom network"):
            st.session_state.setdefault(
                CMP + "new", spec_to_text(PRESETS["resnet18"].replace(name="my net"))
            )
            st.text_area(
                "Layout",
                key=CMP + "new",
                height=90,
                help="field=value pairs separated by ';', as in a shared link: name, block, "
                "layers, widths, groups, wpg, shortcut, stride_on, stem, stem_width, "
                "classes, in_ch, plain.",
            )
            st.button("Add", on_click=_add_custom)
            if st.session_state.get(CMP + "new_error"):
                st.error(st.session_state[CMP + "new_error"])
        st.header("View")
        st.radio("Diagrams", VIEW_CHOICES["level"], key=CMP + "level", horizontal=True)
        st.radio("Count operations as", VIEW_CHOICES["unit"], key=CMP + "unit", horizontal=True)


def selected() -> tuple[list[ResNetSpec], list[Trace]]:
    """The chosen networks and their traces (each at its usual input size)."""
    customs = _customs()
    specs = [
        customs.get(option) or PRESETS[option]
        for option in st.session_state.get(CMP + "nets", [])
        if option in customs or option in PRESETS
    ]
    return specs, [cached_trace(spec, default_input(spec)) for spec in specs]


def keep_link(specs: list[ResNetSpec]) -> None:
    query = query_from_nets(specs) | {
        "level": st.session_state[CMP + "level"],
        "unit": st.session_state[CMP + "unit"],
    }
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def table(comparison: Comparison) -> None:
    """The stage-aligned table, and what is published for each network."""
    st.subheader("Stage by stage", anchor=False)
    frame = comparison_frame(comparison, st.session_state[CMP + "unit"])
    # Every row at once (no scrolling inside the table), and room for the "largest" notes.
    show_table(frame, wide=("largest",), height=min(36 * (len(frame) + 1) + 4, 900))
    for name, published in zip(comparison.names, comparison.published, strict=True):
        if published:
            plain_text(f"{name}: {published}")


def changes(comparison: Comparison) -> None:
    """From each network to the next, in plain words."""
    st.subheader("What changes", anchor=False)
    for index, said in enumerate(comparison.changes):
        before, after = comparison.names[index], comparison.names[index + 1]
        plain_text(f"{before} → {after}: " + ("; ".join(said) or "nothing: the same network"))


@st.cache_resource(max_entries=32, show_spinner=False)
def _figures(specs: tuple[ResNetSpec, ...], unit: OpUnit) -> tuple[Any, ...]:
    """The page's five figures for one selection and unit, made once and shared read-only."""
    comparison = compare([cached_trace(spec, default_input(spec)) for spec in specs])
    costs = {
        name: (trace.total_mult_adds, trace.total_params)
        for name, spec in PRESETS.items()
        for trace in [cached_trace(spec, default_input(spec))]
    }
    names = sorted(comparison.names)
    return (
        compare_charts.stage_cost_bars(comparison, "params"),
        compare_charts.stage_cost_bars(comparison, "mult_adds", unit),
        compare_charts.depth_chart(comparison.names, [spec.layers for spec in specs]),
        compare_charts.accuracy_cost_chart(costs, names),
        compare_charts.cifar_error_chart(costs, names),
    )


def charts(specs: list[ResNetSpec]) -> None:
    """Costs per stage, blocks per stage, and each family's accuracy against cost."""
    params, ops, depth, imagenet, cifar = _figures(tuple(specs), st.session_state[CMP + "unit"])
    left, right = st.columns(2)
    left.plotly_chart(params, width="stretch")
    right.plotly_chart(ops, width="stretch")
    st.plotly_chart(depth, width="stretch")
    left, right = st.columns(2)
    left.plotly_chart(imagenet, width="stretch")
    right.plotly_chart(cifar, width="stretch")


def diagrams(traces: list[Trace]) -> None:
    """The networks drawn side by side, at one scale, top-down."""
    level = st.session_state[CMP + "level"]
    st.subheader("Side by side", anchor=False)
    sources = [dot_source(trace.spec, trace.input_size, level, "TB") for trace in traces]
    widths = [_width(source) for source in sources]
    for index, (column, source) in enumerate(zip(st.columns(len(traces)), sources, strict=True)):
        with column:
            diagram_view(
                source,
                {},
                key=f"{CMP}diagram_{index}",
                on_open=lambda: None,
                hint="Scroll or pinch to zoom, drag to move.",
                relative_width=widths[index] / max(widths),
            )


def _width(source: str) -> float:
    """The diagram's natural width (1 when it can't be drawn: the viewer then says why)."""
    try:
        return svg_size(svg_markup(source))[0]
    except DiagramError:
        return 1.0


def block_against_block(specs: list[ResNetSpec], traces: list[Trace]) -> None:
    """A block of each network, shortcut options A/B/C, and the plain twin."""
    st.subheader("Block against block", anchor=False)
    unit = st.session_state[CMP + "unit"]
    blocks_tab, options_tab, twin_tab = st.tabs(
        ["Blocks at one stage", "Shortcut options A · B · C", "The plain twin"],
        key=CMP + "block_tab",
        on_change="rerun",
    )
    if blocks_tab.open:
        with blocks_tab:
            stages = min(len(spec.layers) for spec in specs)
            stage = st.selectbox(
                "Stage",
                stage_names(specs[0])[:stages],
                index=stages - 2 if stages > 1 else 0,
                key=CMP + "stage",
            )
            chosen = []
            for trace in traces:
                stage_index = int(stage.removeprefix("layer")) - 1
                chosen.append(1 if trace.spec.layers[stage_index] > 1 else 0)
            sources = [
                dot_source(trace.spec, trace.input_size, "layers", "TB", stage=stage, block=index)
                for trace, index in zip(traces, chosen, strict=True)
            ]
            widths = [_width(source) for source in sources]
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
                        hint="Scroll or pinch to zoom.",
                        relative_width=widths[position] / max(widths),
                    )
                    show_table(block_steps_frame(trace, block, unit))
    if options_tab.open:
        with options_tab:
            base = specs[0]
            plain_text(f"{base.name} under each of the paper's shortcut options")
            found = shortcut_option_specs(base)
            traced = {
                option: cached_trace(spec, default_input(spec))
                for option, spec in found.items()
                if not isinstance(spec, str)
            }
            show_table(shortcut_option_frame(traced, unit))
            for option, reason in found.items():
                if isinstance(reason, str):
                    plain_text(f"Option {option} can't build it: {friendly_error(reason)}")
    if twin_tab.open:
        with twin_tab:
            base = specs[0]
            twin = cached_trace(plain_twin(base), default_input(base))
            residual = traces[0]
            plain_text(
                f"{base.name} and its plain twin: " + "; ".join(what_changes(residual, twin))
            )
            show_table(comparison_frame(compare([residual, twin]), unit).query("part == 'total'"))
            st.markdown(
                "The twin keeps every layer and drops the shortcuts. Under option A the two "
                "have exactly the same parameters; what is lost is the path that lets the "
                "signal, and its gradient, skip each block."
            )
