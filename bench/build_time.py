"""How long building a network takes: ours on `meta` against torchvision and real weights.

Run: .venv/bin/python bench/build_time.py   (or `make bench`)
Prints medians of several builds, measured side by side in one run, and their ratios.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torchvision

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere
from resnet_viz import build_model


def median_seconds(build: Callable[[], object], repeats: int) -> float:
    build()  # warm-up: first calls pay for imports and dispatcher caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def torchvision_on_meta(name: str) -> Callable[[], object]:
    def build() -> object:
        with torch.device("meta"):
            return getattr(torchvision.models, name)()

    return build


def main() -> None:
    torch.set_num_threads(1)
    rows = [
        ("resnet152", "ours, meta", lambda: build_model("resnet152", device="meta"), 7),
        ("resnet152", "torchvision, meta", torchvision_on_meta("resnet152"), 7),
        ("resnet152", "ours, cpu (real weights)", lambda: build_model("resnet152"), 3),
        ("resnet1202", "ours, meta", lambda: build_model("resnet1202", device="meta"), 5),
        ("resnet1202", "ours, cpu (real weights)", lambda: build_model("resnet1202"), 3),
    ]
    results = {(net, how): median_seconds(fn, n) for net, how, fn, n in rows}
    print(f"{'network':<12} {'build':<26} {'median':>10}")
    for (net, how), seconds in results.items():
        print(f"{net:<12} {how:<26} {seconds * 1000:>8.1f} ms")
    ours = results[("resnet152", "ours, meta")]
    print()
    their_meta = results[("resnet152", "torchvision, meta")]
    our_cpu = results[("resnet152", "ours, cpu (real weights)")]
    deep = results[("resnet1202", "ours, meta")]
    deep_cpu = results[("resnet1202", "ours, cpu (real weights)")]
    print(f"resnet152  ours meta / torchvision meta: {ours / their_meta:.2f}")
    print(f"resnet152  ours meta / ours cpu:         {ours / our_cpu:.3f}")
    print(f"resnet1202 ours meta / ours cpu:         {deep / deep_cpu:.3f}")


if __name__ == "__main__":
    main()
