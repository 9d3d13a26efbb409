"""Residual blocks and their shortcuts.

Module names follow torchvision (``conv1``, ``bn1``, ``downsample.0/.1``) so torchvision's
state_dicts load into these blocks unchanged.
"""

from __future__ import annotations

from ..torch_loader import F, nn, torch
from ._specs import ShortcutKind, ShortcutOption, StridePlacement, bottleneck_inner, shortcut_kind

__all__ = [
    "BasicBlock",
    "Bottleneck",
    "ResidualBlock",
    "ZeroPadShortcut",
    "conv1x1",
    "conv3x3",
    "make_shortcut",
]


def conv3x3(in_channels: int, out_channels: int, stride: int = 1, groups: int = 1) -> nn.Conv2d:
    """3x3 convolution with padding 1 and no bias (a BatchNorm follows)."""
    return nn.Conv2d(
        in_channels, out_channels, 3, stride=stride, padding=1, groups=groups, bias=False
    )


def conv1x1(in_channels: int, out_channels: int, stride: int = 1) -> nn.Conv2d:
    """1x1 convolution with no bias (a BatchNorm follows)."""
    return nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False)


class ZeroPadShortcut(nn.Module):
    """The paper's option A: subsample spatially, pad new channels with zeros; no parameters."""

    def __init__(self, in_channels: int, out_channels: int, stride: int) -> None:
        super().__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.stride = stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.stride > 1:
            x = x[:, :, :: self.stride, :: self.stride]
        # F.pad's last pair pads dim 1 (channels) once the two spatial pairs are zero.
        return F.pad(x, (0, 0, 0, 0, 0, self.out_channels - self.in_channels))

    def extra_repr(self) -> str:
        return f"{self.in_channels}, {self.out_channels}, stride={self.stride}"


def make_shortcut(
    kind: ShortcutKind, in_channels: int, out_channels: int, stride: int
) -> nn.Module | None:
    """The shortcut module for one block: None for an identity, and for no shortcut at all."""
    if kind in ("identity", "none"):
        return None
    if kind == "zero-pad":
        return ZeroPadShortcut(in_channels, out_channels, stride)
    return nn.Sequential(conv1x1(in_channels, out_channels, stride), nn.BatchNorm2d(out_channels))


class ResidualBlock(nn.Module):
    """Shared bookkeeping: what the shortcut is, so pictures need not guess from modules.

    Each block registers its own ``relu`` where torchvision does (after ``bn1`` in a
    BasicBlock, after ``bn3`` in a Bottleneck), so module order matches torchvision's.
    """

    expansion = 1
    relu: nn.ReLU
    downsample: nn.Module | None
    shortcut_kind: ShortcutKind

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        stride: int,
        shortcut: ShortcutOption,
        plain: bool = False,
    ) -> None:
        super().__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.stride = stride
        self.shortcut_kind = shortcut_kind(shortcut, in_channels, out_channels, stride, plain)

    def _attach_shortcut(self) -> None:
        """Register ``downsample`` last, as torchvision does, so module order matches too."""
        self.downsample = make_shortcut(
            self.shortcut_kind, self.in_channels, self.out_channels, self.stride
        )

    def residual(self, x: torch.Tensor) -> torch.Tensor:
        """F(x), the branch the block learns."""
        raise NotImplementedError

    @property
    def last_bn(self) -> nn.BatchNorm2d:
        """The branch's last BatchNorm: its scale decides how much the block adds at first."""
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
        shortcut: ShortcutOption = "B",
        plain: bool = False,
    ) -> None:
        super().__init__(in_channels, width, stride, shortcut, plain)
        self.conv1 = conv3x3(in_channels, width, stride)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(width, width)
        self.bn2 = nn.BatchNorm2d(width)
        self._attach_shortcut()

    def residual(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        return self.bn2(self.conv2(out))

    @property
    def last_bn(self) -> nn.BatchNorm2d:
        return self.bn2


class Bottleneck(ResidualBlock):
    """1x1 reduce, 3x3 (optionally grouped), 1x1 expand by 4 (ResNet-50 and up, ResNeXt, Wide)."""

    expansion = 4

    def __init__(
        self,
        in_channels: int,
        width: int,
        stride: int = 1,
        shortcut: ShortcutOption = "B",
        *,
        groups: int = 1,
        width_per_group: int = 64,
        stride_on: StridePlacement = "3x3",
        plain: bool = False,
    ) -> None:
        super().__init__(in_channels, width * self.expansion, stride, shortcut, plain)
        inner = bottleneck_inner(width, width_per_group, groups)
        # torchvision ("ResNet v1.5") strides on the 3x3 conv; the paper (v1) on the first 1x1.
        stride_1x1, stride_3x3 = (1, stride) if stride_on == "3x3" else (stride, 1)
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

    @property
    def last_bn(self) -> nn.BatchNorm2d:
        return self.bn3
