"""The app in Streamlit's test runner: pages run, react to widgets and URLs, survive bad input."""

from __future__ import annotations

import json

import pytest
from conftest import APP, open_page, plain_texts, unescaped, warned
from streamlit.testing.v1 import AppTest

from resnet_viz import PRESETS, build_model

ARCH = "app_pages/architecture.py"


def test_home_page_runs() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "resnet-viz"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Parameters": "11,689,512", "Weighted layers": "18", "Residual blocks": "8"}
    table = at.dataframe[0].value
    assert list(table["params"]) == [9_536, 147_968, 525_568, 2_099_712, 8_393_728, 513_000]
    assert list(table["output"]) == [
        "64×56×56",
        "64×56×56",
        "128×28×28",
        "256×14×14",
        "512×7×7",
        "1000",
    ]
    assert list(table["MACs"]) == [
        118_014_080,
        462_422_528,
        411_043_072,
        411_044_352,
        411_046_912,
        513_000,
    ]


def diagram_svg(at: AppTest) -> str:
    """The SVG the page hands its diagram viewer (rendered by dot on the server)."""
    return json.loads(at.get("bidi_component")[0].proto.json)["svg"]


def architecture(query: dict[str, str] | None = None) -> AppTest:
    return open_page(ARCH, query)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize(
    ("preset", "params", "ops"),
    [
        ("resnet18", "11,689,512", "1.814 GMACs"),
        ("resnet50", "25,557,032", "4.089 GMACs"),
        ("resnet152", "60,192,808", "11.514 GMACs"),
        ("resnext101_32x8d", "88,791,336", "16.414 GMACs"),
        ("wide_resnet50_2", "68,883,240", "11.398 GMACs"),
        ("resnet110", "1,727,962", "252.896 MMACs"),
    ],
)
def test_presets(preset: str, params: str, ops: str) -> None:
    at = architecture()
    at.selectbox(key="arch_net").set_value(preset).run()
    assert not at.exception and not at.error
    assert metrics(at)["Parameters"] == params
    assert metrics(at)["MACs"] == ops
    assert plain_texts(at, "h2") == [preset]  # the name, as text
    assert at.query_params["net"] == preset
    graph = diagram_svg(at)
    assert f"{preset}: blocks" in graph and "identity: x passes unchanged" in graph


def test_unit_switch_doubles_the_count_visibly() -> None:
    at = architecture({"net": "resnet50"})
    at.radio(key="arch_unit").set_value("FLOPs").run()
    assert metrics(at)["FLOPs"] == "8.178 GFLOPs"
    assert "FLOPs" in at.dataframe[0].value.columns
    assert at.query_params["unit"] == "FLOPs"


def test_levels_and_layer_view() -> None:
    at = architecture({"net": "resnet50"})
    at.radio(key="arch_level").set_value("stages").run()
    assert "resnet50: stages" in diagram_svg(at)
    at.radio(key="arch_level").set_value("layers").run()
    at.selectbox(key="arch_stage").set_value("layer3").run()
    at.selectbox(key="arch_bi").set_value(0).run()
    assert not at.exception
    spec = diagram_svg(at)
    assert "resnet50: layers of layer3.0" in spec and "layer3.1" not in spec
    assert at.query_params["stage"] == "layer3" and at.query_params["bi"] == "0"


def test_custom_network_and_bad_input_keeps_the_last_good_picture() -> None:
    at = architecture()
    at.selectbox(key="arch_net").set_value("custom").run()
    at.text_input(key="arch_layers").set_value("1, 1, 1").run()
    at.text_input(key="arch_widths").set_value("16, 32, 64").run()
    assert not at.error
    expected = PRESETS["resnet18"].replace(name="custom", layers=(1, 1, 1), widths=(16, 32, 64))
    count = f"{sum(p.numel() for p in build_model(expected).parameters()):,}"
    assert metrics(at)["Parameters"] == count
    good = diagram_svg(at)

    at.text_input(key="arch_layers").set_value("1, lots, 1").run()
    assert not at.exception
    assert "Blocks per stage: '1, lots, 1' is not a list of whole numbers" in at.error[0].value
    assert diagram_svg(at) == good
    assert metrics(at)["Parameters"] == count

    at.text_input(key="arch_layers").set_value("1, 1, 1").run()
    at.radio(key="arch_block").set_value("basic").run()
    at.number_input(key="arch_groups").set_value(8).run()
    assert at.error[0].value.startswith("Groups and width per group: basic blocks take groups=1")

    at.number_input(key="arch_groups").set_value(1).run()
    at.text_input(key="arch_widths").set_value("4096, 4096, 4096").run()
    assert at.error[0].value.startswith("Network size: this network would have")
    assert "allowed at most 150,000,000" in at.error[0].value
    assert not at.exception


def test_hostile_custom_name_is_escaped_in_the_diagram() -> None:
    at = architecture()
    at.selectbox(key="arch_net").set_value("custom").run()
    at.text_input(key="arch_name").set_value('<img src=x onerror="alert(1)">').run()
    assert not at.exception
    spec = diagram_svg(at)
    assert "<img" not in spec and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in spec


def test_input_too_small_for_the_stem_is_a_clear_error() -> None:
    at = architecture({"net": "resnet18"})
    at.number_input(key="arch_size").set_value(16).run()
    assert "Input size: height and width must be within 32..1024" in at.error[0].value
    assert metrics(at)["Parameters"] == "11,689,512"


def test_shared_url_reopens_the_same_view() -> None:
    at = architecture()
    at.selectbox(key="arch_net").set_value("custom").run()
    at.text_input(key="arch_layers").set_value("2, 3").run()
    at.text_input(key="arch_widths").set_value("32, 64").run()
    at.radio(key="arch_shortcut").set_value("A").run()
    # Zero-padding can only add channels: the 64-wide stem must shrink first.
    assert "option 'A' pads the identity with zeros" in at.error[0].value
    at.number_input(key="arch_stem_width").set_value(16).run()
    assert not at.error
    at.radio(key="arch_level").set_value("stages").run()
    shared = dict(at.query_params)
    assert shared["layers"] == "2,3" and shared["shortcut"] == "A"

    reopened = architecture(shared)
    assert not reopened.warning
    assert diagram_svg(reopened) == diagram_svg(at)
    assert metrics(reopened) == metrics(at)


def test_bad_url_values_are_named_and_ignored() -> None:
    at = architecture({"net": "resnet9000", "level": "atoms"})
    warnings = [unescaped(w.value) for w in at.warning]
    assert any("unknown network 'resnet9000'" in w for w in warnings)
    assert any("level: 'atoms'" in w for w in warnings)
    assert metrics(at)["Parameters"] == "11,689,512"


def test_deep_cifar_net_draws_folded() -> None:
    at = architecture({"net": "resnet1202"})
    assert metrics(at)["Parameters"] == "19,421,274"
    spec = diagram_svg(at)
    assert "layer1.0 … layer1.199 (×200)" in spec


def test_choices_survive_a_visit_to_another_page() -> None:
    at = architecture({"net": "resnet152"})
    at.radio(key="arch_level").set_value("layers").run()
    at.selectbox(key="arch_stage").set_value("layer3").run()
    at.radio(key="arch_unit").set_value("FLOPs").run()
    at.switch_page("app_pages/home.py").run()
    at.switch_page(ARCH).run()
    assert not at.exception and not at.error
    assert at.selectbox(key="arch_net").value == "resnet152"
    assert at.radio(key="arch_level").value == "layers"
    assert at.selectbox(key="arch_stage").value == "layer3"
    assert metrics(at)["FLOPs"] == "23.028 GFLOPs"
    assert at.number_input(key="arch_size").value == 224


def test_unfolding_is_offered_only_where_it_can_be_drawn() -> None:
    at = architecture({"net": "resnet1202"})
    assert at.checkbox(key="arch_unfold").disabled
    at.selectbox(key="arch_net").set_value("resnet50").run()
    assert not at.checkbox(key="arch_unfold").disabled


def test_custom_names_are_shown_as_text_not_markup() -> None:
    at = architecture()
    at.selectbox(key="arch_net").set_value("custom").run()
    at.text_input(key="arch_name").set_value("**bold** $x$").run()
    assert plain_texts(at, "h2") == ["**bold** $x$"]  # shown as typed, not as Markdown


def test_only_the_open_tab_is_built_and_long_texts_are_shortened() -> None:
    at = architecture({"net": "resnet1202", "size": "32"})
    assert [tab.label for tab in at.tabs] == [
        "Stages",
        "Blocks",
        "Layers",
        "Charts",
        "Summary",
        "Code",
    ]
    assert (len(at.dataframe), len(at.get("plotly_chart")), len(at.code)) == (1, 0, 0)
    at.session_state["arch_tab"] = "Charts"
    at.run()
    assert (len(at.dataframe), len(at.get("plotly_chart")), len(at.code)) == (0, 2, 0)
    at.session_state["arch_tab"] = "Summary"
    at.run()
    summary, model = (block.value for block in at.code)
    assert "more lines: download the whole text" in summary
    assert summary.startswith("=" * 20) and "Total params: 19,421,274" in summary
    assert model.startswith("ResNet(") and "(layer1): Sequential(" in model
    assert "more lines" in model and "(fc): Linear(in_features=64, out_features=10" in model


@pytest.mark.parametrize(
    ("field", "value", "sentence"),
    [
        ("arch_classes", 0, "Classes: 0 is outside the allowed range 1..100000"),
        ("arch_size", 100000, "must be within 32..1024 for this network"),
        ("arch_size", -5, "got -5x-5"),
        ("arch_groups", 0, "Groups: 0 is outside the allowed range"),
    ],
)
def test_a_number_out_of_range_gets_a_sentence_and_the_last_network_stays(
    field: str, value: int, sentence: str
) -> None:
    at = architecture({"net": "custom"})
    at.number_input(key=field).set_value(value).run()
    assert not at.exception
    (error,) = (error.value for error in at.error)  # one sentence, naming the field
    assert sentence in error and error.endswith("Showing the last valid network instead.")
    (viewer,) = at.get("bidi_component")  # the last valid network is still drawn
    assert "custom: blocks" in json.loads(viewer.proto.json)["svg"]


def test_the_code_tab_writes_the_whole_network_by_hand() -> None:
    at = architecture({"net": "resnet50"})
    at.session_state["arch_tab"] = "Code"
    at.run()
    assert not at.exception
    builder, block, network = (block.value for block in at.code)
    assert "build_model" in builder and "class Bottleneck" in block
    assert "def _make_layer" in network and "def resnet152(" in network
    assert any("torchvision's weights load into it" in text.value for text in at.markdown)
    downloads = [button.proto.label for button in at.get("download_button")]
    assert downloads[-1] == "Download as a .py file"  # the listing, after the diagram's three
    cifar = architecture({"net": "resnet56", "size": "32"})
    cifar.session_state["arch_tab"] = "Code"
    cifar.run()
    assert any("our weights for it load" in text.value for text in cifar.markdown)


def test_a_custom_net_on_the_cifar_stem_gets_cifar_input_and_classes() -> None:
    at = architecture()
    at.selectbox(key="arch_net").set_value("custom").run()
    at.radio(key="arch_stem").set_value("cifar").run()
    assert at.number_input(key="arch_size").value == 32
    assert at.number_input(key="arch_classes").value == 10
    assert "input 32×32" in at.toast[0].value
    assert not at.error and metrics(at)["Parameters"]


def test_link_parameters_that_cannot_be_honoured_are_named() -> None:
    at = architecture({"net": "resnet50", "level": "layers", "stage": "layer9"})
    assert "stage: 'layer9' is not a stage of resnet50" in warned(at)
    at = architecture({"net": "resnet50", "level": "layers", "stage": "layer2", "bi": "99"})
    assert "bi: layer2 has blocks 0..3, not 99" in warned(at)
    at = architecture({"net": "resnet1202", "size": "32", "level": "blocks", "unfold": "1"})
    assert "unfold: resnet1202 has 600 blocks" in warned(at)


def test_after_an_unusable_custom_link_the_sidebar_shows_what_is_drawn() -> None:
    at = architecture({"net": "custom", "name": "broken", "layers": "1,1", "widths": "8,8,8"})
    assert "Width per stage: 3 widths for 2 stages" in warned(at)
    assert at.selectbox(key="arch_net").value == "resnet18"
    assert plain_texts(at, "h2") == ["resnet18"] and metrics(at)["Parameters"] == "11,689,512"
    assert not at.error
