"""Architecture: pick or design a ResNet and see it drawn, counted, charted and written out."""

import streamlit as st

from resnet_viz import PRESETS, charts, codegen, tables, ui, units
from resnet_viz.diagram import LEVELS, MAX_UNFOLDED_BLOCKS, dot_available
from resnet_viz.viewstate import CHOICES, CUSTOM, INT_BOUNDS, query_from_view

ui.page_setup()
K = ui.ARCH
SHORTCUT_HELP = {
    "A": "A · zero-pad (no parameters)",
    "B": "B · projection where the shape changes",
    "C": "C · projection in every block",
}

st.title("Architecture")
for problem in ui.seed_from_url():
    st.warning(f"Ignored from the link — {problem}")

with st.sidebar:
    st.header("Network")
    st.selectbox("Network", [*PRESETS, CUSTOM], key=K + "net", on_change=ui.on_net_change,
                 help="A torchvision or paper preset, or custom to design your own.")
    locked = st.session_state[K + "net"] != CUSTOM
    with st.expander("Layout", expanded=not locked):
        if locked:
            st.caption("The preset's layout. Choose **custom** above to edit it.")
        st.text_input("Name", key=K + "name", max_chars=64, disabled=locked)
        st.radio("Block", CHOICES["block"], key=K + "block", horizontal=True, disabled=locked)
        st.text_input("Blocks per stage", key=K + "layers", disabled=locked,
                      help="One number per stage (1 to 6 stages), e.g. 3, 4, 6, 3")
        st.text_input("Width per stage", key=K + "widths", disabled=locked,
                      help="Base channels per stage; bottleneck stages output 4× this")
        left, right = st.columns(2)
        left.number_input("Groups", *INT_BOUNDS["groups"], key=K + "groups", disabled=locked)
        right.number_input("Width per group", *INT_BOUNDS["wpg"], key=K + "wpg", disabled=locked)
        st.radio("Shortcut option", CHOICES["shortcut"], key=K + "shortcut", disabled=locked,
                 format_func=SHORTCUT_HELP.get)
        st.radio("Bottleneck stride on", CHOICES["stride_on"], key=K + "stride_on",
                 horizontal=True, disabled=locked,
                 help="3x3: torchvision (ResNet v1.5). 1x1: the paper (v1).")
        st.radio("Stem", CHOICES["stem"], key=K + "stem", horizontal=True, disabled=locked,
                 help="imagenet: 7×7/2 conv + max pool. cifar: one 3×3 conv, full resolution.")
        left, right = st.columns(2)
        left.number_input("Stem width", *INT_BOUNDS["stem_width"], key=K + "stem_width",
                          disabled=locked)
        right.number_input("Input channels", *INT_BOUNDS["in_ch"], key=K + "in_ch",
                           disabled=locked)
        st.number_input("Classes", *INT_BOUNDS["classes"], key=K + "classes", disabled=locked)

    st.header("View")
    st.number_input("Input size (pixels, square)", *INT_BOUNDS["size"], key=K + "size")
    st.radio("Diagram level", LEVELS, key=K + "level", horizontal=True)
    if st.session_state[K + "level"] == "blocks":
        too_deep = sum(ui.stage_blocks().values()) > MAX_UNFOLDED_BLOCKS
        st.checkbox("Unfold identical blocks", key=K + "unfold", disabled=too_deep,
                    help=f"Draws every block; for networks of up to {MAX_UNFOLDED_BLOCKS} blocks.")
        if too_deep:
            st.caption(f"Too many blocks to draw one by one (more than {MAX_UNFOLDED_BLOCKS}).")
    if st.session_state[K + "level"] == "layers":
        blocks_per_stage = ui.stage_blocks()
        ui.fix_choice("stage", list(blocks_per_stage))
        st.selectbox("Stage", list(blocks_per_stage), key=K + "stage")
        block_choices = [-1, *range(blocks_per_stage[st.session_state[K + "stage"]])]
        ui.fix_choice("bi", block_choices)
        st.selectbox("Block", block_choices, key=K + "bi", format_func=ui.block_choice_label)
    st.radio("Count operations as", CHOICES["unit"], key=K + "unit", horizontal=True,
             help="One multiply-add (MAC) is two floating-point operations (FLOPs). "
                  "torchvision's GFLOPS and the paper's FLOPs are multiply-adds.")

view, error = ui.current_view()
if error:
    st.error(f"{error}. Showing the last valid network instead.")
trace = ui.cached_trace(view.spec, view.input_size)
spec, unit = view.spec, view.unit

st.header(ui.md(spec.name), anchor=False)
# Two by two: the numbers stay whole on a 1024-pixel projector.
params, ops = st.columns(2)
depth, memory = st.columns(2)
params.metric("Parameters", f"{trace.total_params:,}")
ops.metric(unit, units.format_ops(trace.total_mult_adds, unit))
depth.metric("Depth (weighted layers)", trace.depth)
memory.metric("Activations, batch 1", units.format_bytes(trace.activation_bytes),
              help="fp32 outputs of every layer in one forward pass (in-place ReLUs excluded)")
counts = trace.shortcut_counts()
st.caption(
    f"{sum(spec.layers)} {spec.block} blocks in {len(spec.layers)} stages · shortcuts: "
    + ", ".join(f"{n} {kind}" for kind, n in counts.items())
    + f" · input {view.size}×{view.size}×{spec.in_channels}"
)

source = ui.diagram_source(view)
with st.container(height=900 if view.level != "stages" else "content", border=True):
    st.graphviz_chart(source, width="content")
dot_file, svg_file, png_file = st.columns(3)
stem = ui.file_stem(spec.name, view.level)
dot_file.download_button("DOT source", source, f"{stem}.gv", "text/vnd.graphviz")
if dot_available():
    svg_file.download_button("SVG", lambda: ui.rendered_diagram(source, "svg"), f"{stem}.svg",
                             "image/svg+xml")
    png_file.download_button("PNG", lambda: ui.rendered_diagram(source, "png"), f"{stem}.png",
                             "image/png")
else:
    svg_file.info("SVG and PNG need the Graphviz `dot` program on the server "
                  "(`apt-get install graphviz`); the DOT source downloads anyway.")

stages_tab, blocks_tab, layers_tab, charts_tab, text_tab, code_tab = st.tabs(
    ["Stages", "Blocks", "Layers", "Charts", "Summary", "Code"]
)
with stages_tab:
    ui.table_with_csv(tables.stage_frame(trace, unit), "stages", spec.name)
with blocks_tab:
    ui.table_with_csv(tables.block_frame(trace, unit), "blocks", spec.name)
with layers_tab:
    ui.table_with_csv(tables.layer_frame(trace, unit), "layers", spec.name)
with charts_tab:
    st.plotly_chart(charts.stage_cost_chart(trace, unit), width="stretch")
    st.plotly_chart(charts.shape_flow_chart(trace), width="stretch")
with text_tab:
    with st.expander("torchinfo summary", expanded=True):
        st.code(trace.summary_text, language=None)
    st.download_button("Summary as text", trace.summary_text,
                       f"{ui.file_stem(spec.name, 'summary')}.txt", "text/plain")
    with st.expander("print(model)"):
        st.code(ui.model_text(spec), language=None)
with code_tab:
    st.markdown("Build exactly this network with resnet-viz:")
    st.code(codegen.builder_code(spec), language="python")
    st.markdown(f"The {spec.block} block as used here, in plain PyTorch:")
    st.code(codegen.block_listing(spec), language="python")

if not error:  # a link to a broken view would only reopen the error
    ui.sync_url(query_from_view(view))
