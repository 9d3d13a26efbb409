"""The Your ResNet page in the real browser: on a laptop (1366×768) in English a trained
option-A ResNet-20 checkpoint is uploaded, its placement switched and handed to Inference,
which classifies with it; on a projector (1024×768) in Chinese the article's truncated
print(resnet50) is pasted and read."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from playwright.sync_api import expect
from reference_resnets import OptionACifarResNet, randomise
from test_e2e import assert_no_exception, open_app, wait_until_idle

from resnet_viz.recognise import example_print

pytestmark = pytest.mark.e2e


@pytest.fixture
def checkpoint(tmp_path: Path) -> Path:
    theirs = randomise(OptionACifarResNet(3))
    state = {f"module.{name}": value for name, value in theirs.state_dict().items()}
    path = tmp_path / "resnet20-12fca82f.th"
    torch.save({"state_dict": state, "best_prec1": 91.7}, path)
    return path


def _tab(browser, width: int, height: int, locale: str):
    return browser.new_context(viewport={"width": width, "height": height}, locale=locale)


def test_a_checkpoint_is_recognised_and_classifies_on_inference(
    app_url: str, browser, checkpoint: Path
) -> None:
    context = _tab(browser, 1366, 768, "en-US")
    try:
        page = context.new_page()
        open_app(page, f"{app_url}/yours?lang=en")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
            str(checkpoint)
        )
        expect(page.get_by_text("Differs from resnet20:")).to_be_visible(timeout=120_000)
        wait_until_idle(page)
        assert_no_exception(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        page.locator('[data-testid="stRadio"] label', has_text="after the channels").click()
        expect(page.get_by_text("The same layers as resnet20, named differently:")).to_be_visible(
            timeout=60_000
        )
        wait_until_idle(page)
        page.get_by_role("button", name="Classify photos with it").click()
        page.wait_for_url("**/inference**", timeout=60_000)
        expect(page.get_by_text("resnet20-12fca82f.th · cpu · fp32")).to_be_visible(timeout=120_000)
        wait_until_idle(page)
        assert_no_exception(page)
        # The visitor's choice came along, and the sample photo was classified with it.
        chosen = page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] input:checked')
        expect(chosen).to_have_count(2)  # the weights source, and the placement
        expect(page.get_by_text("explains:", exact=False).first).to_be_visible(timeout=60_000)
    finally:
        context.close()


def test_the_articles_truncated_print_is_read_in_chinese_on_a_projector(
    app_url: str, browser
) -> None:
    context = _tab(browser, 1024, 768, "zh-CN")
    try:
        page = context.new_page()
        open_app(page, f"{app_url}/yours")  # no lang: the browser's
        page.locator('[data-testid="stButtonGroup"] button', has_text="print(model) 文字").click()
        wait_until_idle(page)
        page.locator("textarea").fill(example_print("resnet50-truncated"))
        page.keyboard.press("Control+Enter")
        expect(page.get_by_text("已有的部分与 torchvision 的 resnet50 完全相同")).to_be_visible(
            timeout=120_000
        )
        wait_until_idle(page)
        assert_no_exception(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1024
        expect(page.get_by_text("它同样符合 resnet101, resnet152", exact=False)).to_be_visible()
        # An example replaces the pasted text, and gets its own verdict.
        page.locator('[data-testid="stSelectbox"]', has_text="试一个例子").click()
        page.get_by_role("option", name="广泛使用的方案 A CIFAR 代码中的 ResNet-20").click()
        expect(page.get_by_text("与 resnet20 不同：")).to_be_visible(timeout=120_000)
        wait_until_idle(page)
        assert_no_exception(page)
        assert "(shortcut): LambdaLayer()" in page.locator("textarea").input_value()
        assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    finally:
        context.close()
