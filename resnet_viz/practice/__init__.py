"""Practice: questions made from real traces, their exact answers and worked explanations,
answers read as people type them, and the teacher's key."""

from __future__ import annotations

from ._answers import parse_amount, parse_numbers, parse_whole
from ._explain import explanation
from ._key import KEY_COLUMNS, key_csv, key_rows, key_title
from ._kinds import params_question
from ._question import CHOICE_KINDS, MULTI_CHOICE_KINDS, Answer, Question, Reply
from ._questions import KINDS, LEVELS, MAX_SET, Level, practice_set
from ._sheet import key_html, qr_png

__all__ = [
    "CHOICE_KINDS",
    "KEY_COLUMNS",
    "KINDS",
    "LEVELS",
    "MAX_SET",
    "MULTI_CHOICE_KINDS",
    "Answer",
    "Level",
    "Question",
    "Reply",
    "explanation",
    "key_csv",
    "key_html",
    "key_rows",
    "key_title",
    "params_question",
    "parse_amount",
    "parse_numbers",
    "parse_whole",
    "practice_set",
    "qr_png",
]
