"""The compare page in Streamlit's test runner: selection, links, custom nets, bad entries."""

from __future__ import annotations

import json

from conftest import open_page, plain_texts, unescaped
from streamlit.testing.v1 import AppTest

from resnet_viz import PRESETS, param_count
from resnet_viz.state import nets_from_query, query_from_nets, spec_to_text

PAGE = "app_pages/compare.py"


def compare_page(query: dict[str, str] | None = None) -> AppTest:
    return open_page(PAGE, query)


def totals(at: AppTest) -> dict[str, int]:
    frame = at.dataframe[0].value
    rows = frame[frame["part"] == "total"]
    return dict(zip(rows["network"], rows["params"], strict=True))


def test_a_shared_link_opens_the_comparison() -> None:
    at = compare_page({"nets": "resnet18,resnet50,resnet152"})
    assert at.multiselect(key="cmp_nets").value == ["resnet18", "resnet50", "resnet152"]
    assert totals(at) == {"resnet18": 11_689_512, "resnet50": 25_557_032, "resnet152": 60_192_808}
    keys = [element.key for element in at.get("bidi_component")]
    # The three networks side by side, and one block of each at the same stage.
    assert keys == [f"cmp_diagram_{i}" for i in range(3)] + [f"cmp_block_{i}" for i in range(3)]
    block = json.loads(at.get("bidi_component")[4].proto.json)["svg"]
    assert "resnet50: layers of layer3.1" in block
    said = plain_texts(at, "p")
    assert any(line.startswith("resnet50 → resnet152: the same blocks") for line in said)
    assert "resnet50: ImageNet acc@1 76.130 % (V1), 80.858 % (V2)" in said


def test_selection_changes_the_link() -> None:
    at = compare_page()
    assert at.multiselect(key="cmp_nets").value == ["resnet18", "resnet34", "resnet50"]
    at.multiselect(key="cmp_nets").set_value(["resnet50", "resnet101"]).run()
    assert at.query_params["nets"] == "resnet50,resnet101"
    said = plain_texts(at, "p")
    assert any(
        "stage 3 (layer3, conv4_x) grows from 6 to 23 blocks and holds all 3.71 G" in line
        for line in said
    )
    at.multiselect(key="cmp_nets").set_value(["resnet50"]).run()
    assert "Pick two to four networks" in at.info[0].value


def test_three_and_four_stage_nets_side_by_side() -> None:
    at = compare_page({"nets": "resnet56,resnet18"})
    frame = at.dataframe[0].value
    assert list(frame[frame["part"] == "stage 4 · conv5_x"]["network"]) == ["resnet18"]
    assert "resnet56: CIFAR-10 error 6.97 % (He et al., Table 6)" in plain_texts(at, "p")


def test_a_custom_network_round_trips_through_the_link() -> None:
    tiny = PRESETS["resnet18"].replace(
        name="tiny <b>net</b>", layers=(1, 1), widths=(8, 16), stem_width=8
    )
    query = query_from_nets([PRESETS["resnet18"], tiny])
    assert query["nets"] == "resnet18,c1" and query["c1"] == spec_to_text(tiny)
    at = compare_page(query)
    assert at.multiselect(key="cmp_nets").value == ["resnet18", "custom:1"]
    assert totals(at)["tiny <b>net</b>"] == param_count(tiny)  # the network in the link
    svg = json.loads(at.get("bidi_component")[1].proto.json)["svg"]
    assert "tiny &lt;b&gt;net&lt;/b&gt;: stages" in svg and "<b>net" not in svg
    assert nets_from_query(dict(at.query_params))[0][1] == tiny


def test_adding_a_custom_network_in_the_sidebar() -> None:
    at = compare_page({"nets": "resnet18"})
    at.text_area(key="cmp_new").set_value("name=wide;layers=2,2;widths=64,256;stem=cifar").run()
    at.button[0].click().run()
    assert at.multiselect(key="cmp_nets").value == ["resnet18", "custom:1"]
    assert "wide" in totals(at)
    at.text_area(key="cmp_new").set_value("name=bad;layers=2,lots").run()
    at.button[0].click().run()
    assert "Blocks per stage: '2,lots' is not a list of whole numbers" in at.error[0].value


def test_bad_entries_in_the_link_are_named_and_the_rest_compared() -> None:
    at = compare_page({"nets": "resnet18,resnet9000,c1,resnet50", "c1": "layers=1,lots"})
    warnings = [unescaped(w.value) for w in at.warning]
    assert any("unknown network 'resnet9000'" in w for w in warnings)
    assert any(w.startswith("Ignored from the link — c1: Blocks per stage") for w in warnings)
    assert set(totals(at)) == {"resnet18", "resnet50"}


def test_block_against_block_tabs() -> None:
    at = compare_page({"nets": "resnet34,resnet50"})
    steps = at.dataframe[1].value
    assert list(steps["layer"]) == ["conv1", "bn1", "relu", "conv2", "bn2", "relu", "block"]
    assert steps["params"].iloc[-1] == 1_180_672  # ResNet-34's layer3.1: two 3×3 convs
    at.session_state["cmp_block_tab"] = "Shortcut options A · B · C"
    at.run()
    options = at.dataframe[1].value
    assert list(options["option"]) == ["A", "B", "C"]
    assert list(options["projections"]) == [0, 3, 16]
    at.session_state["cmp_block_tab"] = "The plain twin"
    at.run()
    assert any(
        "the same layers without shortcuts (the plain twin)" in line
        for line in plain_texts(at, "p")
    )


def test_the_link_keeps_the_view() -> None:
    at = compare_page({"nets": "resnet34,resnet50", "level": "blocks", "unit": "FLOPs"})
    assert at.radio(key="cmp_level").value == "blocks"
    assert "FLOPs" in at.dataframe[0].value.columns
    svg = json.loads(at.get("bidi_component")[0].proto.json)["svg"]
    assert "resnet34: blocks" in svg
    bad = compare_page({"nets": "resnet34,resnet50", "level": "atoms"})
    assert any("level: 'atoms' is not one of" in unescaped(w.value) for w in bad.warning)


def test_markdown_in_a_link_is_shown_as_text_in_its_warning() -> None:
    at = compare_page({"nets": "[x](http://evil.example),resnet18"})
    value = next(w.value for w in at.warning if "evil" in w.value)
    assert "[x](http://evil.example)" in unescaped(value)
    assert "[x](http" not in value  # every bracket escaped: the warning never holds a link
