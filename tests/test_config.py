"""The server's deliberate settings in .streamlit/config.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from resnet_viz import PRESETS, param_count
from resnet_viz.models import LIMITS

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


def test_each_uploader_states_a_limit_the_server_lets_through() -> None:
    """The hints under the uploaders name the limits the server keeps: a checkpoint the size
    of the server's whole allowance, photos and labels files far smaller."""
    from resnet_viz.data import MAX_BYTES
    from resnet_viz.infer import CHECKPOINT_UPLOAD_MIB, LABELS_UPLOAD_MIB

    server_mib = CONFIG["server"]["maxUploadSize"]
    assert CHECKPOINT_UPLOAD_MIB == server_mib == 600
    assert MAX_BYTES == 30 * 2**20 < server_mib * 2**20
    assert LABELS_UPLOAD_MIB == 1
