"""Residual lab: why shortcuts make deep networks trainable, step by step and live."""

import streamlit as st

from resnet_viz.ui import lab as page
from resnet_viz.ui.lang import t

st.title(t("nav.lab"))
if page.part_picker() == "walkthrough":
    page.walkthrough()
else:
    page.experiments()
