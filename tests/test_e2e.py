"""End-to-end: the real server, the real browser, as a visitor sees it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def open_app(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    # Streamlit renders over a websocket after the HTML arrives; wait for the app to settle.
    wait_until_idle(page)


def wait_until_idle(page) -> None:
    """Wait until the script run that the last action started has finished."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000
    )


def assert_no_exception(page) -> None:
    errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.all_inner_texts()


def test_home_page_renders(app_url: str, page) -> None:
    open_app(page, app_url)
    page.get_by_role("heading", name="ResNet-18 at a glance").wait_for(timeout=60_000)
    assert_no_exception(page)
    body = page.locator("body").inner_text()
    assert "H(x) = F(x) + x" in body or "F(x)" in body
    assert "11,689,512" in body  # ResNet-18's parameter count, as torchvision publishes it
    # The per-stage table drew (Streamlit's dataframe is a canvas grid).
    assert page.locator('[data-testid="stDataFrameResizable"]').count() == 1
