"""How shortcut kinds look everywhere they appear: diagrams, charts and their legends."""

from __future__ import annotations

from dataclasses import dataclass

from .specs import ShortcutKind

__all__ = ["SHORTCUT_STYLE", "ShortcutStyle"]


@dataclass(frozen=True)
class ShortcutStyle:
    """Colour, Graphviz line style and pen width, and the legend's words for one kind."""

    color: str
    style: str
    penwidth: str
    legend: str


SHORTCUT_STYLE: dict[ShortcutKind, ShortcutStyle] = {
    "identity": ShortcutStyle("#2e7d32", "solid", "1.5", "identity: x passes unchanged"),
    "projection": ShortcutStyle("#e65100", "bold", "2.5", "projection: 1×1 conv + BN"),
    "zero-pad": ShortcutStyle("#1565c0", "dashed", "2", "zero-pad: subsample, pad channels with 0"),
    "none": ShortcutStyle("#9e9e9e", "invis", "1", "none: a plain network adds nothing back"),
}
