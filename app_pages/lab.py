"""Residual lab: why shortcuts make deep networks trainable, live."""

import streamlit as st

from resnet_viz.ui import lab as page

st.title("Residual lab")
page.gradient_section()
finished = page.race_section()
if finished:
    page.lesion_section()
