"""How fast the architecture page answers, and what tracing costs against plain torchinfo.

Run: .venv/bin/python bench/page_speed.py
1. AppTest drives the architecture page: switching to ResNet-152 with cold caches (first view),
   then again with warm caches (repeat views), against re-running the ResNet-18 page.
2. ``trace()`` of ResNet-152 (our meta-device trace, caches cleared) against torchinfo's own
   default summary of torchvision's resnet152 on real CPU tensors, side by side.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st
import torch
import torchinfo
import torchvision
from streamlit.testing.v1 import AppTest

from resnet_viz.trace import _tracing as trace_module


def clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    trace_module._trace_spec.cache_clear()


def seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def page_timings(repeats: int = 5) -> dict[str, float]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    at.switch_page("app_pages/architecture.py").run()
    net = lambda: at.selectbox(key="arch_net")  # noqa: E731
    clear_caches()
    first = seconds(lambda: net().set_value("resnet152").run())
    repeat, baseline = [], []
    for _ in range(repeats):
        baseline.append(seconds(lambda: net().set_value("resnet18").run()))
        repeat.append(seconds(lambda: net().set_value("resnet152").run()))
    assert not at.exception, at.exception
    return {
        "first view of resnet152 (cold caches)": first,
        "repeat view of resnet152 (median)": statistics.median(repeat),
        "repeat view of resnet18 (median)": statistics.median(baseline),
    }


def trace_timings(repeats: int = 3) -> dict[str, float]:
    model = torchvision.models.resnet152()
    ours, theirs = [], []
    for _ in range(repeats):
        trace_module._trace_spec.cache_clear()
        ours.append(seconds(lambda: trace_module.trace("resnet152")))
        theirs.append(
            seconds(lambda: torchinfo.summary(model, input_size=(1, 3, 224, 224), verbose=0))
        )
    return {
        "trace('resnet152'), meta": statistics.median(ours),
        "torchinfo.summary(torchvision resnet152), cpu": statistics.median(theirs),
    }


def main() -> None:
    torch.set_num_threads(2)
    pages = page_timings()
    traces = trace_timings()
    for label, value in {**pages, **traces}.items():
        print(f"{label:<50} {value * 1000:>9.1f} ms")
    print()
    first = pages["first view of resnet152 (cold caches)"]
    repeat = pages["repeat view of resnet152 (median)"]
    print(f"resnet152 first view / repeat view:                {first / repeat:.2f}")
    print(
        f"resnet152 repeat view / resnet18 repeat view:      "
        f"{repeat / pages['repeat view of resnet18 (median)']:.2f}"
    )
    ratio = (
        traces["trace('resnet152'), meta"] / traces["torchinfo.summary(torchvision resnet152), cpu"]
    )
    print(f"our trace / torchinfo on real tensors:             {ratio:.2f}")


if __name__ == "__main__":
    main()
