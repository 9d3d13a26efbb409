"""Your ResNet: a checkpoint or print(model) text recognised, mapped and compared."""

import streamlit as st

from resnet_viz.ui import yours as page
from resnet_viz.ui.lang import t

st.title(t("yours.page.title"))
st.caption(t("yours.page.caption"))
reading = page.chosen_input()
if reading is not None:
    page.show(reading)
