"""End-to-end: the real server, the real browser, as a visitor sees it."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import ROOT
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


#: The diagram viewer's SVG (Playwright's CSS locators see into the component's shadow root).
DIAGRAM = ".rv-view > svg"


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


def network_picker(page):
    """The one "Network" picker, once a rerun that swapped it has drawn: until then the old
    picker lingers beside the new one, and a click on the label would be ambiguous."""
    picker = page.get_by_label("Network", exact=True)
    expect(picker).to_have_count(1, timeout=90_000)
    return picker


def choose_network(page, name: str) -> None:
    """Pick ``name`` in the Architecture sidebar's network picker and wait for its page."""
    network_picker(page).click()
    page.get_by_role("option", name=name, exact=True).click()
    page.get_by_role("heading", name=name).wait_for(timeout=90_000)
    wait_until_idle(page)


def test_home_page_renders(app_url: str, page) -> None:
    open_app(page, app_url)
    page.get_by_role("heading", name="ResNet-18 at a glance").wait_for(timeout=60_000)
    wait_until_idle(page)
    page.get_by_text("11,689,512").wait_for(timeout=60_000)
    assert_no_exception(page)
    body = page.locator("body").inner_text()
    # The displayed formula is typeset by KaTeX, which keeps its TeX source in an annotation.
    formula = page.locator('.katex-display annotation[encoding="application/x-tex"]')
    formula.first.wait_for(state="attached", timeout=30_000)  # KaTeX typesets after the run
    assert [text.strip() for text in formula.all_text_contents()] == ["H(x) = F(x) + x"]
    assert "11,689,512" in body  # ResNet-18's parameter count, as torchvision publishes it
    # The per-stage table drew (Streamlit's dataframe is a canvas grid).
    table = page.locator('[data-testid="stDataFrameResizable"]')
    table.wait_for(timeout=30_000)  # its component loads after the script run
    assert table.count() == 1


def test_architecture_page_draws_shares_and_reopens(app_url: str, fresh_app_url: str, page) -> None:
    open_app(page, f"{app_url}/architecture")
    page.get_by_role("heading", name="resnet18").wait_for(timeout=60_000)

    choose_network(page, "resnet152")  # in the sidebar's network picker
    assert_no_exception(page)

    # The rendered diagram: an SVG with its shortcut legend and ResNet-152's folded blocks.
    chart = page.locator(DIAGRAM)
    chart.wait_for(timeout=60_000)
    svg_text = chart.text_content()
    assert "shortcuts" in svg_text
    assert "projection: 1×1 conv + BN" in svg_text
    assert "layer3.1 … layer3.35 (×35)" in svg_text
    assert "60,192,808" in page.locator("body").inner_text()

    # The SVG download is rendered on the server by the dot program.
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="SVG", exact=True).click()
    assert download.value.suggested_filename == "resnet152-blocks.svg"
    svg_file = download.value.path().read_text()
    assert "<svg" in svg_file and "layer3.35" in svg_file

    # A plotly chart, in its tab.
    page.get_by_role("tab", name="Charts").click()
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)

    # The URL now holds the view; opening it on a newly started server gives the same view.
    shared = page.url
    assert "net=resnet152" in shared
    other = page.context.new_page()
    try:
        open_app(other, shared.replace(app_url, fresh_app_url))
        nav = other.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Home" in nav and "Architecture" in nav  # app.py's navigation, not the pages/ folder
        other.get_by_role("heading", name="resnet152").wait_for(timeout=90_000)
        other.locator(DIAGRAM).wait_for(timeout=60_000)
        assert "layer3.1 … layer3.35 (×35)" in other.locator(DIAGRAM).text_content()
    finally:
        other.close()
    page.get_by_role("tab", name="Stages").click()


def test_inference_page_classifies_an_uploaded_photo(app_url: str, page) -> None:
    open_app(page, f"{app_url}/inference")
    page.get_by_role("heading", name="Inference").wait_for(timeout=60_000)
    # The server holds resnet18 weights in its torch hub cache (made by the test fixture).
    network_picker(page).click()
    page.get_by_role("option", name="resnet18", exact=True).click()
    page.get_by_text("resnet18, torchvision weights IMAGENET1K_V1").wait_for(timeout=90_000)
    wait_until_idle(page)

    photo = ROOT / "resnet_viz" / "data" / "samples" / "mountain.jpg"
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(photo))
    page.get_by_role("heading", name="mountain.jpg").wait_for(timeout=90_000)
    wait_until_idle(page)
    assert_no_exception(page)

    chart = page.locator(".js-plotly-plot").first
    chart.wait_for(timeout=60_000)
    assert chart.locator(".ytick").count() == 5  # five predictions
    page.get_by_text("Grad-CAM at layer4", exact=True).wait_for(timeout=30_000)
    page.get_by_text("explains: ").first.wait_for(timeout=30_000)
    overlay = page.locator('[data-testid="stImage"] img').nth(1)
    assert overlay.evaluate("img => img.complete && img.naturalWidth") == 500


def _upload(page, uploader: str, path) -> None:
    """Put a file into the uploader labelled ``uploader``, as a visitor's file dialog does."""
    box = page.locator('[data-testid="stFileUploader"]').filter(has_text=uploader)
    box.locator('input[type="file"]').set_input_files(str(path))


def _own_checkpoint(page, app_url: str) -> None:
    """The Inference page, on "My own checkpoint" (its network is recognised from the file)."""
    open_app(page, f"{app_url}/inference")
    page.get_by_text("My own checkpoint", exact=True).click()
    # The run that swaps the pretrained network for the checkpoint's uploader has drawn.
    page.locator('[data-testid="stFileUploader"]').filter(has_text="Checkpoint").wait_for()
    wait_until_idle(page)


def test_what_one_visitor_uploads_never_reaches_another(app_url: str, browser, tmp_path) -> None:
    """Two visitors of one server: every session shares the process's caches (models read
    from checkpoints, traces, uploaded media), yet neither sees the other's checkpoint, photo
    or classifier, and each classifies with their own weights."""
    import torch
    from PIL import Image
    from safetensors.torch import save_file

    from resnet_viz import build_model

    files = {}
    for name, seed in (("alice", 1), ("bob", 2)):
        torch.manual_seed(seed)
        files[name] = tmp_path / f"{name}-secret.safetensors"
        save_file(build_model("resnet20").state_dict(), str(files[name]))
    photo = tmp_path / "alice-photo.png"
    Image.new("RGB", (64, 48), (200, 0, 0)).save(photo)
    visitors = [browser.new_context(viewport={"width": 1400, "height": 1800}) for _ in range(2)]
    try:
        alice, bob = (context.new_page() for context in visitors)
        _own_checkpoint(alice, app_url)
        _upload(alice, "Checkpoint", files["alice"])
        alice.get_by_text("alice-secret.safetensors · cpu").first.wait_for(timeout=90_000)
        _upload(alice, "Photos", photo)
        alice.get_by_role("heading", name="alice-photo.png").wait_for(timeout=90_000)
        wait_until_idle(alice)
        assert_no_exception(alice)

        _own_checkpoint(bob, app_url)  # the same choices, in between
        bob.get_by_text("Upload a checkpoint in the sidebar", exact=False).wait_for()
        assert "alice" not in bob.locator("body").inner_text()
        _upload(bob, "Checkpoint", files["bob"])
        bob.get_by_text("bob-secret.safetensors · cpu").first.wait_for(timeout=90_000)
        wait_until_idle(bob)
        assert "alice" not in bob.locator("body").inner_text()  # nor her photo, nor her model
        assert bob.get_by_role("heading", name="alice-photo.png").count() == 0

        alice.get_by_text("简体中文", exact=True).click()  # her next run still holds her own
        alice.get_by_role("heading", name="推理").wait_for(timeout=90_000)
        wait_until_idle(alice)
        alice.get_by_text("alice-secret.safetensors", exact=False).first.wait_for()
        assert alice.get_by_role("heading", name="alice-photo.png").count() == 1
        assert "bob" not in alice.locator("body").inner_text()
    finally:
        for context in visitors:
            context.close()


def test_a_cross_site_upload_is_refused(app_url: str) -> None:
    """XSRF protection is on: an upload without the session's token gets 403, not stored."""
    request = urllib.request.Request(
        f"{app_url}/_stcore/upload_file/some-session/some-file",
        data=b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n'
        b"data\r\n--x--\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
        method="PUT",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403


def test_diagram_zooms_and_a_clicked_block_opens_its_layers(app_url: str, page) -> None:
    open_app(page, f"{app_url}/architecture?net=resnet50&level=blocks")
    diagram = page.locator(DIAGRAM)
    diagram.wait_for(timeout=90_000)
    assert "identity: x passes unchanged" in diagram.text_content()
    fitted = diagram.get_attribute("viewBox")
    page.get_by_role("button", name="Zoom in").click()
    assert diagram.get_attribute("viewBox") != fitted
    page.get_by_role("button", name="Fit", exact=True).click()
    assert diagram.get_attribute("viewBox") == fitted

    node = page.locator("g.rv-link", has=page.locator("title", has_text="block_layer3_0"))
    node.click()
    page.wait_for_url("**level=layers**", timeout=60_000)
    wait_until_idle(page)
    assert "stage=layer3" in page.url and "bi=0" in page.url
    page.get_by_text("resnet50: layers of layer3.0").wait_for(timeout=60_000)
    assert_no_exception(page)


def test_back_and_forward_move_between_views(app_url: str, page) -> None:
    """Each change of view is an address in the browser's history; Back and Forward show
    the view of the address they move to."""
    open_app(page, f"{app_url}/architecture?net=resnet18&level=blocks")
    page.get_by_role("heading", name="resnet18").wait_for(timeout=60_000)
    choose_network(page, "resnet50")
    page.get_by_text("stages", exact=True).click()
    page.wait_for_url("**level=stages**", timeout=60_000)
    wait_until_idle(page)
    page.go_back()
    page.wait_for_url("**net=resnet50**level=blocks**", timeout=60_000)
    page.get_by_text("resnet50: blocks").first.wait_for(timeout=60_000)
    page.go_back()
    page.get_by_role("heading", name="resnet18").wait_for(timeout=60_000)
    wait_until_idle(page)
    assert "net=resnet18" in page.url
    assert page.get_by_label("Network", exact=True).input_value() == "resnet18"
    page.go_forward()
    page.get_by_role("heading", name="resnet50").wait_for(timeout=60_000)
    wait_until_idle(page)
    assert "net=resnet50" in page.url and "level=blocks" in page.url
    assert_no_exception(page)


def test_a_name_from_a_link_is_text_not_a_link(app_url: str, page) -> None:
    name = "Click http://evil.example/login [now](http://evil.example) **!**"
    assert len(name) <= 64  # names are cut to 64 characters
    open_app(page, f"{app_url}/architecture?net=custom&name={urllib.parse.quote(name)}")
    heading = page.locator("h2", has_text="Click")
    heading.wait_for(timeout=90_000)
    assert heading.inner_text().strip() == name
    assert page.locator("a[href*='evil.example']").count() == 0
    assert name.split(" [", maxsplit=1)[0] in page.locator(DIAGRAM).text_content()


def test_an_unknown_path_says_page_not_found_in_the_visitors_language(app_url: str, page) -> None:
    """/home (the home page lives at the root) and any other path that names no page: the
    app says so in the visitor's language, with no English dialog, and links home."""
    open_app(page, f"{app_url}/home")
    page.get_by_role("heading", name="Page not found").wait_for(timeout=60_000)
    assert page.get_by_text("There is no page at /home in this app.").count() == 1
    assert page.get_by_role("dialog").count() == 0
    open_app(page, f"{app_url}/**lessons**?lang=zh")
    page.get_by_role("heading", name="找不到页面").wait_for(timeout=60_000)
    assert page.get_by_text("本应用中没有 /**lessons** 这个页面。").count() == 1  # text, not markup
    assert page.get_by_role("dialog").count() == 0
    page.get_by_role("link", name="前往首页").click()
    page.get_by_role("heading", name="ResNet-18 一览").wait_for(timeout=60_000)
    assert "lang=zh" in page.url
    assert_no_exception(page)


def test_a_shared_comparison_link_shows_both_diagrams(app_url: str, page) -> None:
    open_app(page, f"{app_url}/compare?nets=resnet34,resnet50&level=blocks")
    diagrams = page.locator(DIAGRAM)
    diagrams.nth(3).wait_for(timeout=120_000)
    # The two networks side by side, then one block of each at the same stage.
    assert diagrams.count() == 4
    assert "resnet34: blocks" in diagrams.nth(0).text_content()
    assert "resnet50: blocks" in diagrams.nth(1).text_content()
    assert "resnet34: layers of layer3.1" in diagrams.nth(2).text_content()
    assert "resnet50: layers of layer3.1" in diagrams.nth(3).text_content()
    page.get_by_text(
        "BasicBlock → Bottleneck (1×1 reduce, 3×3, 1×1 expand ×4)", exact=False
    ).wait_for(timeout=30_000)
    # One scale for both: a point of either diagram is as many pixels on screen.
    scales = [diagrams.nth(i).evaluate("svg => svg.getScreenCTM().a") for i in (0, 1)]
    assert scales[0] == pytest.approx(scales[1], rel=0.01)
    assert_no_exception(page)


def _arrives(page, address: str, text: str) -> None:
    """Wait for the address, then for the text of the view it holds."""
    page.wait_for_url(address, timeout=60_000)
    page.get_by_text(text).first.wait_for(timeout=60_000)


def test_back_and_forward_move_between_comparisons_and_walkthrough_steps(
    app_url: str, page
) -> None:
    """Compare and the lab's walkthrough write an address per view, as Architecture does:
    Back shows the view before, Forward the one after."""
    open_app(page, f"{app_url}/compare?nets=resnet34,resnet50&level=blocks")
    page.locator(DIAGRAM).nth(1).wait_for(timeout=120_000)
    page.get_by_text("stages", exact=True).first.click()
    _arrives(page, "**level=stages**", "resnet50: stages")
    wait_until_idle(page)
    page.go_back()
    _arrives(page, "**level=blocks**", "resnet50: blocks")
    page.go_forward()
    _arrives(page, "**level=stages**", "resnet50: stages")
    assert_no_exception(page)

    open_app(page, f"{app_url}/lab?step=2")
    page.get_by_text("Step 2 of 7").first.wait_for(timeout=120_000)
    page.locator(DIAGRAM).first.wait_for(timeout=120_000)  # the step drawn: its keys are ready
    page.wait_for_timeout(400)
    page.keyboard.press("ArrowRight")
    _arrives(page, "**step=3**", "Step 3 of 7")
    page.go_back()
    _arrives(page, "**step=2**", "Step 2 of 7")
    wait_until_idle(page)
    page.go_forward()
    _arrives(page, "**step=3**", "Step 3 of 7")
    assert_no_exception(page)


@pytest.mark.slow
def test_the_race_survives_a_language_switch_and_a_second_visitor_watches_it(
    app_url: str, chinese_page, browser
) -> None:
    """A browser set to Chinese gets the lab in Chinese and starts the race; switching to
    English while it trains keeps it going; a second visitor sees it training, then both see
    the finished race, and the language rides along in the link to the next page."""
    page = chinese_page
    open_app(page, f"{app_url}/lab")
    page.get_by_role("heading", name="残差实验室").wait_for(timeout=60_000)
    assert "lang=zh" in page.url
    assert_no_exception(page)
    page.locator(DIAGRAM).first.wait_for(timeout=60_000)  # the walkthrough opens first
    page.get_by_text("实验：捷径为什么有效", exact=True).click()
    page.get_by_role("button", name="开始训练竞赛").click()
    progress = page.locator('[data-testid="stProgress"]')
    progress.wait_for(timeout=60_000)
    page.get_by_text("切换语言或页面也不会中断", exact=False).wait_for(timeout=60_000)

    page.get_by_text("English", exact=True).click()  # while the race trains
    page.get_by_text("keeps going if you switch language", exact=False).wait_for(timeout=60_000)
    assert "lang=en" in page.url
    assert page.get_by_role("button", name="Run the race").count() == 0

    second = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    try:
        other = second.new_page()
        open_app(other, f"{app_url}/lab")
        other.get_by_text("Experiments: why shortcuts work", exact=True).click()
        other.get_by_text("keeps going if you switch language", exact=False).wait_for(
            timeout=60_000
        )  # the same race, in progress, with no button to start another
        assert other.get_by_role("button", name="Run the race").count() == 0
        for visitor in (page, other):
            visitor.get_by_role("heading", name="Lesions: remove one block").wait_for(
                timeout=600_000
            )
            wait_until_idle(visitor)
            assert_no_exception(visitor)
            assert "ResNet-56" in visitor.locator("body").inner_text()
    finally:
        second.close()

    # Back in Chinese, the trained network opens on the Inference page in Chinese too.
    page.get_by_text("简体中文", exact=True).click()
    page.get_by_role("heading", name="损伤实验：去掉一个块").wait_for(timeout=60_000)
    wait_until_idle(page)
    page.get_by_role("button", name="在推理页面打开 ResNet-56").click()
    page.get_by_role("heading", name="推理").first.wait_for(timeout=120_000)
    wait_until_idle(page)
    assert "lang=zh" in page.url and "/inference" in page.url
    assert_no_exception(page)
    page.get_by_text("English", exact=True).click()
    wait_until_idle(page)

    page.get_by_role("link", name="Architecture").click()
    page.get_by_role("heading", name="resnet18").wait_for(timeout=60_000)
    wait_until_idle(page)
    assert "lang=en" in page.url and "net=resnet18" in page.url


def test_the_later_layouts_show_on_every_page_in_both_languages(
    app_url: str, page, chinese_page
) -> None:
    """A pre-activation net's units drawn as they compute, in Chinese; resnet50 beside
    resnet50d with what changes in numbers; the lab's pre-activation twin; the custom
    fields in the sidebar."""
    open_app(
        chinese_page,
        f"{app_url}/architecture?net=preact_resnet50&level=layers&stage=layer2&bi=0&lang=zh",
    )
    diagram = chinese_page.locator(DIAGRAM).first
    diagram.wait_for(timeout=90_000)
    drawn = diagram.text_content()
    assert "PreActBottleneck" in drawn and "投影捷径：对预激活后的 x 做 1×1 conv" in drawn
    wait_until_idle(chinese_page)
    # The sidebar's new field (the sidebar may draw a moment after the diagram).
    expect(chinese_page.get_by_text("单元顺序")).to_have_count(1, timeout=60_000)
    assert_no_exception(chinese_page)

    open_app(page, f"{app_url}/compare?nets=resnet50,resnet50d&level=blocks")
    page.get_by_text("becomes three 3×3 convs (32, 32, 64 channels)", exact=False).wait_for(
        timeout=120_000
    )
    page.get_by_text("parameters +19,232", exact=False).first.wait_for(timeout=60_000)
    # The viewers mount in any order (the blocks' layers too): find resnet50d's by its title.
    drawn_d = page.locator(DIAGRAM).filter(has_text="resnet50d: blocks")
    drawn_d.wait_for(timeout=120_000)
    assert "2×2 avg pool" in drawn_d.text_content()
    assert_no_exception(page)

    open_app(page, f"{app_url}/lab")
    page.get_by_text("Experiments: why shortcuts work", exact=True).click()
    wait_until_idle(page)
    page.get_by_text("Pre-activation twin", exact=True).click()
    wait_until_idle(page)
    page.locator(".js-plotly-plot").filter(has_text="pre-activation").first.wait_for(timeout=60_000)
    page.get_by_text("keeps its gradients in a narrow band too", exact=False).wait_for()
    assert_no_exception(page)
    # Inference with random weights on a pre-activation net: the one pass runs through its
    # units (Grad-CAM, the residual ratios) as through any other.
    open_app(page, f"{app_url}/inference")
    page.get_by_text("Untrained (random weights)", exact=True).click()
    wait_until_idle(page)
    network_picker(page).click()
    page.keyboard.type("preact_resnet18")
    page.get_by_role("option", name="preact_resnet18", exact=True).click()
    # resnet18's run drew a Grad-CAM too: wait for the caption of the chosen net first.
    page.get_by_text("preact_resnet18, untrained (random weights)").wait_for(timeout=120_000)
    page.get_by_text("Grad-CAM at layer4", exact=True).wait_for(timeout=120_000)
    wait_until_idle(page)
    assert_no_exception(page)

    open_app(page, f"{app_url}/lab")
    page.get_by_text("Experiments: why shortcuts work", exact=True).click()
    wait_until_idle(page)
    # The second race trains in the background and says what it showed.
    page.get_by_role("button", name="Run the second race").click()
    verdict = re.compile(r"against ResNet-110's|went the other way|nearly the same training")
    page.get_by_text(verdict).first.wait_for(timeout=300_000)
    expect(page.locator(".js-plotly-plot").filter(has_text="preact110")).not_to_have_count(0)
    assert_no_exception(page)
