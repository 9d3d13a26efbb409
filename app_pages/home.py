"""Home: what a residual network is, what this app shows, and ResNet-18 at a glance."""

import streamlit as st

from resnet_viz.ui import home
from resnet_viz.ui.lang import t

st.title("resnet-viz")  # i18n: same (the app's name)
st.caption(t("home.tagline"))

st.header(t("home.what_header"))
st.markdown(t("home.what_1"))
st.latex(r"H(x) = F(x) + x")
st.markdown(t("home.what_2"))

st.header(t("home.do_header"))
home.page_links()

st.header(t("home.glance_header"))
home.at_a_glance("resnet18")
st.caption(t("home.glance_caption"))
