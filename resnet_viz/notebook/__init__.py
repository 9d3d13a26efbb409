"""In a notebook: ``import resnet_viz as rv``, then ``rv.draw``, ``rv.summary`` and
``rv.compare`` give the pages' diagrams and tables, computed by the same code, and
``rv.check`` reads an engineer's own ResNet (a module, a checkpoint, a print(model) text)."""

from __future__ import annotations

from ._api import FORMATS, UNITS, Diagram, compare, draw, summary
from ._check import Check, check, recognise_input, spec_of

__all__ = [
    "FORMATS",
    "UNITS",
    "Check",
    "Diagram",
    "check",
    "compare",
    "draw",
    "recognise_input",
    "spec_of",
    "summary",
]
