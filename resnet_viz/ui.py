"""Everything Streamlit: cached loaders and shared widgets. The only module that imports it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from .overview import overview_frame, stage_overview
from .specs import PRESETS

__all__ = ["show_table", "stage_table"]


@st.cache_data(max_entries=64, show_spinner="Tracing the network…")
def stage_table(preset: str, input_size: tuple[int, int, int] = (3, 224, 224)) -> pd.DataFrame:
    """Per-stage overview of a preset, cached: it is the same for every visitor."""
    return overview_frame(stage_overview(PRESETS[preset], input_size))


def show_table(frame: pd.DataFrame) -> None:
    """A full-width table whose integer columns read with thousands separators."""
    integer_columns = frame.select_dtypes("integer").columns
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={c: st.column_config.NumberColumn(format="localized") for c in integer_columns},
    )
