"""The coarse levels: one node per stage, or one per block with identical blocks folded."""

from __future__ import annotations

import html
from itertools import groupby

import graphviz

from ...i18n import t, t_count
from ...models import ResNetSpec, ShortcutKind
from ...text import format_shape
from ...trace import BlockTrace, Shape, Trace
from .._style import (
    SHORTCUT_STYLE,
    block_word,
    kind_counts,
    layer_notation,
    layout_variant,
    reasons_text,
    shortcut_word,
)
from ._parts import (
    FILL,
    LINE_POINTS,
    Direction,
    frame,
    head,
    legend,
    new_graph,
    node_label,
    params_text,
    row_starts,
    stem_and_input,
)

__all__ = ["blocks_view", "fold_blocks", "stages_view"]


def stages_view(trace: Trace, direction: Direction = "TB") -> graphviz.Digraph:
    dot = new_graph(direction)
    previous = stem_and_input(dot, trace)
    shape = trace.stem.out_shape
    kinds: list[ShortcutKind] = []
    for stage in trace.stages:
        shortcuts = kind_counts(stage.shortcuts)
        kinds += [kind for kind, _ in stage.shortcuts]
        node = f"stage_{stage.name}"
        dot.node(
            node,
            node_label(
                f"{stage.name} · {stage.paper_name}",
                t_count(
                    "diagram.stage_blocks",
                    stage.blocks,
                    block=block_word(stage.block_type, trace.spec.unit),
                )
                + (t("diagram.stride", stride=stage.stride) if stage.stride > 1 else ""),
                t("diagram.stage_shortcuts", shortcuts=shortcuts),
                params_text(stage.params),
                fill=FILL["stage"],
            ),
            fillcolor=FILL["stage"],
            peripheries="2" if stage.blocks > 1 else "1",
        )
        dot.edge(previous, node, label=html.escape(format_shape(shape)))
        previous, shape = node, stage.out_shape
    head(dot, trace, previous, shape)
    shown = sorted(set(kinds), key=list(SHORTCUT_STYLE).index)
    legend(dot, t("diagram.title.stages", name=trace.spec.name), shown, trace.spec, direction)
    return dot


def fold_blocks(blocks: tuple[BlockTrace, ...], unfold: bool = False) -> list[list[BlockTrace]]:
    """Group runs of identical blocks (same stage, shapes and params) whose shortcut is an
    identity, or absent (a plain network), into one entry."""
    if unfold:
        return [[block] for block in blocks]

    def key(block: BlockTrace) -> tuple[object, ...]:
        if block.shortcut not in ("identity", "none"):
            return ("single", block.name)
        return ("run", block.stage, block.in_shape, block.out_shape, block.params)

    return [list(run) for _, run in groupby(blocks, key=key)]


def _branch_lines(trace: Trace, block: BlockTrace) -> list[str]:
    """The residual branch in the paper's notation, two convolutions to a line:
    "1×1 conv, 64 → 3×3 conv, 64" / "→ 1×1 conv, 256"."""
    prefix = f"{block.name}.conv"
    convs = [
        layer_notation(layer)
        for layer in trace.layers
        if layer.name.startswith(prefix) and layer.is_leaf
    ]
    if trace.spec.unit == "pre":  # each conv reads a normalised, activated input
        convs = [t("diagram.preact_conv", conv=conv) for conv in convs]
    lines = [" → ".join(convs[start : start + 2]) for start in range(0, len(convs), 2)]
    return [lines[0], *(f"→ {line}" for line in lines[1:])]


def _shortcut_label(spec: ResNetSpec, block: BlockTrace, count: int, one_line: bool) -> str:
    """What the shortcut is (and costs) in this layout, and why it is not a plain identity."""
    if block.shortcut in ("identity", "zero-pad"):
        text = shortcut_word(block.shortcut, spec)
    else:
        stride = t("diagram.stride", stride=block.stride) if block.stride > 1 else ""
        key = "diagram.projection" + layout_variant("projection", spec, block.stride)
        text = t(key, stride=stride, params=params_text(block.shortcut_params))
    text += f" ×{count}" if count > 1 else ""
    if reasons := reasons_text(block):
        why = t("diagram.why", reasons=reasons)
        text += (" · " if one_line else "\n") + why
    return text


def _draw_block_run(
    dot: graphviz.Digraph,
    cluster: graphviz.Digraph,
    trace: Trace,
    run: list[BlockTrace],
    source: str,
    shape: Shape | None,
    wide: bool,
) -> str:
    """One block (or a folded run) as branch box → ⊕/ReLU, with its shortcut; returns the ⊕.

    Nodes go in the stage's cluster, edges in the top graph: an edge written inside a cluster
    would pull its source node (the previous stage's output) into that cluster.
    """
    first, count = run[0], len(run)
    node = f"block_{first.stage}_{first.index}"
    title = f"{first.name}" if count == 1 else f"{first.name} … {run[-1].name} (×{count})"
    lines = [
        *_branch_lines(trace, first),
        t("diagram.each", params=params_text(first.params))
        if count > 1
        else params_text(first.params),
    ]
    cluster.node(
        node,
        node_label(title, *lines, fill=FILL["block"]),
        fillcolor=FILL["block"],
        peripheries="2" if count > 1 else "1",
    )
    add = f"{node}_add"
    plain = first.shortcut == "none"
    dot.edge(source, node, label=html.escape(format_shape(shape)) if shape else None)
    pre = trace.spec.unit == "pre"
    if plain and pre:  # nothing comes round the block and nothing follows its last conv
        return node
    # After the add, a post-activation block has its ReLU; a pre-activation unit has none.
    after = "" if pre else f'<BR/><FONT POINT-SIZE="{LINE_POINTS}">ReLU</FONT>'
    cluster.node(
        add,
        "ReLU" if plain else f"<⊕{after}>",
        shape="circle",
        style="filled",
        fillcolor="#ffffff",
        width="0.5",
        fixedsize="true",
        fontsize=str(LINE_POINTS) if plain else "16",
    )
    dot.edge(node, add, label=None if plain else "F(x)", fontcolor="#78909c")
    if plain:  # a plain network: nothing comes round the block
        return add
    style = SHORTCUT_STYLE[first.shortcut]
    dot.edge(
        source,
        add,
        label=html.escape(_shortcut_label(trace.spec, first, count, one_line=wide)),
        color=style.color,
        style=style.style,
        penwidth=style.penwidth,
        fontcolor=style.color,
        constraint="false",
    )
    return add


def blocks_view(trace: Trace, unfold: bool, direction: Direction = "TB") -> graphviz.Digraph:
    """Every block, identical runs folded: one column (TB), or one row per stage (LR)."""
    dot = new_graph(direction)
    if direction == "LR":
        row_starts(dot, ["input", *(f"entry_{stage.name}" for stage in trace.stages), "head_entry"])
    previous = stem_and_input(dot, trace)
    shape: Shape = trace.stem.out_shape
    for stage in trace.stages:
        runs = [run for run in fold_blocks(trace.blocks, unfold) if run[0].stage == stage.name]
        with dot.subgraph(name=f"cluster_{stage.name}") as cluster:
            title = f"{stage.name} · {stage.paper_name}"
            edge_shape: Shape | None = shape
            if direction == "LR":  # the row opens with its name and what flows in
                frame(cluster, "", color="#90caf9")
                entry = f"entry_{stage.name}"
                cluster.node(entry, node_label(title, format_shape(shape)), shape="plain")
                previous, edge_shape = entry, None
            else:
                frame(cluster, title, color="#90caf9")
            for run in runs:
                previous = _draw_block_run(
                    dot, cluster, trace, run, previous, edge_shape, wide=direction == "LR"
                )
                shape = edge_shape = run[-1].out_shape
    head(dot, trace, previous, shape, wrapped=direction == "LR")
    kinds = [kind for kind, count in trace.shortcut_counts().items() if count]
    legend(dot, t("diagram.title.blocks", name=trace.spec.name), kinds, trace.spec, direction)
    return dot
