"""Residual lab: why shortcuts make deep networks trainable, step by step and live."""

import streamlit as st

from resnet_viz.ui import lab as page
from resnet_viz.ui.lang import t
from resnet_viz.ui.walkthrough import walkthrough

st.title(t("nav.lab"))
if page.part_picker() == "walkthrough":
    walkthrough()
else:
    page.experiments()
