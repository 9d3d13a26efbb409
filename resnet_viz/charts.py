"""Plotly figures of a trace: where the parameters and operations are, and how shapes change."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .trace import Trace
from .units import ops_in

__all__ = ["shape_flow_chart", "stage_cost_chart"]

PARAMS_COLOUR = "#5c6bc0"
OPS_COLOUR = "#ef6c00"


def _parts(trace: Trace) -> list[tuple[str, int, int]]:
    """(label, params, multiply-adds) for stem, each stage and head."""
    return (
        [("stem", trace.stem.params, trace.stem.mult_adds)]
        + [(f"{s.code_name}<br>{s.paper_name}", s.params, s.mult_adds) for s in trace.stages]
        + [("head", trace.head.params, trace.head.mult_adds)]
    )


def stage_cost_chart(trace: Trace, unit: str = "MACs") -> go.Figure:
    """Parameters and operations per stage, side by side: they peak in different places."""
    parts = _parts(trace)
    labels = [p[0] for p in parts]
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Parameters", unit))
    fig.add_bar(x=labels, y=[p[1] for p in parts], marker_color=PARAMS_COLOUR, name="parameters",
                hovertemplate="%{x}<br>%{y:,} parameters<extra></extra>", row=1, col=1)
    fig.add_bar(x=labels, y=[ops_in(p[2], unit) for p in parts], marker_color=OPS_COLOUR,
                name=unit, hovertemplate="%{x}<br>%{y:,} " + unit + "<extra></extra>", row=1, col=2)
    fig.update_layout(title=f"{trace.spec.name}: where the parameters and {unit} are",
                      showlegend=False, height=380, margin=dict(t=70, b=40))
    return fig


def shape_flow_chart(trace: Trace) -> go.Figure:
    """Channels grow while the feature map shrinks, stage by stage."""
    points = [("input", trace.input_size), ("stem", trace.stem.out_shape)] + [
        (s.code_name, s.out_shape) for s in trace.stages
    ]
    labels = [p[0] for p in points]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_scatter(x=labels, y=[p[1][0] for p in points], name="channels", mode="lines+markers",
                    line=dict(color=PARAMS_COLOUR, width=3), secondary_y=False)
    fig.add_scatter(x=labels, y=[p[1][1] for p in points], name="height (= width)",
                    mode="lines+markers", line=dict(color=OPS_COLOUR, width=3, dash="dot"),
                    secondary_y=True)
    fig.update_yaxes(title_text="channels", secondary_y=False, rangemode="tozero")
    fig.update_yaxes(title_text="height in pixels", secondary_y=True, rangemode="tozero")
    fig.update_layout(title=f"{trace.spec.name}: channels and resolution through the network",
                      height=380, margin=dict(t=70, b=40), legend=dict(orientation="h", y=-0.2))
    return fig
