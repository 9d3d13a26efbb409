"""The visitor's language: chosen in the sidebar, kept in the link (``lang=zh``) across pages,
and on a first visit taken from the browser's language."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from .. import i18n
from ..i18n import LANGUAGES, Language, t

__all__ = [
    "LANG",
    "PRESENT",
    "keep_in_link",
    "language",
    "language_picker",
    "link_settings",
    "settle_language",
    "t",
]

#: Session-state key of the language widget (language-neutral codes: "en", "zh").
LANG = "lang"
#: Session-state key (and link parameter, ``present=1``) of presentation mode (``present.py``),
#: kept in every link with the language.
PRESENT = "present"


def language() -> Language:
    """This session's language (English until ``settle_language`` has run)."""
    chosen = st.session_state.get(LANG)
    return chosen if chosen in LANGUAGES else i18n.DEFAULT_LANGUAGE


def _session_language() -> Language | None:
    """The visitor's language while one of their runs (a callback or a fragment included) is
    going on in this thread; None in the server's own threads (warm-up, the lab's trainer)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    return language()


#: ``t`` (from ``i18n``, re-exported for the pages) words everything in the visitor's language.
i18n.follow(_session_language)


def settle_language() -> Language:
    """Once per run, before anything is drawn: the link's ``lang`` wins, then the choice made
    in this session, then the browser's language on a first visit. The library's texts
    follow it, and the link keeps it for the next page."""
    if LANG not in st.session_state:
        from_link = i18n.parse_language(st.query_params.get(LANG, ""))
        st.session_state[LANG] = from_link or i18n.language_for_locale(st.context.locale)
    chosen = language()
    if st.query_params.get(LANG) != chosen:
        st.query_params[LANG] = chosen
    return chosen


def language_picker() -> None:
    """The sidebar's language switch; widget values are codes, so no other choice resets."""
    st.sidebar.segmented_control(
        t("shell.language"),
        list(LANGUAGES),
        key=LANG,
        format_func=LANGUAGES.__getitem__,
        label_visibility="collapsed",
        required=True,
    )


def link_settings() -> dict[str, str]:
    """What every link of this session carries: the language, and presentation mode when on
    (for ``st.switch_page``, which otherwise opens the next page with an empty query)."""
    settings: dict[str, str] = {LANG: language()}
    if st.session_state.get(PRESENT):
        settings[PRESENT] = "1"
    return settings


def keep_in_link(query: Mapping[str, str]) -> None:
    """Put a page's view in the address bar, with the language (and presentation mode when
    it is on), so a copied link reopens all of it; the address changes only when the view
    did."""
    wanted = {**query, **link_settings()}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
