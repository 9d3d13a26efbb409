"""resnet-viz: build residual networks identical to torchvision's and show how they work.

The package is layered (see the README's layout table and the import-linter contracts in
pyproject.toml): ``models`` at the bottom, then ``trace`` and ``data``, ``views``, ``comparison``
and ``infer``, ``lab`` and ``state``, and ``serving`` and ``ui`` on top. These re-exports are
the few names a notebook starts from: the builder, and ``draw``, ``summary`` and ``compare``
(the pages' diagrams and tables, from ``notebook``), and ``check`` (an engineer's own
ResNet recognised and compared). All but the specs are loaded on first
use, as importing the package (as every page does) must not wait for torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_names
from .models import PRESETS, TORCHVISION_PRESETS, ResNetSpec, get_spec, param_count

if TYPE_CHECKING:
    from .models import ResNet, StageInfo, build_model
    from .notebook import check, compare, draw, summary

__all__ = [
    "PRESETS",
    "TORCHVISION_PRESETS",
    "ResNet",
    "ResNetSpec",
    "StageInfo",
    "build_model",
    "check",
    "compare",
    "draw",
    "get_spec",
    "param_count",
    "summary",
]

__getattr__ = lazy_names(
    __name__,
    {
        **dict.fromkeys(("ResNet", "StageInfo", "build_model"), ".models"),
        **dict.fromkeys(("check", "compare", "draw", "summary"), ".notebook"),
    },
)
