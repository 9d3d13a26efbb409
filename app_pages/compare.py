"""Compare: networks side by side, stage by stage, and block against block."""

import streamlit as st

from resnet_viz.ui import compare as page
from resnet_viz.ui.lang import t

st.title(t("cmp.title"))
page.link_notices()
page.sidebar()
specs, traces = page.selected()
if len(specs) < 2:
    st.info(t("cmp.pick"))
    st.stop()
comparison = page.compare(traces)
page.changes(comparison)
page.table(comparison)
page.charts(specs)
page.diagrams(traces)
page.block_against_block(specs, traces)
page.keep_link(specs)
