"""resnet-viz entry point: page configuration and navigation, nothing else."""

import streamlit as st

st.set_page_config(page_title="resnet-viz", page_icon=":material/account_tree:", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/home.py", title="Home", icon=":material/home:", url_path="home", default=True),
    ]
)
navigation.run()
