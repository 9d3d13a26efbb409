"""Recognising other people's ResNets: from checkpoints, from print(model) text, from specs.

Each named layout is a reference module written from its description (tests/reference_resnets.py);
its weights are loaded into our builder and the outputs compared. Random valid specs
round-trip through a state_dict and through print(model) (hypothesis).
"""

from __future__ import annotations

from typing import Any

import pytest
import torch
import torchvision
from conftest import torch_saved
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from reference_resnets import (
    ArticleResNet,
    CifarResNet,
    OptionACifarResNet,
    PaperBottleneck,
    PreActBasic,
    PreActBottleneck,
    PreActCifarResNet,
    ProjectingBasic,
    ProjectingBottleneck,
    randomise,
)

from resnet_viz.models import PRESETS, ResNetSpec, build_model
from resnet_viz.recognise import (
    EXAMPLE_PRINTS,
    MAX_PRINT_CHARS,
    Recognised,
    RecognitionError,
    compare_with_preset,
    example_print,
    load_weights,
    map_names,
    recognise_checkpoint,
    recognise_module,
    recognise_print,
    recognise_shapes,
)


def same_outputs(ours: torch.nn.Module, theirs: torch.nn.Module, side: int = 32) -> None:
    images = torch.randn(2, 3, side, side, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        torch.testing.assert_close(ours(images), theirs(images), rtol=1e-4, atol=1e-5)


#: (their module, its spec in our terms, the layout recognised, input side)
LAYOUTS = {
    "article resnet18": (
        lambda: ArticleResNet(ProjectingBasic, [2, 2, 2, 2]),
        PRESETS["resnet18"],
        "article",
        64,
    ),
    "article resnet50": (
        lambda: ArticleResNet(ProjectingBottleneck, [3, 4, 6, 3]),
        PRESETS["resnet50"],
        "article",
        64,
    ),
    "common CIFAR code": (
        lambda: CifarResNet(ProjectingBasic, [2, 2, 2, 2]),
        ResNetSpec(stem="cifar", num_classes=10),
        "cifar",
        32,
    ),
    "pre-activation CIFAR code": (
        lambda: PreActCifarResNet(PreActBasic, [2, 2, 2, 2]),
        ResNetSpec(stem="cifar", num_classes=10, unit="pre"),
        "preact_cifar",
        32,
    ),
    "pre-activation bottlenecks, no final BN": (
        lambda: PreActCifarResNet(PreActBottleneck, [2, 2, 2], final_bn=False, widths=(16, 32, 64)),
        ResNetSpec(
            block="bottleneck",
            layers=(2, 2, 2),
            widths=(16, 32, 64),
            stem="cifar",
            stem_width=16,
            num_classes=10,
            unit="pre",
            final_norm=False,
        ),
        "preact_cifar",
        32,
    ),
    "option-A CIFAR code (ResNet-20)": (
        lambda: OptionACifarResNet(3),
        PRESETS["resnet20"].replace(zero_pad="split"),
        "option_a_cifar",
        32,
    ),
}


def _unnamed(spec: ResNetSpec) -> ResNetSpec:
    return spec.replace(name="custom")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layouts_checkpoint_is_recognised_mapped_and_gives_their_outputs(layout: str) -> None:
    make, spec, expected_layout, side = LAYOUTS[layout]
    theirs = randomise(make())
    # As the option-A CIFAR code saves it: DataParallel's names inside a dict with its score.
    state = {f"module.{name}": value for name, value in theirs.state_dict().items()}
    found = recognise_checkpoint(torch_saved({"state_dict": state, "best_prec1": 91.7}), "net.th")
    recognition = found.recognition
    assert recognition.complete
    assert recognition.spec == _unnamed(spec)
    assert recognition.layout == expected_layout
    assert recognition.names.prefix == "module."
    same_outputs(load_weights(found), theirs, side)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layouts_print_gives_the_same_spec_and_settles_what_tensors_cannot(
    layout: str,
) -> None:
    make, spec, expected_layout, _ = LAYOUTS[layout]
    recognition = recognise_print(str(make())).recognition
    assert recognition.spec == _unnamed(spec)
    assert recognition.layout == expected_layout
    # print shows strides; the zero-padding lambda's placement it cannot show.
    assert {choice.field for choice in recognition.choices} <= {"zero_pad"}


def test_the_option_a_code_pads_around_the_channels_and_the_other_placement_is_wrong() -> None:
    theirs = randomise(OptionACifarResNet(3))
    found = recognise_checkpoint(torch_saved({"state_dict": theirs.state_dict()}), "resnet20.th")
    (choice,) = found.recognition.choices
    assert (choice.field, choice.chosen, choice.options) == (
        "zero_pad",
        "split",
        ("split", "end", "plain"),
    )
    assert "linear" in choice.reason
    same_outputs(load_weights(found), theirs)
    other = Recognised(found.recognition.choose("zero_pad", "end"), tensors=found.tensors)
    with pytest.raises(AssertionError):
        same_outputs(load_weights(other), theirs)


def test_a_paper_bottleneck_needs_the_switch_from_a_checkpoint_and_not_from_its_print() -> None:
    theirs = randomise(ArticleResNet(PaperBottleneck, [3, 4, 6, 3]))
    found = recognise_checkpoint(torch_saved(theirs.state_dict()), "v1.pth")
    (choice,) = found.recognition.choices
    assert (choice.field, choice.chosen) == ("stride_on", "3x3")
    switched = Recognised(found.recognition.choose("stride_on", "1x1"), tensors=found.tensors)
    same_outputs(load_weights(switched), theirs, 64)
    printed = recognise_print(str(theirs))
    assert printed.recognition.spec.stride_on == "1x1"
    verdict = compare_with_preset(printed)
    assert verdict.kind == "differs" and verdict.preset == "resnet50"
    assert verdict.differences == (
        "Your Bottleneck puts the stride on conv1 (the 2015 paper, v1), where torchvision's "
        "resnet50 puts it on conv2 (v1.5), in 3 blocks.",
    )
    assert {row.name for row in verdict.rows} == {
        f"layer{stage}.0.{conv}" for stage in (2, 3, 4) for conv in ("conv1", "conv2")
    }


@pytest.mark.parametrize("name", ["resnet18", "resnext50_32x4d", "wide_resnet50_2"])
def test_torchvisions_own_weights_are_identical_to_the_preset(name: str) -> None:
    theirs = randomise(getattr(torchvision.models, name)())
    found = recognise_checkpoint(torch_saved(theirs.state_dict()), f"{name}.pth")
    assert found.recognition.layout == "torchvision"
    verdict = compare_with_preset(found)
    assert (verdict.kind, verdict.preset, verdict.renames) == ("identical", name, ())
    assert verdict.headline == f"Identical to torchvision's {name}."
    same_outputs(load_weights(found), theirs, 64)


def test_timms_resnet_d_and_a_lightning_checkpoint() -> None:
    timm = pytest.importorskip("timm")
    theirs = randomise(timm.create_model("resnet18d", pretrained=False))
    lightning = {
        "state_dict": {f"model.{key}": value for key, value in theirs.state_dict().items()},
        "epoch": 3,
        "global_step": 1200,
    }
    found = recognise_checkpoint(torch_saved(lightning), "epoch=3.ckpt")
    assert found.recognition.layout == "timm"
    assert found.recognition.names.prefix == "model."
    assert compare_with_preset(found).preset == "resnet18d"
    same_outputs(load_weights(found), theirs, 64)


def test_the_articles_collapsed_resnet18_print_is_torchvisions_resnet18() -> None:
    text = example_print("resnet18-collapsed")
    found = recognise_print(text)
    verdict = compare_with_preset(found)
    assert found.recognition.spec == _unnamed(PRESETS["resnet18"])
    assert (verdict.kind, verdict.headline) == ("identical", "Identical to torchvision's resnet18.")


def test_the_articles_resnet50_print_stops_early_and_what_it_shows_is_resnet50() -> None:
    text = example_print("resnet50-truncated")
    found = recognise_print(text)
    assert found.recognition.stops_after == "layer1"
    assert not found.recognition.complete
    verdict = compare_with_preset(found)
    assert (verdict.kind, verdict.preset) == ("identical", "resnet50")
    # resnet101 and resnet152 begin with the same stage: the text cannot tell them apart.
    assert verdict.also == ("resnet101", "resnet152")
    assert verdict.headline.startswith("The text stops after layer1 (line 1).")


def test_the_articles_own_code_is_resnet18_named_differently() -> None:
    verdict = compare_with_preset(
        recognise_print(str(ArticleResNet(ProjectingBasic, [2, 2, 2, 2])))
    )
    assert verdict.kind == "renamed"
    assert verdict.renames == (
        "`shortcut` (yours) is `downsample` (torchvision's resnet18) in 3 blocks.",
    )
    assert verdict.rows == ()


def test_the_bundled_examples_are_what_the_reference_modules_print() -> None:
    """The page's two examples that the article does not print are real print(model) output,
    under the class names their code uses (ResNet, Bottleneck, BasicBlock)."""
    handwritten = str(ArticleResNet(PaperBottleneck, [3, 4, 6, 3], num_classes=10))
    assert example_print("handwritten-resnet50-v1") == (
        handwritten.replace("ArticleResNet(", "ResNet(").replace("PaperBottleneck(", "Bottleneck(")
        + "\n"
    )
    option_a = str(OptionACifarResNet(3))
    assert example_print("cifar-resnet20-option-a") == (
        option_a.replace("OptionACifarResNet(", "ResNet(").replace("OptionABasic(", "BasicBlock(")
        + "\n"
    )
    with pytest.raises(KeyError):
        example_print("../../secrets")


def test_each_bundled_example_gets_the_verdict_it_is_there_to_show() -> None:
    verdicts = {
        key: compare_with_preset(recognise_print(example_print(key))) for key in EXAMPLE_PRINTS
    }
    assert {key: (v.kind, v.preset) for key, v in verdicts.items()} == {
        "resnet18-collapsed": ("identical", "resnet18"),
        "resnet50-truncated": ("identical", "resnet50"),
        "handwritten-resnet50-v1": ("differs", "resnet50"),
        "cifar-resnet20-option-a": ("differs", "resnet20"),
    }
    assert verdicts["handwritten-resnet50-v1"].differences == (
        "Your Bottleneck puts the stride on conv1 (the 2015 paper, v1), where torchvision's "
        "resnet50 puts it on conv2 (v1.5), in 3 blocks.",
        "Your fc has 10 outputs; torchvision's resnet50's has 1000.",
    )
    # A bare LambdaLayer() does not show where the zeros go: the choice stays the visitor's.
    option_a = recognise_print(example_print("cifar-resnet20-option-a")).recognition
    assert [(c.field, c.chosen) for c in option_a.choices] == [("zero_pad", "split")]


def test_the_common_cifar_codes_print_differs_from_resnet18_in_stem_and_head() -> None:
    verdict = compare_with_preset(recognise_print(str(CifarResNet(ProjectingBasic, [2, 2, 2, 2]))))
    assert (verdict.kind, verdict.preset) == ("differs", "resnet18")
    assert verdict.renames == (
        "`linear` (yours) is `fc` (torchvision's resnet18).",
        "`shortcut` (yours) is `downsample` (torchvision's resnet18) in 3 blocks.",
    )
    assert verdict.differences == (
        "stem: yours one 3×3 conv (CIFAR); torchvision's resnet18 7×7 conv and max pool "
        "(ImageNet).",
        "Your fc has 10 outputs; torchvision's resnet18's has 1000.",
    )
    assert [row.name for row in verdict.rows] == ["conv1", "maxpool", "fc"]


def test_a_ten_class_head_is_a_difference_with_its_numbers() -> None:
    model = ArticleResNet(ProjectingBasic, [2, 2, 2, 2], num_classes=10)
    verdict = compare_with_preset(recognise_print(str(model)))
    assert verdict.differences == ("Your fc has 10 outputs; torchvision's resnet18's has 1000.",)
    (row,) = verdict.rows
    assert (row.name, row.yours, row.reference) == ("fc", "Linear 512→10", "Linear 512→1000")


def test_older_torch_reprs_without_bias_read_the_same() -> None:
    text = str(build_model("resnet50", device="meta"))
    assert "bias=True, track_running_stats" in text  # newer torch prints BatchNorm's bias
    older = text.replace("bias=True, track_running_stats", "track_running_stats")
    assert recognise_print(older).recognition.spec == _unnamed(PRESETS["resnet50"])


def test_a_live_module_is_checked_against_our_build() -> None:
    found = recognise_module(randomise(ArticleResNet(PaperBottleneck, [3, 4, 6, 3])))
    assert found.recognition.spec.stride_on == "1x1" and not found.recognition.choices


def test_names_nobody_uses_give_the_closest_layout_and_the_tensors_left_over() -> None:
    state = build_model("resnet18", device="meta").state_dict()
    state = {name.replace("fc.", "classifier."): value for name, value in state.items()}
    shapes = {name: tuple(value.shape) for name, value in state.items()}
    recognition = recognise_shapes(shapes, map_names(shapes), "checkpoint")
    assert recognition.spec == _unnamed(PRESETS["resnet18"])
    assert recognition.unmapped == ("classifier.weight", "classifier.bias")
    assert recognition.missing == ("fc.weight", "fc.bias")
    assert not recognition.complete
    with pytest.raises(RecognitionError, match="4 tensors"):
        load_weights(Recognised(recognition, tensors=dict(state)))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello world", "No module found"),
        ("", "No module found"),
        ("A(\n" + "(x): A(\n" * 40, "nested more than 12 levels"),
        ("ResNet(\n  (conv1): Conv2d(3, 64\x07)\n)", "control character on line 2"),
        ("x" * (MAX_PRINT_CHARS + 1), "At most 1,500,000 are read"),
        ("ResNet(\n  (conv1): Conv2d(three, 64)\n)", "Line 2: could not read Conv2d"),
    ],
)
def test_bad_text_gets_one_sentence(text: str, message: str) -> None:
    with pytest.raises(RecognitionError, match=message):
        recognise_print(text)


def test_a_vgg_print_is_not_a_resnet_and_says_what_it_found() -> None:
    with pytest.raises(RecognitionError) as error:
        recognise_print(str(torchvision.models.vgg11()))
    assert str(error.value) == (
        "Not a ResNet: looked for a stem conv (conv1), residual stages (layer1, layer2, …) and "
        "a classifier (fc or linear), and found VGG with features, avgpool, classifier (line 1)."
    )


def test_a_checkpoint_of_something_else_is_not_a_resnet() -> None:
    data = torch_saved(torchvision.models.vgg11().state_dict())
    with pytest.raises(RecognitionError, match="no residual stages"):
        recognise_checkpoint(data, "vgg.pth")


# Random valid specs. Small sizes: the property is about layouts, not scale.
@st.composite
def valid_specs(draw: st.DrawFn) -> ResNetSpec:
    block = draw(st.sampled_from(["basic", "bottleneck"]))
    stages = draw(st.integers(1, 4))
    values: dict[str, Any] = {
        "block": block,
        "layers": tuple(draw(st.lists(st.integers(1, 3), min_size=stages, max_size=stages))),
        "widths": tuple(
            draw(st.lists(st.sampled_from([8, 16, 32, 64]), min_size=stages, max_size=stages))
        ),
        "shortcut": draw(st.sampled_from(["A", "B", "C"])),
        "stem": draw(st.sampled_from(["imagenet", "cifar", "deep"])),
        "stem_width": draw(st.sampled_from([8, 16, 32, 64])),
        "num_classes": draw(st.integers(1, 20)),
        "in_channels": draw(st.integers(1, 4)),
        "plain": draw(st.booleans()),
        "unit": draw(st.sampled_from(["post", "pre"])),
        "final_norm": draw(st.booleans()),
        "avg_down": draw(st.booleans()),
        "zero_pad": draw(st.sampled_from(["end", "split"])),
    }
    if block == "bottleneck":
        values["groups"] = draw(st.sampled_from([1, 2, 4]))
        values["width_per_group"] = draw(st.sampled_from([16, 32, 64, 128]))
        values["stride_on"] = draw(st.sampled_from(["3x3", "1x1"]))
    try:
        spec = ResNetSpec(**values)
    except ValueError:
        assume(False)
        raise
    return spec


def _shortcut_kinds(spec: ResNetSpec) -> list[str]:
    model = build_model(spec, device="meta")
    return [place.block.shortcut_kind for place in model.named_blocks()]


def _canonical(spec: ResNetSpec) -> ResNetSpec:
    """The one spec among those that build the very same network, as recognition names it."""
    kinds = _shortcut_kinds(spec.replace(plain=False))
    if spec.plain:
        spec = spec.replace(shortcut="B")
    elif "zero-pad" not in kinds and spec.shortcut == "A":
        spec = spec.replace(shortcut="B")  # every shortcut an identity: A and B are one net
    elif spec.shortcut == "C" and "identity" not in _shortcut_kinds(spec.replace(shortcut="B")):
        spec = spec.replace(shortcut="B")  # every block changes shape: B projects in all of them
    if "projection" not in _shortcut_kinds(spec):
        spec = spec.replace(avg_down=False)
    if spec.block == "basic" or len(spec.layers) < 2:
        spec = spec.replace(stride_on="3x3")
    return spec.replace(name="custom")


def _tell_apart(spec: ResNetSpec) -> bool:
    """A plain net whose blocks keep their shape is the residual net's twin in every tensor
    and every printed line: nothing can tell them apart."""
    return not spec.plain or "projection" in _shortcut_kinds(
        spec.replace(plain=False, shortcut="B")
    )


def _round_trip_through_a_state_dict(spec: ResNetSpec) -> None:
    assume(_tell_apart(spec))
    state = build_model(spec, device="meta").state_dict()
    shapes = {name: tuple(value.shape) for name, value in state.items()}
    recognition = recognise_shapes(shapes, map_names(shapes), "checkpoint")
    assert recognition.complete
    for choice in recognition.choices:  # what tensors cannot tell is offered, the truth among it
        truth = spec.stride_on if choice.field == "stride_on" else spec.zero_pad
        truth = "plain" if choice.field == "zero_pad" and spec.plain else truth
        assert truth in choice.options
        recognition = recognition.choose(choice.field, truth)
    assert recognition.spec == _canonical(spec)


def _round_trip_through_print(spec: ResNetSpec) -> None:
    assume(_tell_apart(spec))
    recognition = recognise_print(str(build_model(spec, device="meta"))).recognition
    assert recognition.complete and not recognition.choices
    assert recognition.spec == _canonical(spec)


_QUICK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_LONG = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_QUICK
@given(valid_specs())
def test_random_specs_round_trip_through_a_state_dict(spec: ResNetSpec) -> None:
    _round_trip_through_a_state_dict(spec)


@_QUICK
@given(valid_specs())
def test_random_specs_round_trip_through_print(spec: ResNetSpec) -> None:
    _round_trip_through_print(spec)


@pytest.mark.slow
@_LONG
@given(valid_specs())
def test_many_random_specs_round_trip_both_ways(spec: ResNetSpec) -> None:
    _round_trip_through_a_state_dict(spec)
    _round_trip_through_print(spec)
