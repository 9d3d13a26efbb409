"""Architecture: pick or design a ResNet and see it drawn, counted, charted and written out."""

import streamlit as st

from resnet_viz.ui import architecture as page
from resnet_viz.ui.lang import t

st.title(t("arch.title"))
page.link_notices()
page.sidebar()
view, trace, valid = page.shown_view()
page.heading(view, trace)
page.diagram(view, trace)
page.detail_tabs(view, trace)
page.keep_link(view, valid)
