"""resnet-viz: build residual networks identical to torchvision's and show how they work."""

from .model import ResNet, StageInfo, build_model
from .presets import PRESETS, TORCHVISION_PRESETS, get_spec
from .specs import ResNetSpec, param_count

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
