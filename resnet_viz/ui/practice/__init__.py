"""The Practice page: a set of questions from the link (the same for the whole class),
answered and checked in this session, with the teacher's key, link and QR code. The page
file calls what this face exports."""

from __future__ import annotations

from ._page import controls, link_notices, question, score, the_set
from ._state import settle
from ._teacher import teacher_corner

__all__ = ["controls", "link_notices", "question", "score", "settle", "teacher_corner", "the_set"]
