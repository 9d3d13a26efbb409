"""An address that names no page: said in the visitor's language, with the way home.

Streamlit's own answer to an unknown path is an English dialog over the home page. Instead,
the navigation gains a hidden page at exactly the path asked for, and that page says what
happened; the navigation's menu never lists it.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from .lang import link_settings, t

__all__ = ["requested_unknown_path", "show"]

#: The longest path echoed back; a longer one is cut (it is the visitor's own text either way).
_SHOWN_CHARS = 80


def requested_unknown_path(known: set[str]) -> str | None:
    """The path this run was asked for when it names none of the ``known`` pages, else None.

    Reads what the browser asked for (a page by its path on a fresh load; by its hash when a
    menu item is clicked, which always names a page), as the navigation itself resolves it.
    """
    ctx = get_script_run_ctx()
    if ctx is None or ctx.pages_manager.intended_page_script_hash:
        return None
    requested = (ctx.pages_manager.intended_page_name or "").strip().strip("/")
    if not requested or requested in known or "/" in requested:
        return None
    return requested


def show(home_page: str) -> None:
    """The page for a path that names none: what was asked for (as text, never markup) and a
    link to the home page in the visitor's language."""
    requested = requested_unknown_path(set()) or ""
    if len(requested) > _SHOWN_CHARS:
        requested = requested[:_SHOWN_CHARS] + "…"
    st.title(t("nav.not_found_title"))
    st.text(t("nav.not_found", path=f"/{requested}"))
    st.page_link(
        home_page, label=t("nav.go_home"), icon=":material/home:", query_params=link_settings()
    )
