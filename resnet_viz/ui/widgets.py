"""Widgets several pages share: tables with CSV, choice defaults, the shared trace."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
import streamlit as st

from ..specs import ResNetSpec
from ..text import file_stem
from ..trace_records import Shape, Trace
from ..tracing import trace

__all__ = ["cached_trace", "choose_default", "show_table", "table_with_csv"]


def show_table(frame: pd.DataFrame, **kwargs: Any) -> None:
    """A full-width table whose integer columns read with thousands separators."""
    integer_columns = frame.select_dtypes("integer").columns
    float_columns = frame.select_dtypes("floating").columns
    config = {name: st.column_config.NumberColumn(format="localized") for name in integer_columns}
    config |= {name: st.column_config.NumberColumn(format="%.1f") for name in float_columns}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config, **kwargs)


def table_with_csv(frame: pd.DataFrame, what: str, name: str) -> None:
    """A table and the button that downloads it as CSV."""
    show_table(frame)
    st.download_button(
        f"{what.capitalize()} as CSV",
        frame.to_csv(index=False),
        f"{file_stem(name, what)}.csv",
        "text/csv",
    )


def cached_trace(spec: ResNetSpec, input_size: Shape) -> Trace:
    """The trace, from the library's process-wide cache (frozen values, shared read-only)."""
    with st.spinner("Tracing the network with torchinfo…"):
        return trace(spec, input_size)


def choose_default(key: str, options: Iterable[Any], default: Any) -> None:
    """Give a choice widget its starting value through session state, not a widget default
    (the two together upset Streamlit), and reset it when its options no longer hold it."""
    if st.session_state.get(key) not in list(options):
        st.session_state[key] = default
