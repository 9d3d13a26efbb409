"""The Compare page: the networks chosen (from a link or the sidebar), what changes from one
to the next, the stage-aligned table, charts, diagrams, and block against block. The page file
calls what this face exports.
"""

from __future__ import annotations

from ...comparison import compare
from ._blocks import block_against_block
from ._page import changes, charts, diagrams, keep_link, link_notices, selected, sidebar, table

__all__ = [
    "block_against_block",
    "changes",
    "charts",
    "compare",
    "diagrams",
    "keep_link",
    "link_notices",
    "selected",
    "sidebar",
    "table",
]
