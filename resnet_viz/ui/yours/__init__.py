"""The Your ResNet page: the visitor's own checkpoint or print(model) text recognised, mapped
and compared. The page file calls what this face exports."""

from __future__ import annotations

from ._page import chosen_input, show

__all__ = ["chosen_input", "show"]
