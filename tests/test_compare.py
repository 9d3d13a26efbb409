"""The comparison: rows by role pinned to torchvision's numbers, and changes in plain words."""

from __future__ import annotations

import pytest

from resnet_viz import PRESETS, TORCHVISION_PRESETS
from resnet_viz.comparison import compare, comparison_frame, plain_twin, what_changes
from resnet_viz.trace import trace


def test_resnet18_50_152_side_by_side_match_torchvision() -> None:
    comparison = compare([trace("resnet18"), trace("resnet50"), trace("resnet152")])
    frame = comparison_frame(comparison, "MACs")
    total = frame[frame["part"] == "total"]
    assert list(total["params"]) == [11_689_512, 25_557_032, 60_192_808]
    assert [round(macs / 1e9, 3) for macs in total["MACs"]] == [1.814, 4.089, 11.514]
    assert list(total["blocks"]) == ["8 × BasicBlock", "16 × Bottleneck", "50 × Bottleneck"]
    assert list(total["largest"]) == ["", "", "params ×5.15, MACs ×6.35"]
    assert [row.role for row in comparison.rows] == [
        "stem",
        "stage 1 · conv2_x",
        "stage 2 · conv3_x",
        "stage 3 · conv4_x",
        "stage 4 · conv5_x",
        "head",
        "total",
    ]
    stage3 = frame[frame["part"] == "stage 3 · conv4_x"]
    assert list(stage3["blocks"]) == ["2 × BasicBlock", "6 × Bottleneck", "36 × Bottleneck"]
    assert list(stage3["output"]) == ["256×14×14", "1024×14×14", "1024×14×14"]
    assert comparison.published[0] == "ImageNet acc@1 69.758 % (V1)"
    flops = comparison_frame(comparison, "FLOPs")
    assert list(flops[flops["part"] == "total"]["FLOPs"]) == [2 * m for m in total["MACs"]]


def test_three_and_four_stage_nets_line_up_by_role() -> None:
    comparison = compare([trace("resnet56", (3, 32, 32)), trace("resnet18")])
    stage4 = next(row for row in comparison.rows if row.role.startswith("stage 4"))
    assert stage4.cells[0] is None and stage4.cells[1] is not None
    frame = comparison_frame(comparison)
    assert list(frame[frame["part"] == "stage 4 · conv5_x"]["network"]) == ["resnet18"]
    assert comparison.published[0] == "CIFAR-10 error 6.97 % (He et al., Table 6)"


def test_what_changes_in_plain_words() -> None:
    assert what_changes(trace("resnet34"), trace("resnet50")) == [
        "BasicBlock → Bottleneck (1×1 reduce, 3×3, 1×1 expand ×4)",
        "3 projection shortcuts → 4",
        "parameters ×1.17",
        "multiply-adds ×1.12",
    ]
    assert what_changes(trace("resnet50"), trace("resnet101"))[:2] == [
        "the same blocks",
        "stage 3 (layer3, conv4_x) grows from 6 to 23 blocks and holds all 3.71 G of the "
        "extra multiply-adds",
    ]
    assert "groups 1 → 32" in what_changes(trace("resnet50"), trace("resnext50_32x4d"))


def test_the_plain_twin_keeps_every_parameter_under_option_a() -> None:
    resnet56 = PRESETS["resnet56"]
    twin = trace(plain_twin(resnet56), (3, 32, 32))
    assert twin.total_params == trace(resnet56, (3, 32, 32)).total_params == 853_018
    assert twin.spec.name == "resnet56 (plain)"
    said = what_changes(trace(resnet56, (3, 32, 32)), twin)
    assert said[0] == "the same layers without shortcuts (the plain twin)"
    assert "2 zero-pad shortcuts → 0" in said and not any("parameters" in s for s in said)


def test_at_most_four_networks() -> None:
    with pytest.raises(ValueError, match=r"nets: compare 1\.\.4 networks, got 5"):
        compare([trace("resnet18")] * 5)


def test_a_link_with_thousands_of_networks_is_read_no_further_than_a_comparison_needs() -> None:
    from resnet_viz.state import DEFAULT_NETS, nets_from_query
    from resnet_viz.state._compare import LINK_ENTRIES

    specs, problems = nets_from_query({"nets": ",".join(["nope"] * 40_000 + ["resnet18"])})
    assert [spec.name for spec in specs] == list(DEFAULT_NETS)  # nothing usable was read
    assert str(40_001 - LINK_ENTRIES) in problems[0]
    assert len(problems) == 1 + LINK_ENTRIES + 1  # the count, each entry read, the fallback


def test_names_of_neighbouring_networks_do_not_overlap_on_the_accuracy_chart() -> None:
    """resnet50 and resnext50_32x4d sit almost on one spot; wide_resnet101_2 at the edge,
    with the largest marker; a name covers neither another name nor another marker."""
    from resnet_viz.comparison import accuracy_cost_chart, label_positions
    from resnet_viz.comparison._charts import marker_box, name_box

    names = ["resnet50", "resnext50_32x4d", "resnet18", "wide_resnet101_2", "resnet152"]
    xs, ys = [4.09, 4.23, 1.8, 22.8, 11.5], [80.9, 81.2, 69.8, 82.5, 82.3]
    sizes = [23.6, 23.4, 20.1, 48.0, 30.9]
    where = label_positions(xs, ys, names, first=[0], sizes=sizes)
    # The compared network is placed first, below: above it sits resnext50_32x4d's marker.
    assert where[0] == "bottom center"
    assert where[1] != "bottom center"  # its neighbour's name goes elsewhere, or to the hover
    assert where[3] in ("bottom center", "middle left", "top center", "")
    points = [((x - 1.8) / 21.0, (y - 69.8) / 12.7) for x, y in zip(xs, ys, strict=True)]
    markers = [marker_box(x, y, size) for (x, y), size in zip(points, sizes, strict=True)]
    boxes = {
        index: name_box(*points[index], place, len(names[index]), sizes[index])
        for index, place in enumerate(where)
        if place
    }
    assert len(boxes) >= 4

    def apart(a, b) -> bool:
        return a[2] <= b[0] or a[0] >= b[2] or a[3] <= b[1] or a[1] >= b[3]

    for one, box in boxes.items():  # none leaves the plot or covers a name or another marker
        assert box[0] >= -0.02 and box[2] <= 1.02
        assert all(apart(box, boxes[other]) for other in boxes if other != one)
        # ... but for a marker on the compared network's own spot (resnext50_32x4d's).
        clear_of = [other for other in range(len(names)) if other != one and {one, other} != {0, 1}]
        assert all(apart(box, markers[other]) for other in clear_of)
    costs = {
        name: (traced.total_mult_adds, traced.total_params)
        for name, traced in ((name, trace(name, (3, 224, 224))) for name in PRESETS)
        if name in TORCHVISION_PRESETS  # the networks with published ImageNet accuracies
    }
    figure = accuracy_cost_chart(costs, ["resnet50", "resnext50_32x4d"])
    shown = {}
    for series in figure.data:
        assert series.cliponaxis is False
        shown |= dict(zip(series.customdata, series.text, strict=True))
    assert shown["resnet50"] == "resnet50"  # the compared networks are always named
    assert shown["resnext50_32x4d"] == "resnext50_32x4d"
    assert set(shown) == set(costs)  # every network is there, named or on hover
