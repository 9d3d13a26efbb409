"""The first visitor of an app started without the launcher meets its warm-up, not an error.

``streamlit run app.py`` starts the warm-up on a background thread when the first visitor's
page runs, and that page imports torch at the same moment. Each case needs a process in which
nothing has imported torch yet, so each runs in a fresh one: AppTest in a subprocess, then
real ``streamlit run app.py`` servers, each opened by a first visitor the moment it answers
and by two more at once while it is still warming up. The visitors speak Streamlit's own
protocol (bench/streamlit_client.py): a browser loads its scripts first and so arrives
later, when the race is more often over.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import APP, ROOT, hub_with_resnet18, serve_plainly

sys.path.insert(0, str(ROOT / "bench"))
from streamlit_client import Run, StreamlitSession

from resnet_viz.models import PRESETS
from resnet_viz.trace import get_trace

#: Opens one page of the app in AppTest with the warm-up on, in a process of its own.
_OPEN_PAGE = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=300)
at.run()
at.switch_page(f"app_pages/{sys.argv[2]}.py").run()
print(json.dumps([[error.message, *error.stack_trace] for error in at.exception]))
"""

#: Each page's title, seen once its run has finished.
_TITLES = {"inference": "Inference", "lab": "Residual lab", "architecture": "Architecture"}


@pytest.fixture
def traces_on_disk(tmp_path: Path) -> Path:
    """A trace cache holding the home page's trace, as any earlier run leaves it: the warm-up
    then goes straight to importing torch, when the first page does too."""
    cache = tmp_path / "cache"
    previous = os.environ.get("RESNET_VIZ_CACHE")
    os.environ["RESNET_VIZ_CACHE"] = str(cache)
    try:
        get_trace(PRESETS["resnet18"], (3, 224, 224))
    finally:
        if previous is None:
            del os.environ["RESNET_VIZ_CACHE"]
        else:
            os.environ["RESNET_VIZ_CACHE"] = previous
    return cache


def _with_warm_up(cache: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "RESNET_VIZ_WARMUP"}
    return env | {"RESNET_VIZ_CACHE": str(cache)}


@pytest.mark.slow
@pytest.mark.parametrize("page", ["inference", "lab", "architecture"])
def test_a_page_opened_while_the_warm_up_loads_torch_works(page: str, traces_on_disk: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _OPEN_PAGE, APP, page],
        env=_with_warm_up(traces_on_disk),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    log = done.stderr
    assert done.returncode == 0, log[-4000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [], log[-4000:]
    assert "torch and torchvision ready" in log, log[-4000:]
    assert "stopped early" not in log and "Traceback" not in log, log[-4000:]
    # Ending the process stops the warm-up between two traces instead of aborting inside torch.
    assert "terminate called" not in log, log[-4000:]


def _open_at_once(url: str, pages: list[str]) -> dict[str, Run]:
    """Each page opened in a tab of its own, all at the same moment, as a class would (on a
    thread of its own: Playwright's sync API may hold this thread's event loop)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, _open_together(url, pages)).result()


async def _open_together(url: str, pages: list[str]) -> dict[str, Run]:

    async def visit(page: str) -> Run:
        tab = StreamlitSession(url, timeout=300)
        try:
            return await tab.open(page)
        finally:
            await tab.close()

    runs = await asyncio.gather(*(visit(page) for page in pages))
    return dict(zip(pages, runs, strict=True))


@pytest.mark.slow
def test_pages_opened_the_moment_a_plain_streamlit_run_answers(
    traces_on_disk: Path, tmp_path: Path
) -> None:
    hub_with_resnet18(tmp_path)  # the Inference page opens on weights already here
    env = _with_warm_up(traces_on_disk) | {"TORCH_HOME": str(tmp_path)}
    pages = list(_TITLES)
    for start, first in enumerate(pages):  # each page once as the first visitor's
        log = tmp_path / f"streamlit-{start}.log"
        with serve_plainly(log, env) as url:
            runs = _open_at_once(url, [first])
            # The others opened together while the warm-up is still tracing presets.
            runs |= _open_at_once(url, [page for page in pages if page != first])
        server_log = log.read_text(errors="replace")
        for page, run in runs.items():
            assert run.status == "ok", (page, run.status, server_log[-4000:])
            assert run.exceptions() == [], (page, run.exceptions(), server_log[-4000:])
            assert run.has(_TITLES[page]), page
        assert "Traceback" not in server_log, server_log[-4000:]
        assert "stopped early" not in server_log, server_log[-4000:]
