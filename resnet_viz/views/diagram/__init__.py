"""Draw a traced network as a Graphviz diagram, and render it with the ``dot`` program.

Building DOT text (``to_dot``, ``concept_view``) never runs a program; ``render`` runs ``dot``.
Shortcuts are told apart at a glance: identity (green, thin), projection (orange, bold, with
its 1×1 conv + BN), zero-pad (blue, dashed). Every label is HTML-escaped.
"""

from __future__ import annotations

from typing import Literal, get_args

import graphviz

from ...i18n import t
from ...trace import Trace
from ._concept import CONCEPTS, Concept, concept_view
from ._layers import layers_view
from ._overview import blocks_view, fold_blocks, stages_view
from ._parts import DIRECTIONS, Direction
from ._rendering import (
    PNG_DPI,
    DiagramError,
    ImageFormat,
    dot_available,
    inline_svg,
    render,
    svg_size,
)

__all__ = [
    "CONCEPTS",
    "DIRECTIONS",
    "LEVELS",
    "MAX_UNFOLDED_BLOCKS",
    "PNG_DPI",
    "Concept",
    "DiagramError",
    "Direction",
    "ImageFormat",
    "Level",
    "can_unfold",
    "concept_view",
    "default_direction",
    "detail_targets",
    "dot_available",
    "fold_blocks",
    "inline_svg",
    "render",
    "svg_size",
    "to_dot",
]

#: How closely a diagram looks: the stages, every block (identical ones folded), or the layers.
Level = Literal["stages", "blocks", "layers"]
LEVELS: tuple[Level, ...] = get_args(Level)
#: The blocks view draws blocks one by one only up to this many (ResNet-152 has 50).
MAX_UNFOLDED_BLOCKS = 64


def can_unfold(total_blocks: int) -> bool:
    """Whether the blocks view may draw this many blocks one by one."""
    return total_blocks <= MAX_UNFOLDED_BLOCKS


def default_direction(level: Level) -> Direction:
    """What fits a wide screen: the few stages in a column, blocks and layers in rows."""
    return "TB" if level == "stages" else "LR"


def detail_targets(trace: Trace, level: Level, *, unfold: bool = False) -> dict[str, str]:
    """Which nodes open a closer view when clicked: node name -> "stage:block" (block -1 for
    the whole stage). Stage nodes and row starts open their stage's layers; a block (or a
    folded run, by its first block) opens that block's layers."""
    if level == "stages":
        return {f"stage_{stage.name}": f"{stage.name}:-1" for stage in trace.stages}
    if level != "blocks":
        return {}
    targets = {f"entry_{stage.name}": f"{stage.name}:-1" for stage in trace.stages}
    for run in fold_blocks(trace.blocks, unfold):
        first = run[0]
        targets[f"block_{first.stage}_{first.index}"] = f"{first.stage}:{first.index}"
    return targets


def to_dot(
    trace: Trace,
    level: Level = "blocks",
    *,
    unfold: bool = False,
    stage: str | None = None,
    block: int | None = None,
    direction: Direction | None = None,
) -> graphviz.Digraph:
    """The diagram of a trace at one level of detail, as DOT (no program is run).

    ``direction`` defaults to what suits the level (``default_direction``).
    """
    direction = direction or default_direction(level)
    if level == "stages":
        return stages_view(trace, direction)
    if level == "blocks":
        if unfold and not can_unfold(len(trace.blocks)):
            raise ValueError(
                "unfold: "
                + t("diagram.too_many_to_unfold", count=len(trace.blocks), most=MAX_UNFOLDED_BLOCKS)
            )
        return blocks_view(trace, unfold, direction)
    if level == "layers":
        return layers_view(trace, stage, block, direction)
    raise ValueError(f"level: {level!r} is not one of {list(LEVELS)}")
