"""He et al.'s Figure 2 as a diagram: a residual block, H(x) = F(x) + x, and its plain twin.

Traced diagrams show what a real network computes; this one shows the idea alone, with the
paper's own words ("weight layer"), so a class sees the shortcut before any shapes or numbers.
"""

from __future__ import annotations

import html
from typing import Literal, get_args

import graphviz

from ...i18n import t
from .._style import SHORTCUT_STYLE
from ._parts import EDGE_POINTS, LINE_POINTS, TITLE_POINTS, new_graph, node_label

__all__ = ["CONCEPTS", "Concept", "concept_view"]

#: "residual": the branch learns F(x) and the shortcut adds x back; "plain": the same layers
#: must learn H(x) themselves.
Concept = Literal["residual", "plain"]
CONCEPTS: tuple[Concept, ...] = get_args(Concept)
_RELU = {"shape": "ellipse", "fontsize": str(LINE_POINTS), "fillcolor": "#f5f5f5"}
_FADED = "#78909c"


def _title(dot: graphviz.Digraph, title: str, subtitle: str) -> None:
    dot.attr(
        label=f'<<B>{html.escape(title)}</B><BR/><FONT POINT-SIZE="{TITLE_POINTS}">'
        f"{html.escape(subtitle)}</FONT>>"
    )


def _branch(dot: graphviz.Digraph) -> str:
    """x, then weight layer → ReLU → weight layer, as in the paper; returns the last layer."""
    dot.node("x", node_label("x"), shape="plain")
    previous = "x"
    for node in ("weight_1", "relu_1", "weight_2"):
        if node.startswith("relu"):
            dot.node(node, "ReLU", **_RELU)
        else:
            dot.node(node, node_label(t("walk.concept.weight_layer")))
        dot.edge(previous, node)
        previous = node
    return previous


def concept_view(concept: Concept = "residual") -> graphviz.Digraph:
    """The residual block of He et al.'s Figure 2 (or its plain twin), top to bottom, worded
    in the current language."""
    if concept not in CONCEPTS:
        raise ValueError(f"concept: {concept!r} is not one of {list(CONCEPTS)}")
    dot = new_graph("TB")
    last = _branch(dot)
    if concept == "plain":
        _title(dot, t("walk.concept.plain_title"), t("walk.concept.plain_subtitle"))
        dot.node("relu_2", "ReLU", **_RELU)
        dot.edge(last, "relu_2")
        dot.node("output", node_label("H(x)"), shape="plain")
        dot.edge("relu_2", "output")
        return dot
    _title(dot, t("walk.concept.residual_title"), t("walk.concept.residual_subtitle"))
    dot.node("add", "⊕", shape="circle", width="0.35", fixedsize="true", fontsize="14")
    dot.edge(last, "add", label="F(x)", fontcolor=_FADED, fontsize=str(EDGE_POINTS + 1))
    style = SHORTCUT_STYLE["identity"]
    dot.edge(
        "x",
        "add",
        label=f"<x<BR/>{html.escape(t('walk.concept.identity'))}>",
        color=style.color,
        style=style.style,
        penwidth=style.penwidth,
        fontcolor=style.color,
        fontsize=str(EDGE_POINTS + 1),
    )
    dot.node("relu_2", "ReLU", **_RELU)
    dot.edge("add", "relu_2", label="F(x) + x", fontcolor=_FADED, fontsize=str(EDGE_POINTS + 1))
    dot.node("output", node_label("H(x)"), shape="plain")
    dot.edge("relu_2", "output")
    return dot
