"""Traces pinned to torchvision's published costs, the paper, and independent measurements."""

from __future__ import annotations

import pytest
import torch
import torchinfo
import torchvision
from torch import nn

from resnet_viz import PRESETS, TORCHVISION_PRESETS, build_model
from resnet_viz.trace import _tracing as tracing
from resnet_viz.trace import trace
from resnet_viz.views import layer_notation, reasons_text

# torchvision's weights meta: "GFLOPS" (really multiply-adds) at 224x224, as published.
TORCHVISION_GMACS = {
    "resnet18": 1.814,
    "resnet34": 3.664,
    "resnet50": 4.089,
    "resnet101": 7.801,
    "resnet152": 11.514,
    "resnext50_32x4d": 4.230,
    "resnext101_32x8d": 16.414,
    "resnext101_64x4d": 15.460,
    "wide_resnet50_2": 11.398,
    "wide_resnet101_2": 22.753,
}
# He et al. 2015, Table 1 "FLOPs" (multiply-adds), for the paper's stride-on-1x1 bottleneck.
PAPER_GMACS_V1 = {"resnet50": 3.8, "resnet101": 7.6, "resnet152": 11.3}


@pytest.mark.parametrize("name", TORCHVISION_PRESETS)
def test_totals_match_torchvision(name: str) -> None:
    t = trace(name)
    assert t.total_mult_adds / 1e9 == pytest.approx(TORCHVISION_GMACS[name], rel=1e-3)
    assert (
        t.total_params
        == t.trainable_params
        == sum(p.numel() for p in build_model(name, device="meta").parameters())
    )


@pytest.mark.parametrize("name", list(PAPER_GMACS_V1))
def test_paper_bottleneck_lands_on_table_1(name: str) -> None:
    t = trace(PRESETS[name].replace(stride_on="1x1"))
    assert t.total_mult_adds / 1e9 == pytest.approx(PAPER_GMACS_V1[name], rel=0.02)
    # and torchvision's v1.5 costs more: the 3x3 conv runs at full resolution.
    assert t.total_mult_adds < trace(name).total_mult_adds


def test_resnet18_stages() -> None:
    t = trace("resnet18")
    assert [s.paper_name for s in t.stages] == ["conv2_x", "conv3_x", "conv4_x", "conv5_x"]
    assert [s.params for s in t.stages] == [147_968, 525_568, 2_099_712, 8_393_728]
    assert [s.mult_adds for s in t.stages] == [462_422_528, 411_043_072, 411_044_352, 411_046_912]
    assert [s.in_shape for s in t.stages] == [
        (64, 56, 56),
        (64, 56, 56),
        (128, 28, 28),
        (256, 14, 14),
    ]
    assert [s.out_shape for s in t.stages] == [
        (64, 56, 56),
        (128, 28, 28),
        (256, 14, 14),
        (512, 7, 7),
    ]
    assert [s.stride for s in t.stages] == [1, 2, 2, 2]
    assert [s.receptive_field for s in t.stages] == [43, 99, 211, 435]
    assert t.stem.params == 9_536 and t.stem.out_shape == (64, 56, 56)
    assert t.head.params == 513_000
    assert t.stem.params + sum(s.params for s in t.stages) + t.head.params == 11_689_512
    assert (
        t.stem.mult_adds + sum(s.mult_adds for s in t.stages) + t.head.mult_adds
        == t.total_mult_adds
    )
    assert sum(s.share for s in t.stages) == pytest.approx(
        1 - (t.stem.mult_adds + t.head.mult_adds) / t.total_mult_adds
    )


def test_resnet50_stages() -> None:
    t = trace("resnet50")
    assert [s.params for s in t.stages] == [215_808, 1_219_584, 7_098_368, 14_964_736]
    assert [s.out_shape for s in t.stages] == [
        (256, 56, 56),
        (512, 28, 28),
        (1024, 14, 14),
        (2048, 7, 7),
    ]
    assert [s.receptive_field for s in t.stages] == [35, 91, 267, 427]
    assert [s.shortcuts for s in t.stages] == [
        (("identity", 2), ("projection", 1)),
        (("identity", 3), ("projection", 1)),
        (("identity", 5), ("projection", 1)),
        (("identity", 2), ("projection", 1)),
    ]
    # The paper's v1 bottleneck sees further: its 3x3 convs run after the stride.
    assert trace(PRESETS["resnet50"].replace(stride_on="1x1")).stages[-1].receptive_field == 483


def _leaf_costs_of_torchvision(name: str) -> dict[str, tuple[int, int]]:
    """Per-stage params and MACs of torchvision's own model, traced on real CPU tensors."""
    model = getattr(torchvision.models, name)()
    stats = torchinfo.summary(
        model,
        input_size=(1, 3, 224, 224),
        depth=10,
        verbose=0,
        col_names=("num_params", "mult_adds"),
        device="cpu",
    )
    totals: dict[str, list[int]] = {}
    stack: list[str] = []
    for row in stats.summary_list[1:]:
        del stack[row.depth - 1 :]
        stack.append(row.var_name)
        if row.is_leaf_layer:
            entry = totals.setdefault(stack[0], [0, 0])
            entry[0] += row.num_params
            entry[1] += row.macs
    return {k: (p, m) for k, (p, m) in totals.items()}


@pytest.mark.parametrize("name", ["resnet18", "resnet50"])
def test_stage_costs_agree_with_torchvision_traced_for_real(name: str) -> None:
    reference = _leaf_costs_of_torchvision(name)
    t = trace(name)
    for stage in t.stages:
        assert (stage.params, stage.mult_adds) == reference[stage.name]
    assert t.head.params == reference["fc"][0] + reference["avgpool"][0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("resnet18", {"identity": 5, "projection": 3, "zero-pad": 0}),
        ("resnet34", {"identity": 13, "projection": 3, "zero-pad": 0}),
        ("resnet50", {"identity": 12, "projection": 4, "zero-pad": 0}),
        ("resnet101", {"identity": 29, "projection": 4, "zero-pad": 0}),
        ("resnet152", {"identity": 46, "projection": 4, "zero-pad": 0}),
        ("resnext50_32x4d", {"identity": 12, "projection": 4, "zero-pad": 0}),
        ("resnext101_32x8d", {"identity": 29, "projection": 4, "zero-pad": 0}),
        ("resnext101_64x4d", {"identity": 29, "projection": 4, "zero-pad": 0}),
        ("wide_resnet50_2", {"identity": 12, "projection": 4, "zero-pad": 0}),
        ("wide_resnet101_2", {"identity": 29, "projection": 4, "zero-pad": 0}),
        ("resnet20", {"identity": 7, "projection": 0, "zero-pad": 2}),
        ("resnet32", {"identity": 13, "projection": 0, "zero-pad": 2}),
        ("resnet44", {"identity": 19, "projection": 0, "zero-pad": 2}),
        ("resnet56", {"identity": 25, "projection": 0, "zero-pad": 2}),
        ("resnet110", {"identity": 52, "projection": 0, "zero-pad": 2}),
        ("resnet1202", {"identity": 598, "projection": 0, "zero-pad": 2}),
    ],
)
def test_shortcut_counts(name: str, expected: dict[str, int]) -> None:
    size = (3, 32, 32) if PRESETS[name].stem == "cifar" else (3, 224, 224)
    assert trace(name, size).shortcut_counts() == expected


def test_option_c_projects_everywhere_with_reasons() -> None:
    t = trace(PRESETS["resnet18"].replace(shortcut="C"))
    assert t.shortcut_counts() == {"identity": 0, "projection": 8, "zero-pad": 0}
    reasons = {b.name: reasons_text(b) for b in t.blocks}
    assert reasons["layer1.0"] == "option C: every block"
    assert reasons["layer2.0"] == "stride 2, channels 64→128"
    second = t.blocks[2]  # layer2.0: the numbers the words come from
    assert (second.stride, second.in_shape[0], second.out_shape[0]) == (2, 64, 128)
    assert t.blocks[0].shortcut_params == 64 * 64 + 2 * 64


def test_blocks_of_resnet50() -> None:
    t = trace("resnet50")
    first = t.blocks[0]
    assert (first.name, first.block_type, first.shortcut) == (
        "layer1.0",
        "bottleneck",
        "projection",
    )
    assert reasons_text(first) == "channels 64→256"
    assert first.params == 75_008 and first.shortcut_params == 16_896
    assert (first.in_shape, first.out_shape) == ((64, 56, 56), (256, 56, 56))
    assert sum(b.params for b in t.blocks) == sum(s.params for s in t.stages)


def test_layers_do_not_double_count_containers() -> None:
    t = trace("resnet50")
    leaves = [layer for layer in t.layers if layer.is_leaf]
    assert sum(layer.params for layer in leaves) == t.total_params
    assert sum(layer.mult_adds for layer in leaves) == t.total_mult_adds
    layer1 = next(layer for layer in t.layers if layer.name == "layer1")
    assert (layer1.type, layer1.params) == ("Sequential", 215_808)
    conv = next(layer for layer in t.layers if layer.name == "layer2.0.conv2")
    assert (conv.kernel, conv.stride, conv.in_channels, conv.channels, conv.groups) == (
        3,
        2,
        128,
        128,
        1,
    )
    assert (layer_notation(conv), conv.output_shape, conv.params) == (
        "3×3 conv, 128, /2",
        (128, 28, 28),
        147_456,
    )


def test_activation_estimate_matches_a_real_forward_pass() -> None:
    """Count the distinct output tensors a real CPU forward pass creates, via hooks.

    Outputs are kept alive so the allocator cannot reuse their memory; in-place ReLUs then
    show up as the same storage as the BatchNorm output they overwrite.
    """
    model = build_model("resnet18").eval()
    kept: list[torch.Tensor] = []
    storages: dict[int, int] = {}

    def record(_module: nn.Module, _inputs: object, output: torch.Tensor) -> None:
        kept.append(output)
        storages[output.untyped_storage().data_ptr()] = output.untyped_storage().nbytes()

    for module in model.modules():
        if not list(module.children()):
            module.register_forward_hook(record)
    with torch.inference_mode():
        model(torch.randn(1, 3, 224, 224))
    assert trace("resnet18").activation_bytes == sum(storages.values())


def test_cifar_trace_at_32_pixels() -> None:
    t = trace("resnet56", (3, 32, 32))
    assert [s.out_shape for s in t.stages] == [(16, 32, 32), (32, 16, 16), (64, 8, 8)]
    assert t.total_params == 853_018
    assert t.stem_receptive_field == 3


def test_input_size_is_validated() -> None:
    with pytest.raises(ValueError, match=r"input_size: height and width must be within 32\.\.1024"):
        trace("resnet18", (3, 16, 16))
    with pytest.raises(ValueError, match=r"input_size: expected \(3, H, W\)"):
        trace("resnet18", (1, 224, 224))


def test_traces_are_cached_per_spec_and_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """A spec is built and traced once per input size, however it is named."""
    builds: list[str] = []

    def counting_build(spec, **kwargs):
        builds.append(spec.name)
        return build_model(spec, **kwargs)

    monkeypatch.setattr(tracing, "build_model", counting_build)
    tracing._trace_spec.cache_clear()
    first = trace("resnet34")
    assert trace(PRESETS["resnet34"]) == first and builds == ["resnet34"]
    assert trace("resnet34", (3, 160, 160)).input_size == (3, 160, 160)
    assert builds == ["resnet34", "resnet34"]


@pytest.mark.parametrize(("name", "macs"), [("resnet56", 1.25e8), ("resnet110", 2.53e8)])
def test_cifar_costs_match_the_literature(name: str, macs: float) -> None:
    """Li et al. 2017 ("Pruning Filters for Efficient ConvNets"), Table 1: FLOPs (multiply-adds)."""
    assert trace(name, (3, 32, 32)).total_mult_adds == pytest.approx(macs, rel=5e-3)


def test_a_cifar_stem_lists_no_pool_it_does_not_have() -> None:
    """The CIFAR stem is conv-BN-ReLU: no "maxpool, Identity" layer in the table, print(model)
    or the activation memory (ResNet-44 at 32×32: 3.23 MiB, not 3.30)."""
    from resnet_viz.models import build_model
    from resnet_viz.views import network_listing

    cifar = trace("resnet44", (3, 32, 32))
    assert [layer.name for layer in cifar.layers[:4]] == ["conv1", "bn1", "relu", "layer1"]
    assert "maxpool" not in cifar.model_text
    assert cifar.stem.out_shape == (16, 32, 32)
    assert round(cifar.activation_bytes / 2**20, 2) == 3.23
    namespace: dict = {"__name__": "listing"}
    exec(network_listing(PRESETS["resnet44"]), namespace)  # our own generated code
    assert str(namespace["resnet44"]()) == str(build_model("resnet44", device="meta"))
    assert "maxpool" in trace("resnet18", (3, 224, 224)).model_text  # ImageNet keeps its pool
