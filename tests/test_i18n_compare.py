"""The compare page in Chinese: its headings, charts and plain words; a change of language
that keeps every choice; a network's name that stays text in either language."""

from __future__ import annotations

import html
import json

import pytest
from conftest import open_page, plain_texts, unescaped
from streamlit.testing.v1 import AppTest

from resnet_viz import PRESETS, i18n
from resnet_viz.comparison import compare, comparison_frame, what_changes
from resnet_viz.state import nets_from_query, query_from_nets, view_from_query
from resnet_viz.trace import trace

PAGE = "app_pages/compare.py"


def compare_page(query: dict[str, str]) -> AppTest:
    return open_page(PAGE, query)


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def chart_titles(at: AppTest) -> list[str]:
    return [figure["layout"]["title"]["text"] for figure in figures(at)]


def test_the_page_in_chinese() -> None:
    at = compare_page({"lang": "zh", "nets": "resnet34,resnet50"})
    assert at.multiselect(key="cmp_nets").value == ["resnet34", "resnet50"]
    assert [title.value for title in at.title] == ["网络对比"]
    assert [sub.value for sub in at.subheader] == [
        "有哪些变化",
        "逐阶段对比",
        "并排对比",
        "逐块对比",
    ]
    assert at.multiselect(key="cmp_nets").label == "对比"
    assert chart_titles(at)[:3] == ["各阶段参数量", "各阶段 MACs", "各阶段块数"]
    assert chart_titles(at)[3].startswith("ImageNet：准确率与计算量")
    assert figures(at)[3]["layout"]["xaxis"]["title"]["text"] == "乘加运算（G）"
    assert figures(at)[0]["data"][0]["x"][:2] == ["起始层", "阶段 1 · conv2_x"]
    said = plain_texts(at, "p")
    assert (
        "resnet34 → resnet50：BasicBlock → Bottleneck（1×1 降维、3×3、1×1 升维 ×4）；"
        "投影捷径：3 个 → 4 个；参数量 ×1.17；乘加运算 ×1.12"
    ) in said
    assert "resnet50：ImageNet acc@1 76.130 %（V1），80.858 %（V2）" in said
    assert [tab.label for tab in at.tabs] == [
        "同一阶段的块",
        "捷径方案 A · B · C",
        "对应的普通网络",
    ]
    table = at.dataframe[0].value
    assert "参数量" in table.columns and "合计" in set(table["部分"])
    # The numbers are the same in both languages.
    assert sorted(table[table["部分"] == "合计"]["参数量"]) == [21_797_672, 25_557_032]


def test_links_that_go_wrong_are_explained_in_chinese() -> None:
    at = compare_page({"lang": "zh", "nets": "resnet18,resnet9000,resnet50", "level": "atoms"})
    warnings = [unescaped(warning.value) for warning in at.warning]
    assert "链接中的这一项未被采用：nets：未知的网络 'resnet9000'" in warnings
    assert any(w.startswith("链接中的这一项未被采用：level：'atoms' 不是") for w in warnings)
    assert at.multiselect(key="cmp_nets").value == ["resnet18", "resnet50"]


def test_switching_language_keeps_every_choice() -> None:
    at = compare_page({"lang": "zh", "nets": "resnet34,resnet50", "level": "blocks"})
    at.radio(key="cmp_unit").set_value("FLOPs").run()
    at.session_state["cmp_block_tab"] = "捷径方案 A · B · C"
    at.run()
    assert list(at.dataframe[1].value["捷径方案"]) == ["A", "B", "C"]
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert at.multiselect(key="cmp_nets").value == ["resnet34", "resnet50"]
    assert at.radio(key="cmp_level").value == "blocks"
    assert at.radio(key="cmp_unit").value == "FLOPs"
    assert at.session_state["cmp_block_tab"] == "Shortcut options A · B · C"
    assert list(at.dataframe[1].value["option"]) == ["A", "B", "C"]
    assert [sub.value for sub in at.subheader][:2] == ["What changes", "Stage by stage"]
    # The figures are cached: each language gets its own.
    assert chart_titles(at)[:2] == ["Parameters per stage", "FLOPs per stage"]
    assert any(line.startswith("resnet34 → resnet50: BasicBlock") for line in plain_texts(at))
    assert at.query_params["lang"] == "en" and at.query_params["nets"] == "resnet34,resnet50"
    at.session_state["lang"] = "zh"
    at.run()
    assert at.session_state["cmp_block_tab"] == "捷径方案 A · B · C"
    assert chart_titles(at)[:2] == ["各阶段参数量", "各阶段 FLOPs"]


NAME = "tiny <b>net</b> [go](http://evil.example) **x**"


@pytest.mark.parametrize(("lang", "custom"), [("en", " (custom)"), ("zh", "（自定义）")])
def test_a_custom_name_stays_text_in_either_language(lang: str, custom: str) -> None:
    tiny = PRESETS["resnet18"].replace(name=NAME, layers=(1, 1), widths=(8, 16), stem_width=8)
    at = compare_page({"lang": lang, **query_from_nets([PRESETS["resnet18"], tiny])})
    assert at.multiselect(key="cmp_nets").value == ["resnet18", "custom:1"]
    assert f"{NAME}{custom}" in at.multiselect(key="cmp_nets").options
    assert any(line.startswith(f"resnet18 → {NAME}") for line in plain_texts(at, "p"))
    # Shown through escaped HTML only: never as Markdown, never as live tags.
    assert all("<b>net" not in element.proto.body for element in at.get("html"))
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error"):
        assert not any("evil.example" in element.value for element in getattr(at, kind))
    legend = [bar["name"] for bar in figures(at)[0]["data"]]
    assert legend == ["resnet18", html.escape(NAME, quote=False)]


def test_the_library_words_follow_the_language() -> None:
    r34, r50 = trace("resnet34"), trace("resnet50")
    with i18n.use("zh"):
        said = what_changes(r50, trace("resnet101"))
        frame = comparison_frame(compare([trace("resnet18"), r50]))
        problems = nets_from_query({"nets": "resnet18,c1", "c1": "groups=lots"})[1]
        view_problem = view_from_query({"unit": "ops"})[1]
    assert said[:2] == [
        "块的结构相同",
        "阶段 3（layer3，conv4_x）由 6 个块增至 23 个，新增的 3.71 G 次乘加运算全部来自这里",
    ]
    assert list(frame[frame["network"] == "resnet50"]["largest"])[-1] == "参数量 ×2.19，MACs ×2.25"
    # The field's name is friendly_error's to word; what is wrong with it is ours.
    assert problems[0].startswith("c1: ") and problems[0].endswith("'lots' 不是 1..1024 之间的整数")
    assert view_problem[0].startswith("unit：'ops' 不是")
    assert what_changes(r34, r50)[0].startswith("BasicBlock → Bottleneck (1×1 reduce")
