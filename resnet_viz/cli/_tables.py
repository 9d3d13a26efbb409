"""Tables as text for a terminal or a file: GitHub Markdown or CSV."""

from __future__ import annotations

import pandas as pd

__all__ = ["table_text"]


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def table_text(frame: pd.DataFrame, fmt: str) -> str:
    """``fmt`` "csv": the frame's values as they are; "md": a Markdown table, numbers with
    thousands separators, pipes escaped."""
    if fmt == "csv":
        return frame.to_csv(index=False, lineterminator="\n")
    header = "| " + " | ".join(map(_cell, frame.columns)) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = [
        "| " + " | ".join(_cell(value) for value in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *rows]) + "\n"
