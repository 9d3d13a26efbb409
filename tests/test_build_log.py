"""One stderr line per real build, so a server log counts builds (bench/classroom_load.py)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import hub_with_resnet18

from resnet_viz import PRESETS
from resnet_viz.infer import _weights as weights
from resnet_viz.trace import BUILD_LOG, get_trace
from resnet_viz.trace import _store as trace_store

SPEC, SIZE = PRESETS["resnet20"], (3, 32, 32)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty trace cache, and an empty memory in front of it."""
    monkeypatch.setenv("RESNET_VIZ_CACHE", str(tmp_path))
    monkeypatch.setattr(trace_store, "_MEMORY", type(trace_store._MEMORY)())
    return tmp_path / "traces"


def build_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith(BUILD_LOG)]


def test_a_trace_built_once_logs_once(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = get_trace(SPEC, SIZE)
    assert build_lines(capsys) == [f"{BUILD_LOG} trace resnet20 3x32x32 (traced)"]
    assert get_trace(SPEC, SIZE) is first
    assert build_lines(capsys) == []  # from memory: nothing built, nothing logged


def test_a_trace_read_from_disk_logs_that(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    get_trace(SPEC, SIZE)
    trace_store._MEMORY.clear()  # a new process: the file is there, the memory empty
    capsys.readouterr()
    get_trace(SPEC, SIZE)
    get_trace(SPEC, SIZE)
    assert build_lines(capsys) == [f"{BUILD_LOG} trace resnet20 3x32x32 (disk)"]


def test_sessions_asking_at_once_log_one_build(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workers = [threading.Thread(target=get_trace, args=(SPEC, SIZE)) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert build_lines(capsys) == [f"{BUILD_LOG} trace resnet20 3x32x32 (traced)"]


def test_loading_pretrained_weights_logs_one_model_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    hub_with_resnet18(tmp_path)
    capsys.readouterr()
    weights.load_pretrained("resnet18")
    assert build_lines(capsys) == [f"{BUILD_LOG} model resnet18 IMAGENET1K_V1 (pretrained)"]
