"""The code view: Python that builds exactly this network, a self-contained block listing, and
the whole network written by hand.

The listings are plain PyTorch, specialised to the options in use (block type, shortcut
option, stride placement, groups). The whole network is written the way the article writes
it — block classes with ``expansion``, a ``ResNet`` class whose ``_make_layer`` builds the
stages, a function per network — but with torchvision's module names (``downsample`` where
the article says ``shortcut``), so that torchvision's weights load into it. Tests run every
listing: the blocks compute what ours compute, and the whole network prints as torchvision's
prints, takes its weights with ``strict=True`` and gives the same outputs.
"""

from __future__ import annotations

import dataclasses
import keyword
import re

from ..models import PRESETS, TORCHVISION_PRESETS, ResNetSpec, block_stride

__all__ = [
    "block_listing",
    "builder_code",
    "network_function",
    "network_listing",
    "torchvision_family",
]


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

class ZeroPadShortcut(nn.Module):
    """Option A shortcut: subsample, then pad the new channels with zeros. No parameters."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.cin, self.cout, self.stride = cin, cout, stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x[:, :, :: self.stride, :: self.stride]
        return F.pad(x, (0, 0, 0, 0, 0, self.cout - self.cin))

    def extra_repr(self) -> str:  # print(model) shows what it does
        return f"{self.cin}, {self.cout}, stride={self.stride}"
'''

_SHORTCUT = {
    "A": '''

def shortcut(cin: int, cout: int, stride: int) -> nn.Module | None:
    """Option A: identity, or zero-padding where the shape changes."""
    if stride == 1 and cin == cout:
        return None
    return ZeroPadShortcut(cin, cout, stride)
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


_RESNET = '''

class ResNet(nn.Module):
    """The stem, {stages} stages of blocks built by _make_layer, average pooling, the classifier."""

    def __init__(self, block: type, layers: list[int], num_classes: int = {num_classes}) -> None:
        super().__init__()
        self.in_channels = {stem_width}  # what the next block takes in; _make_layer updates it
{stem}
{stage_lines}
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear({last_width} * block.expansion, num_classes)

    def _make_layer(self, block: type, width: int, blocks: int, stride: int) -> nn.Sequential:
        """One stage: the first block may halve the resolution and change the channels (its
        shortcut then projects{pads}); the others keep both."""
        layers = [block(self.in_channels, width, stride)]
        self.in_channels = width * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.in_channels, width))
        return nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = {stem_forward}
{stage_forward}
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return self.fc(x)
'''

_IMAGENET_STEM = """\
        self.conv1 = nn.Conv2d({cin}, {width}, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d({width})
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)"""

_CIFAR_STEM = """\
        # The paper's CIFAR stem: one 3x3 conv at full resolution, no pooling.
        self.conv1 = nn.Conv2d({cin}, {width}, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d({width})
        self.relu = nn.ReLU(inplace=True)"""


def network_function(name: str) -> str:
    """A Python function name for a network's name: letters, digits and underscores only
    (whatever a custom name holds), never a keyword or a leading digit."""
    identifier = re.sub(r"\W", "_", name, flags=re.ASCII).strip("_").lower() or "custom_resnet"
    if identifier[0].isdigit() or keyword.iskeyword(identifier):
        identifier = f"resnet_{identifier}"
    return identifier


def _same_family(one: ResNetSpec, other: ResNetSpec) -> bool:
    """Whether two specs differ only in their name, blocks per stage and classes: one listing
    builds both."""
    ignore = {"name", "layers", "num_classes"}
    return all(
        getattr(one, field.name) == getattr(other, field.name)
        for field in dataclasses.fields(ResNetSpec)
        if field.name not in ignore
    ) and len(one.layers) == len(other.layers)


def torchvision_family(spec: ResNetSpec) -> bool:
    """Whether ``spec`` is built like one of torchvision's networks (so its hand-written code
    prints as torchvision's and takes torchvision's weights, given the same blocks)."""
    return any(_same_family(PRESETS[name], spec) for name in TORCHVISION_PRESETS)


def network_listing(spec: ResNetSpec) -> str:
    """The whole network in plain PyTorch, the article's way, with a function for it and for
    every preset of the same family (``resnet18`` … ``resnet152`` beside each other)."""
    block = "BasicBlock" if spec.block == "basic" else "Bottleneck"
    stages = len(spec.layers)
    stage_lines = "\n".join(
        f"        self.layer{index + 1} = self._make_layer("
        f"block, {width}, layers[{index}], stride={block_stride(index, 0)})"
        for index, width in enumerate(spec.widths)
    )
    stage_forward = "\n".join(f"        x = self.layer{index + 1}(x)" for index in range(stages))
    imagenet = spec.stem == "imagenet"
    stem = (_IMAGENET_STEM if imagenet else _CIFAR_STEM).format(
        cin=spec.in_channels, width=spec.stem_width
    )
    resnet = _RESNET.format(
        stages=stages,
        num_classes=spec.num_classes,
        stem_width=spec.stem_width,
        stem=stem,
        stage_lines=stage_lines,
        last_width=spec.widths[-1],
        pads=" or pads with zeros" if spec.shortcut == "A" else "",
        stem_forward="self.maxpool(self.relu(self.bn1(self.conv1(x))))"
        if imagenet
        else "self.relu(self.bn1(self.conv1(x)))",
        stage_forward=stage_forward,
    )
    family = [preset for preset in PRESETS.values() if _same_family(preset, spec)]
    if not any(preset.name == spec.name for preset in family):
        family.append(spec)
    functions = "".join(
        f"\n\ndef {network_function(member.name)}(num_classes: int = {member.num_classes}) "
        f"-> ResNet:\n    return ResNet({block}, {list(member.layers)}, num_classes)\n"
        for member in family
    )
    chosen = network_function(spec.name)
    weights = (
        "torchvision's weights load as they are: the module names are the same"
        if torchvision_family(spec)
        else "weights of resnet_viz's build_model of the same spec load as they are"
    )
    usage = (
        f'\n\nif __name__ == "__main__":\n    model = {chosen}()\n    print(model)\n'
        f"    # {weights}.\n"
    )
    return block_listing(spec) + resnet + functions + usage
