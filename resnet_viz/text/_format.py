"""Text made safe and short: shapes, download file names, user text inside Markdown."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["escape_markdown", "file_stem", "format_shape", "wrap_title"]


def format_shape(shape: tuple[int, ...]) -> str:
    """(64, 56, 56) -> "64×56×56", as tables and diagrams write tensor shapes."""
    return "×".join(map(str, shape))


def file_stem(name: str, what: str) -> str:
    """A download file name from a (user-chosen) network name: letters, digits, - and _ only."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:48] or "network"
    return f"{safe}-{what}"


def escape_markdown(text: str) -> str:
    """User text made inert for Markdown: every ASCII punctuation mark backslash-escaped.

    CommonMark lets any of them be escaped, and escaping them all also stops the bare links
    GitHub-flavoured Markdown would make of "http://…", "www.…" or "name@host".
    """
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def _width(character: str) -> int:
    """How wide a character sets, in Latin letters: CJK ones take two."""
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


def wrap_title(text: str, limit: int = 52) -> str:
    """A chart title broken into lines of about ``limit`` letters with ``<br>`` (plotly does
    not wrap titles, and cuts them at a narrow screen's edge): at spaces, or anywhere between
    CJK characters. Text already holding ``<br>`` is left alone."""
    if "<br>" in text:
        return text
    lines, line, width, last_break = [], "", 0, -1
    for character in text:
        line += character
        width += _width(character)
        if character == " " or _width(character) == 2:
            last_break = len(line)
        if width > limit and last_break > 0:
            lines.append(line[:last_break].rstrip())
            line = line[last_break:].lstrip()
            width = sum(_width(rest) for rest in line)
            last_break = -1
    lines.append(line)
    return "<br>".join(part for part in lines if part)
