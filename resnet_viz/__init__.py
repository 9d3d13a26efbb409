"""resnet-viz: build residual networks identical to torchvision's and show how they work.

``ResNet``, ``StageInfo`` and ``build_model`` are loaded on first use: importing the package
(as every page does) must not wait for torch, which takes seconds to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .presets import PRESETS, TORCHVISION_PRESETS, get_spec
from .specs import ResNetSpec, param_count

if TYPE_CHECKING:
    from .model import ResNet, StageInfo, build_model

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

_FROM_MODEL = {"ResNet", "StageInfo", "build_model"}


def __getattr__(name: str) -> Any:
    if name in _FROM_MODEL:
        from . import model

        return getattr(model, name)
    raise AttributeError(f"module 'resnet_viz' has no attribute {name!r}")
