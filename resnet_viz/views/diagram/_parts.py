"""Pieces every diagram level shares: the graph, escaped labels, the legend, stem and head."""

from __future__ import annotations

import html
from typing import Literal, get_args

import graphviz

from ...i18n import t
from ...models import ResNetSpec, ShortcutKind
from ...text import format_shape
from ...trace import Shape, Trace
from .._style import SHORTCUT_STYLE, layer_notation, legend_words

__all__ = [
    "DIRECTIONS",
    "EDGE_POINTS",
    "FILL",
    "FONT",
    "LINE_POINTS",
    "TITLE_POINTS",
    "Direction",
    "frame",
    "head",
    "legend",
    "new_graph",
    "node_label",
    "params_text",
    "row_starts",
    "stem_and_input",
]

#: TB: one column, as the paper draws it. LR: read like text, left to right, one row per
#: stage (blocks view) or per block (layers view), rows stacked top to bottom.
Direction = Literal["TB", "LR"]
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
FONT = "Arial"
#: Type sizes in points (one SVG unit each): node titles, node lines, edge labels. A diagram
#: shown at its natural size on a 96-dpi screen has 12-point titles 16 pixels high.
TITLE_POINTS = 12
LINE_POINTS = 11
EDGE_POINTS = 10
FILL = {"stem": "#eceff1", "stage": "#e3f2fd", "block": "#fff8e1", "head": "#eceff1"}


def node_label(title: str, *lines: str, fill: str = "#ffffff") -> str:
    """An HTML-like node label: a bold title and its lines, all escaped."""
    rows = [f"<TR><TD><B>{html.escape(title)}</B></TD></TR>"]
    rows += [
        f'<TR><TD><FONT POINT-SIZE="{LINE_POINTS}">{html.escape(line)}</FONT></TD></TR>'
        for line in lines
    ]
    return (
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1" BGCOLOR="{fill}">'
        + "".join(rows)
        + "</TABLE>>"
    )


def new_graph(direction: Direction = "TB") -> graphviz.Digraph:
    """An empty diagram with the house style; ``legend`` gives it its title line."""
    dot = graphviz.Digraph(name="resnet")
    if direction == "LR":
        dot.attr(newrank="true")  # rows start at one rank, across clusters
    dot.attr(
        rankdir=direction,
        nodesep="0.35",
        ranksep="0.3",
        fontname=FONT,
        labelloc="t",
        fontsize="15",
    )
    dot.attr(
        "node",
        shape="box",
        style="rounded,filled",
        fillcolor="#ffffff",
        fontname=FONT,
        fontsize=str(TITLE_POINTS),
        margin="0.08,0.04",
    )
    dot.attr("edge", fontname=FONT, fontsize=str(EDGE_POINTS), color="#546e7a", arrowsize="0.7")
    return dot


#: Legend glyphs drawn in each kind's colour: a thin, a heavy and a dashed line.
_LEGEND_LINE = {"identity": "──", "projection": "━━", "zero-pad": "╍╍", "none": "✕"}


def legend(
    dot: graphviz.Digraph,
    title: str,
    kinds: list[ShortcutKind],
    spec: ResNetSpec,
    direction: Direction = "LR",
) -> None:
    """The title, then a legend of the shortcut kinds drawn (all three when none), worded for
    the network's layout: on the title's line beside a wide left-to-right diagram, one to a
    line above a narrow column."""
    entries = [
        f'<FONT COLOR="{SHORTCUT_STYLE[kind].color}" POINT-SIZE="{EDGE_POINTS + 1}">'
        f"{_LEGEND_LINE[kind]} {html.escape(legend_words(kind, spec))}</FONT>"
        for kind in kinds or list(SHORTCUT_STYLE)
    ]
    if direction == "TB":
        dot.attr(label=f"<<B>{html.escape(title)}</B><BR/>{'<BR/>'.join(entries)}>")
    else:
        shortcuts = html.escape(t("diagram.shortcuts"))
        dot.attr(label=f"<<B>{html.escape(title)}</B>    {shortcuts}  {'    '.join(entries)}>")


def frame(cluster: graphviz.Digraph, title: str, *, color: str) -> None:
    """A stage's or block's rounded frame, titled at its top left (title escaped)."""
    cluster.attr(
        label=html.escape(title),
        style="rounded",
        color=color,
        fontsize=str(TITLE_POINTS),
        labeljust="l",
        margin="3",
    )


def row_starts(dot: graphviz.Digraph, nodes: list[str]) -> None:
    """Start the rows of a left-to-right diagram at these nodes, first row on top.

    Call it before anything else is drawn. The nodes share one rank, and Graphviz stacks a
    rank's nodes bottom to top in the order they are first named, hence the reversal. No line
    joins the rows: each row opens with the shape that flows into it, like lines of text.
    """
    with dot.subgraph() as rank:
        rank.attr(rank="same")
        for node in reversed(nodes):
            rank.node(node)


def params_text(count: int) -> str:
    return t("diagram.params", count=f"{count:,}")


def stem_lines(trace: Trace) -> list[str]:
    """The stem's convs and pool in the paper's notation (ResNet-C's three convs included)."""
    stem = [
        layer_notation(layer)
        for layer in trace.layers
        if layer.is_leaf
        and (layer.name == "maxpool" or layer.name.split(".")[0] == "conv1")
        and layer.type in ("Conv2d", "MaxPool2d")
    ]
    return [" → ".join(stem), params_text(trace.stem.params)]


def stem_and_input(dot: graphviz.Digraph, trace: Trace) -> str:
    dot.node("input", node_label(t("diagram.input"), format_shape(trace.input_size)), shape="plain")
    dot.node(
        "stem",
        node_label(t("diagram.stem"), *stem_lines(trace), fill=FILL["stem"]),
        fillcolor=FILL["stem"],
    )
    dot.edge("input", "stem")
    return "stem"


def head(
    dot: graphviz.Digraph, trace: Trace, source: str, shape: Shape, *, wrapped: bool = False
) -> None:
    """Global pooling and the classifier; ``wrapped`` puts them on a row of their own, which
    opens with a node named "head_entry" showing the shape that flows in."""
    final_norm = trace.spec.unit == "pre" and trace.spec.final_norm
    dot.node(
        "head",
        node_label(
            t("diagram.head_pre" if final_norm else "diagram.head"),
            t(
                "diagram.head_line_pre" if final_norm else "diagram.head_line",
                classes=trace.spec.num_classes,
            ),
            params_text(trace.head.params),
            fill=FILL["head"],
        ),
        fillcolor=FILL["head"],
    )
    if wrapped:
        dot.node("head_entry", node_label(format_shape(shape)), shape="plain")
        dot.edge("head_entry", "head")
    else:
        dot.edge(source, "head", label=html.escape(format_shape(shape)))
    dot.node(
        "output",
        node_label(t("diagram.output"), t("diagram.logits", classes=trace.spec.num_classes)),
        shape="plain",
    )
    dot.edge("head", "output")
