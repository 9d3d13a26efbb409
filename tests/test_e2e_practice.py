"""The practice page in the real browser, on a laptop (1366×768) in English and a projector
(1024×768) in Chinese: one question answered wrong and one right through the page, the score,
the teacher's CSV key downloaded, and a question's link to the Architecture view it is about."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_e2e import assert_no_exception, open_app, wait_until_idle

from resnet_viz.i18n import use
from resnet_viz.practice import KEY_COLUMNS, practice_set

pytestmark = pytest.mark.e2e

SCREENS = [("en", "en-US", 1366, 768), ("zh", "zh-CN", 1024, 768)]
WORDS = {
    "en": {"check": "Check", "right": "Right.", "wrong": "Not quite", "teacher": "For the teacher"},
    "zh": {"check": "检查", "right": "正确。", "wrong": "不太对", "teacher": "给教师"},
}


@pytest.fixture(params=SCREENS, ids=lambda screen: f"{screen[0]}-{screen[2]}x{screen[3]}")
def screen(browser, request):
    language, locale, width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    try:
        yield language, context.new_page()
    finally:
        context.close()


def _question(page, number: int):
    """Question ``number``'s form."""
    return page.locator('[data-testid="stForm"]').nth(number - 1)


def test_a_student_answers_wrong_and_right_and_the_teacher_takes_the_key(
    app_url: str, screen
) -> None:
    language, page = screen
    words = WORDS[language]
    open_app(page, f"{app_url}/practice?set=2741&level=advanced")  # no lang: the browser's
    questions = practice_set(2741, "advanced")
    expect(page.locator('[data-testid="stForm"]')).to_have_count(len(questions), timeout=120_000)
    # The page fits the screen: nothing wider than the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    first, second = questions[0], questions[1]
    _question(page, 1).locator("input").fill(f"{first.answer + 1:,}")
    _question(page, 1).get_by_role("button", name=words["check"]).click()
    page.get_by_text(words["wrong"], exact=False).first.wait_for(timeout=60_000)
    wait_until_idle(page)
    shape = "×".join(map(str, second.answer))  # typed with the multiplication sign
    _question(page, 2).locator("input").fill(shape)
    _question(page, 2).get_by_role("button", name=words["check"]).click()
    page.get_by_text(words["right"], exact=True).first.wait_for(timeout=60_000)
    wait_until_idle(page)
    score = page.locator('[data-testid="stProgress"]').inner_text()
    assert ("1 of 8 right · 1 to try again" in score) if language == "en" else ("答对 1" in score)
    assert_no_exception(page)

    page.locator("summary").filter(has_text=words["teacher"]).click()
    wait_until_idle(page)
    expect(page.locator('[data-testid="stImage"] img').first).to_be_visible()  # the QR code
    with page.expect_download(timeout=60_000) as download:
        page.locator('[data-testid="stDownloadButton"]').first.click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == KEY_COLUMNS
    with use(language):  # type: ignore[arg-type]
        assert [row["answer"] for row in rows] == [q.answer_text() for q in questions]
        assert rows[0]["question"] == questions[0].text()

    # The first question's link opens the Architecture view of what it asks about.
    page.locator('[data-testid="stMain"] [data-testid="stPageLink"] a').first.click()
    page.wait_for_url("**/architecture?**", timeout=60_000)
    wait_until_idle(page)
    assert f"net={first.network}" in page.url
    if first.target.startswith("layer"):
        assert f"stage={first.target.split('.')[0]}" in page.url
    assert_no_exception(page)
