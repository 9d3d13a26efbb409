"""Traces on disk: exact round trips, strict reading, once per process, no torch to read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT

from resnet_viz import PRESETS
from resnet_viz.trace import _codec, _disk, decode, encode, get_trace, load, save
from resnet_viz.trace import _store as trace_store
from resnet_viz.trace import _tracing as tracing


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty trace cache, and an empty memory in front of it."""
    monkeypatch.setenv("RESNET_VIZ_CACHE", str(tmp_path))
    monkeypatch.setattr(trace_store, "_MEMORY", type(trace_store._MEMORY)())
    return tmp_path / "traces"


@pytest.mark.parametrize(
    ("name", "side"), [("resnet18", 224), ("resnext50_32x4d", 160), ("resnet56", 32)]
)
def test_a_trace_reads_back_exactly(name: str, side: int) -> None:
    made = tracing.trace(name, (3, side, side))
    assert decode(encode(made)) == made


def test_reading_is_strict() -> None:
    good = json.loads(encode(tracing.trace("resnet18")))
    broken = [
        "not json",
        json.dumps({**good, "version": "other code"}),
        json.dumps({**good, "trace": {**good["trace"], "total_params": True}}),
        json.dumps({**good, "trace": {**good["trace"], "extra": 1}}),
        json.dumps({**good, "trace": {k: v for k, v in good["trace"].items() if k != "stem"}}),
        json.dumps({**good, "trace": {**good["trace"], "spec": {"layers": "many"}}}),
        json.dumps({**good, "trace": {**good["trace"], "blocks": [{"stage": "layer1"}]}}),
    ]
    for text in broken:
        with pytest.raises(ValueError):
            decode(text)


def test_saved_traces_are_found_and_bad_files_ignored(store: Path) -> None:
    made = tracing.trace("resnet34")
    assert load(made.spec, made.input_size) is None
    save(made)
    assert load(made.spec, made.input_size) == made
    assert load(made.spec, (3, 160, 160)) is None  # another input size is another trace
    (file,) = store.iterdir()
    file.write_text(file.read_text()[:-100])  # a half-written file from a crash
    assert load(made.spec, made.input_size) is None


def test_new_code_means_new_files(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = tracing.trace("resnet18")
    save(made)
    monkeypatch.setattr(_codec, "CODE_VERSION", "changed")
    assert load(made.spec, made.input_size) is None


def test_sessions_asking_at_once_trace_once(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    started = threading.Event()

    def slow_trace(spec, input_size):
        calls.append(spec.name)
        started.wait(5)  # every session is asking by now
        return tracing._trace_spec.__wrapped__(spec, input_size)

    monkeypatch.setattr(tracing, "trace", slow_trace)
    results = []
    workers = [
        threading.Thread(target=lambda: results.append(get_trace(PRESETS["resnet20"], (3, 32, 32))))
        for _ in range(8)
    ]
    for worker in workers:
        worker.start()
    started.set()
    for worker in workers:
        worker.join()
    assert calls == ["resnet20"] and len(results) == 8
    assert all(result is results[0] for result in results)
    assert len(list(store.iterdir())) == 1  # and it is on disk for the next run


def test_home_renders_without_torch(store: Path) -> None:
    """With the home page's trace on disk, Home is drawn before torch is imported at all."""
    save(tracing.trace("resnet18"))
    script = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(ROOT / 'app.py')!r}, default_timeout=60).run()\n"
        "assert not at.exception and at.metric[0].value == '11,689,512', at\n"
        "heavy = ('torch', 'torchvision', 'torchinfo')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    env = os.environ | {"RESNET_VIZ_CACHE": str(store.parent), "RESNET_VIZ_WARMUP": "0"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.slow
def test_warm_up_leaves_every_preset_on_disk(store: Path) -> None:
    from resnet_viz.models import default_input
    from resnet_viz.serving import warm_up

    warm_up()
    assert len(list(store.iterdir())) == len(PRESETS)
    assert "torchvision" in sys.modules
    for spec in PRESETS.values():
        assert load(spec, default_input(spec)) is not None


def test_a_write_that_fails_leaves_no_stray_file(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trace = tracing.trace(PRESETS["resnet20"], (3, 32, 32))

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(_disk.os, "replace", full_disk)
        save(trace)  # skipped, not fatal
    assert not list(store.rglob("*.tmp"))
    save(trace)
    saved = list(store.rglob("*.json"))
    assert saved and all(path.stat().st_mode & 0o044 == 0o044 for path in saved)  # others read
