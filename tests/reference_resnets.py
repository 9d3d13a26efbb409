"""Other people's ResNets, written for the tests from the descriptions of their layouts.

- ``ArticleResNet``: the article's hand-written net (``shortcut``, head ``fc``, ImageNet stem).
- ``CifarResNet``: the most common CIFAR code (``shortcut``, head ``linear``, a 3×3 stem of
  64 with stride 1, no max pool, ``F.avg_pool2d(out, 4)``).
- ``PreActCifarResNet``: pre-activation CIFAR code (``shortcut.0`` a 1×1 conv without BN on
  relu(bn1(x)); stem ``conv1`` alone; an optional final ``bn`` before ``linear``).
- ``OptionACifarResNet``: He et al.'s CIFAR nets as the popular PyTorch code writes them
  (``shortcut`` a lambda that zero-pads planes // 4 channels on each side, head ``linear``).

Nothing here imports the project: these are the "other code" recognition is tested against.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def _conv3(cin: int, cout: int, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, kernel_size=3, stride=stride, padding=1, bias=False)


class ProjectingBasic(nn.Module):
    expansion = 1

    def __init__(self, cin: int, planes: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = _conv3(cin, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = _conv3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != planes:
            self.shortcut = nn.Sequential(
                nn.Conv2d(cin, planes, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(planes),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + self.shortcut(x))


class ProjectingBottleneck(nn.Module):
    expansion = 4
    #: The 2015 paper's v1 strides on the first 1×1 conv; torchvision's v1.5 on the 3×3.
    stride_first = False

    def __init__(self, cin: int, planes: int, stride: int = 1) -> None:
        super().__init__()
        first, middle = (stride, 1) if self.stride_first else (1, stride)
        self.conv1 = nn.Conv2d(cin, planes, kernel_size=1, stride=first, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = _conv3(planes, planes, middle)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, kernel_size=1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != planes * 4:
            self.shortcut = nn.Sequential(
                nn.Conv2d(cin, planes * 4, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(planes * 4),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + self.shortcut(x))


class PaperBottleneck(ProjectingBottleneck):
    stride_first = True


def _stages(owner: nn.Module, block: type, cin: int, widths: list[int], blocks: list[int]) -> int:
    for index, (planes, count) in enumerate(zip(widths, blocks, strict=True)):
        layers = []
        for position in range(count):
            stride = 2 if index > 0 and position == 0 else 1
            layers.append(block(cin, planes, stride))
            cin = planes * block.expansion
        owner.add_module(f"layer{index + 1}", nn.Sequential(*layers))
    return cin


class ArticleResNet(nn.Module):
    def __init__(self, block: type, blocks: list[int], num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.stage_count = len(blocks)
        width = _stages(self, block, 64, [64, 128, 256, 512], blocks)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(width, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        for index in range(self.stage_count):
            x = getattr(self, f"layer{index + 1}")(x)
        return self.fc(torch.flatten(self.avgpool(x), 1))


class CifarResNet(nn.Module):
    def __init__(self, block: type, blocks: list[int], num_classes: int = 10) -> None:
        super().__init__()
        self.conv1 = _conv3(3, 64)
        self.bn1 = nn.BatchNorm2d(64)
        width = _stages(self, block, 64, [64, 128, 256, 512], blocks)
        self.linear = nn.Linear(width, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layer4(self.layer3(self.layer2(self.layer1(out))))
        out = F.avg_pool2d(out, 4)
        return self.linear(out.view(out.size(0), -1))


class PreActBasic(nn.Module):
    expansion = 1

    def __init__(self, cin: int, planes: int, stride: int = 1) -> None:
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = _conv3(cin, planes, stride)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv2 = _conv3(planes, planes)
        if stride != 1 or cin != planes:
            self.shortcut = nn.Sequential(
                nn.Conv2d(cin, planes, kernel_size=1, stride=stride, bias=False)
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(x))
        shortcut = self.shortcut(out) if hasattr(self, "shortcut") else x
        out = self.conv1(out)
        out = self.conv2(F.relu(self.bn2(out)))
        return out + shortcut


class PreActBottleneck(nn.Module):
    expansion = 4

    def __init__(self, cin: int, planes: int, stride: int = 1) -> None:
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, planes, kernel_size=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv2 = _conv3(planes, planes, stride)
        self.bn3 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, kernel_size=1, bias=False)
        if stride != 1 or cin != planes * 4:
            self.shortcut = nn.Sequential(
                nn.Conv2d(cin, planes * 4, kernel_size=1, stride=stride, bias=False)
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(x))
        shortcut = self.shortcut(out) if hasattr(self, "shortcut") else x
        out = self.conv1(out)
        out = self.conv2(F.relu(self.bn2(out)))
        out = self.conv3(F.relu(self.bn3(out)))
        return out + shortcut


class PreActCifarResNet(nn.Module):
    def __init__(
        self,
        block: type,
        blocks: list[int],
        num_classes: int = 10,
        final_bn: bool = True,
        widths: tuple[int, ...] = (64, 128, 256, 512),
    ) -> None:
        super().__init__()
        self.conv1 = _conv3(3, widths[0])
        self.stage_count = len(blocks)
        width = _stages(self, block, widths[0], list(widths), blocks)
        self.final_bn = final_bn
        if final_bn:
            self.bn = nn.BatchNorm2d(width)
        self.linear = nn.Linear(width, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.conv1(x)
        for index in range(self.stage_count):
            out = getattr(self, f"layer{index + 1}")(out)
        if self.final_bn:
            out = F.relu(self.bn(out))
        out = F.adaptive_avg_pool2d(out, 1)
        return self.linear(out.view(out.size(0), -1))


class LambdaLayer(nn.Module):
    def __init__(self, function) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.function = function

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.function(x)


class OptionABasic(nn.Module):
    expansion = 1

    def __init__(self, cin: int, planes: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = _conv3(cin, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = _conv3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut: nn.Module = nn.Sequential()
        if stride != 1 or cin != planes:
            pad = planes // 4
            self.shortcut = LambdaLayer(
                lambda x: F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, pad, pad), "constant", 0)
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class OptionACifarResNet(nn.Module):
    def __init__(self, blocks_per_stage: int, num_classes: int = 10) -> None:
        super().__init__()
        self.conv1 = _conv3(3, 16)
        self.bn1 = nn.BatchNorm2d(16)
        _stages(self, OptionABasic, 16, [16, 32, 64], [blocks_per_stage] * 3)
        self.linear = nn.Linear(64, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layer3(self.layer2(self.layer1(out)))
        out = F.avg_pool2d(out, out.size()[3])
        return self.linear(out.view(out.size(0), -1))


def randomise(model: nn.Module, seed: int = 0) -> nn.Module:
    """Random weights and BatchNorm statistics, so a wrong mapping cannot go unnoticed."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            if not tensor.dtype.is_floating_point:
                continue
            values = torch.rand(tensor.shape, generator=generator)
            if "running_var" in name:
                values = values + 0.5
            elif tensor.dim() > 1:  # weights scaled by their fan-in, so activations stay finite
                values = (values - 0.5) * 2 * (3 / tensor[0].numel()) ** 0.5
            else:
                values = values - 0.5
            tensor.copy_(values)
    return model.eval()
