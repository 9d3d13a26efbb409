"""The practice page's state: the set and level (from the link, else this session's), and
each answer's result, kept in this session only."""

from __future__ import annotations

import functools
import secrets

import streamlit as st

from ...practice import LEVELS, MAX_SET, Level, Question, Reply, practice_set
from ..keys import PRAC
from ..links import address_to_follow, keep, mark_followed

__all__ = [
    "LEVEL",
    "SET",
    "answer_key",
    "asked_empty",
    "check",
    "new_set",
    "questions",
    "result",
    "retry",
    "score",
    "settle",
]

SET, LEVEL = PRAC + "set", PRAC + "level"
#: Results by question: {"2741:intro:3": (reply, right)}; a session's own, never stored.
RESULTS = PRAC + "results"
#: The question the visitor asked to check with nothing given.
EMPTY = PRAC + "empty"


def _parse_set(raw: str | None) -> int | None:
    if raw is None or not raw.strip().isdigit() or len(raw.strip()) > 6:
        return None
    seed = int(raw.strip())
    return seed if seed <= MAX_SET else None


def settle() -> list[str]:
    """Take the set and level from the link on the first visit or a link from elsewhere,
    else keep this session's; write them back into the link. Returns what the link held that
    could not be used (catalogue keys)."""
    notes: list[str] = []
    query = address_to_follow(PRAC)
    if query is not None:
        seed = _parse_set(query.get("set"))
        if seed is None:
            if "set" in query:
                notes.append("practice.page.bad_set")
            seed = st.session_state.get(SET) if "set" not in query else None
        st.session_state[SET] = seed if seed is not None else secrets.randbelow(MAX_SET + 1)
        level = query.get("level", st.session_state.get(LEVEL, "intro"))
        if level not in LEVELS:
            notes.append("practice.page.bad_level")
            level = "intro"
        st.session_state[LEVEL] = level
        mark_followed(PRAC)
    if st.session_state.get(SET) is None:
        st.session_state[SET] = secrets.randbelow(MAX_SET + 1)
    if st.session_state.get(LEVEL) not in LEVELS:
        st.session_state[LEVEL] = "intro"
    keep(PRAC, {"set": str(st.session_state[SET]), "level": st.session_state[LEVEL]})
    return notes


def new_set() -> None:
    """Another set, drawn at random (a callback: before the run draws anything)."""
    st.session_state[SET] = secrets.randbelow(MAX_SET + 1)


@functools.lru_cache(maxsize=128)
def questions(seed: int, level: Level) -> list[Question]:
    """The set's questions, made once per process (they hold no words, only codes)."""
    return practice_set(seed, level)


def answer_key(seed: int, level: Level, question: Question) -> str:
    """The session-state key of one question's answer widget."""
    return f"{PRAC}answer_{seed}_{level}_{question.number}"


def _results() -> dict[str, tuple[Reply, bool]]:
    return st.session_state.setdefault(RESULTS, {})


def _result_key(seed: int, level: str, question: Question) -> str:
    return f"{seed}:{level}:{question.number}"


def result(seed: int, level: str, question: Question) -> tuple[Reply, bool] | None:
    """The visitor's last checked reply to a question, and whether it was right."""
    return _results().get(_result_key(seed, level, question))


def score(seed: int, level: str, count: int) -> tuple[int, int]:
    """How many of the set's questions are answered right, and how many wrong."""
    mine = [
        right
        for key, (_, right) in _results().items()
        if key.startswith(f"{seed}:{level}:") and int(key.rsplit(":", 1)[1]) <= count
    ]
    return sum(mine), len(mine) - sum(mine)


def check(seed: int, level: str, question: Question) -> None:
    """Check the reply in the question's widget (a callback, so the score above it counts
    it in the same run)."""
    reply = st.session_state.get(answer_key(seed, level, question))  # type: ignore[arg-type]
    if isinstance(reply, list):
        reply = tuple(reply)
    if reply is None or (isinstance(reply, str) and not reply.strip()):
        st.session_state[EMPTY] = _result_key(seed, level, question)
        return
    st.session_state.pop(EMPTY, None)
    _results()[_result_key(seed, level, question)] = (reply, question.is_right(reply))


def asked_empty(seed: int, level: str, question: Question) -> bool:
    """Whether the visitor just asked to check this question with no answer given."""
    return st.session_state.get(EMPTY) == _result_key(seed, level, question)


def retry(seed: int, level: str, question: Question) -> None:
    """Forget a wrong answer and clear its widget, for another try."""
    _results().pop(_result_key(seed, level, question), None)
    st.session_state.pop(answer_key(seed, level, question), None)  # type: ignore[arg-type]
