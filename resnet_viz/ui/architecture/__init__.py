"""The Architecture page: its sidebar and views, the state a link holds, and the details
tabs. The page file calls what this face exports.
"""

from __future__ import annotations

from ._details import detail_tabs
from ._page import diagram, heading, keep_link, link_notices, shown_view, sidebar

__all__ = [
    "detail_tabs",
    "diagram",
    "heading",
    "keep_link",
    "link_notices",
    "shown_view",
    "sidebar",
]
