"""``python -m resnet_viz``: each subcommand run as a user runs it, in its own process."""

from __future__ import annotations

import csv
import io
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


def test_summary_prints_the_architecture_pages_stage_table() -> None:
    done = run_cli("summary", "resnet50", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [row["stage"] for row in rows] == [
        "stem",
        "layer1",
        "layer2",
        "layer3",
        "layer4",
        "head",
    ]
    assert sum(int(row["params"]) for row in rows) == 25_557_032  # torchvision's resnet50
    assert [row["blocks"] for row in rows[1:5]] == ["3", "4", "6", "3"]
    markdown = run_cli("summary", "resnet18", "--level", "blocks", "--unit", "flops").stdout
    header = markdown.splitlines()[0]
    assert header.startswith("| block | type | shortcut |") and "FLOPs" in header
    assert "| layer4.0 | BasicBlock | projection |" in markdown


def test_compare_prints_what_changes_and_the_stage_table() -> None:
    done = run_cli("compare", "resnet50", "resnet101")
    assert done.returncode == 0, done.stderr
    assert (
        "- resnet50 → resnet101: the same blocks; stage 3 (layer3, conv4_x) grows from 6 to 23"
        in (done.stdout)
    )
    assert "| total | resnet101 |" in done.stdout and "44,549,160" in done.stdout  # torchvision's
    custom = run_cli("compare", "resnet18", "block=bottleneck;layers=2,2,2,2", "--format", "html")
    assert custom.returncode == 0 and custom.stdout.startswith("<ul><li>resnet18 → custom:")


def test_draw_writes_the_pages_diagram_in_each_format(tmp_path) -> None:
    from resnet_viz import PRESETS
    from resnet_viz.trace import get_trace
    from resnet_viz.views.diagram import to_dot

    dot_file = tmp_path / "r50.dot"
    assert run_cli("draw", "resnet50", "--level", "blocks", "-o", str(dot_file)).returncode == 0
    page_dot = to_dot(get_trace(PRESETS["resnet50"], (3, 224, 224)), "blocks").source
    assert dot_file.read_text() == page_dot  # the diagram the Architecture page draws
    svg, png, pdf = (tmp_path / f"r50.{ext}" for ext in ("svg", "png", "pdf"))
    assert run_cli("draw", "resnet50", "--level", "blocks", "-o", str(svg)).returncode == 0
    assert svg.read_bytes().lstrip().startswith(b"<?xml") and b"layer3" in svg.read_bytes()
    assert (
        run_cli("draw", "resnet50", "--lang", "zh", "--format", "png", "-o", str(png)).returncode
        == 0
    )
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and b"pHYs" in png.read_bytes()[:100]
    layers = run_cli(
        "draw", "resnet50", "--level", "layers", "--stage", "layer2", "--block", "0", "-o", str(pdf)
    )
    assert layers.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")


def test_wrong_input_is_one_line_and_exit_2_never_a_traceback(tmp_path) -> None:
    for args in (
        ("draw", "vgg16", "-o", str(tmp_path / "x.svg")),
        ("draw", "resnet50", "-o", str(tmp_path / "x.gif")),
        (
            "draw",
            "resnet50",
            "--level",
            "layers",
            "--stage",
            "layer9",
            "-o",
            str(tmp_path / "x.svg"),
        ),
        ("summary", "block=basic;layers=0"),
        ("compare", "resnet18"),
    ):
        done = run_cli(*args)
        assert done.returncode == 2, args
        said = [
            line for line in done.stderr.splitlines() if not line.startswith("resnet-viz build")
        ]
        assert len(said) == 1 and "Traceback" not in done.stderr, done.stderr
