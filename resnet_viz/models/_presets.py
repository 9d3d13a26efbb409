"""The named networks: torchvision's ten ImageNet ResNets and the paper's six CIFAR nets."""

from __future__ import annotations

from ._specs import STEM_DEFAULTS, BlockType, ResNetSpec

__all__ = ["PRESETS", "TORCHVISION_PRESETS", "cifar_spec", "default_input", "get_spec"]


def _torchvision(
    name: str, block: BlockType, layers: tuple[int, ...], groups: int = 1, width_per_group: int = 64
) -> ResNetSpec:
    return ResNetSpec(
        name=name, block=block, layers=layers, groups=groups, width_per_group=width_per_group
    )


def cifar_spec(depth: int) -> ResNetSpec:
    """He et al.'s CIFAR-10 network of ``depth`` = 6n + 2 layers."""
    # He et al. 2015, section 4.2: 6n+2 layers, 3 stages of 16/32/64 channels, option A.
    blocks = (depth - 2) // 6
    return ResNetSpec(
        name=f"resnet{depth}",
        block="basic",
        layers=(blocks, blocks, blocks),
        widths=(16, 32, 64),
        shortcut="A",
        stem="cifar",
        stem_width=16,
        num_classes=10,
    )


PRESETS: dict[str, ResNetSpec] = {
    spec.name: spec
    for spec in (
        _torchvision("resnet18", "basic", (2, 2, 2, 2)),
        _torchvision("resnet34", "basic", (3, 4, 6, 3)),
        _torchvision("resnet50", "bottleneck", (3, 4, 6, 3)),
        _torchvision("resnet101", "bottleneck", (3, 4, 23, 3)),
        _torchvision("resnet152", "bottleneck", (3, 8, 36, 3)),
        _torchvision("resnext50_32x4d", "bottleneck", (3, 4, 6, 3), groups=32, width_per_group=4),
        _torchvision("resnext101_32x8d", "bottleneck", (3, 4, 23, 3), groups=32, width_per_group=8),
        _torchvision("resnext101_64x4d", "bottleneck", (3, 4, 23, 3), groups=64, width_per_group=4),
        _torchvision("wide_resnet50_2", "bottleneck", (3, 4, 6, 3), width_per_group=128),
        _torchvision("wide_resnet101_2", "bottleneck", (3, 4, 23, 3), width_per_group=128),
        *(cifar_spec(depth) for depth in (20, 32, 44, 56, 110, 1202)),
    )
}

#: Presets whose architecture (and so pretrained weights) torchvision also ships.
TORCHVISION_PRESETS = tuple(name for name, spec in PRESETS.items() if spec.stem == "imagenet")


def get_spec(spec_or_name: ResNetSpec | str) -> ResNetSpec:
    """A spec as given, or the preset of that name; unknown names list the known ones."""
    if isinstance(spec_or_name, ResNetSpec):
        return spec_or_name
    if isinstance(spec_or_name, str) and spec_or_name in PRESETS:
        return PRESETS[spec_or_name]
    raise ValueError(f"preset: unknown name {spec_or_name!r}; known presets: {list(PRESETS)}")


def default_input(spec: ResNetSpec) -> tuple[int, int, int]:
    """The input a network is shown with first, by its stem (``STEM_DEFAULTS``), with the
    spec's channels."""
    side = STEM_DEFAULTS[spec.stem][0]
    return (spec.in_channels, side, side)
