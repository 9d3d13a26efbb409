"""Plotly figures of a trace: where the parameters and operations are, and how shapes change.

Titles, axes and hover texts are worded in the current language (callers that cache a figure
pass the language in); network names are escaped, as plotly renders some HTML."""

from __future__ import annotations

import html

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..i18n import t
from ..text import wrap_title
from ..trace import OpUnit, Trace, ops_in

__all__ = ["PARAMS_COLOUR", "shape_flow_chart", "stage_cost_chart"]

PARAMS_COLOUR = "#5c6bc0"
OPS_COLOUR = "#ef6c00"


def _parts(trace: Trace) -> list[tuple[str, int, int]]:
    """(label, params, multiply-adds) for stem, each stage and head."""
    return (
        [(t("chart.stem"), trace.stem.params, trace.stem.mult_adds)]
        + [
            (f"{stage.name}<br>{stage.paper_name}", stage.params, stage.mult_adds)
            for stage in trace.stages
        ]
        + [(t("chart.head"), trace.head.params, trace.head.mult_adds)]
    )


def stage_cost_chart(trace: Trace, unit: OpUnit = "MACs") -> go.Figure:
    """Parameters and operations per stage, side by side: they peak in different places."""
    parts = _parts(trace)
    labels = [label for label, _, _ in parts]
    fig = make_subplots(rows=1, cols=2, subplot_titles=(t("chart.parameters_title"), unit))
    fig.add_bar(
        x=labels,
        y=[params for _, params, _ in parts],
        marker_color=PARAMS_COLOUR,
        name=t("chart.parameters"),
        hovertemplate="%{x}<br>%{y:,} " + t("chart.hover_parameters") + "<extra></extra>",
        row=1,
        col=1,
    )
    fig.add_bar(
        x=labels,
        y=[ops_in(macs, unit) for _, _, macs in parts],
        marker_color=OPS_COLOUR,
        name=unit,
        hovertemplate="%{x}<br>%{y:,} " + unit + "<extra></extra>",
        row=1,
        col=2,
    )
    fig.update_layout(
        title=wrap_title(t("chart.cost_title", name=html.escape(trace.spec.name), unit=unit)),
        showlegend=False,
        height=380,
        margin={"t": 70, "b": 40},
    )
    return fig


def shape_flow_chart(trace: Trace) -> go.Figure:
    """Channels grow while the feature map shrinks, stage by stage."""
    points = [(t("chart.input"), trace.input_size), (t("chart.stem"), trace.stem.out_shape)] + [
        (stage.name, stage.out_shape) for stage in trace.stages
    ]
    labels = [label for label, _ in points]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_scatter(
        x=labels,
        y=[shape[0] for _, shape in points],
        name=t("chart.channels"),
        mode="lines+markers",
        line={"color": PARAMS_COLOUR, "width": 3},
        secondary_y=False,
    )
    fig.add_scatter(
        x=labels,
        y=[shape[1] for _, shape in points],
        name=t("chart.height"),
        mode="lines+markers",
        line={"color": OPS_COLOUR, "width": 3, "dash": "dot"},
        secondary_y=True,
    )
    fig.update_yaxes(
        title_text=t("chart.channels"), secondary_y=False, rangemode="tozero", tickformat="d"
    )
    fig.update_yaxes(  # ticks at the sides the network has (224, 112, 56…), not at a grid's
        title_text=t("chart.height_axis"),
        secondary_y=True,
        rangemode="tozero",
        tickformat="d",
        tickvals=sorted({shape[1] for _, shape in points}),
        showgrid=False,
    )
    fig.update_layout(
        title=wrap_title(t("chart.flow_title", name=html.escape(trace.spec.name))),
        height=380,
        margin={"t": 70, "b": 40},
        legend={"orientation": "h", "y": -0.2},
    )
    return fig
