"""He et al. 2016's full pre-activation units ("Identity Mappings in Deep Residual Networks",
Fig. 4e): BN → ReLU → conv for each conv, and nothing after the addition, so the shortcut
path carries the signal from block to block untouched.

Where the shape changes, the projection (a 1x1 conv, no BN) reads the pre-activated input, as
the paper's released code, timm's ResNetV2 and the popular CIFAR code do; a zero-padding
shortcut reads the block's input itself. Module names keep torchvision's (``bn1``, ``conv1``,
… ``downsample``), in the order the unit computes.
"""

from __future__ import annotations

from ..torch_loader import nn, torch
from ._blocks import DEFAULT_STYLE, ResidualBlock, ShortcutPlan, bottleneck_layout
from ._shortcuts import conv1x1, conv3x3
from ._specs import StridePlacement, UnitOrder

__all__ = ["PreActBasicBlock", "PreActBottleneck", "PreActivationUnit"]


class PreActivationUnit(ResidualBlock):
    """What both pre-activation units share: the first BN-ReLU feeds the branch and any
    projection, and the output is the plain sum."""

    unit: UnitOrder = "pre"
    bn1: nn.BatchNorm2d

    def preactivate(self, x: torch.Tensor) -> torch.Tensor:
        """BN → ReLU of the block's input, as a new tensor: ``x`` itself is left as it is for
        the identity shortcut, even where the norm was taken out (the lab's BatchNorm-off
        twin), which would hand ``x`` itself to the in-place ReLU."""
        normalised = self.bn1(x)
        if normalised is x:
            normalised = x.clone()
        return self.relu(normalised)

    def branch_from(self, preactivated: torch.Tensor) -> torch.Tensor:
        """The rest of F(x) after the first BN-ReLU."""
        raise NotImplementedError

    def residual(self, x: torch.Tensor) -> torch.Tensor:
        return self.branch_from(self.preactivate(x))

    def _shortcut_from(self, x: torch.Tensor, preactivated: torch.Tensor) -> torch.Tensor:
        if self.downsample is None:
            return x
        return self.downsample(preactivated if self.shortcut_kind == "projection" else x)

    def shortcut(self, x: torch.Tensor) -> torch.Tensor:
        if self.shortcut_kind == "projection":
            return self._shortcut_from(x, self.preactivate(x))
        return self._shortcut_from(x, x)

    def parts(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        preactivated = self.preactivate(x)
        branch = self.branch_from(preactivated)
        if self.shortcut_kind == "none":
            return branch, None
        return branch, self._shortcut_from(x, preactivated)

    def join(self, branch: torch.Tensor, shortcut: torch.Tensor | None) -> torch.Tensor:
        """F(x) + shortcut, with no activation after it."""
        if shortcut is not None:
            branch += shortcut
        return branch


class PreActBasicBlock(PreActivationUnit):
    """BN → ReLU → 3x3 conv, twice."""

    expansion = 1

    def __init__(
        self, in_channels: int, width: int, stride: int = 1, style: ShortcutPlan = DEFAULT_STYLE
    ) -> None:
        super().__init__(in_channels, width, stride, style)
        self.bn1 = nn.BatchNorm2d(in_channels)
        self.relu = nn.ReLU(inplace=True)
        self.conv1 = conv3x3(in_channels, width, stride)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv2 = conv3x3(width, width)
        self._attach_shortcut()

    def branch_from(self, preactivated: torch.Tensor) -> torch.Tensor:
        out = self.conv1(preactivated)
        return self.conv2(self.relu(self.bn2(out)))

    def zero_init_last(self) -> None:
        nn.init.zeros_(self.conv2.weight)


class PreActBottleneck(PreActivationUnit):
    """BN → ReLU → 1x1 reduce, BN → ReLU → 3x3 (optionally grouped), BN → ReLU → 1x1 expand."""

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
        self.bn1 = nn.BatchNorm2d(in_channels)
        self.relu = nn.ReLU(inplace=True)
        self.conv1 = conv1x1(in_channels, inner, stride_1x1)
        self.bn2 = nn.BatchNorm2d(inner)
        self.conv2 = conv3x3(inner, inner, stride_3x3, groups)
        self.bn3 = nn.BatchNorm2d(inner)
        self.conv3 = conv1x1(inner, self.out_channels)
        self._attach_shortcut()

    def branch_from(self, preactivated: torch.Tensor) -> torch.Tensor:
        out = self.conv1(preactivated)
        out = self.conv2(self.relu(self.bn2(out)))
        return self.conv3(self.relu(self.bn3(out)))

    def zero_init_last(self) -> None:
        nn.init.zeros_(self.conv3.weight)
