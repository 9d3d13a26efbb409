"""resnet-viz: build residual networks identical to torchvision's and show how they work.

The package is layered (see the README's layout table and the import-linter contracts in
pyproject.toml): ``models`` at the bottom, then ``trace`` and ``data``, ``views``, ``compare``
and ``infer``, ``lab`` and ``state``, and ``serving`` and ``ui`` on top. These re-exports are
the few names a notebook starts from; ``ResNet``, ``StageInfo`` and ``build_model`` are
loaded on first use, as importing the package (as every page does) must not wait for torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .models import PRESETS, TORCHVISION_PRESETS, ResNetSpec, get_spec, param_count

if TYPE_CHECKING:
    from .models import ResNet, StageInfo, build_model

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

_FROM_MODELS = {"ResNet", "StageInfo", "build_model"}


def __getattr__(name: str) -> Any:
    if name in _FROM_MODELS:
        from . import models

        return getattr(models, name)
    raise AttributeError(f"module 'resnet_viz' has no attribute {name!r}")
