"""resnet-viz entry point: page configuration and navigation, nothing else."""

import streamlit as st

from resnet_viz import ui

st.set_page_config(page_title="resnet-viz", page_icon=":material/account_tree:", layout="wide")
ui.navigation().run()
