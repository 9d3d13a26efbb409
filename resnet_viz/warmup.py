"""Get the slow things done before the first visitor: torch, torchvision, the preset traces.

Importing torch and torchvision takes seconds, the first operation on a meta tensor seconds
more (lazy imports), and tracing ResNet-1202 seconds again. ``warm()`` does all of it in the
order visitors need it: the home page's ResNet-18 first (from disk when an earlier run left it
there), then torch, then every preset. The launcher (``ui.serve``, what ``make run`` runs)
calls it before the server starts; app.py's ``start()`` runs it on a background thread for a
server started some other way. Pages never wait for it: a page that needs something not yet
warm makes it itself, once (``trace_store.get_trace``).
"""

from __future__ import annotations

import os
import sys
import threading
import time

from .presets import PRESETS
from .specs import ResNetSpec
from .trace_store import get_trace

__all__ = ["WARM_ORDER", "configure_cpu_threads", "default_input", "start", "warm", "warm_now"]

#: Presets in the order classes open them; the rest follow in the order PRESETS lists them.
WARM_ORDER = ("resnet18", "resnet50", "resnet34", "resnet152", "resnet101", "resnet56")
_STARTED = threading.Event()
_STARTING = threading.Lock()


def default_input(spec: ResNetSpec) -> tuple[int, int, int]:
    """The input a preset is shown with first: 224×224 for ImageNet nets, 32×32 for CIFAR."""
    side = 224 if spec.stem == "imagenet" else 32
    return (spec.in_channels, side, side)


def configure_cpu_threads(limit: int = 2) -> None:
    """Bound torch's CPU threads once per process (a forward pass already uses them all)."""
    import torch

    if torch.get_num_threads() > limit:
        torch.set_num_threads(limit)


def _say(message: str) -> None:
    print(f"resnet-viz warm-up: {message}", file=sys.stderr, flush=True)


def warm() -> None:
    """Do the warm-up here and now (``start`` runs this on a background thread)."""
    begin = time.perf_counter()
    get_trace(PRESETS["resnet18"], (3, 224, 224))
    _say(f"home page's trace ready after {time.perf_counter() - begin:.1f} s")
    configure_cpu_threads()
    import torchvision  # noqa: F401  (pulls in torch._dynamo and sympy: seconds)

    from .tracing import trace

    # A small network traced for real, bypassing the disk: the first meta-tensor operations
    # of a process load many modules lazily, and a visitor's custom network should not wait.
    trace(ResNetSpec(name="warm-up", layers=(1, 1), widths=(8, 16), stem_width=8), (3, 32, 32))
    _say(f"torch and torchvision ready after {time.perf_counter() - begin:.1f} s")
    names = [*WARM_ORDER, *(name for name in PRESETS if name not in WARM_ORDER)]
    for name in names:
        get_trace(PRESETS[name], default_input(PRESETS[name]))
    _say(f"{len(names)} preset traces ready after {time.perf_counter() - begin:.1f} s")


def warm_now() -> None:
    """Warm up here and now, and mark it done so ``start`` (app.py's call) does nothing."""
    with _STARTING:
        _STARTED.set()
    warm()


def start() -> None:
    """Start the warm-up once per process, in the background; later calls do nothing.

    ``RESNET_VIZ_WARMUP=0`` turns it off (to see what a page costs on its own).
    """
    if os.environ.get("RESNET_VIZ_WARMUP") == "0":
        return
    with _STARTING:
        if _STARTED.is_set():
            return
        _STARTED.set()
    threading.Thread(target=_warm_safely, name="resnet-viz-warm-up", daemon=True).start()


def _warm_safely() -> None:
    try:
        warm()
    except Exception as error:  # a failed warm-up only means the first visitor waits
        _say(f"stopped early ({error!r}); pages will make what they need themselves")
