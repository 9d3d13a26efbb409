"""The architecture page's state: URL <-> widgets <-> view, with clear messages for bad values."""

from __future__ import annotations

import pytest

from resnet_viz import PRESETS
from resnet_viz.state import (
    default_state,
    detail_state,
    friendly_error,
    query_from_view,
    state_from_query,
    stem_proposal,
    unhonoured,
    view_from_state,
)
from resnet_viz.state._architecture import parse_int_list


def test_default_view_is_resnet18_blocks() -> None:
    view = view_from_state(default_state())
    assert view.spec == PRESETS["resnet18"]
    assert (view.level, view.size, view.unit, view.unfold) == ("blocks", 224, "MACs", False)


@pytest.mark.parametrize(
    "query",
    [
        {"net": "resnet152", "size": "224", "level": "blocks", "unit": "MACs"},
        {"net": "resnet56", "size": "32", "level": "stages", "unit": "FLOPs"},
        {
            "net": "resnet50",
            "size": "160",
            "level": "layers",
            "unit": "MACs",
            "stage": "layer3",
            "bi": "2",
        },
        {"net": "resnet18", "size": "224", "level": "blocks", "unit": "MACs", "unfold": "1"},
        {"net": "resnet50", "size": "224", "level": "blocks", "unit": "MACs", "dir": "TB"},
        {
            "net": "custom",
            "name": "tiny net",
            "block": "bottleneck",
            "layers": "1,2,1",
            "widths": "16,32,64",
            "groups": "4",
            "wpg": "16",
            "shortcut": "C",
            "stride_on": "1x1",
            "stem": "cifar",
            "stem_width": "16",
            "classes": "10",
            "in_ch": "1",
            "size": "28",
            "level": "blocks",
            "unit": "FLOPs",
        },
        {  # the later layouts: a pre-activation ResNet-D without the final BN-ReLU
            "net": "custom",
            "name": "pre-d",
            "block": "basic",
            "layers": "2,2",
            "widths": "64,128",
            "groups": "1",
            "wpg": "64",
            "shortcut": "B",
            "stride_on": "3x3",
            "stem": "deep",
            "stem_width": "64",
            "classes": "1000",
            "in_ch": "3",
            "act": "pre",
            "final_bn": "0",
            "avg_down": "1",
            "size": "224",
            "level": "blocks",
            "unit": "MACs",
        },
        {  # option A with its zeros split
            "net": "custom",
            "name": "split",
            "block": "basic",
            "layers": "3,3,3",
            "widths": "16,32,64",
            "groups": "1",
            "wpg": "64",
            "shortcut": "A",
            "stride_on": "3x3",
            "stem": "cifar",
            "stem_width": "16",
            "classes": "10",
            "in_ch": "3",
            "zero_pad": "split",
            "size": "32",
            "level": "blocks",
            "unit": "MACs",
        },
    ],
)
def test_a_query_round_trips(query: dict[str, str]) -> None:
    state, problems = state_from_query(query)
    assert problems == []
    view = view_from_state(state)
    assert query_from_view(view) == query
    if query.get("act") == "pre":
        assert view.spec.unit == "pre" and view.spec.avg_down and not view.spec.final_norm
        assert view.spec.stem == "deep"
    if "zero_pad" in query:
        assert view.spec.zero_pad == "split"


def test_custom_query_builds_the_spec_it_describes() -> None:
    state, _ = state_from_query(
        {"net": "custom", "layers": "1,1", "widths": "8,16", "stem_width": "8", "shortcut": "A"}
    )
    spec = view_from_state(state).spec
    assert (spec.layers, spec.widths, spec.stem_width, spec.shortcut) == ((1, 1), (8, 16), 8, "A")


def test_bad_query_values_are_reported_and_defaulted() -> None:
    state, problems = state_from_query(
        {"net": "resnet9000", "size": "huge", "level": "atoms", "unit": "joules", "bi": "-7"}
    )
    assert problems == [
        "net: unknown network 'resnet9000'; showing resnet18",
        "size: 'huge' is not a whole number within 8..1024",
        "level: 'atoms' is not one of ['stages', 'blocks', 'layers']",
        "bi: '-7' is not a whole number within -1..1000",
        "unit: 'joules' is not one of ['MACs', 'FLOPs']",
    ]
    assert view_from_state(state).spec == PRESETS["resnet18"]


def test_custom_values_out_of_widget_range_are_reported() -> None:
    _, problems = state_from_query({"net": "custom", "groups": "0", "block": "dense"})
    assert problems == [
        "block: 'dense' is not one of ['basic', 'bottleneck']",
        "groups: '0' is not a whole number within 1..1024",
    ]


@pytest.mark.parametrize(("field", "raw"), [("groups", "0"), ("classes", "1e3"), ("in_ch", "-4")])
def test_both_pages_read_a_networks_numbers_from_a_link_alike(field: str, raw: str) -> None:
    """The architecture view's keys and a compare entry (``c1=…``) share one codec."""
    from resnet_viz.state import spec_from_text

    _, problems = state_from_query({"net": "custom", field: raw})
    with pytest.raises(ValueError) as compared:
        spec_from_text(f"{field}={raw}")
    assert problems == [str(compared.value).replace(_FIELD_OF[field], field, 1)]


_FIELD_OF = {"groups": "groups", "classes": "num_classes", "in_ch": "in_channels"}


def test_a_custom_state_that_describes_no_network_raises() -> None:
    state = default_state() | {"net": "custom", "layers": "3, four, 6"}
    with pytest.raises(ValueError, match=r"layers: '3, four, 6' is not a list of whole numbers"):
        view_from_state(state)
    state = default_state() | {"net": "custom", "block": "basic", "groups": 32}
    with pytest.raises(ValueError, match=r"groups/width_per_group: basic blocks take groups=1"):
        view_from_state(state)


def test_parse_int_list_accepts_spaces_and_commas() -> None:
    assert parse_int_list("layers", " 3, 4 ,6;3 ") == (3, 4, 6, 3)
    with pytest.raises(ValueError, match=r"layers: '' is not a list"):
        parse_int_list("layers", "")


def test_stage_and_block_follow_the_network() -> None:
    # A stage the network lacks falls back to the first; a block past the end means "all".
    state = default_state() | {"level": "layers", "stage": "layer6", "bi": 99}
    view = view_from_state(state)
    assert (view.stage, view.block) == ("layer1", None)


def test_unfold_is_dropped_for_networks_too_deep_to_draw_block_by_block() -> None:
    state, _ = state_from_query({"net": "resnet1202", "unfold": "1"})
    assert view_from_state(state).unfold is False
    state, _ = state_from_query({"net": "resnet152", "unfold": "1"})
    assert view_from_state(state).unfold is True


def test_errors_use_the_pages_words() -> None:
    assert friendly_error("layers[1]: 0 is outside the allowed range 1..1000") == (
        "Blocks per stage (stage 2): 0 is outside the allowed range 1..1000"
    )
    assert friendly_error("size: this network would have 9 parameters").startswith("Network size:")
    assert friendly_error("something else: unchanged") == "something else: unchanged"


def test_long_names_in_links_are_cut_to_the_fields_length() -> None:
    state, problems = state_from_query({"net": "custom", "name": "n" * 300})
    assert problems == [] and state["name"] == "n" * 64
    assert view_from_state(state).spec.name == "n" * 64


def test_links_that_cannot_be_honoured_say_so() -> None:
    for query, expected in [
        (
            {"net": "resnet50", "level": "layers", "stage": "layer9"},
            "stage: 'layer9' is not a stage of resnet50 (layer1, layer2, layer3, layer4); "
            "showing layer1",
        ),
        (
            {"net": "resnet50", "level": "layers", "stage": "layer2", "bi": "99"},
            "bi: layer2 has blocks 0..3, not 99; showing the whole stage",
        ),
        (
            {"net": "resnet1202", "level": "blocks", "unfold": "1"},
            "unfold: resnet1202 has 600 blocks, too many to draw one by one; identical blocks "
            "are folded",
        ),
    ]:
        state, problems = state_from_query(query)
        assert problems == []
        assert unhonoured(state, view_from_state(state)) == [expected]
    state, _ = state_from_query(
        {"net": "resnet50", "level": "layers", "stage": "layer2", "bi": "3"}
    )
    assert unhonoured(state, view_from_state(state)) == []


def test_a_clicked_node_opens_its_layers() -> None:
    assert detail_state("layer3:2") == {"level": "layers", "stage": "layer3", "bi": 2}
    assert detail_state("layer1:-1") == {"level": "layers", "stage": "layer1", "bi": -1}
    for bad in ("layer3", "stem:0", "layer3:x", "<b>:1"):
        with pytest.raises(ValueError, match="is not a stage and block"):
            detail_state(bad)


def test_download_names_say_what_is_shown() -> None:
    state, _ = state_from_query(
        {"net": "resnet50", "level": "layers", "stage": "layer3", "bi": "2"}
    )
    assert view_from_state(state).file_stem() == "resnet50-layers-layer3-block2"
    state, _ = state_from_query({"net": "resnet50", "level": "layers", "stage": "layer3"})
    assert view_from_state(state).file_stem() == "resnet50-layers-layer3"
    state, _ = state_from_query({"net": "resnet50", "level": "stages"})
    assert view_from_state(state).file_stem() == "resnet50-stages"


def test_layout_follows_the_level_unless_chosen() -> None:
    state, _ = state_from_query({"net": "resnet50", "level": "stages"})
    assert view_from_state(state).layout == "TB"
    state, _ = state_from_query({"net": "resnet50", "level": "blocks"})
    assert view_from_state(state).layout == "LR"
    state, _ = state_from_query({"net": "resnet50", "level": "blocks", "dir": "TB"})
    assert view_from_state(state).layout == "TB"
    _, problems = state_from_query({"net": "resnet50", "dir": "diagonal"})
    assert problems == ["dir: 'diagonal' is not one of ['auto', 'TB', 'LR']"]


def test_full_width_commas_and_digits_are_read() -> None:
    assert parse_int_list("layers", "2，2，2，2") == (2, 2, 2, 2)
    assert parse_int_list("layers", "３、４；６ ３") == (3, 4, 6, 3)


def test_a_new_stem_proposes_its_usual_input_and_classes() -> None:
    state = default_state() | {"net": "custom"}
    assert stem_proposal(state, "cifar") == {"size": 32, "classes": 10}
    assert stem_proposal(state | {"size": 64, "classes": 100}, "cifar") == {}  # typed: kept
    assert stem_proposal(state | {"size": 32, "classes": 10}, "imagenet") == {
        "size": 224,
        "classes": 1000,
    }


def test_a_compare_entry_keeps_the_later_layouts_and_old_entries_read_as_before() -> None:
    from resnet_viz.models import LAYOUT_PRESETS
    from resnet_viz.state import spec_from_text, spec_to_text

    for spec in (
        LAYOUT_PRESETS["preact_resnet50"].replace(name="custom", final_norm=False),
        LAYOUT_PRESETS["resnet50d"].replace(name="custom"),
        PRESETS["resnet20"].replace(name="custom", zero_pad="split"),
    ):
        assert spec_from_text(spec_to_text(spec)) == spec
    plain = PRESETS["resnet18"].replace(name="custom")
    text = spec_to_text(plain)  # the 2015 layout writes none of the later fields
    assert not {"act=", "final_bn=", "avg_down=", "zero_pad="} & {
        part[: part.index("=") + 1] for part in text.split(";")
    }
    assert spec_from_text(text) == plain
