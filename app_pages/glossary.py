"""Glossary: the terms of residual networks in English and Chinese, tied to the paper."""

import streamlit as st

from resnet_viz.ui import glossary as page
from resnet_viz.ui.lang import t

st.title(t("glossary.title"))
st.caption(t("glossary.caption"))
page.show_glossary()
