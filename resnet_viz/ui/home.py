"""The home page's one live element: a preset at a glance, from the same trace as elsewhere."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import tables
from ..presets import PRESETS
from .widgets import cached_trace, show_table

__all__ = ["at_a_glance", "stage_table"]


def stage_table(preset: str) -> pd.DataFrame:
    """A preset at a glance (224×224 input): stem, stages and head with shapes and costs."""
    frame = tables.stage_frame(cached_trace(PRESETS[preset], (3, 224, 224)), "MACs")
    return frame[["stage", "paper name", "blocks", "output", "params", "MACs"]]


def at_a_glance(preset: str) -> None:
    """Parameters, depth and blocks of a preset, then its stage table."""
    spec = PRESETS[preset]
    table = stage_table(preset)
    total, depth, blocks = st.columns(3)
    total.metric("Parameters", f"{int(table['params'].sum()):,}")
    depth.metric("Weighted layers", spec.depth)
    blocks.metric("Residual blocks", sum(spec.layers))
    show_table(table)
