"""What a ResNet is: the spec that fully describes one, the presets, and their validation.

A spec is a plain frozen value, so it can be hashed (cache keys), compared, put in a URL and
checked before a single weight is allocated.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from ..i18n import t

__all__ = [
    "BLOCKS",
    "BLOCK_CLASSES",
    "EXPANSION",
    "LIMITS",
    "SHORTCUTS",
    "SHORTCUT_KINDS",
    "STEMS",
    "STEM_DEFAULTS",
    "STEM_STRIDE",
    "STRIDE_PLACEMENTS",
    "UNIT_ORDERS",
    "ZERO_PAD_PLACEMENTS",
    "BlockType",
    "Limits",
    "ResNetSpec",
    "ShortcutKind",
    "ShortcutOption",
    "StemType",
    "StridePlacement",
    "UnitOrder",
    "ZeroPadPlacement",
    "block_class_name",
    "block_stride",
    "bottleneck_inner",
    "input_side_range",
    "min_input_side",
    "shortcut_kind",
    "stage_channels",
    "stage_names",
]

BlockType = Literal["basic", "bottleneck"]
#: He et al.'s shortcut options: A zero-pads, B projects where the shape changes, C everywhere.
ShortcutOption = Literal["A", "B", "C"]
#: Where a bottleneck strides: the 3x3 conv (torchvision, "v1.5") or the first 1x1 (the paper).
StridePlacement = Literal["3x3", "1x1"]
#: The ImageNet stem (7x7/2 conv, 3x3/2 max pool), the paper's CIFAR stem (one 3x3 conv),
#: and ResNet-C's deep stem (three 3x3 convs, the first with stride 2, then the max pool).
StemType = Literal["imagenet", "cifar", "deep"]
#: Where a block normalises and activates: after each conv, ReLU after the add (He et al.
#: 2015, "post"), or before each conv with nothing after the add (He et al. 2016, "pre").
UnitOrder = Literal["post", "pre"]
#: Where option A's zero channels go: after the old ones, or half before and half after.
ZeroPadPlacement = Literal["end", "split"]
#: What one block's shortcut turns out to be, in the order legends and tables list them;
#: "none" in a plain network, which has the same layers and no shortcuts at all.
ShortcutKind = Literal["identity", "projection", "zero-pad", "none"]

BLOCKS: tuple[BlockType, ...] = get_args(BlockType)
#: Each block type's class, as torchvision and ``print(model)`` name it.
BLOCK_CLASSES: dict[BlockType, str] = {"basic": "BasicBlock", "bottleneck": "Bottleneck"}
SHORTCUTS: tuple[ShortcutOption, ...] = get_args(ShortcutOption)
STRIDE_PLACEMENTS: tuple[StridePlacement, ...] = get_args(StridePlacement)
STEMS: tuple[StemType, ...] = get_args(StemType)
SHORTCUT_KINDS: tuple[ShortcutKind, ...] = get_args(ShortcutKind)
UNIT_ORDERS: tuple[UnitOrder, ...] = get_args(UnitOrder)
ZERO_PAD_PLACEMENTS: tuple[ZeroPadPlacement, ...] = get_args(ZeroPadPlacement)

#: Output channels of a block per unit of stage width (torchvision's ``block.expansion``).
EXPANSION: dict[BlockType, int] = {"basic": 1, "bottleneck": 4}
#: How much each stem shrinks the image: 7x7/2 conv + 3x3/2 max pool, or the CIFAR 3x3/1 conv.
STEM_STRIDE: dict[StemType, int] = {"imagenet": 4, "cifar": 1, "deep": 4}
#: What each stem is usually fed and asked, the one rule for both: (input side, classes) of
#: ImageNet (224×224, 1000) and of CIFAR-10 (32×32, 10).
STEM_DEFAULTS: dict[StemType, tuple[int, int]] = {
    "imagenet": (224, 1000),
    "cifar": (32, 10),
    "deep": (224, 1000),
}


@dataclass(frozen=True)
class Limits:
    """Caps that keep one request from exhausting a shared 24 GiB server.

    ``max_params`` is 150 M: a fp32 checkpoint of that size (600 MB) is the largest upload the
    server accepts, and it covers the largest torchvision ResNet (wide_resnet101_2, 126.9 M).
    ``max_blocks`` admits the paper's ResNet-1202 (600 blocks) with room to spare.
    """

    max_stages: int = 6
    max_blocks: int = 1000
    max_width: int = 4096
    max_groups: int = 1024
    max_width_per_group: int = 1024
    max_in_channels: int = 64
    max_classes: int = 100_000
    max_params: int = 150_000_000
    #: Input images (and crops) are squares of 8..1024 pixels: enough for any photo we show.
    min_input_side: int = 8
    max_input_side: int = 1024


LIMITS = Limits()


@dataclass(frozen=True)
class ResNetSpec:
    """Everything needed to build one residual network.

    ``widths`` are per-stage base widths (torchvision's ``planes``); a stage outputs
    ``width * EXPANSION[block]`` channels. ``shortcut`` follows He et al. 2015: ``"A"`` pads the
    identity with zeros when dimensions grow (no parameters), ``"B"`` projects (1x1 conv + BN)
    only when the shape changes, ``"C"`` projects in every block. ``stride_on`` places a
    bottleneck's stride on the 3x3 conv (torchvision, "ResNet v1.5") or on the first 1x1
    (the paper, v1).

    ``unit="pre"`` builds He et al. 2016's full pre-activation units (BN → ReLU → conv, no
    ReLU after the add; projections take the pre-activated input and have no BN), whose stem
    is its conv alone and which end with BN → ReLU when ``final_norm`` (ignored by "post"
    nets, whose blocks already end with a ReLU). ``stem="deep"`` and ``avg_down`` are
    ResNet-C and ResNet-D (He et al. 2019): the deep stem, and a 2x2 average pool before each
    strided projection's 1x1 conv. ``zero_pad`` places option A's zero channels.
    Fields that change nothing in a network (``zero_pad`` without zero-padding shortcuts,
    ``avg_down`` without projections, ``final_norm`` in a "post" net) are reset to their
    defaults, so equal networks are equal specs.
    """

    name: str = "custom"
    block: BlockType = "basic"
    layers: tuple[int, ...] = (2, 2, 2, 2)
    widths: tuple[int, ...] = (64, 128, 256, 512)
    groups: int = 1
    width_per_group: int = 64
    shortcut: ShortcutOption = "B"
    stride_on: StridePlacement = "3x3"
    stem: StemType = "imagenet"
    stem_width: int = 64
    num_classes: int = 1000
    in_channels: int = 3
    #: The plain twin: the same layers, no shortcuts (He et al.'s "plain" networks).
    plain: bool = False
    unit: UnitOrder = "post"
    final_norm: bool = True
    avg_down: bool = False
    zero_pad: ZeroPadPlacement = "end"

    def __post_init__(self) -> None:
        from ._validation import int_tuple, validate  # they read the helpers below

        # Widgets and URLs hand us lists; a spec must stay hashable.
        object.__setattr__(self, "layers", int_tuple("layers", self.layers))
        object.__setattr__(self, "widths", int_tuple("widths", self.widths))
        validate(self)
        if self.unit == "post":
            object.__setattr__(self, "final_norm", True)
        if self.shortcut == "A" or self.plain:
            object.__setattr__(self, "avg_down", False)
        if self.shortcut != "A" or self.plain:
            object.__setattr__(self, "zero_pad", "end")

    @property
    def expansion(self) -> int:
        return EXPANSION[self.block]

    @property
    def depth(self) -> int:
        """Weighted layers on the main path, as in the names ResNet-18/50/110."""
        convs_per_block = 2 if self.block == "basic" else 3
        return 1 + convs_per_block * sum(self.layers) + 1

    @property
    def depth_arithmetic(self) -> str:
        """How ``depth`` adds up: the stem's conv, the convs of every block, the classifier
        ("1 + 3·(3 + 4 + 6 + 3) + 1 = 50")."""
        convs_per_block = 2 if self.block == "basic" else 3
        blocks = " + ".join(str(count) for count in self.layers)
        blocks = f"({blocks})" if len(self.layers) > 1 else blocks
        return f"1 + {convs_per_block}·{blocks} + 1 = {self.depth}"

    @property
    def stem_stride(self) -> int:
        return STEM_STRIDE[self.stem]

    def replace(self, **changes: Any) -> ResNetSpec:
        """A copy with some fields changed, validated again."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ResNetSpec:
        """Build from a mapping, rejecting unknown keys with the list of known ones."""
        known = {field.name for field in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(t("spec.unknown_fields", unknown=unknown, known=sorted(known)))
        return cls(**dict(data))


def block_class_name(spec: ResNetSpec) -> str:
    """The class of a network's blocks as ``print(model)`` names it ("PreActBottleneck")."""
    name = BLOCK_CLASSES[spec.block]
    return f"PreAct{name}" if spec.unit == "pre" else name


def min_input_side(spec: ResNetSpec) -> int:
    """Smallest image side the stem and all stride-2 stages can take (at least 1×1 at the end)."""
    reduction = spec.stem_stride * 2 ** (len(spec.layers) - 1)
    return max(LIMITS.min_input_side, reduction)


def input_side_range(spec: ResNetSpec) -> tuple[int, int]:
    """Image sides (square, in pixels) the network takes: from ``min_input_side`` to the cap."""
    return min_input_side(spec), LIMITS.max_input_side


def stage_names(spec: ResNetSpec) -> list[str]:
    """Module names of the stages, torchvision's way: layer1, layer2, ..."""
    return [f"layer{index + 1}" for index in range(len(spec.layers))]


def stage_channels(spec: ResNetSpec) -> list[int]:
    """Output channels of each stage."""
    return [width * spec.expansion for width in spec.widths]


def bottleneck_inner(width: int, width_per_group: int, groups: int) -> int:
    """Channels of a bottleneck's 3x3 conv.

    torchvision: ``int(planes * (base_width / 64.0)) * groups``.
    """
    return width * width_per_group // 64 * groups


def block_stride(stage_index: int, block_index: int) -> int:
    """The first block of every stage but the first halves the resolution; the rest keep it."""
    return 2 if stage_index > 0 and block_index == 0 else 1


def shortcut_kind(
    option: ShortcutOption, in_channels: int, out_channels: int, stride: int, plain: bool = False
) -> ShortcutKind:
    """Which shortcut a block gets: "identity", "projection", "zero-pad", or "none" (plain)."""
    if plain:
        return "none"
    if option == "C":
        return "projection"
    if stride == 1 and in_channels == out_channels:
        return "identity"
    return "zero-pad" if option == "A" else "projection"
