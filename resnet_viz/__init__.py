"""resnet-viz: build residual networks identical to torchvision's and show how they work."""

from .model import ResNet, StageInfo, build_model
from .specs import PRESETS, TORCHVISION_PRESETS, ResNetSpec, get_spec, param_count

__all__ = [
    "PRESETS",
    "TORCHVISION_PRESETS",
    "ResNet",
    "ResNetSpec",
    "StageInfo",
    "build_model",
    "get_spec",
    "param_count",
]
