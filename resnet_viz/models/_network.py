"""Stages, the ResNet module and ``build_model``.

Stage building is a free function returning the modules *and* a description of them, so
pictures and tables read the network's structure instead of re-deriving it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from ..torch_loader import nn, torch
from ._blocks import BasicBlock, Bottleneck, ResidualBlock, ShortcutPlan
from ._meta_init import no_init
from ._preact import PreActBasicBlock, PreActBottleneck
from ._presets import get_spec
from ._shortcuts import conv3x3
from ._specs import BlockType, ResNetSpec, UnitOrder, block_stride, stage_names

__all__ = [
    "BLOCK_MODULES",
    "BlockPlace",
    "ResNet",
    "StageInfo",
    "build_model",
    "make_stage",
    "paper_stage_name",
    "stem_conv",
]


@dataclass(frozen=True)
class StageInfo:
    """One stage as a visualiser needs it: names, channels, stride and total reduction."""

    name: str
    paper_name: str
    blocks: int
    in_channels: int
    out_channels: int
    stride: int
    reduction: int


class BlockPlace(NamedTuple):
    """A block and where it sits: its stage, its position there, whether it ends the stage."""

    stage: str
    position: int
    last: bool
    block: ResidualBlock

    @property
    def name(self) -> str:
        """Its module name, as in the state_dict and in ``print(model)``: "layer2.0"."""
        return f"{self.stage}.{self.position}"


def paper_stage_name(index: int) -> str:
    """He et al. name stages conv2_x, conv3_x, ... (conv1 is the stem)."""
    return f"conv{index + 2}_x"


#: Each block's class, by unit order and block type.
BLOCK_MODULES: dict[tuple[UnitOrder, BlockType], type[ResidualBlock]] = {
    ("post", "basic"): BasicBlock,
    ("post", "bottleneck"): Bottleneck,
    ("pre", "basic"): PreActBasicBlock,
    ("pre", "bottleneck"): PreActBottleneck,
}


def make_stage(
    spec: ResNetSpec, index: int, in_channels: int, reduction: int
) -> tuple[nn.Sequential, StageInfo]:
    """Blocks of stage ``index``; the first stage keeps the resolution, later ones halve it."""
    width = spec.widths[index]
    blocks: list[ResidualBlock] = []
    cin = in_channels
    style = ShortcutPlan(spec.shortcut, spec.plain, spec.avg_down, spec.zero_pad)
    block_class = BLOCK_MODULES[spec.unit, spec.block]
    for block_index in range(spec.layers[index]):
        stride = block_stride(index, block_index)
        if spec.block == "basic":
            block = block_class(cin, width, stride, style)
        else:
            block = block_class(
                cin,
                width,
                stride,
                style,
                groups=spec.groups,  # type: ignore[call-arg]
                width_per_group=spec.width_per_group,
                stride_on=spec.stride_on,
            )
        blocks.append(block)
        cin = width * spec.expansion
    info = StageInfo(
        name=stage_names(spec)[index],
        paper_name=paper_stage_name(index),
        blocks=spec.layers[index],
        in_channels=in_channels,
        out_channels=cin,
        stride=block_stride(index, 0),
        reduction=reduction * block_stride(index, 0),
    )
    return nn.Sequential(*blocks), info


def stem_conv(spec: ResNetSpec) -> nn.Module:
    """The stem's convolution: 7x7/2 (ImageNet), 3x3/1 (the paper's CIFAR nets), or ResNet-C's
    three 3x3 convs (half, half and all of the width; the first strides) as timm's
    ``conv1.0 … conv1.6``."""
    cin, width = spec.in_channels, spec.stem_width
    if spec.stem == "imagenet":
        return nn.Conv2d(cin, width, 7, 2, 3, bias=False)
    if spec.stem == "cifar":
        return nn.Conv2d(cin, width, 3, 1, 1, bias=False)
    half = width // 2
    return nn.Sequential(
        conv3x3(cin, half, 2),
        nn.BatchNorm2d(half),
        nn.ReLU(inplace=True),
        conv3x3(half, half),
        nn.BatchNorm2d(half),
        nn.ReLU(inplace=True),
        conv3x3(half, width),
    )


class ResNet(nn.Module):
    """A residual network built from a :class:`ResNetSpec`, with torchvision's module names.

    A pre-activation net's stem is its conv (and pool) alone, and it ends, when the spec
    says so, with ``bn_final`` and a ReLU before pooling.
    """

    def __init__(self, spec: ResNetSpec, zero_init_residual: bool = False) -> None:
        super().__init__()
        self.spec = spec
        self.conv1 = stem_conv(spec)
        # Modules a layout does not have are None, not placeholders, which print(model), the
        # layer table and the activation memory would otherwise list as layers.
        self.bn1: nn.Module | None = None
        if spec.unit == "post":
            self.bn1 = nn.BatchNorm2d(spec.stem_width)
            self.relu = nn.ReLU(inplace=True)
        self.maxpool: nn.Module | None = (
            None if spec.stem == "cifar" else nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        )
        self.stages: tuple[StageInfo, ...] = ()
        channels, reduction = spec.stem_width, spec.stem_stride
        for index in range(len(spec.layers)):
            stage, info = make_stage(spec, index, channels, reduction)
            self.add_module(info.name, stage)
            self.stages += (info,)
            channels, reduction = info.out_channels, info.reduction
        self.bn_final: nn.Module | None = None
        if spec.unit == "pre" and spec.final_norm:
            self.bn_final = nn.BatchNorm2d(channels)
            self.relu = nn.ReLU(inplace=True)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(channels, spec.num_classes)
        if not self.fc.weight.is_meta:  # meta tensors hold no values: initialising them is waste
            self._init_weights(zero_init_residual)

    def _init_weights(self, zero_init_residual: bool) -> None:
        """torchvision's initialisation, so a fresh model trains as a torchvision one would.

        ``zero_init_residual`` (torchvision's flag) starts the last BN of every residual
        branch at zero: each block then begins as the identity, and a deep untrained net
        passes its input on instead of growing it with every add.
        """
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(module, nn.BatchNorm2d):
                nn.init.constant_(module.weight, 1)
                nn.init.constant_(module.bias, 0)
        if zero_init_residual:
            for place in self.named_blocks():
                place.block.zero_init_last()

    def stage_modules(self) -> list[nn.Sequential]:
        return [getattr(self, info.name) for info in self.stages]

    def stage_blocks(self, index: int) -> list[ResidualBlock]:
        """The blocks of stage ``index``, typed as what they are."""
        return list(self.stage_modules()[index])  # type: ignore[arg-type]

    def named_blocks(self) -> Iterator[BlockPlace]:
        """Every block in order, with where it sits: the one loop over blocks."""
        for stage_index, info in enumerate(self.stages):
            blocks = self.stage_blocks(stage_index)
            for index, block in enumerate(blocks):
                yield BlockPlace(info.name, index, index == len(blocks) - 1, block)

    def feature_names(self) -> list[str]:
        """Names of the feature maps ``forward_intermediates`` yields: "stem", "layer1", ..."""
        return ["stem", *(info.name for info in self.stages)]

    def forward_stem(self, x: torch.Tensor) -> torch.Tensor:
        """conv1 → BN → ReLU → max pool (the CIFAR stem has no pool; a pre-activation stem
        has no BN-ReLU)."""
        x = self.conv1(x)
        if self.bn1 is not None:
            x = self.relu(self.bn1(x))
        return x if self.maxpool is None else self.maxpool(x)

    def forward_head(self, x: torch.Tensor) -> torch.Tensor:
        """The last feature map to logits: a pre-activation net's final BN → ReLU, global
        average pooling and the classifier."""
        if self.bn_final is not None:
            x = self.relu(self.bn_final(x))
        return self.fc(torch.flatten(self.avgpool(x), 1))

    def forward_intermediates(
        self, x: torch.Tensor, *, start: str | None = None, stop: str | None = None
    ) -> list[tuple[str, torch.Tensor]]:
        """Named feature maps after the stem and after each stage, in order (timm's name).

        ``start`` names the feature map ``x`` already is (the stem and the stages up to it are
        skipped); ``stop`` names the last one to compute. Both default to the whole network.
        """
        names = self.feature_names()
        for field, name in (("start", start), ("stop", stop)):
            if name is not None and name not in names:
                raise ValueError(f"{field}: {name!r} is not one of {names}")
        first = 0 if start is None else names.index(start) + 1
        last = len(names) - 1 if stop is None else names.index(stop)
        maps: list[tuple[str, torch.Tensor]] = []
        stages = self.stage_modules()
        for position in range(first, last + 1):
            x = self.forward_stem(x) if position == 0 else stages[position - 1](x)
            maps.append((names[position], x))
        return maps

    def forward_features(self, x: torch.Tensor) -> torch.Tensor:
        """The stem and every stage: the last stage's feature map (a pre-activation net's
        final BN-ReLU is the head's, so Grad-CAM and the feature maps see the stage itself)."""
        x = self.forward_stem(x)
        for stage in self.stage_modules():
            x = stage(x)
        return x

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.forward_head(self.forward_features(x))


def build_model(
    spec_or_name: ResNetSpec | str,
    *,
    num_classes: int | None = None,
    device: str | torch.device = "cpu",
    zero_init_residual: bool = False,
) -> ResNet:
    """Build a network from a spec or preset name.

    ``device="meta"`` builds the structure without allocating or initialising weights: that
    is how pictures and traces are made. The spec's limits are checked (in the spec) before
    anything exists.
    """
    spec = get_spec(spec_or_name)
    if num_classes is not None:
        spec = spec.replace(num_classes=num_classes)
    meta = torch.device(device).type == "meta"
    with torch.device(device), no_init() if meta else contextlib.nullcontext():
        return ResNet(spec, zero_init_residual)
