"""The architecture page's widgets: the sidebar, the heading, the diagram and the detail tabs."""

from __future__ import annotations

import streamlit as st

from .. import units
from ..diagram import LEVELS, MAX_UNFOLDED_BLOCKS, can_unfold, detail_targets
from ..presets import PRESETS
from ..rendering import PNG_DPI, ImageFormat, dot_available, render
from ..trace_records import Trace
from ..viewstate import CHOICES, CUSTOM, INT_BOUNDS, ArchView, query_from_view
from . import arch_state
from .arch_details import detail_tabs
from .arch_state import ARCH as K
from .diagram_view import diagram_view, dot_source
from .widgets import cached_trace, plain_heading

__all__ = [
    "detail_tabs",
    "diagram",
    "heading",
    "keep_link",
    "link_notices",
    "shown_view",
    "sidebar",
]

LAYOUTS = {"auto": "auto", "TB": "top-down", "LR": "left-right"}
SHORTCUT_HELP = {
    "A": "A · zero-pad (no parameters)",
    "B": "B · projection where the shape changes",
    "C": "C · projection in every block",
}


def diagram_source(view: ArchView) -> str:
    """DOT text of the view's diagram (building it runs no program)."""
    return dot_source(
        view.spec, view.input_size, view.level, view.layout, view.unfold, view.stage, view.block
    )


@st.cache_data(max_entries=32, show_spinner="Rendering with Graphviz…")
def rendered_diagram(source: str, fmt: ImageFormat) -> bytes:
    """SVG or PNG bytes from the dot program (raises DiagramError, which is not cached)."""
    return render(source, fmt)


def link_notices() -> None:
    """Seed the widgets from a shared link (first run only) and say what it could not use."""
    for problem in arch_state.seed_from_url():
        st.warning(f"Ignored from the link — {problem}")


def _layout_fields(locked: bool) -> None:
    if locked:
        st.caption("The preset's layout. Choose **custom** above to edit it.")
    st.text_input("Name", key=K + "name", max_chars=64, disabled=locked)
    st.radio("Block", CHOICES["block"], key=K + "block", horizontal=True, disabled=locked)
    st.text_input(
        "Blocks per stage",
        key=K + "layers",
        disabled=locked,
        help="One number per stage (1 to 6 stages), e.g. 3, 4, 6, 3",
    )
    st.text_input(
        "Width per stage",
        key=K + "widths",
        disabled=locked,
        help="Base channels per stage; bottleneck stages output 4× this",
    )
    left, right = st.columns(2)
    left.number_input("Groups", *INT_BOUNDS["groups"], key=K + "groups", disabled=locked)
    right.number_input("Width per group", *INT_BOUNDS["wpg"], key=K + "wpg", disabled=locked)
    st.radio(
        "Shortcut option",
        CHOICES["shortcut"],
        key=K + "shortcut",
        disabled=locked,
        format_func=SHORTCUT_HELP.get,
    )
    st.radio(
        "Bottleneck stride on",
        CHOICES["stride_on"],
        key=K + "stride_on",
        horizontal=True,
        disabled=locked,
        help="3x3: torchvision (ResNet v1.5). 1x1: the paper (v1).",
    )
    st.radio(
        "Stem",
        CHOICES["stem"],
        key=K + "stem",
        horizontal=True,
        disabled=locked,
        on_change=arch_state.on_stem_change,
        help="imagenet: 7×7/2 conv + max pool. cifar: one 3×3 conv, full resolution.",
    )
    left, right = st.columns(2)
    left.number_input(
        "Stem width", *INT_BOUNDS["stem_width"], key=K + "stem_width", disabled=locked
    )
    right.number_input("Input channels", *INT_BOUNDS["in_ch"], key=K + "in_ch", disabled=locked)
    st.number_input("Classes", *INT_BOUNDS["classes"], key=K + "classes", disabled=locked)


def _view_fields() -> None:
    st.number_input("Input size (pixels, square)", *INT_BOUNDS["size"], key=K + "size")
    st.radio("Diagram level", LEVELS, key=K + "level", horizontal=True)
    st.radio(
        "Layout",
        CHOICES["dir"],
        key=K + "dir",
        horizontal=True,
        format_func=LAYOUTS.get,
        help="auto: stages in a column; blocks and layers in rows, one per stage or block, "
        "to fill a wide screen.",
    )
    if st.session_state[K + "level"] == "blocks":
        too_deep = not can_unfold(sum(arch_state.stage_blocks().values()))
        st.checkbox(
            "Unfold identical blocks",
            key=K + "unfold",
            disabled=too_deep,
            help=f"Draws every block; for networks of up to {MAX_UNFOLDED_BLOCKS} blocks.",
        )
        if too_deep:
            st.caption(f"Too many blocks to draw one by one (more than {MAX_UNFOLDED_BLOCKS}).")
    if st.session_state[K + "level"] == "layers":
        blocks_per_stage = arch_state.stage_blocks()
        arch_state.fix_choice("stage", list(blocks_per_stage))
        st.selectbox("Stage", list(blocks_per_stage), key=K + "stage")
        block_choices = [-1, *range(blocks_per_stage[st.session_state[K + "stage"]])]
        arch_state.fix_choice("bi", block_choices)
        st.selectbox(
            "Block", block_choices, key=K + "bi", format_func=arch_state.block_choice_label
        )
    st.radio(
        "Count operations as",
        CHOICES["unit"],
        key=K + "unit",
        horizontal=True,
        help="One multiply-add (MAC) is two floating-point operations (FLOPs). "
        "torchvision's GFLOPS and the paper's FLOPs are multiply-adds.",
    )


def sidebar() -> None:
    """The network (a preset or a custom layout) and how to look at it."""
    with st.sidebar:
        st.header("Network")
        st.selectbox(
            "Network",
            [*PRESETS, CUSTOM],
            key=K + "net",
            on_change=arch_state.on_net_change,
            help="A torchvision or paper preset, or custom to design your own.",
        )
        locked = st.session_state[K + "net"] != CUSTOM
        with st.expander("Layout", expanded=not locked):
            _layout_fields(locked)
        st.header("View")
        _view_fields()


def shown_view() -> tuple[ArchView, Trace, bool]:
    """The view to draw and its trace; after bad input, the last good one, with an error shown."""
    view, error = arch_state.current_view()
    if error:
        st.error(f"{error}. Showing the last valid network instead.")
    return view, cached_trace(view.spec, view.input_size), error is None


def heading(view: ArchView, trace: Trace) -> None:
    """The network's name (as text), its totals, and a line about its blocks and shortcuts."""
    spec, unit = view.spec, view.unit
    plain_heading(spec.name)
    # Two by two: the numbers stay whole on a 1024-pixel projector.
    params, ops = st.columns(2)
    depth, memory = st.columns(2)
    params.metric("Parameters", f"{trace.total_params:,}")
    ops.metric(unit, units.format_ops(trace.total_mult_adds, unit))
    depth.metric("Depth (weighted layers)", trace.depth)
    memory.metric(
        "Activations, batch 1",
        units.format_bytes(trace.activation_bytes),
        help="fp32 outputs of every layer in one forward pass (in-place ReLUs excluded)",
    )
    counts = trace.shortcut_counts()
    st.caption(
        f"{sum(spec.layers)} {spec.block} blocks in {len(spec.layers)} stages · shortcuts: "
        + ", ".join(f"{count} {kind}" for kind, count in counts.items())
        + f" · input {view.size}×{view.size}×{spec.in_channels}"
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
    dot_file.download_button("DOT source", source, f"{stem}.gv", "text/vnd.graphviz")
    if dot_available():
        svg_file.download_button(
            "SVG", lambda: rendered_diagram(source, "svg"), f"{stem}.svg", "image/svg+xml"
        )
        png_file.download_button(
            "PNG (2×)",
            lambda: rendered_diagram(source, "png"),
            f"{stem}.png",
            "image/png",
            help=f"{PNG_DPI} dpi: sharp on a projector and in slides.",
        )
    else:
        svg_file.info(
            "SVG and PNG need the Graphviz `dot` program on the server "
            "(`apt-get install graphviz`); the DOT source downloads anyway."
        )


def keep_link(view: ArchView, valid: bool) -> None:
    """Put the view in the address bar; a link to a broken view would only reopen the error."""
    if valid:
        arch_state.sync_url(query_from_view(view))
