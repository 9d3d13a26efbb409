"""What a classification looks like: the top classes as bars, each block's residual ratio,
and the table of predictions with their timings."""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from ..i18n import t
from ..models import ShortcutKind
from ..views import PARAMS_COLOUR, SHORTCUT_STYLE
from ._classifier import Prediction

__all__ = ["prediction_frame", "residual_ratio_chart", "top_k_chart"]


def top_k_chart(top: tuple[tuple[str, float], ...], title: str = "") -> go.Figure:
    """The top classes as horizontal bars, most likely on top.

    The axis runs to 100 % when the top class has at least half the probability, else it
    scales to the data: near-uniform outputs (an untrained network) stay readable bars.
    """
    labels = [html.escape(label) for label, _ in top][::-1]  # plotly renders some HTML
    values = [100 * probability for _, probability in top][::-1]
    finite = [value for value in values if math.isfinite(value)]
    peak = max(finite, default=100.0)
    upper = 100.0 if peak >= 50 else max(peak * 1.3, 0.01)
    digits = 1 if peak >= 10 else 2 if peak >= 0.1 else 3
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=PARAMS_COLOUR,
            text=[f"{value:.{digits}f}%" for value in values],
            textposition="auto",
            hovertemplate="%{y}: %{x:.2f}%<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        height=60 + 34 * len(labels),
        margin={"t": 40 if title else 10, "b": 10, "l": 10, "r": 10},
        xaxis={"range": [0, upper], "title": t("chart.probability")},
        yaxis={"type": "category"},  # class names such as "0".."9" are names, not numbers
    )
    return fig


def residual_ratio_chart(
    blocks: list[str], ratios: list[float], kinds: list[ShortcutKind]
) -> go.Figure:
    """‖F(x)‖/‖x‖ per block: small bars mean the block mostly passes its input on."""
    colours = [SHORTCUT_STYLE[kind].color for kind in kinds]
    fig = go.Figure(
        go.Bar(
            x=blocks, y=ratios, marker_color=colours, hovertemplate="%{x}: %{y:.3f}<extra></extra>"
        )
    )
    fig.update_layout(
        title=t("chart.ratio_title"),
        height=340,
        margin={"t": 60, "b": 40},
        yaxis={"title": t("chart.ratio"), "rangemode": "tozero"},
    )
    return fig


def prediction_frame(predictions: list[Prediction]) -> pd.DataFrame:
    """One row per image: the top class, its probability and the time each step took."""
    return pd.DataFrame(
        {
            "image": [prediction.name for prediction in predictions],
            "top class": [prediction.top[0][0] for prediction in predictions],
            "probability %": [100 * prediction.top[0][1] for prediction in predictions],
            "decode ms": [prediction.decode_ms for prediction in predictions],
            "preprocess ms": [prediction.preprocess_ms for prediction in predictions],
            # One batched forward pass for all images, shared out evenly.
            "forward ms (share of batch)": [prediction.forward_ms for prediction in predictions],
        }
    )
