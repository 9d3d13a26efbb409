"""Draw a traced network as a Graphviz diagram, and render it with the ``dot`` program.

Building DOT text (``to_dot``) never runs a program; ``rendering.render`` runs ``dot``.
Shortcuts are told apart at a glance: identity (green, thin), projection (orange, bold, with
its 1×1 conv + BN), zero-pad (blue, dashed). Every label is HTML-escaped.
"""

from __future__ import annotations

import html
from itertools import groupby
from typing import Literal, get_args

import graphviz

from .specs import ShortcutKind
from .style import SHORTCUT_STYLE
from .text import format_shape
from .trace_records import BlockTrace, LayerRow, Shape, Trace

__all__ = ["LEVELS", "MAX_UNFOLDED_BLOCKS", "Level", "can_unfold", "fold_blocks", "to_dot"]

#: How closely a diagram looks: the stages, every block (identical ones folded), or the layers.
Level = Literal["stages", "blocks", "layers"]
LEVELS: tuple[Level, ...] = get_args(Level)

#: Above this many blocks in a stage, the layers view draws the first and last two in full.
LAYERS_VIEW_FULL_BLOCKS = 6
#: The blocks view draws blocks one by one only up to this many (ResNet-152 has 50).
MAX_UNFOLDED_BLOCKS = 64
FONT = "Helvetica"
FILL = {"stem": "#eceff1", "stage": "#e3f2fd", "block": "#fff8e1", "head": "#eceff1"}


def can_unfold(total_blocks: int) -> bool:
    """Whether the blocks view may draw this many blocks one by one."""
    return total_blocks <= MAX_UNFOLDED_BLOCKS


def _label(title: str, *lines: str, fill: str = "#ffffff") -> str:
    """An HTML-like node label: a bold title and smaller lines, all escaped."""
    rows = [f'<TR><TD><B>{html.escape(title)}</B></TD></TR>']
    rows += [f'<TR><TD><FONT POINT-SIZE="10">{html.escape(line)}</FONT></TD></TR>' for line in lines]
    return (
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1" BGCOLOR="{fill}">'
        + "".join(rows)
        + "</TABLE>>"
    )


def _new_graph(trace: Trace, title: str) -> graphviz.Digraph:
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
    dot.attr("node", shape="box", style="rounded,filled", fillcolor="#ffffff", fontname=FONT,
             fontsize="11", margin="0.08,0.04")
    dot.attr("edge", fontname=FONT, fontsize="9", color="#546e7a", arrowsize="0.7")
    return dot


def _legend(dot: graphviz.Digraph, kinds: list[ShortcutKind]) -> None:
    """A legend of the shortcut kinds this diagram uses (all three when it uses none)."""
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(label="shortcuts", style="rounded,dashed", color="#90a4ae", fontsize="11")
        for kind in kinds or list(SHORTCUT_STYLE):
            style = SHORTCUT_STYLE[kind]
            legend.node(f"legend_{kind}_a", "", shape="point", width="0.05")
            legend.node(f"legend_{kind}_b", "", shape="point", width="0.05")
            legend.edge(f"legend_{kind}_a", f"legend_{kind}_b",
                        label=html.escape("  " + style.legend), color=style.color,
                        style=style.style, penwidth=style.penwidth, fontcolor=style.color,
                        arrowhead="none", minlen="1")


def _params(count: int) -> str:
    return f"{count:,} params"


def _stem_lines(trace: Trace) -> list[str]:
    stem = [
        layer.detail
        for layer in trace.layers
        if layer.depth == 1 and layer.name in ("conv1", "maxpool") and layer.detail
    ]
    return [" → ".join(stem), _params(trace.stem.params)]


def _stem_and_input(dot: graphviz.Digraph, trace: Trace) -> str:
    dot.node("input", _label("input", format_shape(trace.input_size)), shape="plain")
    dot.node("stem", _label("stem · conv1", *_stem_lines(trace), fill=FILL["stem"]),
             fillcolor=FILL["stem"])
    dot.edge("input", "stem")
    return "stem"


def _head(dot: graphviz.Digraph, trace: Trace, source: str, shape: Shape) -> None:
    dot.node("head", _label("head · avgpool → fc", f"global avg pool → fc, {trace.spec.num_classes}",
                            _params(trace.head.params), fill=FILL["head"]), fillcolor=FILL["head"])
    dot.edge(source, "head", label=html.escape(format_shape(shape)))
    dot.node("output", _label("output", f"{trace.spec.num_classes} logits"), shape="plain")
    dot.edge("head", "output")


def _stages_view(trace: Trace) -> graphviz.Digraph:
    dot = _new_graph(trace, f"{trace.spec.name}: stages")
    previous = _stem_and_input(dot, trace)
    shape = trace.stem.out_shape
    kinds: list[ShortcutKind] = []
    for stage in trace.stages:
        shortcuts = ", ".join(f"{count} {kind}" for kind, count in stage.shortcuts)
        kinds += [kind for kind, _ in stage.shortcuts]
        node = f"stage_{stage.name}"
        dot.node(
            node,
            _label(
                f"{stage.name} · {stage.paper_name}",
                f"×{stage.blocks} {stage.block_type} blocks" + (f", stride {stage.stride}" if stage.stride > 1 else ""),
                f"shortcuts: {shortcuts}",
                _params(stage.params),
                fill=FILL["stage"],
            ),
            fillcolor=FILL["stage"],
            peripheries="2" if stage.blocks > 1 else "1",
        )
        dot.edge(previous, node, label=html.escape(format_shape(shape)))
        previous, shape = node, stage.out_shape
    _head(dot, trace, previous, shape)
    _legend(dot, sorted(set(kinds), key=list(SHORTCUT_STYLE).index))
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


def _shortcut_label(block: BlockTrace) -> str:
    if block.shortcut in ("identity", "zero-pad"):
        return block.shortcut
    return f"1×1 conv{', stride ' + str(block.stride) if block.stride > 1 else ''} + BN"


def _draw_block_run(dot: graphviz.Digraph, cluster: graphviz.Digraph, trace: Trace,
                    run: list[BlockTrace], source: str, shape: Shape) -> str:
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
    lines.append(_params(first.params) + (" each" if count > 1 else ""))
    if first.shortcut_params:
        lines.append(f"incl. shortcut: {_params(first.shortcut_params)}")
    cluster.node(node, _label(title, *lines, fill=FILL["block"]), fillcolor=FILL["block"],
                 peripheries="2" if count > 1 else "1")
    add = f"{node}_add"
    cluster.node(add, '<⊕<BR/><FONT POINT-SIZE="8">ReLU</FONT>>', shape="circle", style="filled",
             fillcolor="#ffffff", width="0.45", fixedsize="true", fontsize="14")
    dot.edge(source, node, label=html.escape(format_shape(shape)))
    dot.edge(node, add, label="F(x)", fontcolor="#78909c")
    style = SHORTCUT_STYLE[first.shortcut]
    # Leading spaces keep the label's first letter clear of its own curve.
    label = "  " + _shortcut_label(first) + (f" ×{count}" if count > 1 else "")
    if first.reasons:
        label += f"\n  why: {', '.join(first.reasons)}"
    dot.edge(source, add, label=html.escape(label), color=style.color, style=style.style,
             penwidth=style.penwidth, fontcolor=style.color, constraint="false")
    return add


def _blocks_view(trace: Trace, unfold: bool) -> graphviz.Digraph:
    dot = _new_graph(trace, f"{trace.spec.name}: blocks")
    previous = _stem_and_input(dot, trace)
    shape = trace.stem.out_shape
    for stage in trace.stages:
        runs = [run for run in fold_blocks(trace.blocks, unfold) if run[0].stage == stage.name]
        with dot.subgraph(name=f"cluster_{stage.name}") as cluster:
            cluster.attr(label=html.escape(f"{stage.name} · {stage.paper_name}"),
                         style="rounded", color="#90caf9", fontsize="12", labeljust="l")
            for run in runs:
                previous = _draw_block_run(dot, cluster, trace, run, previous, shape)
                shape = run[-1].out_shape
    _head(dot, trace, previous, shape)
    _legend(dot, [kind for kind, count in trace.shortcut_counts().items() if count])
    return dot


def _layer_node(dot: graphviz.Digraph, layer: LayerRow, node: str) -> str:
    if layer.type == "ReLU":
        dot.node(node, "ReLU", shape="ellipse", fontsize="9", fillcolor="#f5f5f5")
    else:
        lines = [format_shape(layer.output_shape)] + ([_params(layer.params)] if layer.params else [])
        fill = "#fff3e0" if ".downsample" in layer.name else "#ffffff"
        dot.node(node, _label(layer.detail or layer.type, *lines, fill=fill), fillcolor=fill)
    return node


def _draw_block_layers(dot: graphviz.Digraph, trace: Trace, block: BlockTrace, source: str) -> str:
    rows = [
        layer
        for layer in trace.layers
        if layer.name.startswith(block.name + ".") and layer.is_leaf
    ]
    with dot.subgraph(name=f"cluster_{block.name.replace('.', '_')}") as cluster:
        cluster.attr(label=html.escape(f"{block.name} · {block.block_type}"), style="rounded",
                     color="#ffcc80", fontsize="11", labeljust="l")
        # The branch: its convs, BNs and inner ReLUs, in call order (the last ReLU is post-add).
        branch = [layer for layer in rows if ".downsample" not in layer.name][:-1]
        prefix = "layer_" + block.name.replace(".", "_")
        previous = source
        # Node ids go by call position: a block calls its one ReLU module several times.
        for index, layer in enumerate(branch):
            node = _layer_node(cluster, layer, f"{prefix}_{index}")
            dot.edge(previous, node)
            previous = node
        add = f"{prefix}_add"
        cluster.node(add, "⊕", shape="circle", width="0.35", fixedsize="true", fontsize="14")
        relu = f"{add}_relu"
        cluster.node(relu, "ReLU", shape="ellipse", fontsize="9", fillcolor="#f5f5f5")
        dot.edge(previous, add, label="F(x)", fontcolor="#78909c")
        dot.edge(add, relu)
        style = SHORTCUT_STYLE[block.shortcut]
        edge = dict(color=style.color, style=style.style, penwidth=style.penwidth, fontcolor=style.color)
        shortcut_layers = [layer for layer in rows if ".downsample" in layer.name]
        tail = source
        for index, layer in enumerate(shortcut_layers):
            node = _layer_node(cluster, layer, f"{prefix}_shortcut_{index}")
            dot.edge(tail, node, **edge)
            tail = node
        label = block.shortcut + (f" ({', '.join(block.reasons)})" if block.reasons else "")
        dot.edge(tail, add, label=html.escape(label), **edge)
    return relu


def _layers_view(trace: Trace, stage_name: str | None, block_index: int | None) -> graphviz.Digraph:
    stage_name = stage_name or trace.stages[0].name
    known = [stage.name for stage in trace.stages]
    if stage_name not in known:
        raise ValueError(f"stage: {stage_name!r} is not one of {known}")
    blocks = [b for b in trace.blocks if b.stage == stage_name]
    if block_index is not None:
        if not 0 <= block_index < len(blocks):
            raise ValueError(f"block: {block_index} is outside 0..{len(blocks) - 1} for {stage_name}")
        blocks = [blocks[block_index]]
    title = f"{trace.spec.name}: layers of {stage_name}" + (
        f".{block_index}" if block_index is not None else ""
    )
    dot = _new_graph(trace, title)
    dot.node("input", _label("input to " + blocks[0].name, format_shape(blocks[0].in_shape)), shape="plain")
    previous = "input"
    shown = blocks
    if len(blocks) > LAYERS_VIEW_FULL_BLOCKS:
        shown = blocks[:2] + blocks[-2:]
    for position, block in enumerate(shown):
        previous = _draw_block_layers(dot, trace, block, previous)
        if len(shown) < len(blocks) and position == 1:
            hidden = len(blocks) - len(shown)
            dot.node("more", _label(f"… {hidden} more blocks like {block.name} …",
                                    f"{_params(block.params)} each, identity shortcuts"),
                     style="rounded,dashed")
            dot.edge(previous, "more")
            previous = "more"
    dot.node("output", _label("output of " + blocks[-1].name, format_shape(blocks[-1].out_shape)), shape="plain")
    dot.edge(previous, "output")
    _legend(dot, sorted({block.shortcut for block in shown}, key=list(SHORTCUT_STYLE).index))
    return dot


def to_dot(
    trace: Trace,
    level: Level = "blocks",
    *,
    unfold: bool = False,
    stage: str | None = None,
    block: int | None = None,
) -> graphviz.Digraph:
    """The diagram of a trace at one level of detail, as DOT (no program is run)."""
    if level == "stages":
        return _stages_view(trace)
    if level == "blocks":
        if unfold and not can_unfold(len(trace.blocks)):
            raise ValueError(
                f"unfold: {len(trace.blocks)} blocks are too many to draw one by one "
                f"(at most {MAX_UNFOLDED_BLOCKS}); fold identical blocks instead"
            )
        return _blocks_view(trace, unfold)
    if level == "layers":
        return _layers_view(trace, stage, block)
    raise ValueError(f"level: {level!r} is not one of {list(LEVELS)}")
