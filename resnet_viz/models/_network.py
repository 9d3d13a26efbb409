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
from ._blocks import BasicBlock, Bottleneck, ResidualBlock
from ._meta_init import no_init
from ._presets import get_spec
from ._specs import ResNetSpec, block_stride, stage_names

__all__ = ["BlockPlace", "ResNet", "StageInfo", "build_model", "make_stage", "paper_stage_name"]


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


def make_stage(
    spec: ResNetSpec, index: int, in_channels: int, reduction: int
) -> tuple[nn.Sequential, StageInfo]:
    """Blocks of stage ``index``; the first stage keeps the resolution, later ones halve it."""
    width = spec.widths[index]
    blocks: list[ResidualBlock] = []
    cin = in_channels
    for block_index in range(spec.layers[index]):
        stride = block_stride(index, block_index)
        if spec.block == "basic":
            block: ResidualBlock = BasicBlock(cin, width, stride, spec.shortcut, spec.plain)
        else:
            block = Bottleneck(
                cin,
                width,
                stride,
                spec.shortcut,
                groups=spec.groups,
                width_per_group=spec.width_per_group,
                stride_on=spec.stride_on,
                plain=spec.plain,
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


class ResNet(nn.Module):
    """A residual network built from a :class:`ResNetSpec`, with torchvision's module names."""

    def __init__(self, spec: ResNetSpec, zero_init_residual: bool = False) -> None:
        super().__init__()
        self.spec = spec
        if spec.stem == "imagenet":
            self.conv1 = nn.Conv2d(spec.in_channels, spec.stem_width, 7, 2, 3, bias=False)
        else:  # the paper's CIFAR stem: one 3x3 conv, full resolution, no pooling
            self.conv1 = nn.Conv2d(spec.in_channels, spec.stem_width, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(spec.stem_width)
        self.relu = nn.ReLU(inplace=True)
        # The CIFAR stem has no pool at all: no placeholder module either, which print(model),
        # the layer table and the activation memory would otherwise list as a layer.
        self.maxpool: nn.Module | None = (
            nn.MaxPool2d(kernel_size=3, stride=2, padding=1) if spec.stem == "imagenet" else None
        )
        self.stages: tuple[StageInfo, ...] = ()
        channels, reduction = spec.stem_width, spec.stem_stride
        for index in range(len(spec.layers)):
            stage, info = make_stage(spec, index, channels, reduction)
            self.add_module(info.name, stage)
            self.stages += (info,)
            channels, reduction = info.out_channels, info.reduction
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
                nn.init.zeros_(place.block.last_bn.weight)

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
        """conv1 → BN → ReLU → max pool (the CIFAR stem has no pool)."""
        x = self.relu(self.bn1(self.conv1(x)))
        return x if self.maxpool is None else self.maxpool(x)

    def forward_head(self, x: torch.Tensor) -> torch.Tensor:
        """Global average pooling and the classifier: the last feature map to logits."""
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
        """Everything before global pooling: the last stage's feature map."""
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
