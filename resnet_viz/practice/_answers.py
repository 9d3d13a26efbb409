"""Answers read as people type them: thousands separators, spaces, full-width digits, and a
shape as 256x14x14, 256×14×14 or (256, 14, 14)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["parse_numbers", "parse_whole"]

_SEPARATORS = re.compile(r"[\s,_'’]")


def _plain(text: str) -> str:
    """Full-width digits and signs as ASCII (NFKC), at most 200 characters."""
    return unicodedata.normalize("NFKC", str(text))[:200].strip()


def parse_whole(text: str) -> int | None:
    """A whole number ("132,096", "132 096", "１３２０９６"), or None when it is not one."""
    digits = _SEPARATORS.sub("", _plain(text))
    return int(digits) if re.fullmatch(r"-?\d{1,15}", digits) else None


def parse_numbers(text: str) -> tuple[int, ...] | None:
    """A list of whole numbers: a shape ("256x14x14", "256×14×14", "(256, 14, 14)") or blocks
    per stage ("[3, 4, 6, 3]", "3 4 6 3"); None when anything else is there."""
    plain = _plain(text).lower()
    plain = re.sub(r"^[\[(]\s*|\s*[\])]$", "", plain)
    parts = [part for part in re.split(r"\s*(?:[x×*,;]|\s)\s*", plain) if part]
    if not parts or not all(re.fullmatch(r"\d{1,9}", part) for part in parts):
        return None
    return tuple(int(part) for part in parts)
