"""How long a class waits for the residual lab's training race, and what it costs to see again.

Run: .venv/bin/python bench/lab_race.py
Side by side in one run:
- in-process: the race itself (plain-20, ResNet-20, plain-56, ResNet-56 on the digits, 8 epochs),
  seconds per runner and in all, against the lab's one-minute budget;
- in the browser (Debian's Chromium against the app started as `make run` starts it, its own
  disk cache): a visitor clicks "Run the race" and waits for the lesion study; a second
  visitor then opens the lab and sees the finished race from the shared cache.
Prints seconds and the ratios: race / budget, second visitor / first visitor.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.browser_speed import ARGS, CHROMIUM, IDLE, server
from resnet_viz.serving.app_process import app_command

BUDGET_S = 60.0


def in_process() -> dict[str, float]:
    """Seconds each runner trained (all epochs), and the whole race."""
    from resnet_viz.lab import RACE_EPOCHS, digits, race

    data = digits()
    spent: dict[str, float] = {}
    start = last = time.perf_counter()
    for lap, _ in race(data, epochs=RACE_EPOCHS):
        now = time.perf_counter()
        spent[lap.runner] = spent.get(lap.runner, 0.0) + now - last
        last = now
    spent["race"] = time.perf_counter() - start
    return spent


def in_the_browser() -> tuple[float, float]:
    """Seconds from the click to the lesion chart, and a second visitor's wait for it."""
    env = os.environ | {"RESNET_VIZ_CACHE": tempfile.mkdtemp(prefix="resnet-viz-bench-")}
    with server(app_command, env) as (url, _, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        first = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="en-US")
        page = first.new_page()
        page.goto(f"{url}/lab", wait_until="commit")
        page.get_by_text("Experiments: why shortcuts work", exact=True).click(timeout=120_000)
        page.get_by_role("button", name="Run the race").wait_for(timeout=120_000)
        page.wait_for_selector(IDLE, timeout=120_000)
        start = time.perf_counter()
        page.get_by_role("button", name="Run the race").click()
        page.get_by_role("heading", name="Lesions: remove one block").wait_for(timeout=900_000)
        clicked = time.perf_counter() - start
        second = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="en-US")
        other = second.new_page()
        start = time.perf_counter()
        other.goto(f"{url}/lab", wait_until="commit")
        other.get_by_text("Experiments: why shortcuts work", exact=True).click(timeout=120_000)
        other.get_by_role("heading", name="Lesions: remove one block").wait_for(timeout=120_000)
        again = time.perf_counter() - start
        browser.close()
    return clicked, again


def main() -> None:
    spent = in_process()
    for runner, seconds in spent.items():
        print(f"in-process {runner:>9}: {seconds:6.1f} s")
    print(f"race / one-minute budget: {spent['race'] / BUDGET_S:.2f}")
    clicked, again = in_the_browser()
    print(f"browser: click -> lesion chart        {clicked:6.1f} s")
    print(f"browser: second visitor -> same chart {again:6.1f} s")
    print(f"second visitor / first visitor: {again / clicked:.3f}")
    print(f"browser race / one-minute budget: {clicked / BUDGET_S:.2f}")


if __name__ == "__main__":
    main()
