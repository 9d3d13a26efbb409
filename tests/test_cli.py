"""``python -m resnet_viz``: each subcommand run as a user runs it, in its own process."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

from resnet_viz.i18n import use
from resnet_viz.practice import key_csv, practice_set


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "resnet_viz", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_practice_prints_the_same_key_as_the_page_in_either_language() -> None:
    done = run_cli("practice", "--set", "2741", "--level", "advanced", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    with use("zh"):
        assert done.stdout == key_csv(practice_set(2741, "advanced"))
    assert done.stdout.splitlines()[0] == "number,kind,network,input,target,question,answer"
    english = run_cli("practice", "--set", "2741")
    assert english.stdout == key_csv(practice_set(2741, "intro"))


def test_practice_refuses_a_bad_set_with_one_line_and_exit_2() -> None:
    done = run_cli("practice", "--set", "123456")
    assert done.returncode == 2 and done.stdout == ""
    assert "set: 123456 is not between 0 and 99999" in done.stderr
    assert run_cli("practice", "--set", "1", "--level", "expert").returncode == 2
    assert run_cli().returncode == 2  # no subcommand: the usage, and a refusal
