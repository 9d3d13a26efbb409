"""A small real task for end-to-end tests: scikit-learn's handwritten digits (shipped with it).

A paper-style CIFAR ResNet from our builder learns them in seconds, through the same
decoding and preprocessing the inference page uses.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image
from sklearn.datasets import load_digits
from torch import nn

from resnet_viz import PRESETS, build_model
from resnet_viz.data import Preprocess, load_image
from resnet_viz.infer import preprocess

RECIPE = Preprocess(resize=16, crop=16, mean=(0.5, 0.5, 0.5), std=(0.5, 0.5, 0.5))
NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@dataclass(frozen=True)
class Digits:
    state_dict: dict[str, torch.Tensor]
    test_png: list[tuple[str, bytes]]
    test_labels: list[int]


def png(pixels: np.ndarray) -> bytes:
    """An 8×8 digit (values 0..16) as PNG bytes, as a user would upload it."""
    buffer = io.BytesIO()
    Image.fromarray(np.uint8(pixels * 255 / 16)).save(buffer, format="PNG")
    return buffer.getvalue()


def train(epochs: int = 6, held_out: int = 40) -> Digits:
    digits = load_digits()
    files = [png(p) for p in digits.images]
    x = torch.stack([preprocess(load_image(f), RECIPE) for f in files])
    y = torch.as_tensor(digits.target)
    train_x, train_y = x[:-held_out], y[:-held_out]
    torch.manual_seed(0)
    model = build_model(PRESETS["resnet20"])
    optimiser = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(train_x))
        for start in range(0, len(order), 64):
            batch = order[start : start + 64]
            loss = nn.functional.cross_entropy(model(train_x[batch]), train_y[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    model.eval()
    tests = range(len(files) - held_out, len(files))
    return Digits(
        model.state_dict(),
        [(f"digit-{i}.png", files[i]) for i in tests],
        [int(digits.target[i]) for i in tests],
    )
