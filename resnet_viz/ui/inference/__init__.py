"""The Inference page: the model sidebar, images in, predictions and explanations. The
page file calls what this face exports.
"""

from __future__ import annotations

from ._page import (
    chosen_images,
    classifier_for,
    honesty,
    inside_the_network,
    per_image,
    source_caption,
    summary,
)
from ._sidebar import Settings, sidebar
from ._state import analyse

__all__ = [
    "Settings",
    "analyse",
    "chosen_images",
    "classifier_for",
    "honesty",
    "inside_the_network",
    "per_image",
    "sidebar",
    "source_caption",
    "summary",
]
