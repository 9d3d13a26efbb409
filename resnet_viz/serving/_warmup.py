"""Get the slow things done before the first visitor: torch, torchvision, the preset traces.

Importing torch and torchvision takes seconds, the first operation on a meta tensor seconds
more (lazy imports), and tracing ResNet-1202 seconds again. ``warm_up()`` does all of it in the
order visitors need it: the home page's ResNet-18 first (from disk when an earlier run left it
there), then torch, then every preset. The launcher (``serving.launcher``, what ``make run`` runs)
calls it before the server starts; app.py's ``start_warmup()`` runs it on a background thread for a
server started some other way (``streamlit run app.py``). Pages never wait for it: a page that
needs something not yet warm makes it itself, once (``trace.get_trace``). The one thing
they share is loading torch, which ``torch_loader`` does for whichever thread comes first while
the others wait. A process that ends while the warm-up runs stops it between two traces
first: a thread killed inside torch's C++ code aborts the whole process.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
import time

from ..models import PRESETS, ResNetSpec, default_input
from ..trace import get_trace

__all__ = [
    "WARM_ORDER",
    "configure_cpu_threads",
    "start_warmup",
    "warm_up",
    "warm_up_now",
]

#: Presets in the order classes open them; the rest follow in the order PRESETS lists them.
WARM_ORDER = ("resnet18", "resnet50", "resnet34", "resnet152", "resnet101", "resnet56")
_STARTED = threading.Event()
_STARTING = threading.Lock()
_STOP = threading.Event()
#: How long a process that is ending waits for the trace in progress.
_STOP_WAIT_S = 120.0


def configure_cpu_threads(limit: int = 2) -> None:
    """Bound torch's CPU threads once per process (a forward pass already uses them all)."""
    from ..torch_loader import torch

    if torch.get_num_threads() > limit:
        torch.set_num_threads(limit)


def _say(message: str) -> None:
    print(f"resnet-viz warm-up: {message}", file=sys.stderr, flush=True)


def warm_up() -> None:
    """Do the warm-up here and now (``start`` runs this on a background thread)."""
    begin = time.perf_counter()
    get_trace(PRESETS["resnet18"], (3, 224, 224))
    _say(f"home page's trace ready after {time.perf_counter() - begin:.1f} s")
    configure_cpu_threads()  # loads torch, torchvision and torchinfo (torch_loader): seconds
    from ..trace import trace

    # A small network of ours traced for real, bypassing the disk, so that a visitor's first
    # custom network does not wait for what our own modules do the first time.
    trace(ResNetSpec(name="warm-up", layers=(1, 1), widths=(8, 16), stem_width=8), (3, 32, 32))
    _say(f"torch and torchvision ready after {time.perf_counter() - begin:.1f} s")
    names = [*WARM_ORDER, *(name for name in PRESETS if name not in WARM_ORDER)]
    for name in names:
        if _STOP.is_set():
            _say("stopped: the process is ending")
            return
        get_trace(PRESETS[name], default_input(PRESETS[name]))
    _say(f"{len(names)} preset traces ready after {time.perf_counter() - begin:.1f} s")


def warm_up_now() -> None:
    """Warm up here and now, and mark it done so ``start`` (app.py's call) does nothing."""
    with _STARTING:
        _STARTED.set()
    warm_up()


def start_warmup() -> None:
    """Start the warm-up once per process, in the background; later calls do nothing.

    ``RESNET_VIZ_WARMUP=0`` turns it off (to see what a page costs on its own).
    """
    if os.environ.get("RESNET_VIZ_WARMUP") == "0":
        return
    with _STARTING:
        if _STARTED.is_set():
            return
        _STARTED.set()
    thread = threading.Thread(target=_warm_safely, name="resnet-viz-warm-up", daemon=True)
    thread.start()
    # Before any atexit handler: torch's own unregister its meta-device kernels, and a trace
    # still running then fails. (The hook concurrent.futures uses for its workers.)
    register = getattr(threading, "_register_atexit", atexit.register)
    register(_stop, thread)


def _stop(thread: threading.Thread) -> None:
    """Let the warm-up finish the trace in progress and go no further (the process is ending)."""
    _STOP.set()
    thread.join(_STOP_WAIT_S)


def _warm_safely() -> None:
    try:
        warm_up()
    except Exception as error:  # a failed warm-up only means the first visitor waits
        if _STOP.is_set():
            _say("stopped: the process is ending")
        else:
            cause = f" from {error.__cause__!r}" if error.__cause__ else ""
            _say(f"stopped early ({error!r}{cause}); pages will make what they need themselves")
