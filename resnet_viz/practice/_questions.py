"""Practice sets: questions made from real traces, the same for a set number in every
process and language.

A set is drawn with ``random.Random`` seeded by text ("practice set 2741, intro"), which
Python hashes the same way everywhere (no process-local randomness). Questions keep codes
and numbers; the words are made when a question is shown, in the visitor's language.
"""

from __future__ import annotations

import random
from typing import Literal

from ._kinds import make_question
from ._question import Question

__all__ = ["KINDS", "LEVELS", "MAX_SET", "Level", "practice_set"]

Level = Literal["intro", "advanced"]
LEVELS: tuple[Level, ...] = ("intro", "advanced")
#: The kinds of question at each level, in the order a set cycles through them.
KINDS: dict[Level, tuple[str, ...]] = {
    "intro": ("blocks", "projections", "depth", "print", "changes"),
    "advanced": ("params", "shape", "mult_adds", "receptive_field"),
}
#: Set numbers run from 0 to this.
MAX_SET = 99_999
#: Questions in a set, by default and at most.
DEFAULT_COUNT, MAX_COUNT = 8, 40
#: Tries at a question the set does not hold yet.
DRAWS = 20


def practice_set(seed: int, level: Level = "intro", count: int = DEFAULT_COUNT) -> list[Question]:
    """The questions of set ``seed``: the same in every process, session and language."""
    if level not in LEVELS:
        raise ValueError(f"level: {level!r} is not one of {list(LEVELS)}")
    if not 0 <= int(seed) <= MAX_SET:
        raise ValueError(f"set: {seed} is not between 0 and {MAX_SET}")
    if not 1 <= int(count) <= MAX_COUNT:
        raise ValueError(f"count: {count} is not between 1 and {MAX_COUNT}")
    rng = random.Random(f"practice set {int(seed)}, {level}")
    kinds = KINDS[level]
    questions: list[Question] = []
    asked: set[tuple[object, ...]] = set()
    for number in range(1, count + 1):
        for _ in range(DRAWS):  # a question already in the set is drawn again
            question = make_question(rng, number, kinds[(number - 1) % len(kinds)])
            if _about(question) not in asked:
                break
        asked.add(_about(question))
        questions.append(question)
    return questions


def _about(question: Question) -> tuple[object, ...]:
    """What makes two questions the same question."""
    return (question.kind, question.network, question.shortcut, question.target, question.about)
