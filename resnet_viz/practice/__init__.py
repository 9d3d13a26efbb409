"""Practice: questions made from real traces, their exact answers, and answers read as
people type them."""

from __future__ import annotations

from ._answers import parse_numbers, parse_whole
from ._questions import KINDS, LEVELS, Level, Question, params_question, practice_set

__all__ = [
    "KINDS",
    "LEVELS",
    "Level",
    "Question",
    "params_question",
    "parse_numbers",
    "parse_whole",
    "practice_set",
]
