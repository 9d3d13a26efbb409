"""The networks: specs and their limits, the presets, the blocks, and the ResNet module
built from a spec (identical to torchvision's), with the published facts about each preset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names
from ._presets import PRESETS, TORCHVISION_PRESETS, cifar_spec, default_input, get_spec
from ._references import CIFAR10_ERROR, IMAGENET_ACC1, published_text
from ._specs import (
    BLOCK_CLASSES,
    BLOCKS,
    EXPANSION,
    LIMITS,
    SHORTCUT_KINDS,
    SHORTCUTS,
    STEM_DEFAULTS,
    STEM_STRIDE,
    STEMS,
    STRIDE_PLACEMENTS,
    BlockType,
    Limits,
    ResNetSpec,
    ShortcutKind,
    ShortcutOption,
    StemType,
    StridePlacement,
    block_stride,
    bottleneck_inner,
    input_side_range,
    min_input_side,
    param_count,
    shortcut_kind,
    stage_channels,
    stage_names,
)

if TYPE_CHECKING:
    from ._blocks import (
        BasicBlock,
        Bottleneck,
        ResidualBlock,
        ZeroPadShortcut,
        conv1x1,
        conv3x3,
        make_shortcut,
    )
    from ._meta_init import no_init
    from ._network import BlockPlace, ResNet, StageInfo, build_model, make_stage, paper_stage_name

__all__ = [
    "BLOCKS",
    "BLOCK_CLASSES",
    "CIFAR10_ERROR",
    "EXPANSION",
    "IMAGENET_ACC1",
    "LIMITS",
    "PRESETS",
    "SHORTCUTS",
    "SHORTCUT_KINDS",
    "STEMS",
    "STEM_DEFAULTS",
    "STEM_STRIDE",
    "STRIDE_PLACEMENTS",
    "TORCHVISION_PRESETS",
    "BasicBlock",
    "BlockPlace",
    "BlockType",
    "Bottleneck",
    "Limits",
    "ResNet",
    "ResNetSpec",
    "ResidualBlock",
    "ShortcutKind",
    "ShortcutOption",
    "StageInfo",
    "StemType",
    "StridePlacement",
    "ZeroPadShortcut",
    "block_stride",
    "bottleneck_inner",
    "build_model",
    "cifar_spec",
    "conv1x1",
    "conv3x3",
    "default_input",
    "get_spec",
    "input_side_range",
    "make_shortcut",
    "make_stage",
    "min_input_side",
    "no_init",
    "paper_stage_name",
    "param_count",
    "published_text",
    "shortcut_kind",
    "stage_channels",
    "stage_names",
]

#: Name -> the module that defines it, for names whose modules import torch.
_LAZY = {
    "BasicBlock": "._blocks",
    "BlockPlace": "._network",
    "Bottleneck": "._blocks",
    "ResNet": "._network",
    "ResidualBlock": "._blocks",
    "StageInfo": "._network",
    "ZeroPadShortcut": "._blocks",
    "build_model": "._network",
    "conv1x1": "._blocks",
    "conv3x3": "._blocks",
    "make_shortcut": "._blocks",
    "make_stage": "._network",
    "no_init": "._meta_init",
    "paper_stage_name": "._network",
}

if not TYPE_CHECKING:  # type checkers read the imports above instead
    __getattr__ = lazy_names(__name__, _LAZY)
