"""The text the code view is assembled from: PyTorch templates for the helpers, each
shortcut option, the post- and pre-activation blocks and the ``ResNet`` class with its stems.
``_codegen`` fills them in for one spec; the tests run what comes out."""

from __future__ import annotations

from ..models import ResNetSpec

__all__ = [
    "BASIC",
    "BOTTLENECK",
    "HEADER",
    "PREACT_BASIC",
    "PREACT_BOTTLENECK",
    "RESNET",
    "final_code",
    "shortcut_function",
    "stem_code",
    "zero_pad_class",
]

HEADER = """import torch
import torch.nn.functional as F
from torch import nn


def conv3x3(cin: int, cout: int, stride: int = 1, groups: int = 1) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=1, groups=groups, bias=False)


def conv1x1(cin: int, cout: int, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, 1, stride=stride, bias=False)
"""

BASIC = '''

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

BOTTLENECK = '''

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


def zero_pad_class(spec: ResNetSpec) -> str:
    """Option A's shortcut module, its zeros placed as the spec places them."""
    if spec.zero_pad == "split":
        doc = "subsample, then add zero channels, half before and half after x's"
        pad = (
            "extra = self.cout - self.cin\n"
            "        return F.pad(x, (0, 0, 0, 0, extra // 2, extra - extra // 2))"
        )
        shown = " + \", placement='split'\""
    else:
        doc = "subsample, then pad the new channels with zeros"
        pad = "return F.pad(x, (0, 0, 0, 0, 0, self.cout - self.cin))"
        shown = ""
    return f'''

class ZeroPadShortcut(nn.Module):
    """Option A shortcut: {doc}. No parameters."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.cin, self.cout, self.stride = cin, cout, stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x[:, :, :: self.stride, :: self.stride]
        {pad}

    def extra_repr(self) -> str:  # print(model) shows what it does
        return f"{{self.cin}}, {{self.cout}}, stride={{self.stride}}"{shown}
'''


_AVG_DOWN = '''

def pool(stride: int) -> nn.Module:
    """ResNet-D: a 2x2 average pool where the block strides (an empty step where it does not)."""
    if stride == 1:
        return nn.Identity()
    return nn.AvgPool2d(2, stride, ceil_mode=True, count_include_pad=False)
'''


def _projection(spec: ResNetSpec) -> tuple[str, str]:
    """The projection's words and expression for this layout."""
    conv = "pool(stride), conv1x1(cin, cout)" if spec.avg_down else "conv1x1(cin, cout, stride)"
    words = ("a 2x2 average pool and " if spec.avg_down else "") + "a 1x1 conv"
    if spec.unit == "post":
        return words + " + BN", f"nn.Sequential({conv}, nn.BatchNorm2d(cout))"
    return words + " (no BN: its input is pre-activated)", f"nn.Sequential({conv})"


def shortcut_function(spec: ResNetSpec) -> str:
    """``shortcut(cin, cout, stride)`` for the spec's option and layout (with the zero-pad
    class or the average pool it needs)."""
    same = "    if stride == 1 and cin == cout:\n        return None\n"
    if spec.shortcut == "A":
        return zero_pad_class(spec) + (
            "\n\ndef shortcut(cin: int, cout: int, stride: int) -> nn.Module | None:\n"
            '    """Option A: identity, or zero-padding where the shape changes."""\n'
            f"{same}    return ZeroPadShortcut(cin, cout, stride)\n"
        )
    words, expression = _projection(spec)
    if spec.shortcut == "B":
        doc, test = f"Option B: identity, or {words} projection where the shape changes.", same
    else:
        doc, test = f"Option C: {words} projection in every block.", ""
    return (_AVG_DOWN if spec.avg_down else "") + (
        "\n\ndef shortcut(cin: int, cout: int, stride: int) -> nn.Module | None:\n"
        f'    """{doc}"""\n{test}    return {expression}\n'
    )


PREACT_BASIC = '''

class PreActBasicBlock(nn.Module):
    """out = F(x) + shortcut(x), F = BN-ReLU-3x3 conv, BN-ReLU-3x3 conv; nothing after the add."""

    expansion = 1

    def __init__(self, cin: int, width: int, stride: int = 1) -> None:
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.relu = nn.ReLU(inplace=True)
        self.conv1 = conv3x3(cin, width, stride)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv2 = conv3x3(width, width)
        self.downsample = shortcut(cin, width, stride)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pre = self.relu(self.bn1(x))  # x itself stays as it is, for the identity
        out = self.conv2(self.relu(self.bn2(self.conv1(pre))))
        out += x if self.downsample is None else self.downsample({shortcut_input})
        return out
'''

PREACT_BOTTLENECK = '''

class PreActBottleneck(nn.Module):
    """out = F(x) + shortcut(x), F = BN-ReLU-1x1 reduce, BN-ReLU-3x3{groups_note},
    BN-ReLU-1x1 expand x4; nothing after the add."""

    expansion = 4

    def __init__(self, cin: int, width: int, stride: int = 1) -> None:
        super().__init__()
        inner = {inner}
        self.bn1 = nn.BatchNorm2d(cin)
        self.relu = nn.ReLU(inplace=True)
        self.conv1 = conv1x1(cin, inner{stride_1x1})
        self.bn2 = nn.BatchNorm2d(inner)
        self.conv2 = conv3x3(inner, inner{stride_3x3}, groups={groups})
        self.bn3 = nn.BatchNorm2d(inner)
        self.conv3 = conv1x1(inner, width * 4)
        self.downsample = shortcut(cin, width * 4, stride)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pre = self.relu(self.bn1(x))  # x itself stays as it is, for the identity
        out = self.conv2(self.relu(self.bn2(self.conv1(pre))))
        out = self.conv3(self.relu(self.bn3(out)))
        out += x if self.downsample is None else self.downsample({shortcut_input})
        return out
'''

RESNET = '''

class ResNet(nn.Module):
    """The stem, {stages} stages of blocks built by _make_layer, average pooling, the classifier."""

    def __init__(self, block: type, layers: list[int], num_classes: int = {num_classes}) -> None:
        super().__init__()
        self.in_channels = {stem_width}  # what the next block takes in; _make_layer updates it
{stem}
{stage_lines}{final}
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
{stage_forward}{final_forward}
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return self.fc(x)
'''

_STEM_CONV = {
    "imagenet": "nn.Conv2d({cin}, {width}, kernel_size=7, stride=2, padding=3, bias=False)",
    "cifar": "nn.Conv2d({cin}, {width}, kernel_size=3, stride=1, padding=1, bias=False)",
    "deep": """nn.Sequential(  # ResNet-C: three 3x3 convs instead of one 7x7
            conv3x3({cin}, {half}, stride=2),
            nn.BatchNorm2d({half}),
            nn.ReLU(inplace=True),
            conv3x3({half}, {half}),
            nn.BatchNorm2d({half}),
            nn.ReLU(inplace=True),
            conv3x3({half}, {width}),
        )""",
}


def stem_code(spec: ResNetSpec) -> tuple[str, str]:
    """The stem's lines in ``__init__`` and its expression in ``forward``: a conv (three in
    ResNet-C), BN and ReLU unless the blocks pre-activate, the max pool unless on CIFAR."""
    conv = _STEM_CONV[spec.stem].format(
        cin=spec.in_channels, width=spec.stem_width, half=spec.stem_width // 2
    )
    lines = []
    if spec.stem == "cifar":
        lines.append(
            "        # The paper's CIFAR stem: one 3x3 conv at full resolution, no pooling."
        )
    lines.append(f"        self.conv1 = {conv}")
    forward = "self.conv1(x)"
    if spec.unit == "post":
        lines += [
            f"        self.bn1 = nn.BatchNorm2d({spec.stem_width})",
            "        self.relu = nn.ReLU(inplace=True)",
        ]
        forward = f"self.relu(self.bn1({forward}))"
    else:
        lines.append(
            "        # Pre-activation: the first block normalises and activates the conv's output."
        )
    if spec.stem != "cifar":
        lines.append("        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)")
        forward = f"self.maxpool({forward})"
    return "\n".join(lines), forward


def final_code(spec: ResNetSpec) -> tuple[str, str]:
    """A pre-activation net's BN-ReLU after its last sum, in ``__init__`` and ``forward``."""
    if spec.unit == "post" or not spec.final_norm:
        return "", ""
    return (
        "\n        # Pre-activation: the last sum is normalised and activated before pooling."
        "\n        self.bn_final = nn.BatchNorm2d({last_width} * block.expansion)"
        "\n        self.relu = nn.ReLU(inplace=True)",
        "\n        x = self.relu(self.bn_final(x))",
    )
