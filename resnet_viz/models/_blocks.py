"""Residual blocks: what every block shares, and He et al. 2015's post-activation blocks.

Module names follow torchvision (``conv1``, ``bn1``, ``downsample.0/.1``) so torchvision's
state_dicts load into these blocks unchanged. The pre-activation blocks are in ``_preact``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..torch_loader import nn, torch
from ._shortcuts import conv1x1, conv3x3, make_shortcut
from ._specs import (
    ShortcutKind,
    ShortcutOption,
    StridePlacement,
    UnitOrder,
    ZeroPadPlacement,
    bottleneck_inner,
    shortcut_kind,
)

__all__ = [
    "DEFAULT_STYLE",
    "BasicBlock",
    "Bottleneck",
    "ResidualBlock",
    "ShortcutPlan",
    "bottleneck_layout",
]


@dataclass(frozen=True)
class ShortcutPlan:
    """How a network's shortcuts are made: He et al.'s option, whether the network is the
    plain twin (no shortcuts), ResNet-D's average pool, and where option A puts its zeros."""

    option: ShortcutOption = "B"
    plain: bool = False
    avg_down: bool = False
    zero_pad: ZeroPadPlacement = "end"


#: torchvision's shortcuts: option B, no pool, a shortcut in every block.
DEFAULT_STYLE = ShortcutPlan()


class ResidualBlock(nn.Module):
    """Shared bookkeeping: what the shortcut is, so pictures need not guess from modules.

    Each block registers its own ``relu`` where torchvision does (after ``bn1`` in a
    BasicBlock, after ``bn3`` in a Bottleneck), so module order matches torchvision's.
    """

    expansion = 1
    #: Post-activation (He et al. 2015) or pre-activation (He et al. 2016).
    unit: UnitOrder = "post"
    relu: nn.ReLU
    downsample: nn.Module | None
    shortcut_kind: ShortcutKind

    def __init__(
        self, in_channels: int, out_channels: int, stride: int, style: ShortcutPlan
    ) -> None:
        super().__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.stride = stride
        self.style = style
        self.shortcut_kind = shortcut_kind(
            style.option, in_channels, out_channels, stride, style.plain
        )

    def _attach_shortcut(self) -> None:
        """Register ``downsample`` last, as torchvision does, so module order matches too."""
        self.downsample = make_shortcut(
            self.shortcut_kind,
            self.in_channels,
            self.out_channels,
            self.stride,
            norm=self.unit == "post",
            avg_down=self.style.avg_down,
            zero_pad=self.style.zero_pad,
        )

    def residual(self, x: torch.Tensor) -> torch.Tensor:
        """F(x), the branch the block learns."""
        raise NotImplementedError

    def zero_init_last(self) -> None:
        """Start the branch at zero, so the block begins as its shortcut (torchvision's
        ``zero_init_residual``): the last BN's scale here, the last conv in a pre-activation
        unit, whose last BN comes before a conv."""
        raise NotImplementedError

    def shortcut(self, x: torch.Tensor) -> torch.Tensor:
        """What the shortcut carries: ``x`` itself, or its projection or zero-padded copy."""
        return x if self.downsample is None else self.downsample(x)

    def parts(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """The two terms the block adds: F(x) and the shortcut's output (None in a plain
        network's block, which adds nothing back). The shortcut runs after the branch, as in
        torchvision, so traces list the layers alike."""
        branch = self.residual(x)
        return branch, None if self.shortcut_kind == "none" else self.shortcut(x)

    def join(self, branch: torch.Tensor, shortcut: torch.Tensor | None) -> torch.Tensor:
        """The block's output from its two terms: ReLU(F(x) + shortcut). The add happens in
        ``branch``'s memory, as torchvision's does, so the block needs no more of it."""
        if shortcut is not None:
            branch += shortcut
        return self.relu(branch)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.join(*self.parts(x))


class BasicBlock(ResidualBlock):
    """Two 3x3 convolutions (ResNet-18/34 and the paper's CIFAR nets)."""

    expansion = 1

    def __init__(
        self,
        in_channels: int,
        width: int,
        stride: int = 1,
        style: ShortcutPlan = DEFAULT_STYLE,
    ) -> None:
        super().__init__(in_channels, width, stride, style)
        self.conv1 = conv3x3(in_channels, width, stride)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(width, width)
        self.bn2 = nn.BatchNorm2d(width)
        self._attach_shortcut()

    def residual(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        return self.bn2(self.conv2(out))

    def zero_init_last(self) -> None:
        nn.init.zeros_(self.bn2.weight)


def bottleneck_layout(
    width: int, width_per_group: int, groups: int, stride: int, stride_on: StridePlacement
) -> tuple[int, int, int]:
    """A bottleneck's inner channels, and the strides of its first 1x1 and its 3x3 conv:
    torchvision ("ResNet v1.5") strides on the 3x3 conv, the paper (v1) on the first 1x1."""
    strides = (1, stride) if stride_on == "3x3" else (stride, 1)
    return bottleneck_inner(width, width_per_group, groups), *strides


class Bottleneck(ResidualBlock):
    """1x1 reduce, 3x3 (optionally grouped), 1x1 expand by 4 (ResNet-50 and up, ResNeXt, Wide)."""

    expansion = 4

    def __init__(
        self,
        in_channels: int,
        width: int,
        stride: int = 1,
        style: ShortcutPlan = DEFAULT_STYLE,
        *,
        groups: int = 1,
        width_per_group: int = 64,
        stride_on: StridePlacement = "3x3",
    ) -> None:
        super().__init__(in_channels, width * self.expansion, stride, style)
        inner, stride_1x1, stride_3x3 = bottleneck_layout(
            width, width_per_group, groups, stride, stride_on
        )
        self.conv1 = conv1x1(in_channels, inner, stride_1x1)
        self.bn1 = nn.BatchNorm2d(inner)
        self.conv2 = conv3x3(inner, inner, stride_3x3, groups)
        self.bn2 = nn.BatchNorm2d(inner)
        self.conv3 = conv1x1(inner, self.out_channels)
        self.bn3 = nn.BatchNorm2d(self.out_channels)
        self.relu = nn.ReLU(inplace=True)
        self._attach_shortcut()

    def residual(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        return self.bn3(self.conv3(out))

    def zero_init_last(self) -> None:
        nn.init.zeros_(self.bn3.weight)
