"""Serving a classroom: the warm-up before the first visitor and the launcher ``make run``
starts (``python -m resnet_viz.serving.launcher``).
"""

from __future__ import annotations

from ._warmup import WARM_ORDER, configure_cpu_threads, start_warmup, warm_up, warm_up_now

__all__ = ["WARM_ORDER", "configure_cpu_threads", "start_warmup", "warm_up", "warm_up_now"]
