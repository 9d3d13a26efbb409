"""The glossary page: every term in both languages, with the paper's place for it."""

from __future__ import annotations

import pandas as pd

from ..glossary import TERMS
from .lang import t
from .widgets import show_table

__all__ = ["glossary_frame", "show_glossary"]


def glossary_frame() -> pd.DataFrame:
    """One row per term: English, Chinese, the explanation in the visitor's language, source."""
    return pd.DataFrame(
        {
            t("glossary.col_english"): [term.english for term in TERMS],
            t("glossary.col_chinese"): [term.chinese for term in TERMS],
            t("glossary.col_meaning"): [t(f"glossary.{term.key}") for term in TERMS],
            t("glossary.col_paper"): [term.paper for term in TERMS],
        }
    )


def show_glossary() -> None:
    frame = glossary_frame()
    show_table(frame, wide=(t("glossary.col_meaning"),), height=36 * (len(frame) + 1) + 4)
