"""The app in Streamlit's test runner: every page runs without an exception."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_home_page_runs() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "resnet-viz"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Parameters": "11,689,512", "Weighted layers": "18", "Residual blocks": "8"}
    table = at.dataframe[0].value
    assert list(table["parameters"]) == [9_536, 147_968, 525_568, 2_099_712, 8_393_728, 513_000]
    assert list(table["output (C×H×W)"]) == [
        "64×112×112", "64×56×56", "128×28×28", "256×14×14", "512×7×7", "1000",
    ]
