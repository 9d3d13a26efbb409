"""The architecture page and the library pieces it shows, in Chinese: the page's words, the
diagram's legend and title (user text still escaped), tables, charts and error messages; and
a change of language that keeps every choice."""

from __future__ import annotations

import json
import re

from conftest import open_page, unescaped
from streamlit.testing.v1 import AppTest

from resnet_viz import i18n
from resnet_viz.models import PRESETS, ResNetSpec
from resnet_viz.state import friendly_error
from resnet_viz.trace import trace
from resnet_viz.views import block_frame, layer_frame, stage_cost_chart, stage_frame
from resnet_viz.views.diagram import to_dot

ARCH = "app_pages/architecture.py"
CJK = re.compile(r"[\u4e00-\u9fff]")
HOSTILE = '<b>&"net'


def architecture(query: dict[str, str]) -> AppTest:
    return open_page(ARCH, query)


def viewer_data(at: AppTest) -> dict[str, object]:
    """What the page hands its diagram viewer: the SVG, the toolbar's words, the hint."""
    data: dict[str, object] = json.loads(at.get("bidi_component")[0].proto.json)
    return data


def test_the_page_speaks_chinese_when_asked() -> None:
    at = architecture({"lang": "zh", "net": "resnet50"})
    assert at.title[0].value == "网络结构"
    assert [header.value for header in at.header] == ["网络", "显示"]
    assert at.selectbox(key="arch_net").label == "网络"
    assert at.radio(key="arch_level").label == "结构图层级"
    assert at.radio(key="arch_level").options == ["阶段", "残差块", "层"]
    assert {metric.label for metric in at.metric} >= {"参数量", "深度（带权重的层）"}
    assert [tab.label for tab in at.tabs] == ["阶段", "残差块", "层", "图表", "摘要", "代码"]
    assert at.caption[0].value == "1 + 3·(3 + 4 + 6 + 3) + 1 = 50"  # how the depth adds up
    assert "个瓶颈块" in at.caption[1].value and "捷径：" in at.caption[1].value
    data = viewer_data(at)
    assert "resnet50：各残差块" in str(data["svg"]) and "恒等映射：x 原样通过" in str(data["svg"])
    assert data["labels"] == {
        "zoom_in": "放大",
        "zoom_out": "缩小",
        "reset": "适配",
        "reset_title": "适配窗口，文字保持清晰可读",
        "whole": "全图",
        "whole_title": "显示整张图（文字可能很小）",
        "full": "全屏",
        "full_title": "全屏",
        "view": "网络结构图",
        "drag": "滚动或拖动以移动，Ctrl+滚动或双指缩放，按 F 全屏。",
    }
    assert CJK.search(str(data["hint"]))
    # The numbers and the network's name are the same in both languages.
    assert at.metric[0].value == "25,557,032"


def test_switching_language_keeps_every_choice() -> None:
    at = architecture({"net": "resnet152"})
    at.radio(key="arch_level").set_value("layers").run()
    at.selectbox(key="arch_stage").set_value("layer3").run()
    at.selectbox(key="arch_bi").set_value(2).run()
    at.radio(key="arch_unit").set_value("FLOPs").run()
    at.session_state["arch_tab"] = "Charts"
    at.run()
    english = viewer_data(at)["svg"]
    assert "resnet152: layers of layer3.2" in str(english)

    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception and not at.error
    assert at.title[0].value == "网络结构"
    assert at.selectbox(key="arch_net").value == "resnet152"
    assert at.radio(key="arch_level").value == "layers"
    assert at.selectbox(key="arch_stage").value == "layer3"
    assert at.selectbox(key="arch_bi").value == 2
    assert at.radio(key="arch_unit").value == "FLOPs"
    assert at.session_state["arch_tab"] == "图表"
    assert len(at.get("plotly_chart")) == 2  # still the Charts tab
    assert "resnet152：layer3.2 的各层" in str(viewer_data(at)["svg"])
    assert at.query_params["lang"] == "zh" and at.query_params["net"] == "resnet152"

    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == "Architecture"
    assert at.session_state["arch_tab"] == "Charts"
    assert at.radio(key="arch_level").value == "layers"
    assert viewer_data(at)["svg"] == english


def test_an_absurd_custom_layout_is_refused_in_chinese() -> None:
    at = architecture({"lang": "zh"})
    at.selectbox(key="arch_net").set_value("custom").run()
    at.text_input(key="arch_layers").set_value("1, lots, 1").run()
    assert not at.exception
    assert at.error[0].value == (
        "每阶段块数：'1, lots, 1' 不是像 3, 4, 6, 3 这样的整数列表。改为显示上一个有效的网络。"
    )
    at.text_input(key="arch_layers").set_value("1000, 1000").run()
    assert at.error[0].value.startswith("每阶段块数：共 2000 个块，最多允许 1000 个")
    at.text_input(key="arch_layers").set_value("2, 2, 2").run()
    at.text_input(key="arch_widths").set_value("4096, 4096, 4096").run()
    assert at.error[0].value.startswith("网络规模：这个网络将有")
    assert at.metric[0].value == "11,689,512"  # the last good network stays drawn


def test_a_link_the_page_cannot_honour_is_explained_in_chinese() -> None:
    at = architecture({"lang": "zh", "net": "resnet9000", "level": "atoms"})
    warnings = [unescaped(warning.value) for warning in at.warning]
    assert any("未知网络 'resnet9000'；改为显示 resnet18" in text for text in warnings)
    assert any("level: 'atoms' 不是可选值" in text for text in warnings)


def test_validation_errors_name_the_widgets_in_chinese() -> None:
    with i18n.use("zh"):
        try:
            ResNetSpec(layers=(2, 0), widths=(64, 128))
        except ValueError as error:
            message = friendly_error(str(error))
    assert message == "每阶段块数（第 2 个阶段）：0 超出允许范围 1..1000"
    with i18n.use("zh"):
        try:
            trace("resnet18", (3, 16, 16))
        except ValueError as error:
            message = friendly_error(str(error))
    assert message.startswith("输入尺寸：对这个网络（imagenet 起始层，4 个阶段），")
    assert "高和宽必须在 32..1024 之间，实际为 16x16" in message


def test_the_chinese_legend_is_worded_and_user_text_stays_escaped() -> None:
    spec = PRESETS["resnet18"].replace(name=HOSTILE)
    traced = trace(spec)
    for level in ("stages", "blocks", "layers"):
        with i18n.use("zh"):
            source = to_dot(traced, level).source  # type: ignore[arg-type]
        assert "&lt;b&gt;&amp;&quot;net" in source and HOSTILE not in source
        assert "恒等映射：x 原样通过" in source and "捷径" in source
        assert ("投影捷径：1×1 conv + BN" in source) == (level != "layers")  # layer1: identities
    english = to_dot(traced, "blocks").source
    assert "shortcuts:" in english and "恒等" not in english


def test_the_cached_dot_source_is_kept_per_language() -> None:
    from resnet_viz.ui.diagram_view import dot_source

    spec, size = PRESETS["resnet18"], (3, 224, 224)
    chinese = dot_source(spec, size, "blocks", "LR", lang="zh")
    english = dot_source(spec, size, "blocks", "LR", lang="en")
    assert "resnet18：各残差块" in chinese and "resnet18: blocks" in english
    assert dot_source(spec, size, "blocks", "LR", lang="zh") == chinese
    assert dot_source(spec, size, "blocks", "LR") == english  # no session: English


def test_tables_and_charts_word_their_cells_and_titles() -> None:
    traced = trace("resnet50")
    with i18n.use("zh"):
        blocks, layers = block_frame(traced), layer_frame(traced)
        stages = stage_frame(traced)
        chart = stage_cost_chart(trace(PRESETS["resnet18"].replace(name=HOSTILE)))
    assert list(blocks.columns) == list(block_frame(traced).columns)  # data keys stay English
    assert blocks.loc[0, "why"] == "通道 64→256" and blocks.loc[0, "shortcut"] == "投影"
    assert blocks.loc[3, "why"] == "步长 2，通道 256→512"
    assert "3×3 最大池化, /2" in set(layers["what"])
    assert stages.loc[1, "shortcuts"] == "2 个恒等映射，1 个投影"
    assert chart.layout.title.text == "&lt;b&gt;&amp;&quot;net：参数量和 MACs 分布在哪里"


def test_the_stage_table_words_stem_and_head_in_chinese() -> None:
    """The table's cells follow the page (its CSV headers stay English, for programs)."""
    from resnet_viz import i18n
    from resnet_viz.models import PRESETS
    from resnet_viz.trace import get_trace
    from resnet_viz.views import _tables as tables

    trace = get_trace(PRESETS["resnet18"], (3, 224, 224))
    with i18n.use("zh"):
        chinese = tables.stage_frame(trace)
    english = tables.stage_frame(trace)
    assert list(chinese["stage"]) == ["起始层", "layer1", "layer2", "layer3", "layer4", "分类头"]
    assert english["stage"].iloc[0] == "stem" and english["stage"].iloc[-1] == "head"
    assert list(chinese.columns) == list(english.columns)  # CSV headers: English for programs
