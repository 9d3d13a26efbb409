"""Compare: networks side by side, stage by stage, and block against block."""

import streamlit as st

from resnet_viz.ui import compare as page

st.title("Compare")
page.link_notices()
page.sidebar()
specs, traces = page.selected()
if len(specs) < 2:
    st.info("Pick two to four networks in the sidebar to compare them.")
    st.stop()
comparison = page.compare(traces)
page.changes(comparison)
page.table(comparison)
page.charts(specs)
page.diagrams(traces)
page.block_against_block(specs, traces)
page.keep_link(specs)
