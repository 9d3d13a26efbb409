"""The library as a package: ``pip install .`` puts ``resnet_viz`` (with its catalogues,
assets, sample photos and example prints) and the ``resnet-viz`` command where any directory
can use them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib

import pytest
from conftest import ROOT

from resnet_viz import PRESETS
from resnet_viz.trace import get_trace
from resnet_viz.views.diagram import render, to_dot


def pinned_requirements() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_the_package_depends_on_the_pinned_set_that_make_installs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["dependencies"] == pinned_requirements()
    assert project["scripts"] == {"resnet-viz": "resnet_viz.cli:main"}


@pytest.mark.slow
@pytest.mark.dot
def test_installed_it_draws_from_any_directory(tmp_path, browser) -> None:
    """The tracked files copied away, installed by pip (without their dependencies, which
    this interpreter has), and the command run from an empty directory with nothing but the
    installed package on the path."""
    source, target, elsewhere = tmp_path / "source", tmp_path / "site", tmp_path / "work"
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    command = target / "bin" / "resnet-viz"

    def run(*args: str) -> None:
        done = subprocess.run(
            [str(command), *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()

    run("draw", "resnet50", "--level", "blocks", "-o", "r50.svg")
    page = render(to_dot(get_trace(PRESETS["resnet50"], (3, 224, 224)), "blocks"), "svg")
    assert (elsewhere / "r50.svg").read_bytes() == page  # what the page shows for that view
    run("draw", "resnet50", "--lang", "zh", "--format", "png", "-o", "r50.png")
    assert (elsewhere / "r50.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    installed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import resnet_viz, resnet_viz.i18n as i, resnet_viz.recognise as r; "
            "print(resnet_viz.__file__); print(i.t('nav.practice', 'zh')); "
            "print(r.example_print('cifar-resnet20-option-a').splitlines()[0])",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert installed == [str(target / "resnet_viz" / "__init__.py"), "练习", "ResNet("]
    site = target / "resnet_viz" / "serving" / "site"
    assert {path.name for path in (site / "app_pages").glob("*.py")} >= {"home.py", "yours.py"}
    assert (site / "app.py").read_text() == (ROOT / "app.py").read_text()
    assert (site / ".streamlit" / "config.toml").is_file()
    _serves_from_anywhere(command, elsewhere, env, tmp_path / "serve.log", browser)


def _serves_from_anywhere(command, elsewhere, env, log, browser) -> None:
    """`resnet-viz serve` from an empty directory: the installed copy's own app files, a
    page drawn in a real browser."""
    from resnet_viz.serving.app_process import LOOPBACK_FLAGS, free_port, running

    port = free_port()
    serve = [str(command), "serve", "--port", str(port), "--", *LOOPBACK_FLAGS]
    with running(serve, port, log, env, timeout=300, cwd=elsewhere):
        context = browser.new_context()  # the session's Chromium (one Playwright per process)
        try:
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}/yours?lang=en")
            page.get_by_text("Bring the ResNet you wrote or trained").wait_for(timeout=120_000)
        finally:
            context.close()
    assert "Traceback" not in log.read_text(errors="replace")


def test_the_apps_settings_go_to_streamlit_as_flags_wherever_it_is_served_from() -> None:
    """Streamlit reads .streamlit/config.toml only from the working directory; the launcher
    passes the app's own settings, so an installed copy keeps its upload limit and the rest."""
    from resnet_viz.serving.launcher import app_script, config_flags

    app = app_script()
    assert app == ROOT / "app.py"  # in the checkout, the checkout's files
    flags = config_flags(app)
    assert "--server.maxUploadSize=600" in flags
    assert "--client.showErrorDetails=none" in flags
    assert "--runner.magicEnabled=false" in flags
