"""What a link and the widgets hold: the architecture page's view and the compare page's
selection, read from and written to a query.
"""

from __future__ import annotations

from ._architecture import (
    CHOICES,
    CUSTOM,
    DEFAULT_NET,
    INT_BOUNDS,
    ArchView,
    default_size,
    default_state,
    detail_state,
    fields_of,
    friendly_error,
    query_from_view,
    state_from_query,
    stem_proposal,
    unhonoured,
    view_from_state,
)
from ._compare import (
    DEFAULT_NETS,
    VIEW_CHOICES,
    nets_from_query,
    query_from_nets,
    spec_from_text,
    spec_to_text,
    view_from_query,
)

__all__ = [
    "CHOICES",
    "CUSTOM",
    "DEFAULT_NET",
    "DEFAULT_NETS",
    "INT_BOUNDS",
    "VIEW_CHOICES",
    "ArchView",
    "default_size",
    "default_state",
    "detail_state",
    "fields_of",
    "friendly_error",
    "nets_from_query",
    "query_from_nets",
    "query_from_view",
    "spec_from_text",
    "spec_to_text",
    "state_from_query",
    "stem_proposal",
    "unhonoured",
    "view_from_query",
    "view_from_state",
]
