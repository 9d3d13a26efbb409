"""What a ResNet is: the spec that fully describes one, the presets, and their validation.

A spec is a plain frozen value, so it can be hashed (cache keys), compared, put in a URL and
checked before a single weight is allocated.
"""

from __future__ import annotations

import dataclasses
import itertools
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
    "BlockType",
    "Limits",
    "ResNetSpec",
    "ShortcutKind",
    "ShortcutOption",
    "StemType",
    "StridePlacement",
    "block_stride",
    "bottleneck_inner",
    "input_side_range",
    "min_input_side",
    "param_count",
    "shortcut_kind",
    "stage_channels",
    "stage_names",
]

BlockType = Literal["basic", "bottleneck"]
#: He et al.'s shortcut options: A zero-pads, B projects where the shape changes, C everywhere.
ShortcutOption = Literal["A", "B", "C"]
#: Where a bottleneck strides: the 3x3 conv (torchvision, "v1.5") or the first 1x1 (the paper).
StridePlacement = Literal["3x3", "1x1"]
StemType = Literal["imagenet", "cifar"]
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

#: Output channels of a block per unit of stage width (torchvision's ``block.expansion``).
EXPANSION: dict[BlockType, int] = {"basic": 1, "bottleneck": 4}
#: How much each stem shrinks the image: 7x7/2 conv + 3x3/2 max pool, or the CIFAR 3x3/1 conv.
STEM_STRIDE: dict[StemType, int] = {"imagenet": 4, "cifar": 1}
#: What each stem is usually fed and asked, the one rule for both: (input side, classes) of
#: ImageNet (224×224, 1000) and of CIFAR-10 (32×32, 10).
STEM_DEFAULTS: dict[StemType, tuple[int, int]] = {"imagenet": (224, 1000), "cifar": (32, 10)}


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

    def __post_init__(self) -> None:
        # Widgets and URLs hand us lists; a spec must stay hashable.
        object.__setattr__(self, "layers", _int_tuple("layers", self.layers))
        object.__setattr__(self, "widths", _int_tuple("widths", self.widths))
        _validate(self)

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


def _error(field: str, key: str, **params: Any) -> ValueError:
    """A validation error in the visitor's language, led by the field's code ("layers[1]: …")
    for ``state.friendly_error`` to name as the page does."""
    return ValueError(f"{field}: " + t(f"spec.{key}", **params))


def _int_tuple(field: str, value: Any) -> tuple[int, ...]:
    try:
        items = tuple(value)
    except TypeError:
        raise _error(field, "not_a_sequence", value=repr(value)) from None
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int):
            raise _error(field, "not_integers", item=repr(item), value=repr(value))
    return items


def _check_choice(field: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise _error(field, "not_one_of", value=repr(value), allowed=list(allowed))


def _check_range(field: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _error(field, "out_of_range", value=repr(value), low=low, high=high)


def _validate(spec: ResNetSpec) -> None:
    """Raise ValueError naming the field, the value and what is allowed; allocate nothing."""
    lim = LIMITS
    if not isinstance(spec.name, str) or not 1 <= len(spec.name) <= 64:
        raise _error("name", "name_length", name=repr(spec.name))
    _check_choice("block", spec.block, BLOCKS)
    _check_choice("shortcut", spec.shortcut, SHORTCUTS)
    _check_choice("stride_on", spec.stride_on, STRIDE_PLACEMENTS)
    _check_choice("stem", spec.stem, STEMS)
    if not isinstance(spec.plain, bool):
        raise _error("plain", "not_a_bool", value=repr(spec.plain))

    if not 1 <= len(spec.layers) <= lim.max_stages:
        raise _error(
            "layers", "stages", count=len(spec.layers), most=lim.max_stages, got=spec.layers
        )
    for stage, blocks in enumerate(spec.layers):
        _check_range(f"layers[{stage}]", blocks, 1, lim.max_blocks)
    if sum(spec.layers) > lim.max_blocks:
        raise _error("layers", "blocks", count=sum(spec.layers), most=lim.max_blocks)
    if len(spec.widths) != len(spec.layers):
        raise _error("widths", "widths", count=len(spec.widths), stages=len(spec.layers))
    for stage, width in enumerate(spec.widths):
        _check_range(f"widths[{stage}]", width, 1, lim.max_width)

    _check_range("groups", spec.groups, 1, lim.max_groups)
    _check_range("width_per_group", spec.width_per_group, 1, lim.max_width_per_group)
    _check_range("stem_width", spec.stem_width, 1, lim.max_width)
    _check_range("num_classes", spec.num_classes, 1, lim.max_classes)
    _check_range("in_channels", spec.in_channels, 1, lim.max_in_channels)

    if spec.block == "basic" and (spec.groups != 1 or spec.width_per_group != 64):
        raise _error(
            "groups/width_per_group", "basic_groups", groups=spec.groups, wpg=spec.width_per_group
        )
    if spec.block == "bottleneck":
        for stage, width in enumerate(spec.widths):
            if (width * spec.width_per_group) % 64:
                raise _error(f"widths[{stage}]", "per_group", width=width, wpg=spec.width_per_group)
    if spec.shortcut == "A":
        channels = [spec.stem_width, *stage_channels(spec)]
        for stage, (before, after) in enumerate(itertools.pairwise(channels)):
            if after < before:
                raise _error("shortcut", "option_a", stage=stage + 1, before=before, after=after)

    params = param_count(spec)
    if params > lim.max_params:
        raise _error("size", "too_big", params=f"{params:,}", most=f"{lim.max_params:,}")


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


def param_count(spec: ResNetSpec) -> int:
    """Exact parameter count, from the spec alone, so caps hold before anything is built.

    A test pins it to the parameter count of every built preset.
    """

    def conv_bn(cin: int, cout: int, kernel: int, groups: int = 1) -> int:
        return cin // groups * cout * kernel * kernel + 2 * cout

    stem_kernel = 7 if spec.stem == "imagenet" else 3
    total = conv_bn(spec.in_channels, spec.stem_width, stem_kernel)
    cin = spec.stem_width
    for stage, (blocks, width) in enumerate(zip(spec.layers, spec.widths, strict=True)):
        cout = width * spec.expansion
        for index in range(blocks):
            stride = block_stride(stage, index)
            if spec.block == "basic":
                total += conv_bn(cin, width, 3) + conv_bn(width, width, 3)
            else:
                inner = bottleneck_inner(width, spec.width_per_group, spec.groups)
                total += conv_bn(cin, inner, 1) + conv_bn(inner, inner, 3, spec.groups)
                total += conv_bn(inner, cout, 1)
            if shortcut_kind(spec.shortcut, cin, cout, stride, spec.plain) == "projection":
                total += conv_bn(cin, cout, 1)
            cin = cout
    return total + cin * spec.num_classes + spec.num_classes


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
