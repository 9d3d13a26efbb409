"""Each layer's own numbers (kernel, stride, channels, groups), and how far each stage's
output can see (receptive field)."""

from __future__ import annotations

from ..models import ResNet, ZeroPadShortcut
from ..torch_loader import nn

__all__ = ["layer_numbers", "receptive_fields"]


def layer_numbers(module: nn.Module) -> dict[str, int | None]:
    """A layer's own numbers, as ``LayerRow`` holds them: kernel, stride, channels, groups."""
    if isinstance(module, nn.Conv2d):
        kernel, stride = _geometry(module)
        return {
            "kernel": kernel,
            "stride": stride,
            "in_channels": module.in_channels,
            "channels": module.out_channels,
            "groups": module.groups,
        }
    if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
        kernel, stride = _geometry(module)
        return {"kernel": kernel, "stride": stride}
    if isinstance(module, nn.Linear):
        return {"in_channels": module.in_features, "channels": module.out_features}
    if isinstance(module, ZeroPadShortcut):
        return {"stride": module.stride, "channels": module.out_channels}
    return {}


def _geometry(module: nn.Conv2d | nn.MaxPool2d | nn.AvgPool2d) -> tuple[int, int]:
    """Kernel side and stride of a square conv or pool."""

    def first(value: int | tuple[int, ...]) -> int:
        return value[0] if isinstance(value, tuple) else value

    return first(module.kernel_size), first(module.stride)


def receptive_fields(model: ResNet) -> dict[str, int]:
    """Receptive field (pixels) at the stem's and each stage's output, along the deepest path.

    Each k×k layer of stride s widens the field by (k-1) × (product of earlier strides).
    Shortcuts never widen it more than the residual branch they skip.
    """
    field, jump = 1, 1

    def step(module: nn.Conv2d | nn.MaxPool2d) -> None:
        nonlocal field, jump
        kernel, stride = _geometry(module)
        field += (kernel - 1) * jump
        jump *= stride

    stem = model.conv1  # one conv, or ResNet-C's three in a Sequential
    for conv in stem.children() if isinstance(stem, nn.Sequential) else [stem]:
        if isinstance(conv, nn.Conv2d):
            step(conv)
    if isinstance(model.maxpool, nn.MaxPool2d):
        step(model.maxpool)
    fields = {"stem": field}
    for place in model.named_blocks():
        for name, conv in place.block.named_children():
            if name.startswith("conv") and isinstance(conv, nn.Conv2d):
                step(conv)
        fields[place.stage] = field  # the stage's field is its last block's
    return fields
