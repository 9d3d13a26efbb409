"""The builder against torchvision and the paper: parameters, keys, outputs, shortcuts."""

from __future__ import annotations

import resource

import pytest
import torch
import torchvision
from torch import nn

from resnet_viz import PRESETS, TORCHVISION_PRESETS, build_model, param_count
from resnet_viz.models import ZeroPadShortcut

# torchvision's weights meta (num_params) for each architecture: public reference numbers.
TORCHVISION_PARAMS = {
    "resnet18": 11_689_512,
    "resnet34": 21_797_672,
    "resnet50": 25_557_032,
    "resnet101": 44_549_160,
    "resnet152": 60_192_808,
    "resnext50_32x4d": 25_028_904,
    "resnext101_32x8d": 88_791_336,
    "resnext101_64x4d": 83_455_272,
    "wide_resnet50_2": 68_883_240,
    "wide_resnet101_2": 126_886_696,
}

# He et al. 2015, Table 6: millions of parameters of the CIFAR-10 nets, as printed.
PAPER_CIFAR_PARAMS_M = {
    "resnet20": "0.27",
    "resnet32": "0.46",
    "resnet44": "0.66",
    "resnet56": "0.85",
    "resnet110": "1.7",
    "resnet1202": "19.4",
}


def n_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def torchvision_model(name: str) -> nn.Module:
    return getattr(torchvision.models, name)(weights=None)


def test_every_torchvision_architecture_is_a_preset() -> None:
    assert set(TORCHVISION_PRESETS) == set(TORCHVISION_PARAMS)


#: Comparing these takes seconds each (real weights, real forward passes): `make test` only.
LARGE = {
    "resnet101",
    "resnet152",
    "resnext101_32x8d",
    "resnext101_64x4d",
    "wide_resnet50_2",
    "wide_resnet101_2",
}


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.slow) if n in LARGE else n for n in TORCHVISION_PRESETS],
)
def test_matches_torchvision(name: str) -> None:
    """Same parameters, keys, shapes and, after a strict load, the same outputs to 1e-5."""
    torch.manual_seed(0)
    reference = torchvision_model(name)
    # Non-trivial BatchNorm statistics, so the buffers are checked as well as the weights.
    for module in reference.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.running_mean.uniform_(-0.1, 0.1)
            module.running_var.uniform_(0.5, 1.5)
    ours = build_model(name)

    assert n_params(ours) == n_params(reference) == TORCHVISION_PARAMS[name]
    assert param_count(PRESETS[name]) == TORCHVISION_PARAMS[name]
    ours_shapes = {k: tuple(v.shape) for k, v in ours.state_dict().items()}
    ref_shapes = {k: tuple(v.shape) for k, v in reference.state_dict().items()}
    assert list(ours_shapes) == list(ref_shapes)
    assert ours_shapes == ref_shapes
    ours.load_state_dict(reference.state_dict(), strict=True)

    reference.eval()
    ours.eval()
    x = torch.randn(2, 3, 128, 128)
    with torch.inference_mode():
        expected = reference(x)
        actual = ours(x)
    assert actual.shape == (2, 1000)
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-5)
    # And not trivially: different weights give different outputs.
    assert not torch.allclose(build_model(name).eval()(x), expected, atol=1e-3)


def test_module_names_and_order_match_torchvision() -> None:
    """Same module tree, so summaries list layers in the same order as torchvision's."""
    for name in ("resnet18", "resnet50"):
        ours = [n for n, _ in build_model(name, device="meta").named_modules()]
        with torch.device("meta"):
            theirs = [n for n, _ in torchvision_model(name).named_modules()]
        assert ours == theirs


@pytest.mark.parametrize("name", list(PAPER_CIFAR_PARAMS_M))
def test_cifar_nets_reproduce_the_paper(name: str) -> None:
    model = build_model(name, device="meta")
    count = n_params(model)
    assert count == param_count(PRESETS[name])
    printed = PAPER_CIFAR_PARAMS_M[name]
    decimals = len(printed.split(".")[1])
    assert f"{count / 1e6:.{decimals}f}" == printed
    assert model.spec.depth == int(name.removeprefix("resnet"))
    assert model.fc.out_features == 10


def test_cifar_net_runs_on_32x32() -> None:
    model = build_model("resnet20").eval()
    with torch.inference_mode():
        out = model(torch.randn(4, 3, 32, 32))
    assert out.shape == (4, 10)
    assert model.forward_features(torch.randn(1, 3, 32, 32)).shape == (1, 64, 8, 8)


def blocks_of(model: nn.Module) -> list[nn.Module]:
    return [block for stage in model.stage_modules() for block in stage]


def test_option_c_projects_on_every_block() -> None:
    spec = PRESETS["resnet18"].replace(shortcut="C")
    blocks = blocks_of(build_model(spec, device="meta"))
    assert len(blocks) == 8
    assert all(isinstance(b.downsample, nn.Sequential) for b in blocks)
    assert all(b.shortcut_kind == "projection" for b in blocks)
    # Every block gets a 1x1 conv + BN: more parameters than option B's three projections.
    assert param_count(spec) > param_count(PRESETS["resnet18"])


def test_option_b_projects_only_where_the_shape_changes() -> None:
    kinds = [b.shortcut_kind for b in blocks_of(build_model("resnet50", device="meta"))]
    # Stage 1 changes channels (64 -> 256); each later stage's first block strides.
    assert [i for i, k in enumerate(kinds) if k == "projection"] == [0, 3, 7, 13]


def test_option_a_has_no_shortcut_parameters() -> None:
    model = build_model("resnet56")
    blocks = blocks_of(model)
    pads = [b for b in blocks if isinstance(b.downsample, ZeroPadShortcut)]
    assert len(pads) == 2  # entering stages 2 and 3
    assert all(b.shortcut_kind == "zero-pad" for b in pads)
    assert all(b.downsample is None for b in blocks if b not in pads)
    assert not any("downsample" in key for key in model.state_dict())


def test_zero_pad_shortcut_keeps_the_input_and_pads_zeros() -> None:
    x = torch.randn(2, 16, 8, 8)
    out = ZeroPadShortcut(16, 32, stride=2)(x)
    assert out.shape == (2, 32, 4, 4)
    torch.testing.assert_close(out[:, :16], x[:, :, ::2, ::2])
    assert torch.count_nonzero(out[:, 16:]) == 0


def test_stride_placement_changes_where_a_bottleneck_strides() -> None:
    v15 = build_model("resnet50", device="meta").layer2[0]
    v1 = build_model(PRESETS["resnet50"].replace(stride_on="1x1"), device="meta").layer2[0]
    assert (v15.conv1.stride, v15.conv2.stride) == ((1, 1), (2, 2))
    assert (v1.conv1.stride, v1.conv2.stride) == ((2, 2), (1, 1))
    x = torch.empty(1, 3, 224, 224, device="meta")
    assert build_model(PRESETS["resnet50"].replace(stride_on="1x1"), device="meta")(x).shape == (
        1,
        1000,
    )


def test_stage_outputs_follow_the_paper() -> None:
    """Stage outputs at 224: 112 (conv1), 56 (conv2_x), 28, 14, 7."""
    model = build_model("resnet50", device="meta")
    sizes = []
    model.conv1.register_forward_hook(lambda m, i, o: sizes.append(o.shape[-1]))
    for stage in model.stage_modules():
        stage.register_forward_hook(lambda m, i, o: sizes.append(o.shape[-1]))
    model(torch.empty(1, 3, 224, 224, device="meta"))
    assert sizes == [112, 56, 28, 14, 7]
    assert [s.paper_name for s in model.stages] == ["conv2_x", "conv3_x", "conv4_x", "conv5_x"]
    assert [s.reduction for s in model.stages] == [4, 8, 16, 32]
    assert [s.out_channels for s in model.stages] == [256, 512, 1024, 2048]


def test_num_classes_override() -> None:
    model = build_model("resnet18", num_classes=7, device="meta")
    assert model.fc.out_features == 7
    assert model.spec.num_classes == 7


def test_custom_layout_builds_and_runs() -> None:
    spec = PRESETS["resnet18"].replace(
        name="tiny",
        layers=(1, 2, 1),
        widths=(8, 16, 24),
        stem="cifar",
        stem_width=8,
        in_channels=1,
        num_classes=5,
    )
    model = build_model(spec).eval()
    assert n_params(model) == param_count(spec)
    with torch.inference_mode():
        assert model(torch.randn(3, 1, 20, 20)).shape == (3, 5)


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


@pytest.mark.parametrize("name", ["wide_resnet101_2", "resnet1202"])
def test_meta_build_allocates_no_weights(name: str) -> None:
    before = rss_bytes()
    model = build_model(name, device="meta")
    grown = rss_bytes() - before
    assert all(p.is_meta for p in model.parameters())
    assert all(b.is_meta for b in model.buffers())
    # A real wide_resnet101_2 holds 508 MB of fp32 weights, ResNet-1202 78 MB: the meta build
    # only creates Python objects.
    assert grown < 40 * 2**20, f"meta build grew the process by {grown / 2**20:.0f} MiB"


def test_meta_builds_skip_initialisation_and_only_on_their_own_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    from resnet_viz.models import no_init

    calls: list[str] = []
    original = torch.nn.init.kaiming_uniform_

    def counting(tensor, *args, **kwargs):
        calls.append(threading.current_thread().name)
        return original(tensor, *args, **kwargs)

    monkeypatch.setattr(torch.nn.init, "kaiming_uniform_", counting)
    build_model("resnet18", device="meta")
    assert calls == []  # nothing to initialise on meta tensors, and nothing was
    build_model("resnet18")
    real = len(calls)
    assert real >= 21  # at least the 20 convs and the fc layer
    calls.clear()
    with no_init():  # another thread building for real is not affected
        worker = threading.Thread(target=lambda: build_model("resnet18"), name="worker")
        worker.start()
        worker.join()
    assert calls == ["worker"] * real


@pytest.mark.parametrize(("name", "params"), [("resnet56", 853_018), ("resnet20", 269_722)])
def test_the_plain_twin_has_the_same_layers_and_no_shortcuts(name: str, params: int) -> None:
    """Under option A the twin has exactly the residual net's parameters (He et al., 4.2)."""
    spec = PRESETS[name]
    twin = spec.replace(plain=True)
    assert param_count(twin) == param_count(spec) == params
    residual, plain = build_model(spec), build_model(twin)
    assert sum(p.numel() for p in plain.parameters()) == params
    assert list(residual.state_dict()) == list(plain.state_dict())
    plain.load_state_dict(residual.state_dict())
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        different = plain.eval()(x) - residual.eval()(x)
    assert different.abs().max() > 1e-3  # the shortcuts did something
    block = plain.layer2[0]
    with torch.no_grad():
        h = torch.randn(1, 16, 32, 32)
        assert torch.equal(block(h), block.relu(block.residual(h)))


def test_a_plain_twin_of_a_projection_net_loses_the_projections() -> None:
    spec = PRESETS["resnet18"]
    twin = spec.replace(plain=True)
    projections = 8_448 + 33_280 + 132_096  # the three 1x1 conv + BN shortcuts
    assert param_count(spec) - param_count(twin) == projections
    assert sum(p.numel() for p in build_model(twin).parameters()) == param_count(twin)
