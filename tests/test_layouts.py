"""The block layouts past the 2015 paper, each against its reference: timm's ResNet-D family
(ResNet-C's deep stem, ResNet-D's average-pool shortcut), He et al. 2016's pre-activation
units, and option A's two zero paddings, against reference modules written here from the
papers' and the popular code's descriptions. Same weights in, same outputs out."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from resnet_viz.models import (
    LAYOUT_PRESETS,
    PRESETS,
    TORCHVISION_PRESETS,
    ResNetSpec,
    build_model,
    param_count,
    shortcut_kind,
)

TIMM_D = ("resnet18d", "resnet26d", "resnet34d", "resnet50d", "resnet101d", "resnet152d")
LARGE = {"resnet101d", "resnet152d"}


def n_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def randomise_norms(model: nn.Module, seed: int = 0) -> None:
    """BatchNorm with random statistics and affine values, so a misplaced or missing norm
    changes the output (fresh norms in eval mode are nearly the identity)."""
    generator = torch.Generator().manual_seed(seed)
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            for tensor in (module.weight, module.bias, module.running_mean):
                tensor.data = torch.randn(tensor.shape, generator=generator) * 0.5
            module.weight.data += 1
            module.running_var.data = (
                torch.rand(module.running_var.shape, generator=generator) + 0.5
            )


def load_in_order(source: nn.Module, target: nn.Module) -> None:
    """Copy ``source``'s state into ``target`` entry by entry: the two name things their own
    way but hold the same tensors in the same order."""
    theirs, ours = source.state_dict(), target.state_dict()
    assert len(theirs) == len(ours)
    for (their_name, value), (our_name, slot) in zip(theirs.items(), ours.items(), strict=True):
        assert value.shape == slot.shape, (their_name, our_name)
    target.load_state_dict(dict(zip(ours, theirs.values(), strict=True)))


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.slow) if n in LARGE else n for n in TIMM_D]
)
def test_resnet_d_is_timms_key_for_key_and_output_for_output(name: str) -> None:
    import timm

    torch.manual_seed(0)
    reference = timm.create_model(name, pretrained=False).eval()
    randomise_norms(reference)
    ours = build_model(name).eval()
    assert list(ours.state_dict()) == list(reference.state_dict())
    assert n_params(ours) == n_params(reference) == param_count(LAYOUT_PRESETS[name])
    ours.load_state_dict(reference.state_dict())
    for side in (224, 97):  # an odd side: the average pool rounds up as the strided conv does
        x = torch.randn(2, 3, side, side)
        with torch.no_grad():
            torch.testing.assert_close(ours(x), reference(x), rtol=1e-4, atol=1e-4)


def test_resnet50d_adds_the_published_parameters_to_resnet50() -> None:
    assert param_count(LAYOUT_PRESETS["resnet50d"]) == 25_576_264
    assert param_count(LAYOUT_PRESETS["resnet50d"]) - param_count(PRESETS["resnet50"]) == 19_232
    model = build_model("resnet50d", device="meta")
    assert [type(m).__name__ for m in model.layer2[0].downsample] == [
        "AvgPool2d",
        "Conv2d",
        "BatchNorm2d",
    ]
    assert model.layer2[0].downsample[1].stride == (1, 1)
    assert type(model.layer1[0].downsample[0]).__name__ == "Identity"  # stride 1: no pool
    assert [m.out_channels for m in model.conv1 if isinstance(m, nn.Conv2d)] == [32, 32, 64]


# --- Pre-activation units, written from He et al. 2016 (Fig. 4e) -----------------------------


class ReferencePreActBasic(nn.Module):
    """BN-ReLU-conv twice; the projection (1x1 conv, no BN) takes the pre-activated input."""

    def __init__(self, cin: int, width: int, stride: int) -> None:
        super().__init__()
        self.n1 = nn.BatchNorm2d(cin)
        self.c1 = nn.Conv2d(cin, width, 3, stride, 1, bias=False)
        self.n2 = nn.BatchNorm2d(width)
        self.c2 = nn.Conv2d(width, width, 3, 1, 1, bias=False)
        changes = stride != 1 or cin != width
        self.project = nn.Conv2d(cin, width, 1, stride, bias=False) if changes else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = F.relu(self.n1(x))
        out = self.c2(F.relu(self.n2(self.c1(a))))
        return out + (self.project(a) if self.project is not None else x)


class ReferencePreActBottleneck(nn.Module):
    """BN-ReLU-conv three times (1x1, 3x3 with the stride, 1x1 to four times the width)."""

    def __init__(self, cin: int, width: int, stride: int) -> None:
        super().__init__()
        cout = 4 * width
        self.n1 = nn.BatchNorm2d(cin)
        self.c1 = nn.Conv2d(cin, width, 1, bias=False)
        self.n2 = nn.BatchNorm2d(width)
        self.c2 = nn.Conv2d(width, width, 3, stride, 1, bias=False)
        self.n3 = nn.BatchNorm2d(width)
        self.c3 = nn.Conv2d(width, cout, 1, bias=False)
        changes = stride != 1 or cin != cout
        self.project = nn.Conv2d(cin, cout, 1, stride, bias=False) if changes else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = F.relu(self.n1(x))
        out = self.c2(F.relu(self.n2(self.c1(a))))
        out = self.c3(F.relu(self.n3(out)))
        return out + (self.project(a) if self.project is not None else x)


class ReferencePreActNet(nn.Module):
    """The stem's conv alone (and the pool on ImageNet), the units, then BN-ReLU (when
    ``final_norm``), global average pooling and the classifier."""

    def __init__(self, spec: ResNetSpec) -> None:
        super().__init__()
        imagenet = spec.stem == "imagenet"
        kernel, stride = (7, 2) if imagenet else (3, 1)
        self.stem = nn.Conv2d(
            spec.in_channels, spec.stem_width, kernel, stride, kernel // 2, bias=False
        )
        self.pool = nn.MaxPool2d(3, 2, 1) if imagenet else nn.Identity()
        unit = ReferencePreActBasic if spec.block == "basic" else ReferencePreActBottleneck
        units, cin = [], spec.stem_width
        for stage, (count, width) in enumerate(zip(spec.layers, spec.widths, strict=True)):
            for index in range(count):
                units.append(unit(cin, width, 2 if stage and not index else 1))
                cin = width * (1 if spec.block == "basic" else 4)
        self.units = nn.Sequential(*units)
        self.norm = nn.BatchNorm2d(cin) if spec.final_norm else None
        self.fc = nn.Linear(cin, spec.num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.units(self.pool(self.stem(x)))
        if self.norm is not None:
            x = F.relu(self.norm(x))
        return self.fc(x.mean(dim=(2, 3)))


CIFAR_PRE = ResNetSpec(
    name="pre",
    layers=(2, 2, 2),
    widths=(16, 32, 64),
    stem="cifar",
    stem_width=16,
    num_classes=10,
    unit="pre",
)


@pytest.mark.parametrize(
    ("spec", "side"),
    [
        (CIFAR_PRE, 32),
        (CIFAR_PRE.replace(final_norm=False), 32),
        (CIFAR_PRE.replace(block="bottleneck", layers=(2, 1, 2)), 32),
        (LAYOUT_PRESETS["preact_resnet18"], 96),
        (LAYOUT_PRESETS["preact_resnet50"].replace(layers=(1, 2, 1, 1)), 96),
    ],
    ids=[
        "cifar-basic",
        "no-final-norm",
        "cifar-bottleneck",
        "imagenet-basic",
        "imagenet-bottleneck",
    ],
)
def test_pre_activation_nets_compute_what_the_paper_describes(spec: ResNetSpec, side: int) -> None:
    torch.manual_seed(0)
    reference = ReferencePreActNet(spec).eval()
    randomise_norms(reference)
    ours = build_model(spec).eval()
    assert n_params(ours) == n_params(reference) == param_count(spec)
    load_in_order(reference, ours)
    x = torch.randn(2, spec.in_channels, side, side)
    with torch.no_grad():
        torch.testing.assert_close(ours(x), reference(x), rtol=1e-4, atol=1e-4)
    # The pieces the pages read add up to the block: F(x) and the shortcut, no ReLU after.
    block = ours.layer2[0]
    h = torch.randn(1, block.in_channels, 8, 8)
    with torch.no_grad():
        branch, shortcut = block.parts(h)
        torch.testing.assert_close(block(h), branch + shortcut)
        torch.testing.assert_close(shortcut, block.shortcut(h))
        assert (block(h) < 0).any()  # nothing clips the sum


def test_pre_activation_modules_are_named_and_ordered_as_they_compute() -> None:
    model = build_model("preact_resnet50", device="meta")
    top = [name for name, _ in model.named_children()]
    assert top == [
        "conv1",
        "maxpool",
        "layer1",
        "layer2",
        "layer3",
        "layer4",
        "bn_final",
        "relu",
        "avgpool",
        "fc",
    ]
    unit = [name for name, _ in model.layer2[0].named_children()]
    assert unit == ["bn1", "relu", "conv1", "bn2", "conv2", "bn3", "conv3", "downsample"]
    assert [type(m).__name__ for m in model.layer2[0].downsample] == ["Conv2d"]  # no BN
    assert model.bn1 is None and "bn1.weight" not in model.state_dict()
    without = build_model(
        LAYOUT_PRESETS["preact_resnet110"].replace(final_norm=False), device="meta"
    )
    assert without.bn_final is None and "relu" not in dict(without.named_children())


def test_zero_initialised_pre_activation_units_start_as_their_shortcuts() -> None:
    model = build_model(CIFAR_PRE, zero_init_residual=True).eval()
    for place in model.named_blocks():
        x = torch.randn(1, place.block.in_channels, 8, 8)
        with torch.no_grad():
            torch.testing.assert_close(place.block(x), place.block.shortcut(x))


def test_pre_activation_parameter_counts_are_the_papers() -> None:
    """He et al. 2016, Table 2: ResNet-164 1.7 M, ResNet-1001 10.2 M. The paper's 10.2 M counts
    the convolutions and the classifier; BN's scales and shifts add 0.15 M more."""
    for name, printed in (("preact_resnet164", "1.7"), ("preact_resnet1001", "10.2")):
        model = build_model(name, device="meta")
        assert n_params(model) == param_count(LAYOUT_PRESETS[name])
        weights = sum(
            p.numel()
            for m in model.modules()
            if isinstance(m, (nn.Conv2d, nn.Linear))
            for p in m.parameters()
        )
        assert f"{weights / 1e6:.1f}" == printed
    assert f"{param_count(LAYOUT_PRESETS['preact_resnet164']) / 1e6:.1f}" == "1.7"
    assert param_count(LAYOUT_PRESETS["preact_resnet1001"]) == 10_327_706
    assert (
        LAYOUT_PRESETS["preact_resnet164"].depth == 164
        and LAYOUT_PRESETS["preact_resnet1001"].depth == 1001
    )
    assert LAYOUT_PRESETS["preact_resnet110"].depth == 110


# --- Option A's padding, as the popular PyTorch CIFAR code writes it ---------------------------


class ReferenceCifarBlock(nn.Module):
    """The popular CIFAR code's BasicBlock with option A: ``x[:, :, ::2, ::2]`` padded with
    ``planes // 4`` zero channels on each side."""

    def __init__(self, cin: int, planes: int, stride: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.pad = stride != 1 or cin != planes
        self.planes = planes

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.pad:
            quarter = self.planes // 4
            x = F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, quarter, quarter), "constant", 0)
        return F.relu(out + x)


class ReferenceCifarNet(nn.Module):
    def __init__(self, blocks: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for stage, planes in enumerate((16, 32, 64)):
            for index in range(blocks):
                layers.append(ReferenceCifarBlock(cin, planes, 2 if stage and not index else 1))
                cin = planes
        self.layers = nn.Sequential(*layers)
        self.linear = nn.Linear(64, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.linear(x.mean(dim=(2, 3)))


def test_split_zero_padding_is_the_popular_cifar_codes_and_end_padding_is_not() -> None:
    torch.manual_seed(0)
    reference = ReferenceCifarNet(3).eval()
    randomise_norms(reference)
    split = build_model(PRESETS["resnet20"].replace(zero_pad="split")).eval()
    end = build_model(PRESETS["resnet20"]).eval()
    load_in_order(reference, split)
    end.load_state_dict(split.state_dict())
    x = torch.randn(4, 3, 32, 32)
    with torch.no_grad():
        torch.testing.assert_close(split(x), reference(x), rtol=1e-4, atol=1e-4)
        assert (end(x) - reference(x)).abs().max() > 0.1  # the same weights, another network
    shortcut = split.layer2[0].downsample
    assert shortcut.padding == (8, 8) and "placement='split'" in repr(shortcut)
    assert end.layer2[0].downsample.padding == (0, 16) and "placement" not in repr(end.layer2[0])


# --- The spec ----------------------------------------------------------------------------------


def test_fields_that_change_nothing_fall_back_to_their_defaults() -> None:
    """Equal networks are equal specs (one cache entry, one link)."""
    base = PRESETS["resnet18"]
    assert base.replace(zero_pad="split") == base  # no zero-padding shortcut in an option-B net
    assert base.replace(final_norm=False) == base  # post-activation nets have no final norm
    assert PRESETS["resnet20"].replace(avg_down=True) == PRESETS["resnet20"]  # no projections
    assert PRESETS["resnet20"].replace(zero_pad="split").zero_pad == "split"
    assert PRESETS["resnet20"].replace(zero_pad="split", plain=True).zero_pad == "end"
    assert base.replace(unit="pre", final_norm=False).final_norm is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"unit": "middle"}, r"unit: 'middle' is not one of \['post', 'pre'\]"),
        ({"zero_pad": "left"}, r"zero_pad: 'left' is not one of \['end', 'split'\]"),
        ({"avg_down": "yes"}, r"avg_down: expected true or false"),
        ({"final_norm": 1}, r"final_norm: expected true or false"),
        ({"stem": "deep", "stem_width": 33}, r"stem_width: the deep stem .* even, got 33"),
    ],
)
def test_bad_layout_fields_say_what_is_allowed(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PRESETS["resnet18"].replace(**changes)


def test_only_torchvisions_own_layouts_are_offered_torchvisions_weights() -> None:
    assert set(TIMM_D) < set(LAYOUT_PRESETS) and set(LAYOUT_PRESETS) < set(PRESETS)
    assert not {name for name in TORCHVISION_PRESETS if "preact" in name or name in TIMM_D}
    assert {"resnet18", "resnext101_64x4d", "wide_resnet101_2"} <= set(TORCHVISION_PRESETS)
    assert shortcut_kind("B", 64, 64, 1) == "identity"


# --- Traces and diagrams draw each layout as it computes --------------------------------------


def test_a_pre_activation_trace_and_its_layers_diagram_follow_the_computation() -> None:
    from resnet_viz.trace import trace
    from resnet_viz.views.diagram import to_dot

    traced = trace("preact_resnet50")
    assert traced.total_params == param_count(LAYOUT_PRESETS["preact_resnet50"])
    assert traced.stem.params == 9_408  # the 7×7 conv alone: no BN in a pre-activation stem
    assert traced.head.params == 2 * 2048 + 2048 * 1000 + 1000  # bn_final, then fc
    block = [row.type for row in traced.layers if row.name.startswith("layer2.0.") and row.is_leaf]
    assert block[:6] == ["BatchNorm2d", "ReLU", "Conv2d", "BatchNorm2d", "ReLU", "Conv2d"]
    assert block[-1] == "Conv2d" and block.count("ReLU") == 3  # no ReLU after the add
    source = to_dot(traced, "layers", stage="layer2", block=0).source
    # The projection leaves the unit's first BN-ReLU (node 1), and the add is the output.
    assert "layer_layer2_0_1 -> layer_layer2_0_shortcut_0" in source
    assert "layer_layer2_0_add_relu" not in source and "PreActBottleneck" in source
    assert "layer_layer2_0_add -> output" in source
    blocks = to_dot(traced, "blocks").source
    assert "BN-ReLU-1×1 conv, 128" in blocks and "bn_final" in blocks
    assert "1×1 conv of the pre-activated x" in blocks


def test_resnet_d_draws_three_stem_convs_and_the_pool_before_each_projection() -> None:
    from resnet_viz.trace import trace
    from resnet_viz.views.diagram import to_dot

    traced = trace("resnet50d")
    blocks = to_dot(traced, "blocks").source
    assert "3×3 conv, 32, /2 → 3×3 conv, 32 → 3×3 conv, 64 → 3×3 max pool, /2" in blocks
    assert "2×2 avg pool, stride 2 → 1×1 conv + BN, 132,096 params" in blocks
    assert "1×1 conv + BN, 16,896 params · why: channels 64→256" in blocks  # no pool at stride 1
    first = to_dot(traced, "layers", stage="layer1", block=0).source
    assert "Identity" not in first and "avg pool, /" not in first  # stride 1: no pool drawn
    assert "2×2 avg pool, /2" in to_dot(traced, "layers", stage="layer2", block=0).source
    assert traced.stem_receptive_field == 15  # 3 + 2·2 + 2·2 from the convs, + 2·2 the pool


def test_the_zero_padding_label_says_where_the_zeros_go() -> None:
    from resnet_viz.trace import trace
    from resnet_viz.views.diagram import to_dot

    split = PRESETS["resnet20"].replace(zero_pad="split")
    assert "zero-pad, split (stride 2" in to_dot(trace(split), "layers", stage="layer2").source
    end = to_dot(trace("resnet20"), "layers", stage="layer2").source
    assert "zero channels after x" in end and "split" not in end
    from resnet_viz.views import block_frame

    assert "zero-pad, split" in block_frame(trace(split))["shortcut"].tolist()  # the table too
