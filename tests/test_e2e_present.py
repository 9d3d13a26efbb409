"""A lesson on a 1024×768 projector, in presentation mode, in the real browser: every diagram
a lesson uses keeps its node text at 12 px or more, and the keys step through it.

A layout check, not a timing: the sizes are what the browser lays out, read through each
diagram viewer's shadow root with bench/legibility.py's measurement (which also prints them
for the other screens).
"""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT
from test_e2e import assert_no_exception

sys.path.insert(0, str(ROOT / "bench"))
from legibility import MEASURE, WALKTHROUGH_STEPS, lesson, settle

pytestmark = pytest.mark.e2e

#: The goal at 1024 pixels wide (14 px from 1280 up; bench/legibility.py measures those).
SMALLEST_PX = 12.0


@pytest.fixture
def projector(browser, request):
    """A 1024×768 tab."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="en-US")
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


#: The lowest bottom edge of anything the page shows, in window pixels (a folded expander's
#: content is not shown).
_LOWEST_ELEMENT = """() => Math.max(...[...document.querySelectorAll(
  '[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]')]
  .filter((element) => element.checkVisibility())
  .map((element) => element.getBoundingClientRect().bottom))"""


#: Per chart on the page: the smallest font of its ticks, axis titles and legend, in px, and
#: whether its legend overlaps any tick label.
_CHART_TEXT = """() => {
  const TEXT = '.xtick text, .ytick text, .legendtext, .g-xtitle text, .g-ytitle text';
  const crosses = (a, b) =>
    a.right > b.left && a.left < b.right && a.bottom > b.top && a.top < b.bottom;
  return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map((chart) => {
    const sizes = [...chart.querySelectorAll(TEXT)]
      .map((text) => parseFloat(getComputedStyle(text).fontSize));
    const legend = chart.querySelector('.legend');
    const ticks = [...chart.querySelectorAll('.xtick text, .ytick text')];
    const overlaps = legend !== null && ticks.some(
      (tick) => crosses(tick.getBoundingClientRect(), legend.getBoundingClientRect()));
    return [Math.min(...sizes), overlaps];
  });
}"""


def _smallest_text(page) -> float:
    found = page.evaluate(MEASURE)
    assert found is not None, "no diagram on screen"
    return float(found[0])


def test_every_diagram_of_a_lesson_is_legible_on_a_1024_projector(app_url: str, projector) -> None:
    page = projector
    for name in lesson(page, app_url, present=True):
        assert_no_exception(page)
        assert _smallest_text(page) >= SMALLEST_PX - 0.01, name
        if name.startswith("compare"):
            # Charts in presentation mode: 18 px type, legends clear of the tick labels.
            page.locator('[data-testid="stPlotlyChart"] .xtick text').first.wait_for(timeout=60_000)
            charts = page.evaluate(_CHART_TEXT)
            assert len(charts) >= 4
            assert all(smallest >= 18 and not overlaps for smallest, overlaps in charts), charts
        if name.startswith("walkthrough"):
            # The step fits one screen: nothing of it below the window's bottom edge.
            bottom = page.evaluate(_LOWEST_ELEMENT)
            assert bottom <= 768 + 40, f"{name} ends at {bottom:.0f} px"
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(f"**step={WALKTHROUGH_STEPS - 1}**", timeout=60_000)
    # F: full screen for the diagram; F again leaves it.
    settle(page)
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement !== null", timeout=10_000)
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement === null", timeout=10_000)


def test_a_diagram_too_large_to_read_whole_shows_a_legible_part_and_pans(
    app_url: str, projector
) -> None:
    page = projector
    page.goto(f"{app_url}/architecture?net=resnet50&level=blocks&present=1", wait_until="commit")
    settle(page)
    diagram = page.locator(".rv-view > svg")
    overview = page.locator(".rv-overview")
    assert overview.is_visible()  # where the part on view lies in the whole
    fitted = diagram.get_attribute("viewBox")
    page.locator(".rv-view").hover()
    page.mouse.wheel(0, 300)  # a scroll moves the diagram, not the page
    moved = diagram.get_attribute("viewBox")
    assert moved != fitted
    assert float(moved.split()[1]) > float(fitted.split()[1])
    page.get_by_role("button", name="Whole", exact=True).click()
    assert _smallest_text(page) < SMALLEST_PX  # the whole picture, as asked, however small
    assert not overview.is_visible()
    page.get_by_role("button", name="Fit", exact=True).click()
    assert diagram.get_attribute("viewBox") == fitted
