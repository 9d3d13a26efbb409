"""The residual lab page in Streamlit's test runner."""

from __future__ import annotations

import json
import time

import pytest
from conftest import APP, open_page
from streamlit.testing.v1 import AppTest


def lab_page(part: str = "experiments", lang: str = "en") -> AppTest:
    """The lab page at one of its parts (the walkthrough opens first)."""
    at = open_page("app_pages/lab.py", {"lang": lang})
    at.session_state["lab_part"] = part
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_walkthrough_opens_first_and_the_experiments_are_one_click_away() -> None:
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.switch_page("app_pages/lab.py").run()
    assert not at.exception
    assert at.session_state["lab_part"] == "walkthrough"
    assert not at.get("plotly_chart") and at.get("bidi_component")  # diagrams, no charts
    at.session_state["lab_part"] = "experiments"
    at.run()
    assert len(at.get("plotly_chart")) == 2


def test_the_experiments_speak_chinese() -> None:
    from test_i18n import english_left, shown_texts

    at = lab_page(lang="zh")
    assert at.button(key="lab_run").label == "开始训练竞赛"
    assert english_left(shown_texts(at)) == []
    assert (
        "每层的梯度范数"
        in json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    )


def test_gradients_at_initialisation_follow_the_controls() -> None:
    at = lab_page()
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    title = charts[0].proto.spec
    assert "Gradient norm per layer: plain spread" in title

    def gradient_title() -> str:
        text: str = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
        return text

    deep = gradient_title()
    at.select_slider(key="lab_depth").set_value(8).run()
    shallow = gradient_title()
    assert shallow != deep  # the spreads in the title follow the depth
    at.toggle(key="lab_bn").set_value(False).run()
    assert not at.exception and len(at.get("plotly_chart")) == 2
    without_bn = gradient_title()
    at.number_input(key="lab_seed").set_value(7).run()
    assert not at.exception and gradient_title() != without_bn  # another batch, other numbers
    assert at.button(key="lab_run").label == "Run the race"
    assert at.button(key="lab_run_deep").label == "Run the second race"
    at.toggle(key="lab_bn").set_value(True).run()
    at.toggle(key="lab_preact").set_value(True).run()  # the pre-activation twin joins
    assert not at.exception
    for chart in at.get("plotly_chart"):
        lines = [line["name"] for line in json.loads(chart.proto.spec)["data"]]
        assert lines == ["plain", "residual", "pre-activation"]
    assert ", pre-activation ×" in gradient_title()
    assert any("pre-activation twin (purple" in text.value for text in at.markdown)


def race_finished(at: AppTest, limit: float = 600) -> AppTest:
    """Rerun the page (as its once-a-second refresh does in a browser) until the race that
    trains in the background has finished."""
    deadline = time.monotonic() + limit
    while any(bar for bar in at.get("progress")):
        assert time.monotonic() < deadline, "the race did not finish"
        time.sleep(0.5)
        at.run()
        assert not at.exception, at.exception
    return at


@pytest.mark.slow
def test_the_race_survives_a_language_switch_is_shared_and_shows_its_lesions() -> None:
    at = lab_page(lang="en")
    at.number_input(key="lab_seed").set_value(11).run()  # a race no other test has run
    at.button(key="lab_run").click().run()
    assert not at.exception
    assert len(at.get("progress")) == 1  # training in the background, shown as it goes
    assert "keeps going if you switch language" in at.caption[-1].value
    # Switch language while it trains: the race goes on (it used to be thrown away).
    at.segmented_control(key="lang").set_value("zh").run()
    assert not at.exception and len(at.get("progress")) == 1
    assert "切换语言或页面也不会中断" in at.caption[-1].value
    # A second visitor sees the same race in progress, with no button to start another.
    other = lab_page(lang="en")
    other.number_input(key="lab_seed").set_value(11).run()
    assert not any(button.key == "lab_run" for button in other.button)
    race_finished(at)
    assert len(at.get("plotly_chart")) == 4  # gradients, activations, the race, the lesions
    assert any("ResNet-56" in block.value and "plain-56" in block.value for block in at.markdown)
    assert any("去掉任意一个块后" in block.value for block in at.markdown)  # lesions, in Chinese
    race_finished(other.run())
    assert len(other.get("plotly_chart")) == 4
    assert any("ResNet-56 still reads" in block.value for block in other.markdown)


@pytest.mark.slow
def test_the_raced_resnet_opens_on_the_inference_page_for_this_session_only() -> None:
    from conftest import plain_texts

    from resnet_viz.lab import digits

    at = lab_page()
    at.number_input(key="lab_seed").set_value(12).run()  # a race of its own, whatever ran before
    at.button(key="lab_run").click().run()
    race_finished(at)
    at.button(key="lab_open_inference").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Inference"
    assert at.session_state["inf_source"] == "lab"
    shown = plain_texts(at, "h3")
    data = digits()
    expected = [
        f"held-out digit #{index}: a handwritten {int(data.test_labels[index])}"
        for index in range(8)
    ]
    assert shown == expected
    # Each says whether the network read it right, against the digit it really is.
    marks = [box.value for box in [*at.success, *at.error] if box.value.startswith(("✓", "✗"))]
    assert len(marks) == 8
    assert "residual lab" in plain_texts(at, "p")[0]
    # Pick two particular held-out digits: they replace the first eight. (AppTest's next run
    # starts from its own page, where a browser's would follow st.switch_page's new URL.)
    at.switch_page("app_pages/inference.py").run()
    at.multiselect(key="inf_digits").set_value([10, 11]).run()
    assert plain_texts(at, "h3") == [
        f"held-out digit #{index}: a handwritten {int(data.test_labels[index])}"
        for index in (10, 11)
    ]
    assert len(at.get("plotly_chart")) >= 3  # two top-5 charts and the residual ratios
    # Another visitor's inference page has no such model.
    other = AppTest.from_file(APP, default_timeout=300).run()
    other.switch_page("app_pages/inference.py").run()
    assert not any("lab" in option for option in other.radio(key="inf_source").options)
