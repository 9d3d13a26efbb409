"""Presentation mode and the walkthrough's step in the link, in Streamlit's test runner."""

from __future__ import annotations

import json

from conftest import open_page, warned

from resnet_viz.ui.present import CHART_FONT_PX


def _chart_font_sizes(at) -> list[int | None]:
    """The base font size of every plotly chart on the page (None: plotly's default, 12)."""
    sizes = []
    for element in at.get("plotly_chart"):
        figure = json.loads(element.proto.spec)
        sizes.append(figure.get("layout", {}).get("font", {}).get("size"))
    return sizes


def test_presentation_mode_comes_from_the_link_and_rides_along_to_every_page() -> None:
    at = open_page("app_pages/architecture.py", {"present": "1", "net": "resnet50"})
    assert at.session_state["present"] is True
    assert at.toggle(key="present").value is True
    assert at.query_params["present"] == "1" and at.query_params["net"] == "resnet50"
    for page in ("app_pages/compare.py", "app_pages/lab.py", "app_pages/home.py"):
        at.switch_page(page).run()
        assert not at.exception, at.exception
        assert at.query_params["present"] == "1", page
    # Switched off in the sidebar: gone from the link.
    at.toggle(key="present").set_value(False).run()
    assert "present" not in at.query_params


def test_charts_get_larger_type_only_when_presenting() -> None:
    plain = open_page("app_pages/compare.py", {"nets": "resnet18,resnet50"})
    presented = open_page("app_pages/compare.py", {"nets": "resnet18,resnet50", "present": "1"})
    assert plain.get("plotly_chart") and presented.get("plotly_chart")
    assert set(_chart_font_sizes(plain)) == {None}
    assert set(_chart_font_sizes(presented)) == {CHART_FONT_PX}


def test_a_link_opens_the_walkthrough_at_its_step_and_the_link_follows_the_step() -> None:
    at = open_page("app_pages/lab.py", {"step": "4"})
    assert at.session_state["lab_part"] == "walkthrough"
    assert at.session_state["walk_step"] == 3
    assert at.query_params["step"] == "4"
    assert "Identity or projection" in at.subheader[0].value
    next_step = next(button for button in at.button if "Next" in button.label)
    next_step.click().run()
    assert at.session_state["walk_step"] == 4 and at.query_params["step"] == "5"
    # The experiments carry no step in their link; the walkthrough brings it back.
    at.session_state["lab_part"] = "experiments"
    at.run()
    assert "step" not in at.query_params
    at.session_state["lab_part"] = "walkthrough"
    at.run()
    assert at.query_params["step"] == "5"


def test_a_link_with_a_step_that_does_not_exist_says_so_and_opens_the_first() -> None:
    for raw in ("0", "99", "x<b>", "-3"):
        at = open_page("app_pages/lab.py", {"step": raw})
        assert "is not a step of the walkthrough (1 to 7)" in warned(at), raw
        assert f"'{raw}'" in warned(at)  # as typed, not as markup
        assert at.session_state["walk_step"] == 0 and at.query_params["step"] == "1"
