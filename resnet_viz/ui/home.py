"""The home page's live parts: links to every page, and a preset at a glance, from the same
trace as elsewhere."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..models import PRESETS
from ..trace import get_trace
from ..views import stage_frame
from .lang import t
from .links import PAGES
from .widgets import show_table

__all__ = ["at_a_glance", "page_links", "stage_table"]


def stage_table(preset: str) -> pd.DataFrame:
    """A preset at a glance (224×224 input): stem, stages and head with shapes and costs."""
    frame = stage_frame(get_trace(PRESETS[preset], (3, 224, 224)), "MACs")
    return frame[["stage", "paper name", "blocks", "output", "params", "MACs"]]


def page_links() -> None:
    """Each page but this one: its link and a paragraph on what it does."""
    for path, url, icon in PAGES:
        if url == "home":
            continue
        st.page_link(path, label=f"**{t(f'nav.{url}')}**", icon=icon)
        st.markdown(t(f"home.about_{url}"))


def at_a_glance(preset: str) -> None:
    """Parameters, depth and blocks of a preset, then its stage table."""
    spec = PRESETS[preset]
    table = stage_table(preset)
    total, depth, blocks = st.columns(3)
    total.metric(t("home.parameters"), f"{int(table['params'].sum()):,}")
    depth.metric(t("home.weighted_layers"), spec.depth)
    blocks.metric(t("home.residual_blocks"), sum(spec.layers))
    show_table(table)
