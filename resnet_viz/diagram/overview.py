"""The coarse levels: one node per stage, or one per block with identical blocks folded."""

from __future__ import annotations

import html
from itertools import groupby

import graphviz

from ..specs import ShortcutKind
from ..style import SHORTCUT_STYLE
from ..text import format_shape
from ..trace_records import BlockTrace, Shape, Trace
from .parts import FILL, frame, head, legend, new_graph, node_label, params_text, stem_and_input

__all__ = ["blocks_view", "fold_blocks", "stages_view"]


def stages_view(trace: Trace) -> graphviz.Digraph:
    dot = new_graph(trace, f"{trace.spec.name}: stages")
    previous = stem_and_input(dot, trace)
    shape = trace.stem.out_shape
    kinds: list[ShortcutKind] = []
    for stage in trace.stages:
        shortcuts = ", ".join(f"{count} {kind}" for kind, count in stage.shortcuts)
        kinds += [kind for kind, _ in stage.shortcuts]
        node = f"stage_{stage.name}"
        dot.node(
            node,
            node_label(
                f"{stage.name} · {stage.paper_name}",
                f"×{stage.blocks} {stage.block_type} blocks"
                + (f", stride {stage.stride}" if stage.stride > 1 else ""),
                f"shortcuts: {shortcuts}",
                params_text(stage.params),
                fill=FILL["stage"],
            ),
            fillcolor=FILL["stage"],
            peripheries="2" if stage.blocks > 1 else "1",
        )
        dot.edge(previous, node, label=html.escape(format_shape(shape)))
        previous, shape = node, stage.out_shape
    head(dot, trace, previous, shape)
    legend(dot, sorted(set(kinds), key=list(SHORTCUT_STYLE).index))
    return dot


def fold_blocks(blocks: tuple[BlockTrace, ...], unfold: bool = False) -> list[list[BlockTrace]]:
    """Group runs of identical identity blocks (same stage, shapes and params) into one entry."""
    if unfold:
        return [[block] for block in blocks]

    def key(block: BlockTrace) -> tuple[object, ...]:
        if block.shortcut != "identity":
            return ("single", block.name)
        return ("run", block.stage, block.in_shape, block.out_shape, block.params)

    return [list(run) for _, run in groupby(blocks, key=key)]


def _branch_summary(trace: Trace, block: BlockTrace) -> str:
    """The residual branch in the paper's notation, e.g. "3×3 conv, 64 → 3×3 conv, 64"."""
    prefix = f"{block.name}.conv"
    return " → ".join(
        layer.detail for layer in trace.layers if layer.name.startswith(prefix) and layer.is_leaf
    )


def _shortcutlabel(block: BlockTrace) -> str:
    if block.shortcut in ("identity", "zero-pad"):
        return block.shortcut
    return f"1×1 conv{', stride ' + str(block.stride) if block.stride > 1 else ''} + BN"


def _draw_block_run(
    dot: graphviz.Digraph,
    cluster: graphviz.Digraph,
    trace: Trace,
    run: list[BlockTrace],
    source: str,
    shape: Shape,
) -> str:
    """One block (or a folded run) as branch box → ⊕/ReLU, with its shortcut; returns the ⊕.

    Nodes go in the stage's cluster, edges in the top graph: an edge written inside a cluster
    would pull its source node (the previous stage's output) into that cluster.
    """
    first, count = run[0], len(run)
    node = f"block_{first.stage}_{first.index}"
    title = f"{first.name}" if count == 1 else f"{first.name} … {run[-1].name} (×{count})"
    lines = [_branch_summary(trace, first)]
    if count > 1:
        lines.append(f"{count} identical blocks, identity shortcuts")
    lines.append(params_text(first.params) + (" each" if count > 1 else ""))
    if first.shortcut_params:
        lines.append(f"incl. shortcut: {params_text(first.shortcut_params)}")
    cluster.node(
        node,
        node_label(title, *lines, fill=FILL["block"]),
        fillcolor=FILL["block"],
        peripheries="2" if count > 1 else "1",
    )
    add = f"{node}_add"
    cluster.node(
        add,
        '<⊕<BR/><FONT POINT-SIZE="8">ReLU</FONT>>',
        shape="circle",
        style="filled",
        fillcolor="#ffffff",
        width="0.45",
        fixedsize="true",
        fontsize="14",
    )
    dot.edge(source, node, label=html.escape(format_shape(shape)))
    dot.edge(node, add, label="F(x)", fontcolor="#78909c")
    style = SHORTCUT_STYLE[first.shortcut]
    # Leading spaces keep the label's first letter clear of its own curve.
    label = "  " + _shortcutlabel(first) + (f" ×{count}" if count > 1 else "")
    if first.reasons:
        label += f"\n  why: {', '.join(first.reasons)}"
    dot.edge(
        source,
        add,
        label=html.escape(label),
        color=style.color,
        style=style.style,
        penwidth=style.penwidth,
        fontcolor=style.color,
        constraint="false",
    )
    return add


def blocks_view(trace: Trace, unfold: bool) -> graphviz.Digraph:
    dot = new_graph(trace, f"{trace.spec.name}: blocks")
    previous = stem_and_input(dot, trace)
    shape = trace.stem.out_shape
    for stage in trace.stages:
        runs = [run for run in fold_blocks(trace.blocks, unfold) if run[0].stage == stage.name]
        with dot.subgraph(name=f"cluster_{stage.name}") as cluster:
            frame(cluster, f"{stage.name} · {stage.paper_name}", color="#90caf9", fontsize="12")
            for run in runs:
                previous = _draw_block_run(dot, cluster, trace, run, previous, shape)
                shape = run[-1].out_shape
    head(dot, trace, previous, shape)
    legend(dot, [kind for kind, count in trace.shortcut_counts().items() if count])
    return dot
