"""The named networks: torchvision's ten ImageNet ResNets, the 2015 paper's six CIFAR nets,
He et al. 2016's pre-activation nets (ImageNet and CIFAR), and timm's ResNet-D family."""

from __future__ import annotations

from ._specs import STEM_DEFAULTS, BlockType, ResNetSpec

__all__ = [
    "LAYOUT_PRESETS",
    "PRESETS",
    "TORCHVISION_PRESETS",
    "cifar_spec",
    "default_input",
    "get_spec",
]


def _torchvision(
    name: str, block: BlockType, layers: tuple[int, ...], groups: int = 1, width_per_group: int = 64
) -> ResNetSpec:
    return ResNetSpec(
        name=name, block=block, layers=layers, groups=groups, width_per_group=width_per_group
    )


#: Blocks per stage of the five ImageNet depths, as in He et al. 2015, Table 1.
_IMAGENET_LAYERS: dict[int, tuple[BlockType, tuple[int, ...]]] = {
    18: ("basic", (2, 2, 2, 2)),
    26: ("bottleneck", (2, 2, 2, 2)),
    34: ("basic", (3, 4, 6, 3)),
    50: ("bottleneck", (3, 4, 6, 3)),
    101: ("bottleneck", (3, 4, 23, 3)),
    152: ("bottleneck", (3, 8, 36, 3)),
}


def _preact_imagenet(depth: int) -> ResNetSpec:
    """He et al. 2016's ImageNet network: full pre-activation units, projections (option B)."""
    block, layers = _IMAGENET_LAYERS[depth]
    return ResNetSpec(name=f"preact_resnet{depth}", block=block, layers=layers, unit="pre")


def _resnet_d(depth: int) -> ResNetSpec:
    """timm's ``resnet{depth}d``: ResNet-C's deep stem and ResNet-D's average-pool shortcut."""
    block, layers = _IMAGENET_LAYERS[depth]
    return ResNetSpec(
        name=f"resnet{depth}d", block=block, layers=layers, stem="deep", avg_down=True
    )


def _preact_cifar(depth: int, block: BlockType) -> ResNetSpec:
    """He et al. 2016's CIFAR-10 networks: 16/32/64 base widths as in 2015, pre-activation
    units and projections; bottleneck nets have 9n + 2 layers (ResNet-164, -1001), basic
    ones 6n + 2 (ResNet-110)."""
    blocks = (depth - 2) // (6 if block == "basic" else 9)
    return ResNetSpec(
        name=f"preact_resnet{depth}",
        block=block,
        layers=(blocks, blocks, blocks),
        widths=(16, 32, 64),
        stem="cifar",
        stem_width=16,
        num_classes=10,
        unit="pre",
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


_PRESETS_2015: dict[str, ResNetSpec] = {
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

#: The later layouts by name, each checked against its reference (timm's models, the papers'
#: descriptions): pre-activation nets for ImageNet and CIFAR, and timm's ResNet-D family.
LAYOUT_PRESETS: dict[str, ResNetSpec] = {
    spec.name: spec
    for spec in (
        *(_preact_imagenet(depth) for depth in (18, 34, 50, 101, 152)),
        _preact_cifar(110, "basic"),
        _preact_cifar(164, "bottleneck"),
        _preact_cifar(1001, "bottleneck"),
        *(_resnet_d(depth) for depth in (18, 26, 34, 50, 101, 152)),
    )
}

#: Every named network, as the pages offer them: the 2015 nets first, then the later layouts.
PRESETS: dict[str, ResNetSpec] = {**_PRESETS_2015, **LAYOUT_PRESETS}

#: Presets whose architecture (and so pretrained weights) torchvision also ships.
TORCHVISION_PRESETS = tuple(
    name
    for name, spec in PRESETS.items()
    if spec.stem == "imagenet" and spec.unit == "post" and not spec.avg_down
)


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
