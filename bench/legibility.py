"""How large the diagrams' node text is on the screens classes have, at "fit".

Run: .venv/bin/python bench/legibility.py [--present 0|1] [--viewports 1024x768,...]
For each viewport (1024×768 and 1280×800 projectors, a 1366×768 laptop, 1920×1080) and each
view a lesson uses (ResNet-18 and ResNet-50 blocks, one block's layers, every walkthrough
step, two networks side by side on Compare), Chromium opens the page as the app serves it
(`make run`'s launcher) and reads, through each viewer's shadow root, every node label's font
size times the SVG's scale on screen: the pixels a student reads. Prints the smallest per
view and viewport against the goal (14 px at 1280 wide and more, 12 px at 1024).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.browser_speed import ARGS, CHROMIUM, IDLE, server
from resnet_viz.serving.app_process import app_command

VIEWPORTS = ((1024, 768), (1280, 800), (1366, 768), (1920, 1080))
#: (name, path and query) of each view a lesson uses.
VIEWS = (
    ("resnet18 blocks", "architecture?net=resnet18&level=blocks"),
    ("resnet50 blocks", "architecture?net=resnet50&level=blocks"),
    ("one block's layers", "architecture?net=resnet50&level=layers&stage=layer2&bi=0"),
    ("compare 34 vs 50", "compare?nets=resnet34,resnet50"),
)
WALKTHROUGH_STEPS = 7

#: In the page: (smallest, median) on-screen size in px of node text in every diagram viewer
#: that is on screen, reading into shadow roots.
MEASURE = """
() => {
  const svgs = [];
  const visit = (root) => {
    for (const element of root.querySelectorAll("*")) {
      if (element.shadowRoot) visit(element.shadowRoot);
    }
    for (const svg of root.querySelectorAll(".rv-view > svg")) svgs.push(svg);  // not overviews
  };
  visit(document);
  const sizes = [];
  for (const svg of svgs) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const ctm = svg.getScreenCTM();
    if (!ctm) continue;
    for (const text of svg.querySelectorAll("g.node text")) {
      const size = parseFloat(text.getAttribute("font-size") || "14");
      sizes.push(size * ctm.a);
    }
  }
  sizes.sort((a, b) => a - b);
  if (!sizes.length) return null;
  return [sizes[0], sizes[Math.floor(sizes.length / 2)]];
}
"""


def goal(width: int) -> float:
    return 12.0 if width < 1280 else 14.0


def settle(page: Page) -> None:
    """Wait for the script run to finish and the viewer to fit itself."""
    page.wait_for_selector(IDLE, timeout=180_000)
    page.locator(".rv-view > svg").first.wait_for(timeout=180_000)
    page.wait_for_timeout(400)  # the viewer fits itself after layout


def measure(page: Page) -> tuple[float, float] | None:
    found = page.evaluate(MEASURE)
    return None if found is None else (float(found[0]), float(found[1]))


def lesson(page: Page, url: str, present: bool) -> Iterator[str]:
    """Open every view a lesson uses in turn (the walkthrough stepped through with its →
    key), and yield each one's name while it is on screen, settled."""
    flag = "&present=1" if present else ""
    for name, path in VIEWS:
        page.goto(f"{url}/{path}{flag}", wait_until="commit")
        settle(page)
        yield name
    page.goto(f"{url}/lab?step=1{flag}", wait_until="commit")
    settle(page)
    for step in range(1, WALKTHROUGH_STEPS + 1):
        if step > 1:
            page.keyboard.press("ArrowRight")  # the lesson's key for the next step
            page.wait_for_url(f"**step={step}**", timeout=60_000)
            settle(page)
        yield f"walkthrough step {step}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--present", type=int, default=1, help="presentation mode (1) or not")
    parser.add_argument("--viewports", default=",".join(f"{w}x{h}" for w, h in VIEWPORTS))
    args = parser.parse_args()
    viewports = [tuple(int(side) for side in item.split("x")) for item in args.viewports.split(",")]
    env = os.environ | {"RESNET_VIZ_CACHE": tempfile.mkdtemp(prefix="resnet-viz-bench-")}
    table: dict[str, dict[tuple[int, ...], tuple[float, float] | None]] = {}
    with server(app_command, env) as (url, _, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width, height in viewports:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name in lesson(page, url, bool(args.present)):
                table.setdefault(name, {})[(width, height)] = measure(page)
            context.close()
        browser.close()
    header = "".join(f"{w}x{h:<8}" for w, h in viewports)
    print(f"node text on screen, smallest / median px (present={args.present})")
    print(f"{'view':<24}{header}")
    missed = 0
    for name, row in table.items():
        cells = []
        for viewport in viewports:
            found = row.get(viewport)
            if found is None:
                cells.append(f"{'-':<13}")
                continue
            ok = found[0] >= goal(viewport[0]) - 0.05
            missed += not ok
            cells.append(f"{found[0]:4.1f}/{found[1]:4.1f}{' ' if ok else '!'}   ")
        print(f"{name:<24}{''.join(cells)}")
    cells_measured = len(table) * len(viewports)
    print(f"below the goal (14 px, 12 px at 1024 wide; marked !): {missed} of {cells_measured}")


if __name__ == "__main__":
    main()
