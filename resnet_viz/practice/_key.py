"""The teacher's answer key: one row per question, as CSV (the page's download and
``python -m resnet_viz practice``) and as rows for the printable page."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..i18n import t
from ._question import Question

__all__ = ["KEY_COLUMNS", "key_csv", "key_rows", "key_title"]

KEY_COLUMNS = ("number", "kind", "network", "input", "target", "question", "answer")


def key_rows(questions: Sequence[Question]) -> list[dict[str, str]]:
    """Each question's row, worded in the current language (codes stay as they are)."""
    return [
        {
            "number": str(question.number),
            "kind": question.kind,
            "network": question.label,
            "input": question.input_text,
            "target": question.target,
            "question": question.text(),
            "answer": question.answer_text(),
        }
        for question in questions
    ]


def key_csv(questions: Sequence[Question]) -> str:
    """The key as CSV text with a header row. Cells that a spreadsheet would run as a
    formula are prefixed with an apostrophe (none should start so; this is the guard)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=KEY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in key_rows(questions):
        writer.writerow({k: ("'" + v if v and v[0] in "=+-@" else v) for k, v in row.items()})
    return out.getvalue()


def key_title(seed: int, level: str) -> str:
    """The key's heading: "Practice set 2741 (introductory): answer key"."""
    return t("practice.key_title", set=seed, level=t(f"practice.level_{level}"))
