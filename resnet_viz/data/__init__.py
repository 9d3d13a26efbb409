"""Images in: decoding uploads safely, and the bundled sample photos."""

from __future__ import annotations

from ._images import (
    ALLOWED_FORMATS,
    MAX_ASPECT,
    MAX_BYTES,
    MAX_PIXELS,
    ImageError,
    for_display,
    load_image,
    to_rgb,
)
from ._photos import DEMO_SAMPLE, SAMPLES_DIR, NamedFile, collect_files, sample_names
from ._preprocess import IMAGENET_MEAN, IMAGENET_STD, Preprocess, default_preprocess

__all__ = [
    "ALLOWED_FORMATS",
    "DEMO_SAMPLE",
    "IMAGENET_MEAN",
    "IMAGENET_STD",
    "MAX_ASPECT",
    "MAX_BYTES",
    "MAX_PIXELS",
    "SAMPLES_DIR",
    "ImageError",
    "NamedFile",
    "Preprocess",
    "collect_files",
    "default_preprocess",
    "for_display",
    "load_image",
    "sample_names",
    "to_rgb",
]
