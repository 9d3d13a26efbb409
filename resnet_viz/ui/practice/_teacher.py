"""For the teacher: the set's link with a QR code for the projector, and the answer key
as a table, as CSV and as a page to print."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from ...practice import Level, Question, key_csv, key_html, key_rows, key_title, qr_png
from ..lang import t

__all__ = ["teacher_corner"]

#: The key's columns on the page (the question names the network and its part).
SHOWN_COLUMNS = ("number", "question", "answer")


def class_link(seed: int, level: Level) -> str:
    """This page's address with the set and level and nothing else: each student reads it
    in their own language."""
    here = urlsplit(st.context.url or "")
    base = f"{here.scheme}://{here.netloc}{here.path}" if here.netloc else "/practice"
    return f"{base}?{urlencode({'set': seed, 'level': level})}"


def teacher_corner(seed: int, level: Level, questions: list[Question]) -> None:
    """The link and its QR code, then the key (hidden until opened: students see it too)."""
    link = class_link(seed, level)
    title = key_title(seed, level)
    with st.expander(t("practice.page.teacher"), icon=":material/school:"):
        qr, words = st.columns([1, 2])
        qr.image(qr_png(link), width="stretch", caption=t("practice.page.qr_caption"))
        words.markdown(t("practice.page.link_intro"))
        words.code(link, language=None, wrap_lines=True)
        words.download_button(
            t("practice.page.key_csv"),
            key_csv(questions),
            file_name=f"practice-set-{seed}-{level}-key.csv",
            mime="text/csv",
            icon=":material/download:",
        )
        words.download_button(
            t("practice.page.key_print"),
            key_html(questions, title, link),
            file_name=f"practice-set-{seed}-{level}-key.html",
            mime="text/html",
            icon=":material/print:",
        )
        # Drawn only when asked for: a lighter page for the students who open the expander.
        if st.toggle(t("practice.page.show_key"), key="practice_show_key"):
            st.markdown(f"**{title}**")
            # The page shows what fits a projector; the files hold every column.
            frame = pd.DataFrame(key_rows(questions))[list(SHOWN_COLUMNS)]
            frame.columns = [t(f"practice.col.{column}") for column in SHOWN_COLUMNS]
            st.table(frame, hide_index=True, border="horizontal")
