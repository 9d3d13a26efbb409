"""The server's deliberate settings in .streamlit/config.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from resnet_viz import PRESETS, param_count
from resnet_viz.specs import LIMITS

CONFIG = tomllib.loads(
    (Path(__file__).resolve().parent.parent / ".streamlit/config.toml").read_text()
)


def test_upload_limit_holds_the_largest_checkpoint_we_accept() -> None:
    upload_bytes = CONFIG["server"]["maxUploadSize"] * 2**20
    largest_fp32_checkpoint = 4 * LIMITS.max_params
    assert upload_bytes >= largest_fp32_checkpoint
    # ... and not far more: the limit exists to refuse anything larger.
    assert upload_bytes < 1.1 * largest_fp32_checkpoint
    assert 4 * max(param_count(s) for s in PRESETS.values()) < upload_bytes
