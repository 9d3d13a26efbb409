"""In a notebook: ``import resnet_viz as rv``, then ``rv.draw``, ``rv.summary`` and
``rv.compare`` give the pages' diagrams and tables, computed by the same code."""

from __future__ import annotations

from ._api import FORMATS, UNITS, Diagram, compare, draw, summary

__all__ = ["FORMATS", "UNITS", "Diagram", "compare", "draw", "summary"]
