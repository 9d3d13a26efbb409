"""resnet-viz entry point: process set-up, page configuration and navigation, nothing else."""

import streamlit as st

from resnet_viz.inference import configure_cpu_threads
from resnet_viz.ui import shell

configure_cpu_threads()
st.set_page_config(page_title="resnet-viz", page_icon=":material/account_tree:", layout="wide")
shell.navigation().run()
