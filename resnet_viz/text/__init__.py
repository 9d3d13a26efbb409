"""Words and numbers as text: shapes and sizes written for people, Markdown escaped, and the
lists of numbers a visitor types or a link carries.
"""

from __future__ import annotations

from ._format import escape_markdown, file_stem, format_shape, wrap_title
from ._parsing import parse_float_list, parse_int_list

__all__ = [
    "escape_markdown",
    "file_stem",
    "format_shape",
    "parse_float_list",
    "parse_int_list",
    "wrap_title",
]
