"""The code view: generated Python runs and computes exactly what our network computes."""

from __future__ import annotations

import pytest
import torch

from resnet_viz import PRESETS, ResNetSpec, build_model
from resnet_viz.models import LAYOUT_PRESETS, block_class_name
from resnet_viz.views import block_listing, builder_code, network_function, network_listing


@pytest.mark.parametrize(
    "spec",
    [
        PRESETS["resnet18"],
        PRESETS["resnet56"],
        PRESETS["resnext50_32x4d"],
        PRESETS["resnet50"].replace(stride_on="1x1", shortcut="C"),
        PRESETS["resnet50"].replace(shortcut="A"),
        PRESETS["resnet18"].replace(plain=True),
        PRESETS["resnet50"].replace(plain=True),
        LAYOUT_PRESETS["preact_resnet18"],
        LAYOUT_PRESETS["preact_resnet50"].replace(shortcut="C", groups=32, width_per_group=4),
        LAYOUT_PRESETS["preact_resnet110"].replace(shortcut="A", zero_pad="split"),
        LAYOUT_PRESETS["preact_resnet50"].replace(plain=True),
        LAYOUT_PRESETS["resnet50d"],
        PRESETS["resnet20"].replace(zero_pad="split"),
    ],
    ids=[
        "basic-B",
        "basic-A",
        "grouped-bottleneck",
        "v1-bottleneck-C",
        "bottleneck-A",
        "basic-plain",
        "bottleneck-plain",
        "preact-basic-B",
        "preact-grouped-C",
        "preact-basic-A-split",
        "preact-plain",
        "resnet-d-bottleneck",
        "basic-A-split",
    ],
)
def test_block_listing_computes_what_our_block_computes(spec: ResNetSpec) -> None:
    namespace: dict = {}
    exec(compile(block_listing(spec), "<listing>", "exec"), namespace)  # our own generated code
    block_class = namespace[block_class_name(spec)]
    ours = build_model(spec).layer2[0].eval()  # the first block of stage 2: strided, reshaped
    listed = block_class(ours.in_channels, spec.widths[1], ours.stride).eval()
    listed.load_state_dict(ours.state_dict(), strict=True)
    x = torch.randn(2, ours.in_channels, 16, 16)
    with torch.inference_mode():
        torch.testing.assert_close(listed(x), ours(x))


@pytest.mark.parametrize("name", ["resnet50", "resnet1202"])
def test_builder_code_rebuilds_the_preset(name: str) -> None:
    namespace: dict = {}
    exec(builder_code(PRESETS[name]), namespace)
    assert namespace["spec"] == PRESETS[name]
    assert namespace["model"].spec == PRESETS[name]
    assert f"build_model({name!r})" in builder_code(PRESETS[name])


def test_builder_code_quotes_hostile_names_as_data() -> None:
    spec = ResNetSpec(
        name="x'); import os; os.system('boom", layers=(1,), widths=(8,), stem_width=8
    )
    namespace: dict = {}
    exec(builder_code(spec), namespace)
    assert namespace["spec"] == spec


def _listed(spec: ResNetSpec) -> dict:
    namespace: dict = {"__name__": "listing"}
    exec(compile(network_listing(spec), "<listing>", "exec"), namespace)  # our own code
    return namespace


@pytest.mark.parametrize(
    "name",
    [
        "resnet18",
        "resnet34",
        "resnet50",
        pytest.param("resnet101", marks=pytest.mark.slow),
        pytest.param("resnet152", marks=pytest.mark.slow),
        "resnext50_32x4d",
        pytest.param("wide_resnet50_2", marks=pytest.mark.slow),
    ],
)
def test_the_hand_written_network_is_torchvisions(name: str) -> None:
    """The article's way of writing it, torchvision's network: the same print(model), its
    weights loaded strictly, the same outputs."""
    import torchvision

    listed = _listed(PRESETS[name])[network_function(name)]()
    with torch.random.fork_rng():
        torch.manual_seed(0)
        reference = torchvision.models.get_model(name).eval()
    assert str(listed) == str(reference)
    listed.load_state_dict(reference.state_dict(), strict=True)
    listed.eval()
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        assert torch.allclose(listed(x), reference(x), atol=1e-5)


def test_one_listing_has_the_article_s_family_of_functions() -> None:
    basic, bottleneck = _listed(PRESETS["resnet34"]), _listed(PRESETS["resnet50"])
    assert {"resnet18", "resnet34"} <= set(basic) and "resnet50" not in basic
    assert {"resnet50", "resnet101", "resnet152"} <= set(bottleneck)
    assert "_make_layer" in network_listing(PRESETS["resnet50"])
    assert "torchvision's weights load" in network_listing(PRESETS["resnet50"])


@pytest.mark.parametrize(
    "spec",
    [
        PRESETS["resnet56"],
        PRESETS["resnet20"].replace(plain=True),
        PRESETS["resnet50"].replace(stride_on="1x1", shortcut="C", num_classes=10),
        ResNetSpec(
            name='evil"\nimport os; os.system("x")  #',
            block="bottleneck",
            layers=(1, 2, 1),
            widths=(16, 32, 64),
            stem="cifar",
            stem_width=16,
            num_classes=7,
        ),
        LAYOUT_PRESETS["preact_resnet164"].replace(layers=(2, 1, 2)),
        LAYOUT_PRESETS["preact_resnet18"].replace(final_norm=False, num_classes=5),
        LAYOUT_PRESETS["resnet26d"],
        LAYOUT_PRESETS["resnet18d"].replace(unit="pre", shortcut="C"),
        PRESETS["resnet20"].replace(zero_pad="split"),
    ],
    ids=[
        "cifar-option-A",
        "plain-twin",
        "v1-C-10-classes",
        "hostile-name",
        "preact-cifar-bottleneck",
        "preact-no-final-norm",
        "resnet-d",
        "preact-deep-stem-C",
        "cifar-split-padding",
    ],
)
def test_the_hand_written_network_is_ours_for_any_spec(spec: ResNetSpec) -> None:
    namespace = _listed(spec)
    listed = namespace[network_function(spec.name)]().eval()
    ours = build_model(spec).eval()
    listed.load_state_dict(ours.state_dict(), strict=True)
    side = 32 if spec.stem == "cifar" else 64
    x = torch.randn(2, spec.in_channels, side, side)
    with torch.no_grad():
        assert torch.allclose(listed(x), ours(x), atol=1e-5)
    assert str(listed) == str(ours)  # print(model) too: the same modules in the same order
    assert "os.system" not in network_listing(spec)  # a name is an identifier, never code


def test_a_network_function_name_is_a_plain_identifier() -> None:
    assert network_function("resnet50") == "resnet50"
    assert network_function("My Net-2") == "my_net_2"
    assert network_function("2fast") == "resnet_2fast"
    assert network_function("class") == "resnet_class"
    assert network_function("<script>") == "script"
    assert network_function("网络") == "custom_resnet"
