"""Shared fixtures: the real Streamlit server and a real Chromium for end-to-end tests."""

from __future__ import annotations

import html
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from resnet_viz.serving.app_process import LOOPBACK_FLAGS, app_command, free_port, running

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"


def plain_texts(at: object, tag: str = "") -> list[str]:
    """What the page shows through its plain-text helpers (HTML of escaped text), as text.

    ``tag`` keeps only one kind: "h2" for network names, "h3" for image names, "p" for lines.
    """
    found = []
    for element in at.get("html"):  # type: ignore[attr-defined]
        match = re.fullmatch(r"<(\w+)[^>]*>(.*)</\1>", element.proto.body, re.DOTALL)
        if match and (not tag or match.group(1) == tag):
            found.append(html.unescape(match.group(2)))
    return found


def unescaped(markdown: str) -> str:
    """Markdown text as a reader sees it: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def warned(at: Any) -> str:
    """Every warning an AppTest page shows, as its reader sees it, one per line."""
    return "\n".join(unescaped(warning.value) for warning in at.warning)


def open_page(page: str, query: dict[str, str] | None = None, timeout: float = 300) -> Any:
    """An AppTest of the whole app opened on ``page`` (a path under app_pages/), as a link
    with ``query`` would open it; fails on any exception."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def torch_saved(obj: object) -> bytes:
    """What ``torch.save`` writes for ``obj``: a checkpoint's bytes, as an upload gives them."""
    import io

    import torch

    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


class RunsCode:
    """Unpickling this would run a shell command: the classic malicious checkpoint."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


GOLDEN = ROOT / "tests" / "golden"


def pytest_configure(config: pytest.Config) -> None:
    """Traces the tests make go to a fresh folder, not the user's cache (servers inherit it).

    The app's background warm-up stays off in this process unless ``--warm-up`` is given
    (`make test` runs the page tests once that way): AppTest pages make what they need
    themselves, and a warm-up tracing beside every test makes them slower, not different.
    Servers the tests start warm up before they report healthy.
    """
    os.environ.setdefault("RESNET_VIZ_CACHE", tempfile.mkdtemp(prefix="resnet-viz-test-cache-"))
    if config.getoption("--warm-up"):
        os.environ.pop("RESNET_VIZ_WARMUP", None)
    else:
        os.environ["RESNET_VIZ_WARMUP"] = "0"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output (then review the diff)",
    )
    parser.addoption(
        "--warm-up",
        action="store_true",
        help="leave the app's background warm-up on, as `streamlit run app.py` has it",
    )


class Golden:
    """Compares text with a file in tests/golden/, or rewrites the file when asked to."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, name: str, text: str) -> None:
        path = GOLDEN / name
        if self.update:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"{path} is missing: run `make golden` and review what it writes")
        expected = path.read_text(encoding="utf-8")
        assert text == expected, (
            f"{name} differs from tests/golden/{name}; if the change is intended, "
            "run `make golden` and review the diff"
        )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests that need a system program skip without it on a laptop, and fail without it in CI."""
    needs = {"dot": shutil.which("dot"), "e2e": Path(CHROMIUM).exists()}
    for marker, present in needs.items():
        if item.get_closest_marker(marker) and not present:
            program = "dot" if marker == "dot" else CHROMIUM
            message = f"needs {program}: run `make test`, which installs it"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)


def hub_with_resnet18(home: Path) -> Path:
    """A torch hub cache under ``home`` holding a resnet18 checkpoint (made here, seeded) where
    torchvision's download of ResNet18_Weights.IMAGENET1K_V1 would put it; returns the file."""
    import torch
    import torchvision

    url = torchvision.models.ResNet18_Weights.IMAGENET1K_V1.url
    target = home / "hub" / "checkpoints" / Path(url).name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        torch.manual_seed(5)
        torch.save(torchvision.models.resnet18().state_dict(), target)
    return target


@pytest.fixture
def resnet18_in_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This process's torch hub cache, pointed at a fresh folder holding resnet18 weights."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    return hub_with_resnet18(tmp_path)


@contextmanager
def serve_app(log_path: Path, torch_home: Path | None = None) -> Iterator[str]:
    """The app as `make run` starts it (warm before its first visitor), on a free loopback
    port; stopped whatever happens, its log printed when it holds a traceback."""
    port = free_port()
    env = os.environ | ({"TORCH_HOME": str(torch_home)} if torch_home else {})
    try:
        with running(app_command(port), port, log_path, env, timeout=300):
            yield f"http://127.0.0.1:{port}"
    finally:
        output = log_path.read_text(errors="replace") if log_path.exists() else ""
        if "Traceback" in output:
            print(f"--- streamlit server log ---\n{output}")


@contextmanager
def serve_plainly(log_path: Path, env: dict[str, str]) -> Iterator[str]:
    """The app as ``streamlit run app.py`` starts it, the usual way outside ``make run``: no
    launcher, the warm-up left to app.py's background thread (when ``env`` allows it)."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", APP, *LOOPBACK_FLAGS]
    with running([*command, f"--server.port={port}"], port, log_path, env, timeout=120):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server shared by the end-to-end tests, with resnet18 weights in its cache."""
    home = tmp_path_factory.mktemp("torch-home")
    hub_with_resnet18(home)
    with serve_app(tmp_path_factory.mktemp("server") / "streamlit.log", home) as url:
        yield url


@pytest.fixture
def fresh_app_url(tmp_path: Path) -> Iterator[str]:
    """A server nobody has visited yet: how a shared link meets a newly started app."""
    with serve_app(tmp_path / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright; no browser is ever downloaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh tab; its screenshot is kept under test-artifacts/ whatever the outcome."""
    yield from _tab(browser, request, locale="en-US")


@pytest.fixture
def chinese_page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh tab of a browser set to Simplified Chinese (its first visit follows that)."""
    yield from _tab(browser, request, locale="zh-CN")


def _tab(browser: object, request: pytest.FixtureRequest, locale: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale=locale)
    tab = context.new_page()
    try:
        yield tab
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        try:
            tab.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
        finally:
            context.close()
