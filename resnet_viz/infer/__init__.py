"""Classifying images: weights (pretrained or a visitor's checkpoint), the classifier and
its queue, Grad-CAM and per-stage analysis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names
from ._queueing import Busy, TurnQueue

if TYPE_CHECKING:
    from ._analysis import ImageAnalysis, analyse
    from ._checkpoints import (
        CHECKPOINT_UPLOAD_MIB,
        CIFAR10_CLASSES,
        EXTENSIONS,
        LABELS_UPLOAD_MIB,
        CheckpointError,
        class_numbers,
        default_class_names,
        parse_labels,
        read_state_dict,
    )
    from ._classifier import (
        Classifier,
        Prediction,
        available_devices,
        exclusive,
        pick_device,
        preprocess,
        throughput,
    )
    from ._explain import BlockRatio, cam_maps, feature_grid, grad_cam, overlay
    from ._views import prediction_frame, residual_ratio_chart, top_k_chart
    from ._weights import (
        LoadedModel,
        WeightsUnavailable,
        cached_file,
        cached_presets,
        fetch,
        load_pretrained,
        pretrained_versions,
        untrained,
    )

__all__ = [
    "CHECKPOINT_UPLOAD_MIB",
    "CIFAR10_CLASSES",
    "EXTENSIONS",
    "LABELS_UPLOAD_MIB",
    "BlockRatio",
    "Busy",
    "CheckpointError",
    "Classifier",
    "ImageAnalysis",
    "LoadedModel",
    "Prediction",
    "TurnQueue",
    "WeightsUnavailable",
    "analyse",
    "available_devices",
    "cached_file",
    "cached_presets",
    "cam_maps",
    "class_numbers",
    "default_class_names",
    "exclusive",
    "feature_grid",
    "fetch",
    "grad_cam",
    "load_pretrained",
    "overlay",
    "parse_labels",
    "pick_device",
    "prediction_frame",
    "preprocess",
    "pretrained_versions",
    "read_state_dict",
    "residual_ratio_chart",
    "throughput",
    "top_k_chart",
    "untrained",
]

#: Name -> the module that defines it, for names whose modules import torch.
_LAZY = {
    "BlockRatio": "._explain",
    "CHECKPOINT_UPLOAD_MIB": "._checkpoints",
    "CIFAR10_CLASSES": "._checkpoints",
    "CheckpointError": "._checkpoints",
    "EXTENSIONS": "._checkpoints",
    "Classifier": "._classifier",
    "ImageAnalysis": "._analysis",
    "LABELS_UPLOAD_MIB": "._checkpoints",
    "LoadedModel": "._weights",
    "Prediction": "._classifier",
    "WeightsUnavailable": "._weights",
    "analyse": "._analysis",
    "available_devices": "._classifier",
    "cached_file": "._weights",
    "cached_presets": "._weights",
    "cam_maps": "._explain",
    "class_numbers": "._checkpoints",
    "default_class_names": "._checkpoints",
    "exclusive": "._classifier",
    "feature_grid": "._explain",
    "fetch": "._weights",
    "grad_cam": "._explain",
    "load_pretrained": "._weights",
    "overlay": "._explain",
    "parse_labels": "._checkpoints",
    "pick_device": "._classifier",
    "prediction_frame": "._views",
    "preprocess": "._classifier",
    "pretrained_versions": "._weights",
    "read_state_dict": "._checkpoints",
    "residual_ratio_chart": "._views",
    "throughput": "._classifier",
    "top_k_chart": "._views",
    "untrained": "._weights",
}

if not TYPE_CHECKING:  # type checkers read the imports above instead
    __getattr__ = lazy_names(__name__, _LAZY)
