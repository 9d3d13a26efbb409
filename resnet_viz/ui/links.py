"""The address of a page's view: written after each change, followed when it comes from
elsewhere.

Each change of view writes a new address, so the browser's history holds one entry per view.
When Back or Forward (or a shared link) brings an address this session did not write,
Streamlit reruns the page with it, and the page takes its view from there; an address the
session wrote itself, or one holding no view (the page opened from the navigation), keeps
the view the session has.
"""

from __future__ import annotations

import streamlit as st

from .lang import LANG, PRESENT, keep_in_link

__all__ = ["PAGES", "address_to_follow", "keep", "mark_followed"]

#: (file, URL path, icon) of each page, in the navigation's order; titles come from the
#: catalogue (``nav.<URL path>``).
PAGES = (
    ("app_pages/home.py", "home", ":material/home:"),
    ("app_pages/architecture.py", "architecture", ":material/account_tree:"),
    ("app_pages/compare.py", "compare", ":material/compare_arrows:"),
    ("app_pages/lab.py", "lab", ":material/science:"),
    ("app_pages/inference.py", "inference", ":material/photo_camera:"),
    ("app_pages/practice.py", "practice", ":material/quiz:"),
    ("app_pages/yours.py", "yours", ":material/upload_file:"),
    ("app_pages/glossary.py", "glossary", ":material/translate:"),
)


def _written(page: str) -> str:
    return page + "linked"


def _seeded(page: str) -> str:
    return page + "seeded"


def address_to_follow(page: str) -> dict[str, str] | None:
    """The address's query when the page (by its session-state prefix) should take its view
    from it: on the page's first run in this session, or when the address is one this session
    did not write and it holds a view. None keeps the session's view."""
    query = st.query_params.to_dict()
    if not st.session_state.get(_seeded(page)):
        return query
    holds_no_view = not set(query) - {LANG, PRESENT}
    written = query == st.session_state.get(_written(page), query)
    return None if holds_no_view or written else query


def mark_followed(page: str) -> None:
    """The page has taken its view from the address (or from its defaults)."""
    st.session_state[_seeded(page)] = True


def keep(page: str, query: dict[str, str]) -> None:
    """Write the page's view into the address (with the language and presentation mode),
    and note it as this session's own."""
    keep_in_link(query)
    st.session_state[_written(page)] = st.query_params.to_dict()
