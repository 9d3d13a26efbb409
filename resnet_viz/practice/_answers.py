"""Answers read as people type them: thousands separators, spaces, full-width digits, and a
shape as 256x14x14, 256×14×14 or (256, 14, 14)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["parse_amount", "parse_numbers", "parse_whole"]

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


#: Words and signs for powers of ten that people write after a number.
_SCALES = {
    "": 1,
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "million": 10**6,
    "g": 10**9,
    "b": 10**9,
    "billion": 10**9,
    "千": 10**3,
    "万": 10**4,
    "百万": 10**6,
    "亿": 10**8,
}


def parse_amount(text: str) -> float | None:
    """A count people may round and abbreviate: "115,605,504", "115.6M", "115.6 million",
    "1.156e8", "1.16亿", "11560万"; None when it is not one. Commas group thousands."""
    plain = _SEPARATORS.sub("", _plain(text)).lower()
    found = re.fullmatch(r"(\d{1,15}(?:\.\d{1,12})?(?:e[+-]?\d{1,2})?)([a-z千万百亿]*)", plain)
    if not found or found.group(2) not in _SCALES:
        return None
    return float(found.group(1)) * _SCALES[found.group(2)]
