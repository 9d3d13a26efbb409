"""What a visitor waits for, in Debian's Chromium, against a bare one-line Streamlit page.

Run: .venv/bin/python bench/browser_speed.py [--repeats 5] [--profile]
Starts the app as `make run` does (python -m resnet_viz.serving.launcher) and the bare page with
`streamlit run`, each on its own loopback port, and drives fresh browser contexts:
- server launch -> the first visitor sees Home (disk cache cold, then warm);
- new session -> the Architecture page's ResNet-152 diagram visible; ResNet-1202 likewise;
- preset switch, level switch and MACs/FLOPs switch -> the new content visible.
Prints medians in seconds and ratios against the bare page's time to content, all measured
in one run. --profile writes a Chromium performance trace of one ResNet-152 page load to
test-artifacts/architecture-trace.json and prints where the main thread spent its time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from resnet_viz.serving.app_process import LOOPBACK_FLAGS, app_command, free_port, running

CHROMIUM = "/usr/bin/chromium"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
DIAGRAM = ".rv-view > svg"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextmanager
def server(
    command: Callable[[int], list[str]], env: dict[str, str]
) -> Iterator[tuple[str, float, Path]]:
    """A server on a free port (``command`` says how to start one on a given port): its URL,
    seconds from launch to healthy, and its log."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="resnet-viz-bench-", suffix=".log")[1])
    started = time.perf_counter()
    with running(command(port), port, log, env):
        yield f"http://127.0.0.1:{port}", time.perf_counter() - started, log


def bare_command(port: int) -> list[str]:
    """The bare one-line Streamlit page, started like the app on a loopback port."""
    bare = str(ROOT / "bench" / "bare_app.py")
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        bare,
        *LOOPBACK_FLAGS,
        f"--server.port={port}",
    ]


def bare_page_seconds(browser: Browser, env: dict[str, str], repeats: int) -> float:
    """The floor: median seconds from a new session to the bare page's content (a first
    visit, which starts Streamlit's own caches, is not counted)."""
    with server(bare_command, env) as (url, _, _):
        visits = [
            timed_visit(browser, url, text_visible("Hello from a bare")) for _ in range(repeats + 1)
        ]
    return statistics.median(visits[1:])


def timed_visit(browser: Browser, url: str, ready: Callable[[Page], None]) -> float:
    """Seconds from navigation to ``ready`` in a fresh browser context."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    ready(page)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def timed_action(
    browser: Browser,
    url: str,
    prepare: Callable[[Page], None],
    act: Callable[[Page], None],
    ready: Callable[[Page], None],
) -> float:
    """Seconds from the visitor's ``act`` (a click, an upload) to ``ready``, on a laptop-sized
    tab opened at ``url`` and ``prepare``d first (not timed)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(url)
    prepare(page)
    page.wait_for_selector(IDLE)
    start = time.perf_counter()
    act(page)
    ready(page)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def diagram_says(text: str) -> Callable[[Page], None]:
    def ready(page: Page) -> None:
        page.locator(DIAGRAM, has_text=text).wait_for(timeout=120_000)

    return ready


def text_visible(text: str) -> Callable[[Page], None]:
    def ready(page: Page) -> None:
        page.get_by_text(text, exact=False).first.wait_for(timeout=120_000)

    return ready


def switch_timings(browser: Browser, url: str, repeats: int) -> dict[str, list[float]]:
    """Preset, level and unit switches on one page, each until its new content shows."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{url}/architecture?net=resnet152&level=blocks")
    diagram_says("resnet152: blocks")(page)
    page.wait_for_selector(IDLE)
    found: dict[str, list[float]] = {"preset switch": [], "level switch": [], "unit switch": []}

    def timed(action: Callable[[], None], ready: Callable[[Page], None]) -> float:
        start = time.perf_counter()
        action()
        ready(page)
        elapsed = time.perf_counter() - start
        page.wait_for_selector(IDLE)
        return elapsed

    def sidebar(label: str) -> None:
        page.get_by_test_id("stSidebarUserContent").get_by_text(label, exact=True).click()

    def choose_network(name: str) -> None:
        page.get_by_label("Network", exact=True).click()
        page.get_by_role("option", name=name, exact=True).click()

    for _ in range(repeats):
        found["preset switch"].append(
            timed(lambda: choose_network("resnet50"), diagram_says("resnet50: blocks"))
        )
        timed(lambda: choose_network("resnet152"), diagram_says("resnet152: blocks"))
        found["level switch"].append(
            timed(
                lambda: sidebar("stages"),
                diagram_says("resnet152: stages"),
            )
        )
        timed(
            lambda: sidebar("blocks"),
            diagram_says("resnet152: blocks"),
        )
        found["unit switch"].append(timed(lambda: sidebar("FLOPs"), text_visible("23.028 GFLOPs")))
        timed(lambda: sidebar("MACs"), text_visible("11.514 GMACs"))
    context.close()
    return found


def print_against_bare(
    results: dict[str, float], title: str = "what a visitor waits for (median, s)"
) -> None:
    """Each wait in seconds and as a multiple of the bare page's time to content."""
    bare = results["bare page: new session -> content"]
    width = max(len(title), *(len(what) for what in results))
    print(f"\n{title:{width}} {'s':>6} {'÷ bare':>7}")
    for what, seconds in results.items():
        print(f"{what:{width}} {seconds:6.2f} {seconds / bare:7.2f}")


def wait_for_warm_up(log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while "preset traces ready" not in log.read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise RuntimeError("the warm-up did not finish")
        time.sleep(0.5)


def profile(browser: Browser, url: str) -> None:
    """A Chromium performance trace of one ResNet-152 page load, summarised."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    out = ROOT / "test-artifacts" / "architecture-trace.json"
    out.parent.mkdir(exist_ok=True)
    browser.start_tracing(
        page=page,
        path=str(out),
        screenshots=False,
        categories=["devtools.timeline", "v8.execute", "blink"],
    )
    page.goto(f"{url}/architecture?net=resnet152&level=blocks")
    diagram_says("resnet152: blocks")(page)
    page.wait_for_selector(IDLE)
    browser.stop_tracing()
    context.close()
    events = json.loads(out.read_text())["traceEvents"]
    thread = next(
        e["tid"]
        for e in events
        if e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"
    )
    kinds = {  # trace event name -> what it is
        "FunctionCall": "JavaScript (functions)",
        "EvaluateScript": "JavaScript (script evaluation)",
        "v8.compile": "JavaScript (compiling)",
        "LocalFrameView::UpdateStyleAndLayout": "style and layout",
        "SvgTextLayoutAlgorithm::Layout": "  of which SVG text layout",
        "Paint": "paint",
        "ParseHTML": "HTML parsing",
        "V8.GC_SCAVENGER": "garbage collection (minor)",
        "V8.GC_MARK_COMPACTOR": "garbage collection (major)",
    }
    spent: Counter[str] = Counter()
    for event in events:
        if event.get("tid") == thread and event.get("ph") == "X" and event.get("name") in kinds:
            spent[kinds[event["name"]]] += event.get("dur", 0) / 1e6
    print(f"\nmain-thread time by kind (seconds), one ResNet-152 page load; trace: {out}")
    for name, seconds in spent.most_common():
        print(f"  {name:24} {seconds:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    cache = tempfile.mkdtemp(prefix="resnet-viz-bench-cache-")
    env = os.environ | {"RESNET_VIZ_CACHE": cache}
    app = app_command
    results: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        results["bare page: new session -> content"] = bare_page_seconds(browser, env, args.repeats)
        for state in ("cold", "warm"):  # the first launch fills the disk cache, later ones read it
            with server(app, env) as (url, healthy, log):
                home = timed_visit(browser, url, text_visible("11,689,512"))
                results[f"launch -> healthy ({state} disk cache)"] = healthy
                results[f"healthy -> first visitor sees Home ({state} disk cache)"] = home
                wait_for_warm_up(log)
        with server(app, env) as (url, _, log):
            wait_for_warm_up(log)
            for name, text in (
                ("resnet152", "resnet152: blocks"),
                ("resnet1202", "resnet1202: blocks"),
            ):
                size = "32" if name == "resnet1202" else "224"
                visits = [
                    timed_visit(
                        browser, f"{url}/architecture?net={name}&size={size}", diagram_says(text)
                    )
                    for _ in range(args.repeats)
                ]
                results[f"new session -> {name} diagram"] = statistics.median(visits)
            for what, times in switch_timings(browser, url, args.repeats).items():
                results[f"{what} -> new content"] = statistics.median(times)
            if args.profile:
                profile(browser, url)
        browser.close()
    print_against_bare(results)


if __name__ == "__main__":
    main()
