"""What students wait for on the Practice page, in Debian's Chromium, against a bare one-line
Streamlit page.

Run: .venv/bin/python bench/practice_speed.py [--repeats 3] [--class-size 10]
Starts the app as `make run` does with an empty trace cache and waits for its warm-up, then:
- one student opens a set nobody opened before (its networks traced at its input sides)
  -> all its questions shown; another student opens the same set (traced already);
- a class opens one new set at the same moment (one browser tab each) -> the last tab shows
  its questions, beside as many tabs opening the bare page at once (the tabs share this
  machine with the server, so that line is the floor);
- a student checks an answer -> the verdict shown.
Prints medians in seconds and ratios against the bare page's time to content, all measured
in one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_speed import (
    ARGS,
    CHROMIUM,
    bare_command,
    bare_page_seconds,
    print_against_bare,
    server,
    text_visible,
    timed_action,
    timed_visit,
    wait_for_warm_up,
)

from resnet_viz.serving.app_process import app_command

QUESTIONS = 8


def questions_shown(page: Page) -> None:
    page.locator('[data-testid="stForm"]').nth(QUESTIONS - 1).wait_for(timeout=300_000)


def class_opens(
    browser: Browser, url: str, size: int, ready: Callable[[Page], None] = questions_shown
) -> float:
    """Seconds from ``size`` tabs opening one link at once to the last being ``ready`` (the
    tabs run on this machine too, as the server does: compare with the bare page's line)."""
    contexts = [browser.new_context(viewport={"width": 1366, "height": 768}) for _ in range(size)]
    pages = [context.new_page() for context in contexts]
    start = time.perf_counter()
    for page in pages:
        page.goto(url, wait_until="commit")
    for page in pages:
        ready(page)
    elapsed = time.perf_counter() - start
    for context in contexts:
        context.close()
    return elapsed


def check_answer(browser: Browser, url: str) -> float:
    """Seconds from clicking Check on a typed answer to its verdict."""

    def answer(page: Page) -> None:
        questions_shown(page)
        page.locator('[data-testid="stForm"]').first.locator("input").fill("1")

    def check(page: Page) -> None:
        page.locator('[data-testid="stForm"]').first.get_by_role("button", name="Check").click()

    return timed_action(browser, url, answer, check, text_visible("Not quite"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--class-size", type=int, default=10)
    args = parser.parse_args()
    env = os.environ | {"RESNET_VIZ_CACHE": tempfile.mkdtemp(prefix="resnet-viz-bench-cache-")}
    results: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        results["bare page: new session -> content"] = bare_page_seconds(browser, env, args.repeats)
        with server(bare_command, env) as (url, _, _):
            together = [
                class_opens(browser, url, args.class_size, text_visible("Hello from a bare"))
                for _ in range(args.repeats)
            ]
            results[
                f"{args.class_size} visitors open the bare page at once -> the last sees it"
            ] = statistics.median(together)
        with server(app_command, env) as (url, _, log):
            wait_for_warm_up(log)
            for level in ("intro", "advanced"):
                first, again = [], []
                for repeat in range(args.repeats):
                    link = f"{url}/practice?set={1000 + repeat}&level={level}"
                    first.append(timed_visit(browser, link, questions_shown))
                    again.append(timed_visit(browser, link, questions_shown))
                results[f"{level}: first student, new set -> questions"] = statistics.median(first)
                results[f"{level}: next student, same set -> questions"] = statistics.median(again)
            together = [  # one new set per repeat
                class_opens(
                    browser, f"{url}/practice?set={2000 + r}&level=advanced", args.class_size
                )
                for r in range(args.repeats)
            ]
            results[f"{args.class_size} students open a new advanced set -> the last sees it"] = (
                statistics.median(together)
            )
            checks = [
                check_answer(browser, f"{url}/practice?set=1000&level=advanced")
                for _ in range(args.repeats)
            ]
            results["Check -> verdict"] = statistics.median(checks)
        browser.close()
    print_against_bare(results, "what a student waits for (median, s)")


if __name__ == "__main__":
    main()
