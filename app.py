"""resnet-viz entry point: process set-up, page configuration and navigation, nothing else."""

import streamlit as st

from resnet_viz.serving import start_warmup
from resnet_viz.ui import shell

start_warmup()  # once per process, in the background: torch, CPU threads, preset traces
presenting = shell.settle()  # the language and presentation mode, from the link or session
st.set_page_config(
    page_title="resnet-viz",
    page_icon=str(shell.ICON),
    layout="wide",
    initial_sidebar_state="collapsed" if presenting else "auto",
)
shell.navigation().run()
