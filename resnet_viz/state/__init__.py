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
from ._codec import LIST_KEYS, SPEC_INT_BOUNDS, SPEC_KEYS, is_preset, parse_whole, spec_field
from ._compare import (
    DEFAULT_NETS,
    VIEW_CHOICES,
    named_network,
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
    "LIST_KEYS",
    "SPEC_INT_BOUNDS",
    "SPEC_KEYS",
    "VIEW_CHOICES",
    "ArchView",
    "default_size",
    "default_state",
    "detail_state",
    "fields_of",
    "friendly_error",
    "is_preset",
    "named_network",
    "nets_from_query",
    "parse_whole",
    "query_from_nets",
    "query_from_view",
    "spec_field",
    "spec_from_text",
    "spec_to_text",
    "state_from_query",
    "stem_proposal",
    "unhonoured",
    "view_from_query",
    "view_from_state",
]
