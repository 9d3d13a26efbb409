"""The app shell: the pages, their navigation, and choices that survive a change of page."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

__all__ = ["navigation"]

#: Widget keys that survive a visit to another page (file widgets can't be set, so not those).
_KEPT_PREFIXES = ("arch_", "inf_", "cmp_", "lab_")
_UNSETTABLE = {"inf_ckpt", "inf_labels", "inf_images", "inf_camera", "lab_run"}


def _keep_widget_state() -> None:
    """Streamlit drops a widget's value when a run doesn't draw it (another page is open);
    writing it back as plain session state keeps the choices for when the visitor returns."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(_KEPT_PREFIXES) and key not in _UNSETTABLE:
            st.session_state[key] = st.session_state[key]


def navigation() -> StreamlitPage:
    """The page this run shows, chosen from the app's pages; app.py calls it on every run."""
    _keep_widget_state()
    return st.navigation(
        [
            st.Page(
                "app_pages/home.py",
                title="Home",
                icon=":material/home:",
                url_path="home",
                default=True,
            ),
            st.Page(
                "app_pages/architecture.py",
                title="Architecture",
                icon=":material/account_tree:",
                url_path="architecture",
            ),
            st.Page(
                "app_pages/compare.py",
                title="Compare",
                icon=":material/compare_arrows:",
                url_path="compare",
            ),
            st.Page(
                "app_pages/lab.py",
                title="Residual lab",
                icon=":material/science:",
                url_path="lab",
            ),
            st.Page(
                "app_pages/inference.py",
                title="Inference",
                icon=":material/photo_camera:",
                url_path="inference",
            ),
        ]
    )
