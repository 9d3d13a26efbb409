"""Residual lab: why shortcuts make deep networks trainable, live."""

import streamlit as st

from resnet_viz.ui import lab as page
from resnet_viz.ui.lang import t

st.title(t("nav.lab"))
page.gradient_section()
finished = page.race_section()
if finished:
    page.lesion_section()
    page.use_what_you_trained()
