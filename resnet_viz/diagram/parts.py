"""Pieces every diagram level shares: the graph, escaped labels, the legend, stem and head."""

from __future__ import annotations

import html

import graphviz

from ..specs import ShortcutKind
from ..style import SHORTCUT_STYLE
from ..text import format_shape
from ..trace_records import Shape, Trace

__all__ = [
    "FILL",
    "FONT",
    "frame",
    "head",
    "legend",
    "new_graph",
    "node_label",
    "params_text",
    "stem_and_input",
]

FONT = "Helvetica"
FILL = {"stem": "#eceff1", "stage": "#e3f2fd", "block": "#fff8e1", "head": "#eceff1"}


def node_label(title: str, *lines: str, fill: str = "#ffffff") -> str:
    """An HTML-like node label: a bold title and smaller lines, all escaped."""
    rows = [f"<TR><TD><B>{html.escape(title)}</B></TD></TR>"]
    rows += [
        f'<TR><TD><FONT POINT-SIZE="10">{html.escape(line)}</FONT></TD></TR>' for line in lines
    ]
    return (
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1" BGCOLOR="{fill}">'
        + "".join(rows)
        + "</TABLE>>"
    )


def new_graph(trace: Trace, title: str) -> graphviz.Digraph:
    dot = graphviz.Digraph(name="resnet")
    dot.attr(
        rankdir="TB",
        nodesep="0.35",
        ranksep="0.3",
        fontname=FONT,
        label=html.escape(title),
        labelloc="t",
        fontsize="16",
    )
    dot.attr(
        "node",
        shape="box",
        style="rounded,filled",
        fillcolor="#ffffff",
        fontname=FONT,
        fontsize="11",
        margin="0.08,0.04",
    )
    dot.attr("edge", fontname=FONT, fontsize="9", color="#546e7a", arrowsize="0.7")
    return dot


def legend(dot: graphviz.Digraph, kinds: list[ShortcutKind]) -> None:
    """A legend of the shortcut kinds this diagram uses (all three when it uses none)."""
    with dot.subgraph(name="cluster_legend") as box:
        box.attr(label="shortcuts", style="rounded,dashed", color="#90a4ae", fontsize="11")
        for kind in kinds or list(SHORTCUT_STYLE):
            style = SHORTCUT_STYLE[kind]
            box.node(f"legend_{kind}_a", "", shape="point", width="0.05")
            box.node(f"legend_{kind}_b", "", shape="point", width="0.05")
            box.edge(
                f"legend_{kind}_a",
                f"legend_{kind}_b",
                label=html.escape("  " + style.legend),
                color=style.color,
                style=style.style,
                penwidth=style.penwidth,
                fontcolor=style.color,
                arrowhead="none",
                minlen="1",
            )


def frame(cluster: graphviz.Digraph, title: str, *, color: str, fontsize: str) -> None:
    """A stage's or block's rounded frame, titled at its top left (title escaped)."""
    cluster.attr(
        label=html.escape(title), style="rounded", color=color, fontsize=fontsize, labeljust="l"
    )


def params_text(count: int) -> str:
    return f"{count:,} params"


def stem_lines(trace: Trace) -> list[str]:
    stem = [
        layer.detail
        for layer in trace.layers
        if layer.depth == 1 and layer.name in ("conv1", "maxpool") and layer.detail
    ]
    return [" → ".join(stem), params_text(trace.stem.params)]


def stem_and_input(dot: graphviz.Digraph, trace: Trace) -> str:
    dot.node("input", node_label("input", format_shape(trace.input_size)), shape="plain")
    dot.node(
        "stem",
        node_label("stem · conv1", *stem_lines(trace), fill=FILL["stem"]),
        fillcolor=FILL["stem"],
    )
    dot.edge("input", "stem")
    return "stem"


def head(dot: graphviz.Digraph, trace: Trace, source: str, shape: Shape) -> None:
    dot.node(
        "head",
        node_label(
            "head · avgpool → fc",
            f"global avg pool → fc, {trace.spec.num_classes}",
            params_text(trace.head.params),
            fill=FILL["head"],
        ),
        fillcolor=FILL["head"],
    )
    dot.edge(source, "head", label=html.escape(format_shape(shape)))
    dot.node("output", node_label("output", f"{trace.spec.num_classes} logits"), shape="plain")
    dot.edge("head", "output")
