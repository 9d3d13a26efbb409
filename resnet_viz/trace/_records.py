"""What a trace holds: plain frozen values for the network, its stages, blocks and layers.

Records are made once per (spec, input size) by ``tracing.trace`` and shared read-only by every
picture, table and chart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..models import SHORTCUT_KINDS, BlockType, ResNetSpec, ShortcutKind

__all__ = ["BlockTrace", "LayerRow", "PartTrace", "Shape", "StageTrace", "Trace"]

Shape = tuple[int, ...]


@dataclass(frozen=True)
class LayerRow:
    """One module call as torchinfo saw it; ``name`` is the dotted path (``layer1.0.conv1``)."""

    name: str
    type: str
    depth: int
    output_shape: Shape
    params: int
    mult_adds: int
    is_leaf: bool
    #: The layer's own numbers where it has them (None elsewhere), words left to the views:
    #: kernel side and stride (conv, pool), channels in and out (conv; features out for fc;
    #: the padded count for a zero-pad shortcut), groups (conv).
    kernel: int | None = None
    stride: int | None = None
    in_channels: int | None = None
    channels: int | None = None
    groups: int = 1


@dataclass(frozen=True)
class BlockTrace:
    """One residual block: what its shortcut is and why, its shapes and costs.

    ``stage`` is the name of the stage the block belongs to.
    """

    stage: str
    index: int
    block_type: BlockType  # "basic" or "bottleneck" (models.BLOCK_CLASSES names the class)
    shortcut: ShortcutKind
    in_shape: Shape
    out_shape: Shape
    stride: int
    params: int
    shortcut_params: int
    mult_adds: int
    shortcut_mult_adds: int

    @property
    def name(self) -> str:
        return f"{self.stage}.{self.index}"


@dataclass(frozen=True)
class PartTrace:
    """The stem or the head: a named run of layers outside the stages.

    ``stride`` is how much the part shrinks the image; None for the head, which pools it away.
    """

    name: str
    in_shape: Shape
    out_shape: Shape
    params: int
    mult_adds: int
    stride: int | None


@dataclass(frozen=True)
class StageTrace:
    """One stage, as a row of the paper's Table 1 with our numbers."""

    name: str
    paper_name: str
    block_type: BlockType  # "basic" or "bottleneck" (models.BLOCK_CLASSES names the class)
    blocks: int
    in_shape: Shape
    out_shape: Shape
    stride: int
    params: int
    mult_adds: int
    share: float
    receptive_field: int
    shortcuts: tuple[tuple[ShortcutKind, int], ...]

    def shortcut_count(self, kind: ShortcutKind) -> int:
        return dict(self.shortcuts).get(kind, 0)


@dataclass(frozen=True)
class Trace:
    """Everything the architecture page shows about one network, as plain values."""

    spec: ResNetSpec
    input_size: Shape
    total_params: int
    trainable_params: int
    total_mult_adds: int
    activation_bytes: int
    stem_receptive_field: int
    stem: PartTrace
    head: PartTrace
    stages: tuple[StageTrace, ...]
    blocks: tuple[BlockTrace, ...]
    layers: tuple[LayerRow, ...]
    summary_text: str
    #: ``print(model)``, from the model the trace was made with.
    model_text: str

    @property
    def depth(self) -> int:
        return self.spec.depth

    def shortcut_counts(self) -> dict[ShortcutKind, int]:
        """Blocks per shortcut kind: the three of a residual net always, "none" where present."""
        counts = Counter(block.shortcut for block in self.blocks)
        return {
            kind: counts.get(kind, 0) for kind in SHORTCUT_KINDS if kind != "none" or counts[kind]
        }
