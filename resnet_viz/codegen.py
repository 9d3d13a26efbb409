"""The code view: Python that builds exactly this network, and a self-contained block listing.

The listing is plain PyTorch, specialised to the options in use (block type, shortcut option,
stride placement, groups); a test runs it and checks it computes what our blocks compute.
"""

from __future__ import annotations

import dataclasses
import re

from .presets import PRESETS
from .specs import ResNetSpec

__all__ = ["block_listing", "builder_code"]


def builder_code(spec: ResNetSpec) -> str:
    """Python that rebuilds ``spec`` with resnet_viz (values written with repr, so it is safe)."""
    lines = ["from resnet_viz import ResNetSpec, build_model", ""]
    if PRESETS.get(spec.name) == spec:
        lines += [f"model = build_model({spec.name!r})", "", "# which is the same as:"]
    lines.append("spec = ResNetSpec(")
    for field in dataclasses.fields(spec):
        lines.append(f"    {field.name}={getattr(spec, field.name)!r},")
    lines += [
        ")",
        "model = build_model(spec)          # weights on the CPU",
        'skeleton = build_model(spec, device="meta")  # structure only, no memory',
    ]
    return "\n".join(lines) + "\n"


_HEADER = """import torch
import torch.nn.functional as F
from torch import nn


def conv3x3(cin: int, cout: int, stride: int = 1, groups: int = 1) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=1, groups=groups, bias=False)


def conv1x1(cin: int, cout: int, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, 1, stride=stride, bias=False)
"""

_ZERO_PAD = '''

class ZeroPad(nn.Module):
    """Option A shortcut: subsample, then pad the new channels with zeros. No parameters."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.cin, self.cout, self.stride = cin, cout, stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x[:, :, :: self.stride, :: self.stride]
        return F.pad(x, (0, 0, 0, 0, 0, self.cout - self.cin))
'''

_SHORTCUT = {
    "A": '''

def shortcut(cin: int, cout: int, stride: int) -> nn.Module | None:
    """Option A: identity, or zero-padding where the shape changes."""
    if stride == 1 and cin == cout:
        return None
    return ZeroPad(cin, cout, stride)
''',
    "B": '''

def shortcut(cin: int, cout: int, stride: int) -> nn.Module | None:
    """Option B: identity, or a 1x1 conv + BN projection where the shape changes."""
    if stride == 1 and cin == cout:
        return None
    return nn.Sequential(conv1x1(cin, cout, stride), nn.BatchNorm2d(cout))
''',
    "C": '''

def shortcut(cin: int, cout: int, stride: int) -> nn.Module | None:
    """Option C: a 1x1 conv + BN projection in every block."""
    return nn.Sequential(conv1x1(cin, cout, stride), nn.BatchNorm2d(cout))
''',
}

_BASIC = '''

class BasicBlock(nn.Module):
    """out = relu(F(x) + shortcut(x)), F = 3x3 conv-BN-ReLU, 3x3 conv-BN."""

    expansion = 1

    def __init__(self, cin: int, width: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = conv3x3(cin, width, stride)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(width, width)
        self.bn2 = nn.BatchNorm2d(width)
        self.downsample = shortcut(cin, width, stride)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += x if self.downsample is None else self.downsample(x)
        return self.relu(out)
'''

_BOTTLENECK = '''

class Bottleneck(nn.Module):
    """out = relu(F(x) + shortcut(x)), F = 1x1 reduce, 3x3{groups_note}, 1x1 expand x4."""

    expansion = 4

    def __init__(self, cin: int, width: int, stride: int = 1) -> None:
        super().__init__()
        inner = {inner}
        self.conv1 = conv1x1(cin, inner{stride_1x1})
        self.bn1 = nn.BatchNorm2d(inner)
        self.conv2 = conv3x3(inner, inner{stride_3x3}, groups={groups})
        self.bn2 = nn.BatchNorm2d(inner)
        self.conv3 = conv1x1(inner, width * 4)
        self.bn3 = nn.BatchNorm2d(width * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = shortcut(cin, width * 4, stride)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        out += x if self.downsample is None else self.downsample(x)
        return self.relu(out)
'''


def block_listing(spec: ResNetSpec) -> str:
    """Self-contained PyTorch for the block this spec uses, with its shortcut option."""
    parts = [_HEADER]
    if spec.shortcut == "A":
        parts.append(_ZERO_PAD)
    parts.append(_SHORTCUT[spec.shortcut])
    if spec.block == "basic":
        parts.append(_BASIC)
    else:
        on_3x3 = spec.stride_on == "3x3"
        parts.append(
            _BOTTLENECK.format(
                groups=spec.groups,
                inner="width"
                if (spec.groups, spec.width_per_group) == (1, 64)
                else f"width * {spec.width_per_group} // 64 * {spec.groups}  # grouped / widened",
                groups_note=f" ({spec.groups} groups)" if spec.groups > 1 else "",
                stride_1x1="" if on_3x3 else ", stride",
                stride_3x3=", stride" if on_3x3 else "",
            ).replace(
                "        inner =",
                "        # stride on the "
                + (
                    "3x3 conv, as torchvision (ResNet v1.5)"
                    if on_3x3
                    else "first 1x1 conv, as the paper (v1)"
                )
                + "\n        inner =",
            )
        )
    listing = "".join(parts)
    if spec.plain:  # the plain twin: the same branch, no shortcut, nothing added back
        listing = re.sub(r"self\.downsample = shortcut\([^)]*\)", "self.downsample = None", listing)
        listing = listing.replace(
            "        out += x if self.downsample is None else self.downsample(x)\n",
            "        # a plain network: nothing is added back\n",
        )
    return listing
