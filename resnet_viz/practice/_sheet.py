"""The printable answer key: one self-contained HTML page (no scripts, nothing fetched),
with the set's link and its QR code, every cell escaped."""

from __future__ import annotations

import html
import io
from collections.abc import Sequence

import segno

from ..i18n import t
from ._key import KEY_COLUMNS, key_rows
from ._question import Question

__all__ = ["key_html", "qr_png"]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #999; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
header { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
header img { width: 8rem; height: 8rem; }
@media print { body { margin: 0.5cm; } tr { break-inside: avoid; } }
"""


def qr_png(link: str, scale: int = 8) -> bytes:
    """The link as a QR code (PNG) that a phone reads off a projector across a room."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


def key_html(questions: Sequence[Question], title: str, link: str) -> str:
    """The key as a page to print: its title, the link with its QR code, one row per
    question in the current language."""
    head = "".join(f"<th>{html.escape(t(f'practice.col.{column}'))}</th>" for column in KEY_COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(row[column])}</td>" for column in KEY_COLUMNS) + "</tr>"
        for row in key_rows(questions)
    )
    qr = segno.make(link, error="m").svg_data_uri(scale=4, border=2)
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><header><div><h1>{html.escape(title)}</h1>"
        f"<p>{html.escape(link)}</p></div>"
        f'<img alt="QR" src="{html.escape(qr)}"></header>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"
    )
