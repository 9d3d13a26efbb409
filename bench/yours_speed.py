"""What a visitor waits for on the Your ResNet page, in Debian's Chromium, against a bare
one-line Streamlit page; and recognition itself, in-process, against building the network.

Run: .venv/bin/python bench/yours_speed.py [--repeats 3]
In one run:
- in-process, per network: reading its print(model) text and comparing it with the closest
  preset, and reading a checkpoint's tensors, each as a ratio of building the same network
  on ``meta`` (what any page does with a network first);
- in the browser, against the app as `make run` starts it: a ResNet-20 checkpoint of the
  option-A CIFAR code (its own layout and names, written here) uploaded -> the verdict shown,
  and a resnet152 print(model) pasted -> the verdict shown, as ratios of the bare page's
  time to content.
Prints medians in seconds.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser_speed import (
    ARGS,
    CHROMIUM,
    IDLE,
    bare_page_seconds,
    print_against_bare,
    server,
    text_visible,
    timed_action,
    wait_for_warm_up,
)
from reference_resnets import OptionACifarResNet, randomise

from resnet_viz.models import build_model
from resnet_viz.recognise import compare_with_preset, recognise_checkpoint, recognise_print
from resnet_viz.serving.app_process import app_command
from resnet_viz.torch_loader import torch

NETWORKS = ("resnet20", "resnet50", "resnet152", "resnet1202")


def median_seconds(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process(repeats: int) -> None:
    print(
        f"\n{'in-process (median, s)':28} {'build':>7} {'text':>7} {'÷':>6} {'tensors':>8} {'÷':>6}"
    )
    for name in NETWORKS:
        text = str(build_model(name, device="meta"))
        buffer = io.BytesIO()
        torch.save(build_model(name, device="meta").to_empty(device="cpu").state_dict(), buffer)
        data = buffer.getvalue()
        build = median_seconds(lambda n=name: build_model(n, device="meta"), repeats)
        printed = median_seconds(lambda: compare_with_preset(recognise_print(text)), repeats)
        tensors = median_seconds(
            lambda: compare_with_preset(recognise_checkpoint(data, f"{name}.pth")), repeats
        )
        print(
            f"{name:28} {build:7.3f} {printed:7.3f} {printed / build:6.1f} "
            f"{tensors:8.3f} {tensors / build:6.1f}"
        )


def verdict_after(browser: Browser, url: str, act: Callable[[Page], None], verdict: str) -> float:
    """Seconds from the visitor's action (an upload, a paste) to the verdict on screen."""
    return timed_action(browser, f"{url}/yours?lang=en", no_preparation, act, text_visible(verdict))


def no_preparation(page: Page) -> None:
    """Nothing to do before the timed action."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    in_process(args.repeats)
    folder = Path(tempfile.mkdtemp(prefix="resnet-viz-bench-yours-"))
    checkpoint = folder / "resnet20-12fca82f.th"
    theirs = randomise(OptionACifarResNet(3))
    state = {f"module.{key}": value for key, value in theirs.state_dict().items()}
    torch.save({"state_dict": state, "best_prec1": 91.7}, checkpoint)
    text = str(build_model("resnet152", device="meta"))

    def upload(page: Page) -> None:
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
            str(checkpoint)
        )

    def paste(page: Page) -> None:
        page.locator('[data-testid="stButtonGroup"] button', has_text="print(model) text").click()
        page.wait_for_selector(IDLE)
        page.locator("textarea").fill(text)
        page.keyboard.press("Control+Enter")

    env = os.environ | {"RESNET_VIZ_CACHE": str(folder / "cache")}
    results: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        results["bare page: new session -> content"] = bare_page_seconds(browser, env, args.repeats)
        with server(app_command, env) as (url, _, log):
            wait_for_warm_up(log)
            results["ResNet-20 .th uploaded -> verdict"] = statistics.median(
                verdict_after(browser, url, upload, "Differs from resnet20")
                for _ in range(args.repeats)
            )
            results["resnet152 print(model) pasted -> verdict"] = statistics.median(
                verdict_after(browser, url, paste, "Identical to torchvision's resnet152")
                for _ in range(args.repeats)
            )
        browser.close()
    print_against_bare(results)


if __name__ == "__main__":
    main()
