"""Tables and charts show the trace's numbers, in the unit chosen."""

from __future__ import annotations

import pytest

from resnet_viz.trace import format_bytes, format_ops, ops_in, trace
from resnet_viz.views import (
    block_frame,
    layer_frame,
    shape_flow_chart,
    stage_cost_chart,
    stage_frame,
)


def test_units_make_the_factor_of_two_explicit() -> None:
    assert ops_in(4_089_238_376, "FLOPs") == 8_178_476_752
    assert format_ops(4_089_238_376, "MACs") == "4.089 GMACs"
    assert format_ops(4_089_238_376, "FLOPs") == "8.178 GFLOPs"
    assert format_ops(650, "MACs") == "650 MACs"
    assert format_bytes(89_726_976) == "85.6 MiB"


def test_stage_table_adds_up_to_the_totals() -> None:
    t = trace("resnet18")
    frame = stage_frame(t, "FLOPs")
    assert list(frame["stage"]) == ["stem", "layer1", "layer2", "layer3", "layer4", "head"]
    assert frame["params"].sum() == 11_689_512
    assert frame["FLOPs"].sum() == 2 * t.total_mult_adds
    # Percentages are rounded to two decimals (CSV files stay readable) and still add up.
    assert abs(frame["% of ops"].sum() - 100) <= 0.005 * len(frame)
    assert list(frame["% of ops"]) == [6.51, 25.49, 22.66, 22.66, 22.66, 0.03]
    assert list(frame["receptive field"]) == ["11", "43", "99", "211", "435", ""]  # head: all of it
    assert list(frame["blocks"]) == ["", "2", "2", "2", "2", ""]
    assert list(frame["output"]) == [
        "64×56×56",
        "64×56×56",
        "128×28×28",
        "256×14×14",
        "512×7×7",
        "1000",
    ]


def test_block_and_layer_tables() -> None:
    t = trace("resnet50")
    blocks = block_frame(t)
    assert len(blocks) == 16 and list(blocks["shortcut"]).count("projection") == 4
    assert blocks.loc[0, "why"] == "channels 64→256"
    layers = layer_frame(t)
    assert layers[layers["leaf"]]["params"].sum() == 25_557_032
    assert layers[layers["leaf"]]["MACs"].sum() == t.total_mult_adds


def test_charts_plot_the_trace() -> None:
    t = trace("resnet50")
    cost = stage_cost_chart(t, "MACs")
    params_bar, ops_bar = cost.data
    assert list(params_bar.y) == [9_536, 215_808, 1_219_584, 7_098_368, 14_964_736, 2_049_000]
    assert sum(ops_bar.y) == t.total_mult_adds
    flow = shape_flow_chart(t)
    channels, height = flow.data
    assert list(channels.y) == [3, 64, 256, 512, 1024, 2048]
    assert list(height.y) == [224, 56, 56, 28, 14, 7]


def test_top_five_axis_scales_to_near_uniform_outputs() -> None:
    from resnet_viz.infer import top_k_chart

    sure = top_k_chart((("cat", 0.9), ("dog", 0.05)))
    assert list(sure.layout.xaxis.range) == [0, 100]
    assert sure.data[0].text == ("5.0%", "90.0%")
    unsure = top_k_chart((("a", 0.0012), ("b", 0.0011), ("c", 0.0010)))
    assert unsure.layout.xaxis.range[1] == pytest.approx(0.156)
    assert unsure.data[0].text == ("0.10%", "0.11%", "0.12%")
