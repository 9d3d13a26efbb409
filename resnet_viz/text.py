"""Text made safe and short: shapes, download file names, user text inside Markdown."""

from __future__ import annotations

import re

__all__ = ["escape_markdown", "file_stem", "format_shape"]


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
