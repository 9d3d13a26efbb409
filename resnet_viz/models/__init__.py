"""The networks: specs and their limits, the presets, the blocks, and the ResNet module
built from a spec (identical to torchvision's), with the published facts about each preset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names
from ._counting import param_count
from ._presets import (
    LAYOUT_PRESETS,
    PRESETS,
    TORCHVISION_PRESETS,
    cifar_spec,
    default_input,
    get_spec,
)
from ._references import CIFAR10_ERROR, CIFAR10_ERROR_PREACT, IMAGENET_ACC1, published_text
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
    UNIT_ORDERS,
    ZERO_PAD_PLACEMENTS,
    BlockType,
    Limits,
    ResNetSpec,
    ShortcutKind,
    ShortcutOption,
    StemType,
    StridePlacement,
    UnitOrder,
    ZeroPadPlacement,
    block_class_name,
    block_stride,
    bottleneck_inner,
    input_side_range,
    min_input_side,
    shortcut_kind,
    stage_channels,
    stage_names,
)

if TYPE_CHECKING:
    from ._blocks import BasicBlock, Bottleneck, ResidualBlock, ShortcutPlan
    from ._meta_init import no_init
    from ._network import (
        BLOCK_MODULES,
        BlockPlace,
        ResNet,
        StageInfo,
        build_model,
        make_stage,
        paper_stage_name,
        stem_conv,
    )
    from ._preact import PreActBasicBlock, PreActBottleneck, PreActivationUnit
    from ._shortcuts import ZeroPadShortcut, conv1x1, conv3x3, make_shortcut

__all__ = [
    "BLOCKS",
    "BLOCK_CLASSES",
    "BLOCK_MODULES",
    "CIFAR10_ERROR",
    "CIFAR10_ERROR_PREACT",
    "EXPANSION",
    "IMAGENET_ACC1",
    "LAYOUT_PRESETS",
    "LIMITS",
    "PRESETS",
    "SHORTCUTS",
    "SHORTCUT_KINDS",
    "STEMS",
    "STEM_DEFAULTS",
    "STEM_STRIDE",
    "STRIDE_PLACEMENTS",
    "TORCHVISION_PRESETS",
    "UNIT_ORDERS",
    "ZERO_PAD_PLACEMENTS",
    "BasicBlock",
    "BlockPlace",
    "BlockType",
    "Bottleneck",
    "Limits",
    "PreActBasicBlock",
    "PreActBottleneck",
    "PreActivationUnit",
    "ResNet",
    "ResNetSpec",
    "ResidualBlock",
    "ShortcutKind",
    "ShortcutOption",
    "ShortcutPlan",
    "StageInfo",
    "StemType",
    "StridePlacement",
    "UnitOrder",
    "ZeroPadPlacement",
    "ZeroPadShortcut",
    "block_class_name",
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
    "stem_conv",
]

#: Name -> the module that defines it, for names whose modules import torch.
_LAZY = {
    "BLOCK_MODULES": "._network",
    "BasicBlock": "._blocks",
    "BlockPlace": "._network",
    "Bottleneck": "._blocks",
    "PreActBasicBlock": "._preact",
    "PreActBottleneck": "._preact",
    "PreActivationUnit": "._preact",
    "ResNet": "._network",
    "ResidualBlock": "._blocks",
    "ShortcutPlan": "._blocks",
    "StageInfo": "._network",
    "ZeroPadShortcut": "._shortcuts",
    "build_model": "._network",
    "conv1x1": "._shortcuts",
    "conv3x3": "._shortcuts",
    "make_shortcut": "._shortcuts",
    "make_stage": "._network",
    "no_init": "._meta_init",
    "paper_stage_name": "._network",
    "stem_conv": "._network",
}

if not TYPE_CHECKING:  # type checkers read the imports above instead
    __getattr__ = lazy_names(__name__, _LAZY)
