"""The baseline for bench/browser_speed.py: a one-line Streamlit page."""

import streamlit as st

st.write("Hello from a bare Streamlit page")
