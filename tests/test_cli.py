"""``python -m resnet_viz``: each subcommand run as a user runs it, in its own process."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision
from conftest import ROOT, RunsCode
from PIL import Image
from reference_resnets import OptionACifarResNet, randomise

from resnet_viz.data import IMAGENET_MEAN, IMAGENET_STD
from resnet_viz.i18n import use
from resnet_viz.infer import CIFAR10_CLASSES
from resnet_viz.models import build_model
from resnet_viz.practice import key_csv, practice_set
from resnet_viz.recognise import example_print


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


def _option_a_checkpoint(folder: Path) -> tuple[torch.nn.Module, Path]:
    """A trained-looking ResNet-20 of the option-A CIFAR code, saved as that code saves it."""
    theirs = randomise(OptionACifarResNet(3), seed=7)
    state = {f"module.{name}": value for name, value in theirs.state_dict().items()}
    path = folder / "resnet20-12fca82f.th"
    torch.save({"state_dict": state, "best_prec1": 91.73}, path)
    return theirs, path


def _their_own_prediction(model: torch.nn.Module, image: Path) -> list[tuple[str, float]]:
    """The option-A CIFAR code's own evaluation: ToTensor, ImageNet's mean and std, softmax."""
    pixels = torch.tensor(np.asarray(Image.open(image).convert("RGB")), dtype=torch.float32)
    batch = (pixels / 255 - torch.tensor(IMAGENET_MEAN)) / torch.tensor(IMAGENET_STD)
    with torch.no_grad():
        probabilities = model(batch.permute(2, 0, 1)[None]).softmax(1)[0]
    order = probabilities.argsort(descending=True)[:5]
    return [(CIFAR10_CLASSES[int(index)], float(probabilities[index])) for index in order]


def test_check_and_classify_read_the_option_a_codes_checkpoint_as_its_own_code_does(
    tmp_path: Path,
) -> None:
    theirs, checkpoint = _option_a_checkpoint(tmp_path)
    done = run_cli("check", str(checkpoint))
    assert done.returncode == 0, done.stderr
    assert "the option-A CIFAR code's names" in done.stdout
    assert "Taken: zero padding around the channels." in done.stdout
    images = tmp_path / "test-images"
    images.mkdir()
    pixels = np.random.default_rng(3).integers(0, 256, (12, 32, 32, 3), dtype=np.uint8)
    for index, picture in enumerate(pixels):
        Image.fromarray(picture).save(images / f"{index:02d}.png")
    (images / "notes.txt").write_text("not an image")
    done = run_cli("classify", "--checkpoint", str(checkpoint), str(images))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [Path(row["file"]).name for row in rows] == [f"{i:02d}.png" for i in range(12)]
    for row in rows:
        expected = _their_own_prediction(theirs, Path(row["file"]))
        assert row["class"] == expected[0][0]
        assert float(row["probability"]) == pytest.approx(expected[0][1], abs=1e-3)
        assert row["top5"] == "|".join(name for name, _ in expected)
    assert "notes.txt" in done.stderr and "ImageNet's mean and std" in done.stderr
    # The other placement of the zero channels is another network: other predictions.
    other = run_cli("classify", "--checkpoint", str(checkpoint), "--zero-pad", "end", str(images))
    assert other.stdout != done.stdout


def test_check_reads_print_model_text_from_stdin_and_refuses_what_is_not_a_resnet(
    tmp_path: Path,
) -> None:
    text = example_print("resnet18-collapsed")
    done = subprocess.run(
        [sys.executable, "-m", "resnet_viz", "check", "--print", "-"],
        input=text,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Identical to torchvision's resnet18." in done.stdout
    (tmp_path / "vgg.txt").write_text(str(torchvision.models.vgg11()))
    torch.save(torchvision.models.vgg11().state_dict(), tmp_path / "vgg.pth")
    torch.save({"payload": RunsCode(tmp_path / "pwned")}, tmp_path / "evil.pth")
    for args, said in (
        (("check", "--print", str(tmp_path / "vgg.txt")), "Not a ResNet"),
        (("check", str(tmp_path / "vgg.pth")), "no residual stages"),
        (("check", str(tmp_path / "evil.pth")), "refused: loading it would run code"),
        (("check", str(tmp_path / "absent.pth")), "no such file"),
    ):
        done = run_cli(*args)
        assert done.returncode == 2 and said in done.stderr, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "pwned").exists()


@pytest.mark.dot
def test_draw_takes_a_checkpoint_or_a_print_text_as_its_network(tmp_path: Path) -> None:
    _, checkpoint = _option_a_checkpoint(tmp_path)
    printed = tmp_path / "mine.txt"
    printed.write_text(str(build_model("resnet50", device="meta")))
    for net in (checkpoint, printed):
        done = run_cli("draw", str(net), "--level", "stages", "-o", str(tmp_path / "net.dot"))
        assert done.returncode == 0, done.stderr
        assert "layer3" in (tmp_path / "net.dot").read_text()
    summary = run_cli("summary", str(printed), "--format", "csv")
    assert sum(int(row["params"]) for row in csv.DictReader(io.StringIO(summary.stdout))) == (
        25_557_032
    )
