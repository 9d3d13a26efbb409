"""Widgets several pages share: tables with CSV, choice defaults, the shared trace."""

from __future__ import annotations

import contextlib
import html
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from .. import i18n
from .lang import language, t

__all__ = [
    "choose_default",
    "column_title",
    "plain_heading",
    "plain_text",
    "show_table",
    "tab_labels",
    "tracing",
]


def column_title(name: str) -> str:
    """A table column's header in the visitor's language (``col.<name>``; else the name)."""
    return i18n.catalogue(language()).get(f"col.{name}", name)


def show_table(frame: pd.DataFrame, wide: tuple[str, ...] = (), **kwargs: Any) -> None:
    """A full-width table whose integer columns read with thousands separators; ``wide``
    text columns get room for their sentences; headers in the visitor's language."""
    wide = tuple(column_title(name) for name in wide if name in frame.columns)
    frame = frame.rename(columns=column_title)
    integer_columns = frame.select_dtypes("integer").columns
    float_columns = frame.select_dtypes("floating").columns
    config: dict[str, Any] = {
        name: st.column_config.NumberColumn(format="localized") for name in integer_columns
    }
    config |= {name: st.column_config.NumberColumn(format="%.1f") for name in float_columns}
    config |= {name: st.column_config.TextColumn(width="medium") for name in wide}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config, **kwargs)


def tracing() -> contextlib.AbstractContextManager:
    """Around the first ``trace.get_trace`` of a run: says so while a network is traced
    (a trace from memory or disk returns before the spinner shows)."""
    return st.spinner(t("shell.tracing"))


def choose_default(key: str, options: Iterable[Any], default: Any) -> None:
    """Give a choice widget its starting value through session state, not a widget default
    (the two together upset Streamlit), and reset it when its options no longer hold it."""
    if st.session_state.get(key) not in list(options):
        st.session_state[key] = default


#: Sizes of Streamlit's own header (level 2) and subheader (level 3), for plain headings.
_HEADING_REM = {2: 2.25, 3: 1.75}


def plain_heading(text: str, level: int = 2, container: Any = st) -> None:
    """A heading whose text is shown exactly as typed: never Markdown, never a link.

    Streamlit's headings are Markdown, and its renderer turns a bare "http://…" into a link
    even when every character is escaped; an HTML heading of escaped text stays text.
    """
    size = _HEADING_REM.get(level, 1.5)
    container.html(
        f'<h{level} style="font-size:{size}rem;font-weight:700;margin:0;padding:0.5rem 0 0">'
        f"{html.escape(text)}</h{level}>"
    )


def plain_text(text: str, container: Any = st) -> None:
    """A line of user text (a file name, a class name), shown as text and nothing else."""
    container.html(f'<p style="margin:0;color:#555;font-size:0.95rem">{html.escape(text)}</p>')


def tab_labels(key: str, catalogue_keys: Sequence[str]) -> list[str]:
    """Tab labels in this run's language for ``st.tabs(key=key)``. Streamlit keeps the open
    tab by its label, so a label of the other language becomes this one's: switching
    language keeps the tab."""
    labels = {lang: [i18n.t(name, lang) for name in catalogue_keys] for lang in i18n.LANGUAGES}
    shown, chosen = labels[language()], st.session_state.get(key)
    for other in labels.values():
        if chosen not in shown and chosen in other:
            st.session_state[key] = shown[other.index(chosen)]
    return shown
