"""The compare page: 2–4 networks side by side, stage by stage (block against block is in
``_blocks``). Words in the visitor's language (``cmp.*``); choices language-neutral, kept
across a switch."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ... import i18n
from ...comparison import (
    MAX_NETS,
    Comparison,
    accuracy_cost_chart,
    change_lines,
    cifar_error_chart,
    compare,
    comparison_frame,
    depth_chart,
    stage_cost_bars,
)
from ...i18n import Language
from ...models import CIFAR10_ERROR, IMAGENET_ACC1, PRESETS, ResNetSpec, default_input
from ...state import (
    VIEW_CHOICES,
    friendly_error,
    is_preset,
    nets_from_query,
    query_from_nets,
    spec_from_text,
    spec_to_text,
    view_from_query,
)
from ...text import escape_markdown
from ...trace import OpUnit, Trace, get_trace
from .. import links
from ..diagram_view import diagram_view, dot_source, natural_width
from ..keys import CMP
from ..lang import language, t
from ..present import chart
from ..widgets import plain_text, show_table, tracing


def _customs() -> dict[str, ResNetSpec]:
    """This session's custom networks, by their option id ("custom:1", …)."""
    return st.session_state.setdefault(CMP + "customs", {})


def _label(option: str) -> str:
    spec = _customs().get(option)
    return t("cmp.custom_option", name=spec.name) if spec else option


def _option_for(spec: ResNetSpec) -> str:
    """The picker's option for a network: its preset name, this session's custom option
    holding the same layout, or a new custom option."""
    if is_preset(spec):
        return spec.name
    for option, custom in _customs().items():
        if custom == spec:
            return option
    option = f"custom:{len(_customs()) + 1}"
    _customs()[option] = spec
    return option


def link_notices() -> None:
    """Take the networks from the link on a session's first run and whenever Back, Forward
    or a shared link brings an address this session did not write; say what was left out."""
    query = links.address_to_follow(CMP)
    if query is None:
        return
    specs, problems = nets_from_query(query)
    view, view_problems = view_from_query(query)
    st.session_state[CMP + "nets"] = [_option_for(spec) for spec in specs]
    st.session_state[CMP + "level"] = view["level"]
    st.session_state[CMP + "unit"] = view["unit"]
    links.mark_followed(CMP)
    for problem in problems + view_problems:
        st.warning(t("shell.ignored_from_link", problem=escape_markdown(problem)))


def _add_custom() -> None:
    text = st.session_state.get(CMP + "new", "")
    try:
        spec = spec_from_text(text)
    except ValueError:
        # The text, not the message: the message is worded when shown, in the language then.
        st.session_state[CMP + "new_error"] = text
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
        st.header(t("cmp.networks"))
        # Labels fixed now, in this run's language: a label function is also called outside
        # the run (by the test runner), where the session's language can't be read.
        labels = {option: _label(option) for option in [*PRESETS, *_customs()]}
        st.multiselect(
            t("cmp.compare"),
            list(labels),
            key=CMP + "nets",
            max_selections=MAX_NETS,
            format_func=labels.__getitem__,
            help=t("cmp.compare_help", most=MAX_NETS),
        )
        with st.expander(t("cmp.add_custom")):
            st.session_state.setdefault(
                CMP + "new", spec_to_text(PRESETS["resnet18"].replace(name=t("cmp.default_name")))
            )
            st.text_area(t("cmp.layout"), key=CMP + "new", height=90, help=t("cmp.layout_help"))
            st.button(t("cmp.add"), on_click=_add_custom)
            _new_error()
        st.header(t("cmp.view"))
        st.radio(
            t("cmp.diagrams"),
            VIEW_CHOICES["level"],
            key=CMP + "level",
            horizontal=True,
            format_func={"stages": t("cmp.level.stages"), "blocks": t("cmp.level.blocks")}.get,
        )
        st.radio(t("cmp.count_as"), VIEW_CHOICES["unit"], key=CMP + "unit", horizontal=True)


def _new_error() -> None:
    """Why the last custom network could not be added, worded now (in today's language)."""
    try:
        spec_from_text(st.session_state.get(CMP + "new_error") or "")
    except ValueError as error:
        st.error(friendly_error(str(error)))


def selected() -> tuple[list[ResNetSpec], list[Trace]]:
    """The chosen networks and their traces (each at its usual input size)."""
    customs = _customs()
    specs = [
        customs.get(option) or PRESETS[option]
        for option in st.session_state.get(CMP + "nets", [])
        if option in customs or option in PRESETS
    ]
    with tracing():
        return specs, [get_trace(spec, default_input(spec)) for spec in specs]


def keep_link(specs: list[ResNetSpec]) -> None:
    view = {"level": st.session_state[CMP + "level"], "unit": st.session_state[CMP + "unit"]}
    links.keep(CMP, query_from_nets(specs) | view)


def table(comparison: Comparison) -> None:
    """The stage-aligned table, and what is published for each network."""
    st.subheader(t("cmp.stage_by_stage"), anchor=False)
    frame = comparison_frame(comparison, st.session_state[CMP + "unit"])
    # Every row at once: no scrolling inside the table and no empty row below it.
    show_table(frame, wide=("largest",), height="content")
    for name, published in zip(comparison.names, comparison.published, strict=True):
        if published:
            plain_text(t("cmp.published_line", name=name, published=published))


def changes(comparison: Comparison) -> None:
    """From each network to the next, in plain words."""
    st.subheader(t("cmp.what_changes"), anchor=False)
    for line in change_lines(comparison.names, comparison.changes):
        plain_text(line)


@st.cache_resource(max_entries=32, show_spinner=False)
def _figures(specs: tuple[ResNetSpec, ...], unit: OpUnit, lang: Language) -> tuple[Any, ...]:
    """The page's five figures for one selection, unit and language, made once and shared
    read-only (their titles and legends are words, so the language is part of the key)."""
    comparison = compare([get_trace(spec, default_input(spec)) for spec in specs])
    costs = {  # the accuracy charts plot only the networks with a published figure
        name: (trace.total_mult_adds, trace.total_params)
        for name, spec in PRESETS.items()
        if name in IMAGENET_ACC1 or name in CIFAR10_ERROR
        for trace in [get_trace(spec, default_input(spec))]
    }
    names = sorted(comparison.names)
    with i18n.use(lang):
        return (
            stage_cost_bars(comparison, "params"),
            stage_cost_bars(comparison, "mult_adds", unit),
            depth_chart(comparison.names, [spec.layers for spec in specs]),
            accuracy_cost_chart(costs, names),
            cifar_error_chart(costs, names),
        )


def charts(specs: list[ResNetSpec]) -> None:
    """Costs per stage, blocks per stage, and each family's accuracy against cost."""
    figures = _figures(tuple(specs), st.session_state[CMP + "unit"], language())
    params, ops, depth, imagenet, cifar = figures
    left, right = st.columns(2)
    chart(params, left)
    chart(ops, right)
    chart(depth)
    left, right = st.columns(2)
    chart(imagenet, left)
    chart(cifar, right)


def diagrams(traces: list[Trace]) -> None:
    """The networks drawn side by side, at one scale, top-down."""
    level = st.session_state[CMP + "level"]
    st.subheader(t("cmp.side_by_side"), anchor=False)
    sources = [dot_source(trace.spec, trace.input_size, level, "TB") for trace in traces]
    widths = [(natural_width(source) or 1.0) for source in sources]
    for index, (column, source) in enumerate(zip(st.columns(len(traces)), sources, strict=True)):
        with column:
            diagram_view(
                source,
                {},
                key=f"{CMP}diagram_{index}",
                on_open=lambda: None,
                hint=t("cmp.hint_zoom_drag"),
                relative_width=widths[index] / max(widths),
            )
