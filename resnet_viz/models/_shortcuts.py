"""The convolutions blocks are made of, and the shortcut modules: zero padding (option A, its
new channels after the old ones or split around them) and projections (1x1 conv, with a BN
after it in a post-activation net, and ResNet-D's 2x2 average pool before it).

Module names and indices follow torchvision and timm (``downsample.0/.1``, and with the pool
``downsample.1/.2``), so their state_dicts load unchanged.
"""

from __future__ import annotations

from ..torch_loader import F, nn, torch
from ._specs import ShortcutKind, ZeroPadPlacement

__all__ = ["ZeroPadShortcut", "conv1x1", "conv3x3", "make_shortcut"]


def conv3x3(in_channels: int, out_channels: int, stride: int = 1, groups: int = 1) -> nn.Conv2d:
    """3x3 convolution with padding 1 and no bias (a BatchNorm follows or precedes it)."""
    return nn.Conv2d(
        in_channels, out_channels, 3, stride=stride, padding=1, groups=groups, bias=False
    )


def conv1x1(in_channels: int, out_channels: int, stride: int = 1) -> nn.Conv2d:
    """1x1 convolution with no bias (a BatchNorm follows or precedes it)."""
    return nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False)


class ZeroPadShortcut(nn.Module):
    """The paper's option A: subsample spatially, add zero channels; no parameters.

    ``placement="end"`` puts the zeros after the input's channels (fb.resnet.torch);
    ``"split"`` puts half before and half after (the widely used PyTorch CIFAR code). Weights
    trained with one placement are wrong with the other.
    """

    def __init__(
        self, in_channels: int, out_channels: int, stride: int, placement: ZeroPadPlacement = "end"
    ) -> None:
        super().__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.stride = stride
        self.placement = placement

    @property
    def padding(self) -> tuple[int, int]:
        """Zero channels before and after the input's own."""
        extra = self.out_channels - self.in_channels
        before = extra // 2 if self.placement == "split" else 0
        return before, extra - before

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.stride > 1:
            x = x[:, :, :: self.stride, :: self.stride]
        # F.pad's last pair pads dim 1 (channels) once the two spatial pairs are zero.
        return F.pad(x, (0, 0, 0, 0, *self.padding))

    def extra_repr(self) -> str:
        text = f"{self.in_channels}, {self.out_channels}, stride={self.stride}"
        return text + (", placement='split'" if self.placement == "split" else "")


def _average_down(stride: int) -> nn.Module:
    """ResNet-D's pool before a projection: 2x2 averages with the block's stride (timm's
    settings, so odd sizes round up as the strided conv beside it does); none at stride 1."""
    if stride == 1:
        return nn.Identity()
    return nn.AvgPool2d(2, stride, ceil_mode=True, count_include_pad=False)


def make_shortcut(
    kind: ShortcutKind,
    in_channels: int,
    out_channels: int,
    stride: int,
    *,
    norm: bool = True,
    avg_down: bool = False,
    zero_pad: ZeroPadPlacement = "end",
) -> nn.Module | None:
    """The shortcut module for one block: None for an identity, and for no shortcut at all.

    ``norm``: a BN after the projection's conv (post-activation nets; a pre-activation
    projection reads an input that is already normalised).
    """
    if kind in ("identity", "none"):
        return None
    if kind == "zero-pad":
        return ZeroPadShortcut(in_channels, out_channels, stride, zero_pad)
    parts: list[nn.Module] = []
    if avg_down:
        parts += [_average_down(stride), conv1x1(in_channels, out_channels)]
    else:
        parts.append(conv1x1(in_channels, out_channels, stride))
    if norm:
        parts.append(nn.BatchNorm2d(out_channels))
    return nn.Sequential(*parts)
