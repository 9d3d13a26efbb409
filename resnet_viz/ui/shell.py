"""The app shell: the language, the pages and their navigation, and choices that survive a
change of page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from . import not_found
from .keys import PAGE_PREFIXES, UNSETTABLE
from .lang import language_picker, settle_language, t
from .links import PAGES
from .present import presentation_switch, settle_presentation, style

__all__ = ["ICON", "PAGES", "navigation", "settle"]

#: The app's icon, inside the package (the app's own files may be a copy elsewhere).
ICON = Path(__file__).resolve().parent / "assets" / "icon.png"


def _keep_widget_state() -> None:
    """Streamlit drops a widget's value when a run doesn't draw it (another page is open);
    writing it back as plain session state keeps the choices for when the visitor returns."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(PAGE_PREFIXES) and key not in UNSETTABLE:
            st.session_state[key] = st.session_state[key]


def settle() -> bool:
    """Before anything is drawn: choices kept across pages, the language and presentation
    mode (from the link or this session); says whether the session is presenting."""
    _keep_widget_state()
    settle_language()
    return settle_presentation()


def _not_found_page() -> None:
    not_found.show(PAGES[0][0])


def navigation() -> StreamlitPage:
    """The page this run shows, in the visitor's language; app.py calls it on every run,
    after ``settle``."""
    # The default page lives at the root: its own name (/home) is no address of it, so it
    # is asked for as an unknown path, and then the default page reserves another name.
    unknown = not_found.requested_unknown_path({url for _, url, _ in PAGES[1:]})
    pages = [
        st.Page(
            path,
            title=t(f"nav.{url}"),
            icon=icon,
            url_path=f"{url}-page" if url == unknown else url,
            default=url == "home",
        )
        for path, url, icon in PAGES
    ]
    if unknown is not None:
        pages.append(
            st.Page(
                _not_found_page,
                title=t("nav.not_found_title"),
                url_path=unknown,
                visibility="hidden",
            )
        )
    page = st.navigation(pages)
    language_picker()
    presentation_switch()
    style()
    return page
