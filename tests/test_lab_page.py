"""The residual lab page in Streamlit's test runner."""

from __future__ import annotations

import pytest
from conftest import APP
from streamlit.testing.v1 import AppTest


def lab_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.switch_page("app_pages/lab.py").run()
    assert not at.exception, at.exception
    return at


def test_gradients_at_initialisation_follow_the_controls() -> None:
    at = lab_page()
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    title = charts[0].proto.spec
    assert "Gradient norm per layer: plain spread" in title
    at.select_slider(key="lab_depth").set_value(8).run()
    at.toggle(key="lab_bn").set_value(False).run()
    assert not at.exception and len(at.get("plotly_chart")) == 2
    assert at.button(key="lab_run").label == "Run the race"


@pytest.mark.slow
def test_the_race_runs_once_then_shows_at_once_with_its_lesions() -> None:
    at = lab_page()
    at.button(key="lab_run").click().run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 4  # gradients, activations, the race, the lesions
    assert any("ResNet-56 still reads" in block.value for block in at.markdown)
    again = lab_page()  # another visitor: the finished race is shown without running it
    assert len(again.get("plotly_chart")) == 4
