"""Torch, torchvision and torchinfo for the whole library, loaded by one thread at a time.

Their packages import each other in circles (``torchvision.transforms`` and
``torchvision.models`` need each other), and CPython gives a second thread that imports them
while the first is half-way a half-initialised module: a page importing
``torchvision.transforms.functional`` while the background warm-up imported ``torchvision``
failed with "cannot import name 'InterpolationMode' from partially initialized module".

So every module of the library takes these names from here, never from the packages (ruff's
banned-api rule holds them to it). The first thread to import this module does all of the
loading; CPython's per-module import lock makes every other thread that imports it wait until
it has finished, so nobody ever sees half of torch, however the app was started. The first
operations of a process load more modules lazily (the meta device's kernels, torchinfo's
hooks, autograd), and a trace failed once inside torchinfo while a page ran its first
backward pass; ``_first_use`` does those once here, under the same lock.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
import torchinfo
import torchvision
import torchvision.transforms.functional as TF
from torch import nn
from torchvision.models import get_model_weights

__all__ = ["TF", "F", "get_model_weights", "nn", "torch", "torchinfo", "torchvision"]


def _first_use() -> None:
    """Trace a small torchvision ResNet on the meta device and train it one step on the CPU:
    what the warm-up and the pages do first, done before any of them can."""
    with torch.random.fork_rng(devices=[]):  # the process's random state is left as it was
        model = torchvision.models.ResNet(torchvision.models.resnet.BasicBlock, [1, 1, 1, 1])
    torchinfo.summary(
        model.to("meta"),
        input_size=(1, 3, 32, 32),
        device="meta",
        depth=10,
        verbose=0,
        col_names=("input_size", "output_size", "num_params", "mult_adds"),
        row_settings=("var_names",),
    )
    model = model.to_empty(device="cpu")
    for tensor in model.state_dict().values():
        tensor.fill_(0.01)
    logits = model(torch.ones(2, 3, 32, 32))
    F.cross_entropy(logits, torch.zeros(2, dtype=torch.long)).backward()
    with torch.inference_mode():
        TF.resize(torch.ones(1, 3, 8, 8), [4, 4], antialias=True)
        F.interpolate(torch.ones(1, 1, 2, 2), size=(4, 4), mode="bilinear", align_corners=False)


_first_use()
