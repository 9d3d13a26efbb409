"""The glossary page: every term in both languages, with the paper's place for it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..i18n import TERMS
from .lang import t

__all__ = ["glossary_frame", "show_glossary"]


def glossary_frame() -> pd.DataFrame:
    """One row per term: English, Chinese, the explanation in the visitor's language, source."""
    return pd.DataFrame(
        {
            t("glossary.col_english"): [term.english for term in TERMS],
            t("glossary.col_chinese"): [term.chinese_names for term in TERMS],
            t("glossary.col_meaning"): [t(f"glossary.{term.key}") for term in TERMS],
            t("glossary.col_paper"): [t(f"glossary.where.{term.key}") for term in TERMS],
        }
    )


def show_glossary() -> None:
    """A static table: every explanation shown whole and wrapped (an interactive grid would
    cut them to one line)."""
    st.table(glossary_frame(), hide_index=True, border="horizontal")
