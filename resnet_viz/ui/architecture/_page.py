"""The architecture page's widgets: the sidebar, the heading, the diagram and the detail tabs."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from ... import i18n
from ...models import PRESETS
from ...state import CHOICES, CUSTOM, ArchView, query_from_view
from ...text import escape_markdown
from ...trace import Trace, format_bytes, format_ops, get_trace
from ...views import block_word, kind_counts
from ...views.diagram import (
    LEVELS,
    MAX_UNFOLDED_BLOCKS,
    PNG_DPI,
    ImageFormat,
    can_unfold,
    detail_targets,
    dot_available,
    render,
)
from ..diagram_view import diagram_view, dot_source
from ..keys import ARCH as K
from ..lang import language, t
from ..widgets import plain_heading
from . import _state as arch_state


def diagram_source(view: ArchView) -> str:
    """DOT text of the view's diagram (building it runs no program)."""
    return dot_source(
        view.spec, view.input_size, view.level, view.layout, view.unfold, view.stage, view.block
    )


@st.cache_data(max_entries=32, show_spinner=False)
def rendered_diagram(source: str, fmt: ImageFormat) -> bytes:
    """SVG or PNG bytes from the dot program (raises DiagramError, which is not cached).

    Keyed by the DOT text, which already differs per language; rendered on a download click,
    where Streamlit shows no spinner."""
    return render(source, fmt)


def _label(group: str) -> Callable[[object], str]:
    """A ``format_func`` that words an option value (a language-neutral code) as
    ``arch.<group>.<value>`` in this run's language (fixed now: the test runner calls it
    outside the run)."""
    lang = language()
    return lambda value: i18n.t(f"arch.{group}.{value}", lang)


def link_notices() -> None:
    """Seed the widgets from a shared link (first run only) and say what it could not use;
    Back and Forward show the view of the address they move to."""
    for problem in arch_state.seed_from_url():
        st.warning(t("shell.ignored_from_link", problem=escape_markdown(problem)))


def _layout_fields(locked: bool) -> None:
    """A custom network's fields (shown, greyed, for a preset)."""
    if locked:
        st.caption(t("arch.locked"))
    _stage_fields(locked)
    _unit_fields(locked)
    _stem_fields(locked)


def _stage_fields(locked: bool) -> None:
    """The name, then what the stages are made of: blocks, their counts and widths, groups,
    shortcuts and where the stride goes."""
    st.text_input(t("viewer.field.name"), key=K + "name", max_chars=64, disabled=locked)
    st.radio(
        t("viewer.field.block"),
        CHOICES["block"],
        key=K + "block",
        horizontal=True,
        disabled=locked,
        format_func=_label("block"),
    )
    st.text_input(
        t("viewer.field.layers"), key=K + "layers", disabled=locked, help=t("arch.help.layers")
    )
    st.text_input(
        t("viewer.field.widths"), key=K + "widths", disabled=locked, help=t("arch.help.widths")
    )
    # The number fields take any whole number: one out of range gets a sentence saying the
    # range (and the last valid network stays), where a bounded field only turned red.
    left, right = st.columns(2)
    left.number_input(t("viewer.field.groups"), step=1, key=K + "groups", disabled=locked)
    right.number_input(t("viewer.field.width_per_group"), step=1, key=K + "wpg", disabled=locked)
    st.radio(
        t("viewer.field.shortcut"),
        CHOICES["shortcut"],
        key=K + "shortcut",
        disabled=locked,
        format_func=_label("shortcut"),
    )
    st.radio(
        t("viewer.field.stride_on"),
        CHOICES["stride_on"],
        key=K + "stride_on",
        horizontal=True,
        disabled=locked,
        help=t("arch.help.stride_on"),
    )


def _unit_fields(locked: bool) -> None:
    """The later layouts: the order inside a unit, ResNet-D's pooled projection, and where
    option A's zeros go; each field that the other choices make meaningless is greyed."""
    st.radio(
        t("viewer.field.unit"),
        CHOICES["act"],
        key=K + "act",
        horizontal=True,
        disabled=locked,
        format_func=_label("act"),
        help=t("arch.help.act"),
    )
    state = st.session_state
    left, right = st.columns(2)
    left.checkbox(
        t("viewer.field.final_norm"),
        key=K + "final_bn",
        disabled=locked or state[K + "act"] != "pre",
        help=t("arch.help.final_norm"),
    )
    right.checkbox(
        t("viewer.field.avg_down"),
        key=K + "avg_down",
        disabled=locked or state[K + "shortcut"] == "A",
        help=t("arch.help.avg_down"),
    )
    st.radio(
        t("viewer.field.zero_pad"),
        CHOICES["zero_pad"],
        key=K + "zero_pad",
        horizontal=True,
        disabled=locked or state[K + "shortcut"] != "A",
        format_func=_label("zero_pad"),
        help=t("arch.help.zero_pad"),
    )


def _stem_fields(locked: bool) -> None:
    """The stem, what it takes in, and what the head puts out."""
    st.radio(
        t("viewer.field.stem"),
        CHOICES["stem"],
        key=K + "stem",
        horizontal=True,
        disabled=locked,
        on_change=arch_state.on_stem_change,
        help=t("arch.help.stem"),
    )
    left, right = st.columns(2)
    left.number_input(
        t("viewer.field.stem_width"),
        step=1,
        key=K + "stem_width",
        disabled=locked,
    )
    right.number_input(t("viewer.field.in_channels"), step=1, key=K + "in_ch", disabled=locked)
    st.number_input(t("viewer.field.num_classes"), step=1, key=K + "classes", disabled=locked)


def _view_fields() -> None:
    st.number_input(t("arch.input_size"), step=1, key=K + "size")
    st.radio(
        t("arch.level"), LEVELS, key=K + "level", horizontal=True, format_func=_label("levels")
    )
    st.radio(
        t("arch.layout"),
        CHOICES["dir"],
        key=K + "dir",
        horizontal=True,
        format_func=_label("layouts"),
        help=t("arch.help.layout"),
    )
    if st.session_state[K + "level"] == "blocks":
        too_deep = not can_unfold(sum(arch_state.blocks_per_stage().values()))
        st.checkbox(
            t("arch.unfold"),
            key=K + "unfold",
            disabled=too_deep,
            help=t("arch.help.unfold", most=MAX_UNFOLDED_BLOCKS),
        )
        if too_deep:
            st.caption(t("arch.too_deep", most=MAX_UNFOLDED_BLOCKS))
    if st.session_state[K + "level"] == "layers":
        blocks_per_stage = arch_state.blocks_per_stage()
        arch_state.fix_choice("stage", list(blocks_per_stage))
        st.selectbox(t("arch.stage"), list(blocks_per_stage), key=K + "stage")
        block_choices = [-1, *range(blocks_per_stage[st.session_state[K + "stage"]])]
        arch_state.fix_choice("bi", block_choices)
        st.selectbox(
            t("arch.block_index"),
            block_choices,
            key=K + "bi",
            format_func=partial(arch_state.block_choice_label, lang=language()),
        )
    st.radio(
        t("arch.unit"),
        CHOICES["unit"],
        key=K + "unit",
        horizontal=True,
        help=t("arch.help.unit"),
    )


def _net_label() -> Callable[[str], str]:
    """Preset names as they are; ``custom`` in this run's language."""
    custom = t("arch.custom")
    return lambda net: custom if net == CUSTOM else net


def sidebar() -> None:
    """The network (a preset or a custom layout) and how to look at it."""
    with st.sidebar:
        st.header(t("arch.network"))
        st.selectbox(
            t("arch.network"),
            [*PRESETS, CUSTOM],
            key=K + "net",
            on_change=arch_state.on_net_change,
            format_func=_net_label(),
            help=t("arch.help.network"),
        )
        locked = st.session_state[K + "net"] != CUSTOM
        with st.expander(t("arch.layout_fields"), expanded=not locked):
            _layout_fields(locked)
        st.header(t("arch.view"))
        _view_fields()


def shown_view() -> tuple[ArchView, Trace, bool]:
    """The view to draw and its trace; after bad input, the last good one, with an error shown."""
    view, error = arch_state.current_view()
    if error:
        st.error(t("arch.invalid", error=error))
    return view, get_trace(view.spec, view.input_size), error is None


def heading(view: ArchView, trace: Trace) -> None:
    """The network's name (as text), its totals, and a line about its blocks and shortcuts."""
    spec, unit = view.spec, view.unit
    plain_heading(spec.name)
    # Two by two: the numbers stay whole on a 1024-pixel projector.
    params, ops = st.columns(2)
    depth, memory = st.columns(2)
    params.metric(t("arch.metric.params"), f"{trace.total_params:,}")
    ops.metric(unit, format_ops(trace.total_mult_adds, unit))
    depth.metric(t("arch.metric.depth"), trace.depth)
    depth.caption(spec.depth_arithmetic)
    memory.metric(
        t("arch.metric.activations"),
        format_bytes(trace.activation_bytes),
        help=t("arch.help.activations"),
    )
    st.caption(
        i18n.t_count(
            "arch.summary",
            sum(spec.layers),
            block=block_word(spec.block),
            stages=len(spec.layers),
            shortcuts=kind_counts(
                (kind, count) for kind, count in trace.shortcut_counts().items() if count
            ),
            size=view.size,
            channels=spec.in_channels,
        )
    )


def diagram(view: ArchView, trace: Trace) -> None:
    """The diagram, fitted to the page with zoom and pan, and its DOT, SVG and PNG downloads."""
    source = diagram_source(view)
    targets = detail_targets(trace, view.level, unfold=view.unfold)
    diagram_view(
        source, targets, key=K + "diagram", on_open=lambda: arch_state.open_detail(K + "diagram")
    )
    dot_file, svg_file, png_file = st.columns(3)
    stem = view.file_stem()
    dot_file.download_button(t("arch.download.dot"), source, f"{stem}.gv", "text/vnd.graphviz")
    if dot_available():
        svg_file.download_button(
            t("arch.download.svg"),
            lambda: rendered_diagram(source, "svg"),
            f"{stem}.svg",
            "image/svg+xml",
        )
        png_file.download_button(
            t("arch.download.png"),
            lambda: rendered_diagram(source, "png"),
            f"{stem}.png",
            "image/png",
            help=t("arch.help.png", dpi=PNG_DPI),
        )
    else:
        svg_file.info(t("arch.no_dot"))


def keep_link(view: ArchView, valid: bool) -> None:
    """Put the view in the address bar; a link to a broken view would only reopen the error."""
    if valid:
        arch_state.remember_link(query_from_view(view))
