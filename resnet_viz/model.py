"""Stages, the ResNet module and ``build_model``.

Stage building is a free function returning the modules *and* a description of them, so
pictures and tables read the network's structure instead of re-deriving it.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from .blocks import BasicBlock, Bottleneck
from .specs import ResNetSpec, get_spec, stage_names

__all__ = ["ResNet", "StageInfo", "build_model", "make_stage", "paper_stage_name"]


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


def paper_stage_name(index: int) -> str:
    """He et al. name stages conv2_x, conv3_x, ... (conv1 is the stem)."""
    return f"conv{index + 2}_x"


def make_stage(
    spec: ResNetSpec, index: int, in_channels: int, reduction: int
) -> tuple[nn.Sequential, StageInfo]:
    """Blocks of stage ``index``; the first stage keeps the resolution, later ones halve it."""
    stride = 1 if index == 0 else 2
    width = spec.widths[index]
    blocks: list[nn.Module] = []
    cin = in_channels
    for b in range(spec.layers[index]):
        block_stride = stride if b == 0 else 1
        if spec.block == "basic":
            block: nn.Module = BasicBlock(cin, width, block_stride, spec.shortcut)
        else:
            block = Bottleneck(
                cin,
                width,
                block_stride,
                spec.shortcut,
                groups=spec.groups,
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
        stride=stride,
        reduction=reduction * stride,
    )
    return nn.Sequential(*blocks), info


class ResNet(nn.Module):
    """A residual network built from a :class:`ResNetSpec`, with torchvision's module names."""

    def __init__(self, spec: ResNetSpec) -> None:
        super().__init__()
        self.spec = spec
        if spec.stem == "imagenet":
            self.conv1 = nn.Conv2d(spec.in_channels, spec.stem_width, 7, 2, 3, bias=False)
            stem_reduction = 4
        else:  # the paper's CIFAR stem: one 3x3 conv, full resolution, no pooling
            self.conv1 = nn.Conv2d(spec.in_channels, spec.stem_width, 3, 1, 1, bias=False)
            stem_reduction = 1
        self.bn1 = nn.BatchNorm2d(spec.stem_width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = (
            nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
            if spec.stem == "imagenet"
            else nn.Identity()
        )
        self.stages: tuple[StageInfo, ...] = ()
        channels, reduction = spec.stem_width, stem_reduction
        for index in range(len(spec.layers)):
            stage, info = make_stage(spec, index, channels, reduction)
            self.add_module(info.name, stage)
            self.stages += (info,)
            channels, reduction = info.out_channels, info.reduction
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(channels, spec.num_classes)
        if not self.fc.weight.is_meta:  # meta tensors hold no values: initialising them is waste
            self._init_weights()

    def _init_weights(self) -> None:
        """torchvision's initialisation, so a fresh model trains as a torchvision one would."""
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)

    def stage_modules(self) -> list[nn.Sequential]:
        return [getattr(self, info.name) for info in self.stages]

    def forward_features(self, x: torch.Tensor) -> torch.Tensor:
        """Everything before global pooling: the last stage's feature map."""
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        for stage in self.stage_modules():
            x = stage(x)
        return x

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.avgpool(self.forward_features(x))
        return self.fc(torch.flatten(x, 1))


def build_model(
    spec_or_name: ResNetSpec | str,
    *,
    num_classes: int | None = None,
    device: str | torch.device = "cpu",
) -> ResNet:
    """Build a network from a spec or preset name.

    ``device="meta"`` builds the structure without allocating weights: that is how pictures
    and traces are made. The spec's limits are checked (in the spec) before anything exists.
    """
    spec = get_spec(spec_or_name)
    if num_classes is not None:
        spec = spec.replace(num_classes=num_classes)
    with torch.device(device):
        return ResNet(spec)
