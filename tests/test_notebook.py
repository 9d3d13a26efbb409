"""In a notebook: ``rv.draw``, ``rv.summary`` and ``rv.compare`` give the pages' diagrams and
tables (the same code computes them), with numbers pinned to torchvision's."""

from __future__ import annotations

import importlib

import pytest

import resnet_viz as rv
from resnet_viz import PRESETS
from resnet_viz.trace import get_trace
from resnet_viz.views.diagram import to_dot


@pytest.mark.dot
def test_draw_shows_the_pages_diagram_inline_and_saves_it(tmp_path) -> None:
    diagram = rv.draw("resnet50", level="blocks")
    assert diagram.source == to_dot(get_trace(PRESETS["resnet50"], (3, 224, 224)), "blocks").source
    svg = diagram._repr_svg_()
    assert svg.startswith("<svg") and "layer3" in svg and "<script" not in svg
    assert diagram.save(tmp_path / "r50.png").read_bytes()[:4] == b"\x89PNG"
    assert diagram.save(tmp_path / "r50.pdf").read_bytes().startswith(b"%PDF")
    assert diagram.save(tmp_path / "r50.dot").read_text() == diagram.source
    with pytest.raises(ValueError, match="svg, png, pdf or dot"):
        diagram.save(tmp_path / "r50.gif")
    chinese = rv.draw("resnet18", level="layers", stage="layer2", block=0, lang="zh")
    assert "投影捷径" in chinese.source


def test_summary_is_the_architecture_pages_table() -> None:
    stages = rv.summary("resnet50")
    assert stages["params"].sum() == 25_557_032  # torchvision's resnet50
    assert [int(count) for count in stages["blocks"][1:5]] == [3, 4, 6, 3]
    blocks = rv.summary("resnet18", "blocks", unit="flops")
    assert len(blocks) == 8 and "FLOPs" in blocks.columns
    custom = rv.summary("block=bottleneck;layers=2,2,2,2", input=160)
    assert custom["input"][0] == "3×160×160"
    with pytest.raises(ValueError, match="neither a preset"):
        rv.summary("vgg16")


def test_compare_gives_the_table_and_what_changes() -> None:
    frame = rv.compare("resnet50", PRESETS["resnet101"])
    totals = frame[frame["part"] == "total"].set_index("network")["params"]
    assert dict(totals) == {"resnet50": 25_557_032, "resnet101": 44_549_160}
    [said] = frame.attrs["what_changes"]
    assert "stage 3 (layer3, conv4_x) grows from 6 to 23 blocks" in said[1]
    with pytest.raises(ValueError, match="2 to 4 networks"):
        rv.compare("resnet50")


def test_rv_compare_stays_the_call_after_the_comparison_package_is_imported() -> None:
    importlib.import_module("resnet_viz.comparison")
    importlib.import_module("resnet_viz.notebook")
    assert callable(rv.compare) and rv.compare.__module__ == "resnet_viz.notebook._api"


def test_check_takes_a_live_module_and_runs_it_beside_our_build() -> None:
    from reference_resnets import ArticleResNet, OptionACifarResNet, PaperBottleneck, randomise

    mine = randomise(ArticleResNet(PaperBottleneck, [3, 4, 6, 3]))
    mine.train()
    report = rv.check(mine)
    assert report.spec.stride_on == "1x1"  # its print shows the stride on conv1
    assert report.verdict.kind == "differs" and report.verdict.preset == "resnet50"
    assert report.outputs_equal and report.max_difference is not None
    assert mine.training  # left as it was given
    assert report.lines[-1].startswith("Its outputs equal our build's with its weights")
    assert "in 3 blocks" in report._repr_html_()
    option_a = rv.check(randomise(OptionACifarResNet(3)))
    assert option_a.outputs_equal  # the likelier placement (around) is the lambda's own
    assert rv.check(randomise(OptionACifarResNet(3)), choose={"zero_pad": "end"}).outputs_equal is (
        False
    )
    assert list(option_a.mapping().columns) == ["theirs", "ours"]


@pytest.mark.dot
def test_draw_and_summary_take_a_module_or_a_checkpoint(tmp_path) -> None:
    import torch
    from reference_resnets import OptionACifarResNet, randomise

    theirs = randomise(OptionACifarResNet(3))
    assert "zero-pad" in rv.draw(theirs, level="stages").source
    torch.save({"state_dict": theirs.state_dict()}, tmp_path / "mine.th")
    frame = rv.summary(tmp_path / "mine.th")
    assert int(frame["params"].sum()) == sum(p.numel() for p in theirs.parameters())
