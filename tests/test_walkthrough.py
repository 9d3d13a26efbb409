"""The residual lab's guided walkthrough: the facts its steps state, pinned to real values;
the concept figure; and the section itself, clicked through in both languages."""

from __future__ import annotations

import re
from string import Formatter

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button
from test_i18n import CJK, english_left, shown_texts

from resnet_viz import i18n
from resnet_viz.lab import (
    IMAGENET_INPUT,
    LARGER_INPUT,
    STEP_KEYS,
    block_convs,
    block_of,
    downsample_lines,
    module_text,
    step,
)
from resnet_viz.models import PRESETS
from resnet_viz.trace import get_trace
from resnet_viz.views.diagram import CONCEPTS, concept_view, render

needs_dot = pytest.mark.dot
#: How many diagrams each step draws, in order.
PICTURES = {
    "residual": 2,
    "basic": 1,
    "bottleneck": 1,
    "shortcuts": 2,
    "depths": 2,
    "pooling": 2,
    "print": 1,
}


def test_the_steps_are_the_lesson_in_order() -> None:
    assert tuple(PICTURES) == STEP_KEYS
    for key, count in PICTURES.items():
        pictures = step(key).pictures
        assert len(pictures) == count
        assert len({picture.name for picture in pictures}) == count  # distinct widget keys


def test_the_basic_block_has_two_3x3_convolutions_and_an_identity_shortcut() -> None:
    facts = step("basic").facts
    assert facts == {
        "convs": "2",
        "kernel": "3×3",
        "channels": "64",
        "map": "56×56",
        "params": "73,984",  # 2 × (3·3·64·64) + 2 × 128 (BatchNorm)
        "shortcut_params": "0",
    }
    trace = get_trace(PRESETS["resnet18"], IMAGENET_INPUT)
    assert block_of(trace, "layer1.0").shortcut == "identity"


def test_the_bottleneck_of_resnet50_reduces_then_expands_four_times() -> None:
    facts = step("bottleneck").facts
    assert facts["block"] == "layer1.1" and facts["widths"] == "64 → 64 → 256"
    assert (facts["reduce"], facts["middle"], facts["expand"]) == ("1×1", "3×3", "1×1")
    assert facts["expansion"] == "4" and facts["inner"] == "64" and facts["in_channels"] == "256"
    assert facts["params"] == "70,400"  # 256·64 + 9·64·64 + 64·256 weights, 2·(64+64+256) BN
    convs = block_convs(get_trace(PRESETS["resnet50"], IMAGENET_INPUT), "layer1.0")
    assert [(conv.name, conv.out_channels, conv.kernel) for conv in convs] == [
        ("conv1", 64, 1),
        ("conv2", 64, 3),
        ("conv3", 256, 1),
        ("downsample.0", 256, 1),
    ]


def test_layer2_0_projects_and_layer2_1_passes_x_unchanged() -> None:
    trace = get_trace(PRESETS["resnet18"], IMAGENET_INPUT)
    projected, kept = block_of(trace, "layer2.0"), block_of(trace, "layer2.1")
    assert (projected.shortcut, kept.shortcut) == ("projection", "identity")
    assert kept.shortcut_params == 0
    facts = step("shortcuts").facts
    assert facts["in_shape"] == "64×56×56" and facts["out_shape"] == "128×28×28"
    assert facts["stride"] == "2" and facts["kernel"] == "1×1"
    assert facts["shortcut_params"] == "8,448"  # 1·1·64·128 + BatchNorm's 2 × 128
    assert facts["kept_shape"] == "128×28×28"
    pictures = step("shortcuts").pictures
    assert [(picture.stage, picture.block) for picture in pictures] == [
        ("layer2", 0),
        ("layer2", 1),
    ]


def test_resnet18_and_resnet34_differ_only_in_blocks_per_stage() -> None:
    facts = step("depths").facts
    assert facts["small_layers"] == "[2, 2, 2, 2]" and facts["large_layers"] == "[3, 4, 6, 3]"
    assert (facts["small_depth"], facts["large_depth"]) == ("18", "34")
    assert (facts["small_params"], facts["large_params"]) == ("11,689,512", "21,797,672")
    for size in ("small", "large"):  # the sum the step writes out holds
        convs, blocks = int(facts["convs"]), int(facts[f"{size}_blocks"])
        assert 1 + convs * blocks + 1 == int(facts[f"{size}_depth"])


def test_adaptive_pooling_makes_the_head_independent_of_the_input_size() -> None:
    current = step("pooling")
    assert current.input_sizes == (IMAGENET_INPUT, LARGER_INPUT)
    rows = {row.layer: row for row in current.head}
    assert rows["layer4"].shapes == ((512, 7, 7), (512, 10, 10))
    assert rows["avgpool"].shapes == ((512, 1, 1), (512, 1, 1))
    assert rows["fc"].shapes == ((1000,), (1000,))
    assert rows["fc"].params == 513_000 and rows["avgpool"].params == 0
    assert current.facts["small_map"] == "7×7" and current.facts["large_map"] == "10×10"
    assert current.facts["pooled"] == "512×1×1"
    assert [picture.input_size for picture in current.pictures] == [IMAGENET_INPUT, LARGER_INPUT]


def test_the_printed_block_is_what_print_writes_for_the_real_module() -> None:
    from resnet_viz.models import build_model

    current = step("print")
    assert current.code == str(build_model("resnet50", device="meta").layer1[0])
    # print lists the ReLU module once; the forward pass calls it three times. Its
    # (downsample) is the projection: 64·256 + 2·256 parameters.
    assert current.facts == {
        "block": "layer1.0",
        "modules": "8",
        "relu_modules": "1",
        "relu_calls": "3",
        "downsample_params": "16,896",
        "channels_in": "64",
        "channels_out": "256",
    }
    first, last = downsample_lines(current.code)
    lines = current.code.splitlines()
    assert lines[first].strip() == "(downsample): Sequential("
    assert "Conv2d(64, 256, kernel_size=(1, 1)" in lines[first + 1]
    assert lines[last] == "  )" and last == first + 3
    assert downsample_lines(str(build_model("resnet18", device="meta").layer1[0])) is None


def test_module_text_cuts_out_leaves_and_nested_modules() -> None:
    text = get_trace(PRESETS["resnet50"], IMAGENET_INPUT).model_text
    assert module_text(text, "fc") == "Linear(in_features=2048, out_features=1000, bias=True)"
    downsample = module_text(text, "layer1.0.downsample")
    assert downsample.splitlines()[0] == "Sequential("
    assert downsample.splitlines()[1].startswith("  (0): Conv2d(64, 256, kernel_size=(1, 1)")
    assert downsample.endswith("\n)")
    with pytest.raises(ValueError, match="layer9"):
        module_text(text, "layer9.0")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_text_fills_from_its_facts_and_titles_agree_with_them(language: str) -> None:
    for key in STEP_KEYS:
        current = step(key)
        template = i18n.t(f"walk.{key}.text", language)
        asked = {name for _, name, _, _ in Formatter().parse(template) if name}
        assert asked <= set(current.facts), key  # every {field} has its value
        assert "{" not in i18n.t(f"walk.{key}.text", language, **current.facts)
    # Titles are fixed words: they must still say what the traces say.
    title = {key: i18n.t(f"walk.{key}.title", language) for key in STEP_KEYS}
    assert step("basic").facts["kernel"] in title["basic"]
    bottleneck = step("bottleneck").facts
    assert re.search(
        f"{bottleneck['reduce']}.*{bottleneck['middle']}.*{bottleneck['expand']}",
        title["bottleneck"],
    )
    depths = step("depths").facts
    assert depths["small_layers"] in title["depths"] and depths["large_layers"] in title["depths"]


def test_the_concept_figure_draws_f_of_x_and_the_identity_shortcut() -> None:
    source = concept_view("residual").source
    assert re.search(r'weight_2 -> add \[label="F\(x\)"', source)
    shortcut = re.search(r"\bx -> add \[(.*)\]", source)
    assert shortcut and "<x<BR/>identity>" in shortcut.group(1)
    assert "#2e7d32" in shortcut.group(1)  # the identity shortcut's colour everywhere
    assert "weight layer" in source
    plain = concept_view("plain").source
    assert "add" not in plain and "F(x)" not in plain and "H(x)" in plain
    with i18n.use("zh"):
        chinese = concept_view("residual").source
    assert "权重层" in chinese and "恒等映射" in chinese and "残差块" in chinese
    assert "weight layer" not in chinese
    with pytest.raises(ValueError, match="concept"):
        concept_view("dense")  # type: ignore[arg-type]


@needs_dot
@pytest.mark.parametrize("concept", CONCEPTS)
def test_the_concept_figure_renders(concept: str) -> None:
    with i18n.use("zh"):
        svg = render(concept_view(concept), "svg").decode()  # type: ignore[arg-type]
    assert "权重层" in svg and "H(x)" in svg


# ---------------------------------------------------------------- the section in Streamlit

#: The section alone, as the lab page will call it; walk_ keys are written back first, as the
#: app shell does on every run (a key that can't be written back would fail here).
SCRIPT = """
import streamlit as st
for key in list(st.session_state.keys()):
    if isinstance(key, str) and key.startswith("walk_"):
        st.session_state[key] = st.session_state[key]
from resnet_viz.ui.lab import walkthrough
walkthrough()
"""


def _section(language: str) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=300)
    at.session_state["lang"] = language
    return at.run()


def _check_step(at: AppTest, index: int, language: str) -> None:
    key = STEP_KEYS[index]
    assert not at.exception, at.exception
    assert at.session_state["walk_step"] == index
    components = at.get("bidi_component")
    assert [one.key for one in components].count("lesson_keys") == 1  # ← and → step through
    diagrams = [one for one in components if one.key != "lesson_keys"]
    assert len(diagrams) == PICTURES[key], key
    assert all(diagram.key.startswith(f"walk_fig_{key}_") for diagram in diagrams)
    step_of = i18n.t("walk.step_of", language, number=index + 1, total=len(STEP_KEYS))
    assert step_of in [block.value for block in at.markdown]
    assert at.subheader[0].value.endswith(i18n.t(f"walk.{key}.title", language))
    if language == "zh":
        assert english_left(shown_texts(at)) == []
        assert any(CJK.search(block.value) for block in at.markdown[1:])


def _button(at: AppTest, language: str, name: str) -> Button:
    return next(button for button in at.button if button.label == i18n.t(name, language))


@needs_dot
@pytest.mark.parametrize("language", ["en", "zh"])
def test_next_through_every_step_and_previous_back(language: str) -> None:
    at = _section(language)
    assert at.selectbox[0].help == i18n.t("walk.intro", language)  # the intro, one click away
    _check_step(at, 0, language)
    assert _button(at, language, "walk.previous").disabled
    for index in range(1, len(STEP_KEYS)):
        _button(at, language, "walk.next").click().run()
        _check_step(at, index, language)
    assert _button(at, language, "walk.next").disabled
    printed = next(block.proto.body for block in at.get("html") if "walk-print" in block.proto.body)
    assert "Bottleneck(" in printed  # print(model) of the block, beside its diagram
    assert '<mark class="walk-mark">  (downsample): Sequential(</mark>' in printed
    for index in reversed(range(len(STEP_KEYS) - 1)):
        _button(at, language, "walk.previous").click().run()
        _check_step(at, index, language)


@needs_dot
def test_the_picker_jumps_and_a_new_language_keeps_the_step() -> None:
    at = _section("en")
    at.selectbox(key="walk_step").set_value(5).run()
    _check_step(at, 5, "en")
    table = next(block.proto.body for block in at.get("html") if "walk-head" in block.proto.body)
    assert "<td>avgpool</td><td>512×1×1</td><td>512×1×1</td><td>0</td>" in table
    at.session_state["lang"] = "zh"
    at.run()
    _check_step(at, 5, "zh")
    assert at.selectbox(key="walk_step").value == 5
