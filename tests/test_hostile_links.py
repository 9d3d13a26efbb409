"""Links a visitor should never be able to break a page with: every parameter malformed,
markup and DOT syntax in every field, numbers that aren't, sizes that are absurd."""

from __future__ import annotations

import pytest
from conftest import open_page, plain_texts

from resnet_viz.infer import WeightsUnavailable

HOSTILE_VALUES = (
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    '"]; evil [label="x',
    "-1",
    "1e309",
    "NaN",
    "９９",
    "\u202eevil",
    "x" * 10_000,
)
ARCHITECTURE_FIELDS = (
    *("net", "name", "block", "layers", "widths", "groups", "wpg", "shortcut", "stride_on"),
    *("stem", "stem_width", "in_ch", "classes", "size", "level", "unfold", "stage", "bi"),
    *("unit", "dir", "lang"),
)
PAGES = ("architecture", "compare", "lab", "inference", "glossary", "home")


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
def test_every_architecture_parameter_malformed_still_draws_a_network(value: str) -> None:
    query = dict.fromkeys(ARCHITECTURE_FIELDS, value) | {"net": "custom"}
    at = open_page("app_pages/architecture.py", query)
    assert at.session_state["lang"] == "en"  # an unknown language is English
    # No field holds anything usable, so the custom network cannot be built: the default is
    # drawn, and the warnings say why.
    assert plain_texts(at, "h2") == ["resnet18"]
    assert any("showing resnet18" in warning.value for warning in at.warning)
    assert at.get("bidi_component")  # the diagram viewer got a diagram
    assert "<script>" not in "".join(w.value for w in at.warning)  # escaped if quoted


@pytest.mark.parametrize("page", PAGES)
def test_garbage_in_every_link_field_leaves_every_page_working(
    page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    offline = "could not download resnet50 weights (offline)"
    monkeypatch.setattr(  # no test reaches the network: the download fails as offline
        "resnet_viz.ui.inference._state.fetch",
        lambda *a, **k: (_ for _ in ()).throw(WeightsUnavailable(offline)),
    )
    query = {
        "nets": "<b>x</b>,resnet18,c1,c9," * 50,
        "c1": 'layers=<b>;widths=[x](y);name="]; a [',
        "level": "atoms",
        "unit": "<i>",
        "lang": "zh<script>",
        "net": "resnet18<script>",
    }
    at = open_page(f"app_pages/{page}.py", query)
    # The one error: Inference opens on pretrained weights, which cannot be downloaded here.
    assert [error.value for error in at.error] == ([offline] if page == "inference" else [])
    assert "<script>" not in "".join(w.value for w in at.warning)  # escaped: shown as text


def test_an_oversized_link_is_ignored_whole() -> None:
    """Streamlit drops a query string over 512 KiB before the page sees it."""
    at = open_page("app_pages/architecture.py", {"net": "resnet50", "layers": "9," * 300_000})
    assert plain_texts(at, "h2") == ["resnet18"]
