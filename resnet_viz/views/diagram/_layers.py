"""The finest level: every layer of one block, or of a stage (long stages shortened)."""

from __future__ import annotations

import html

import graphviz

from ...i18n import t
from ...models import block_class_name
from ...text import format_shape
from ...trace import BlockTrace, LayerRow, Trace
from .._style import SHORTCUT_STYLE, layer_notation, reasons_text, shortcut_word
from ._parts import (
    LINE_POINTS,
    Direction,
    frame,
    legend,
    new_graph,
    node_label,
    params_text,
    row_starts,
)

__all__ = ["LAYERS_VIEW_FULL_BLOCKS", "layers_view"]

#: Above this many blocks in a stage, the layers view draws the first and last two in full.
LAYERS_VIEW_FULL_BLOCKS = 6


def _layer_node(dot: graphviz.Digraph, layer: LayerRow, node: str) -> str:
    if layer.type == "ReLU":
        dot.node(node, "ReLU", shape="ellipse", fontsize=str(LINE_POINTS), fillcolor="#f5f5f5")
    else:
        lines = [format_shape(layer.output_shape)] + (
            [params_text(layer.params)] if layer.params else []
        )
        fill = "#fff3e0" if ".downsample" in layer.name else "#ffffff"
        dot.node(
            node,
            node_label(layer_notation(layer) or layer.type, *lines, fill=fill),
            fillcolor=fill,
        )
    return node


def _prefix(block: BlockTrace) -> str:
    """The start of every node name of a block's layers: layer_layer2_0_..."""
    return "layer_" + block.name.replace(".", "_")


def _draw_block_layers(
    dot: graphviz.Digraph, trace: Trace, block: BlockTrace, source: str, new_row: bool
) -> str:
    """One block's layers in a frame, in the order they compute; returns its output's node
    (the ReLU after the add, or the add itself in a pre-activation unit).

    With ``new_row`` (left-to-right diagrams) the block opens a row with its input shape.
    """
    rows = [
        layer for layer in trace.layers if layer.name.startswith(block.name + ".") and layer.is_leaf
    ]
    pre = trace.spec.unit == "pre"
    with dot.subgraph(name=f"cluster_{block.name.replace('.', '_')}") as cluster:
        frame(cluster, f"{block.name} · {block_class_name(trace.spec)}", color="#ffcc80")
        # The branch: its convs, BNs and inner ReLUs, in call order (in a post-activation
        # block the last ReLU follows the add; a pre-activation unit has none there).
        branch = [layer for layer in rows if ".downsample" not in layer.name]
        branch = branch if pre else branch[:-1]
        prefix = _prefix(block)
        if new_row:
            entry = f"{prefix}_entry"
            cluster.node(entry, node_label(format_shape(block.in_shape)), shape="plain")
            source = entry
        previous = source
        nodes = []
        # Node ids go by call position: a block calls its one ReLU module several times.
        for index, layer in enumerate(branch):
            node = _layer_node(cluster, layer, f"{prefix}_{index}")
            dot.edge(previous, node)
            previous = node
            nodes.append(node)
        add = f"{prefix}_add"
        relu = f"{add}_relu"
        if block.shortcut == "none" and pre:  # a plain unit: its last conv is its output
            return previous
        if block.shortcut == "none":  # a plain block: the branch is all there is
            cluster.node(
                relu, "ReLU", shape="ellipse", fontsize=str(LINE_POINTS), fillcolor="#f5f5f5"
            )
            dot.edge(previous, relu)
            return relu
        cluster.node(add, "⊕", shape="circle", width="0.35", fixedsize="true", fontsize="14")
        dot.edge(previous, add, label="F(x)", fontcolor="#78909c")
        if not pre:
            cluster.node(
                relu, "ReLU", shape="ellipse", fontsize=str(LINE_POINTS), fillcolor="#f5f5f5"
            )
            dot.edge(add, relu)
        style = SHORTCUT_STYLE[block.shortcut]
        edge = {
            "color": style.color,
            "style": style.style,
            "penwidth": style.penwidth,
            "fontcolor": style.color,
        }
        # ResNet-D's stride-1 projections have an Identity where the pool would be: not drawn.
        shortcut_layers = [
            layer for layer in rows if ".downsample" in layer.name and layer.type != "Identity"
        ]
        # A pre-activation projection reads the unit's first BN-ReLU; anything else, x.
        tail = nodes[1] if pre and block.shortcut == "projection" else source
        for index, layer in enumerate(shortcut_layers):
            node = _layer_node(cluster, layer, f"{prefix}_shortcut_{index}")
            dot.edge(tail, node, **edge)
            tail = node
        label = shortcut_word(block.shortcut, trace.spec)
        if reasons := reasons_text(block):
            label = t("diagram.with_reasons", kind=label, reasons=reasons)
        dot.edge(tail, add, label=html.escape(label), **edge)
    return add if pre else relu


def layers_view(
    trace: Trace, stage_name: str | None, block_index: int | None, direction: Direction = "TB"
) -> graphviz.Digraph:
    """The layers of a stage (long stages shortened) or of one block; LR: a row per block."""
    stage_name = stage_name or trace.stages[0].name
    known = [stage.name for stage in trace.stages]
    if stage_name not in known:
        raise ValueError(f"stage: {stage_name!r} is not one of {known}")
    blocks = [block for block in trace.blocks if block.stage == stage_name]
    if block_index is not None:
        if not 0 <= block_index < len(blocks):
            raise ValueError(
                f"block: {block_index} is outside 0..{len(blocks) - 1} for {stage_name}"
            )
        blocks = [blocks[block_index]]
    part = stage_name + (f".{block_index}" if block_index is not None else "")
    title = t("diagram.title.layers", name=trace.spec.name, part=part)
    dot = new_graph(direction)
    shown = blocks
    if len(blocks) > LAYERS_VIEW_FULL_BLOCKS:
        shown = blocks[:2] + blocks[-2:]
    if direction == "LR":
        starts = ["input", *(_prefix(block) + "_entry" for block in shown[1:])]
        if len(shown) < len(blocks):
            starts.insert(2, "more")
        row_starts(dot, starts)
    dot.node(
        "input",
        node_label(t("diagram.input_to", name=blocks[0].name), format_shape(blocks[0].in_shape)),
        shape="plain",
    )
    previous = "input"
    for position, block in enumerate(shown):
        new_row = direction == "LR" and position > 0
        previous = _draw_block_layers(dot, trace, block, previous, new_row)
        if len(shown) < len(blocks) and position == 1:
            hidden = len(blocks) - len(shown)
            dot.node(
                "more",
                node_label(
                    t("diagram.more_blocks", count=hidden, name=block.name),
                    t("diagram.more_blocks_line", params=params_text(block.params)),
                ),
                style="rounded,dashed",
            )
            if direction != "LR":
                dot.edge(previous, "more")
            previous = "more"
    dot.node(
        "output",
        node_label(
            t("diagram.output_of", name=blocks[-1].name), format_shape(blocks[-1].out_shape)
        ),
        shape="plain",
    )
    dot.edge(previous, "output")
    kinds = sorted({block.shortcut for block in shown}, key=list(SHORTCUT_STYLE).index)
    legend(dot, title, kinds, trace.spec, direction)
    return dot
