"""Spec validation: every bad field is named, with its value and what is allowed."""

from __future__ import annotations

import pytest

from resnet_viz import PRESETS, ResNetSpec, build_model, get_spec, param_count
from resnet_viz.models import LIMITS


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"block": "dense"}, r"block: 'dense' is not one of \['basic', 'bottleneck'\]"),
        ({"layers": ()}, r"layers: 0 stages given, allowed 1\.\.6"),
        ({"layers": (2, 2, 2, 2, 2, 2, 2), "widths": (8,) * 7}, r"layers: 7 stages given"),
        ({"layers": (2, -1, 2, 2)}, r"layers\[1\]: -1 is outside the allowed range 1\.\.1000"),
        ({"layers": (2, 0, 2, 2)}, r"layers\[1\]: 0 is outside"),
        ({"layers": (2, 2.5, 2, 2)}, r"layers: expected integers, got 2\.5"),
        ({"layers": 3}, r"layers: expected a sequence of integers"),
        ({"layers": (600, 600)}, r"layers: 1200 blocks in total, allowed at most 1000"),
        ({"widths": (64, 128)}, r"widths: 2 widths for 4 stages"),
        ({"widths": (64, 128, 0, 512)}, r"widths\[2\]: 0 is outside the allowed range 1\.\.4096"),
        ({"shortcut": "D"}, r"shortcut: 'D' is not one of \['A', 'B', 'C'\]"),
        ({"stride_on": "7x7"}, r"stride_on: '7x7' is not one of"),
        ({"stem": "vit"}, r"stem: 'vit' is not one of"),
        ({"num_classes": 0}, r"num_classes: 0 is outside the allowed range 1\.\.100000"),
        ({"in_channels": 1000}, r"in_channels: 1000 is outside the allowed range 1\.\.64"),
        ({"groups": 32}, r"groups/width_per_group: basic blocks take groups=1"),
        ({"name": ""}, r"name: expected 1\.\.64 characters"),
        (
            {"widths": (64, 128, 256, 4096)},
            r"size: this network would have [\d,]+ parameters, allowed at most 150,000,000; "
            r"use fewer blocks",
        ),
        (
            {"shortcut": "A", "widths": (64, 32, 256, 512)},
            r"shortcut: option 'A' pads the identity with zeros, so channels may only grow, "
            r"but stage 2 goes from 64 to 32",
        ),
    ],
)
def test_bad_basic_specs_name_the_field(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PRESETS["resnet18"].replace(**changes)


def test_bottleneck_widths_must_give_whole_channels_per_group() -> None:
    with pytest.raises(ValueError, match=r"widths\[0\]: 40 x width_per_group 4 / 64"):
        PRESETS["resnext50_32x4d"].replace(widths=(40, 128, 256, 512))


def test_unknown_preset_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown name 'resnet19'; known presets: \['resnet18'"):
        build_model("resnet19")
    assert get_spec("resnet50") is PRESETS["resnet50"]


def test_parameter_cap_is_checked_before_building(monkeypatch: pytest.MonkeyPatch) -> None:
    """An absurd spec is refused by arithmetic alone: nothing is built or allocated."""
    built = []
    monkeypatch.setattr("resnet_viz.models._network.ResNet.__init__", lambda *a: built.append(a))
    with pytest.raises(ValueError, match="parameters, allowed at most"):
        build_model(PRESETS["resnet152"].replace(widths=(512, 1024, 2048, 4096)))
    assert built == []


def test_the_largest_preset_fits_under_the_cap() -> None:
    largest = max(param_count(spec) for spec in PRESETS.values())
    assert largest == 126_886_696  # wide_resnet101_2
    assert largest < LIMITS.max_params


def test_lists_become_tuples_so_specs_stay_hashable() -> None:
    spec = ResNetSpec(layers=[1, 1], widths=[8, 16], stem_width=8)
    assert spec.layers == (1, 1)
    assert hash(spec) == hash(ResNetSpec(layers=(1, 1), widths=(8, 16), stem_width=8))


def test_round_trip_through_a_dict() -> None:
    for spec in PRESETS.values():
        assert ResNetSpec.from_dict(spec.to_dict()) == spec
    with pytest.raises(ValueError, match=r"unknown spec field\(s\) \['colour'\]"):
        ResNetSpec.from_dict({"colour": "red"})


@pytest.mark.parametrize(
    ("name", "depth"),
    [
        ("resnet18", 18),
        ("resnet34", 34),
        ("resnet50", 50),
        ("resnet101", 101),
        ("resnet152", 152),
        ("resnet20", 20),
        ("resnet110", 110),
        ("resnet1202", 1202),
    ],
)
def test_depth_is_the_number_in_the_name(name: str, depth: int) -> None:
    assert PRESETS[name].depth == depth


@pytest.mark.parametrize(
    "spec",
    [
        ResNetSpec(
            block="bottleneck",
            layers=(2, 3),
            widths=(32, 64),
            stem_width=32,
            groups=8,
            width_per_group=8,
            shortcut="C",
            stride_on="1x1",
        ),
        ResNetSpec(
            layers=(1, 1, 1, 1, 1, 1),
            widths=(8, 8, 16, 16, 32, 32),
            stem_width=8,
            shortcut="A",
            stem="cifar",
            in_channels=1,
            num_classes=3,
        ),
        ResNetSpec(block="bottleneck", layers=(1,), widths=(16,), stem_width=64, shortcut="A"),
    ],
    ids=["grouped-option-c", "six-stages-option-a", "one-stage-bottleneck-a"],
)
def test_param_count_is_exact_for_custom_layouts(spec: ResNetSpec) -> None:
    model = build_model(spec, device="meta")
    assert param_count(spec) == sum(p.numel() for p in model.parameters())


def test_the_depth_adds_up_for_every_preset() -> None:
    """The stem's conv, every block's convs, the classifier: the names' numbers."""
    import ast

    from resnet_viz.models import PRESETS

    assert PRESETS["resnet50"].depth_arithmetic == "1 + 3·(3 + 4 + 6 + 3) + 1 = 50"
    assert PRESETS["resnet18"].depth_arithmetic == "1 + 2·(2 + 2 + 2 + 2) + 1 = 18"
    assert PRESETS["resnet110"].depth_arithmetic == "1 + 2·(18 + 18 + 18) + 1 = 110"
    for name, spec in PRESETS.items():
        sum_text, result = spec.depth_arithmetic.split(" = ")
        tree = ast.parse(sum_text.replace("·", "*"), mode="eval")
        allowed = ast.Expression | ast.BinOp | ast.Constant | ast.Add | ast.Mult
        assert all(isinstance(node, allowed) for node in ast.walk(tree))
        value = eval(compile(tree, "<depth>", "eval"), {"__builtins__": {}})  # digits and + *
        assert value == int(result) == spec.depth, name
        digits = "".join(ch for ch in name if ch.isdigit())
        if name.startswith("resnet") and digits:
            assert spec.depth == int(digits), name


def test_one_block_is_worded_as_one() -> None:
    from resnet_viz.i18n import t_count

    one = t_count("diagram.stage_blocks", 1, "en", block="basic")
    assert one == "×1 basic block"
    assert t_count("diagram.stage_blocks", 3, "en", block="basic") == "×3 basic blocks"
    assert t_count("diagram.stage_blocks", 1, "zh", block="基本") == "×1 个基本块"
