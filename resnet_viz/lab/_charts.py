"""Plotly figures of the residual lab: gradients and activations through depth, the race,
and the lesion study."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..i18n import t
from ..text import wrap_title
from ._gradients import GradientFlow
from ._race import Lap

__all__ = ["activation_chart", "gradient_chart", "lesion_chart", "race_chart"]

PLAIN, RESIDUAL, PREACT = "#e65100", "#2e7d32", "#6a1b9a"
#: Plain nets in oranges, residual nets in greens; the shallower of each pair lighter.
RUNNER_COLOURS = {
    "plain20": "#ffb74d",
    "plain56": PLAIN,
    "resnet20": "#81c784",
    "resnet56": RESIDUAL,
    "resnet110": RESIDUAL,
    "preact110": PREACT,
}


def log_ticks(values: Sequence[float]) -> tuple[list[float], list[str]]:
    """Tick values and labels for a log axis over ``values``, each label a whole number as
    read ("200", not plotly's bare "2" between decades): every power of ten when the values
    span two decades or more, else 1, 2 and 5 times them (so a narrow range still gets
    several ticks)."""
    positive = [value for value in values if value > 0 and math.isfinite(value)]
    if not positive:
        return [], []
    low, high = min(positive), max(positive)
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    # Decades when the values themselves span two or more (0.4 to 3 spans one: 0.5, 1, 2).
    if math.log10(high / low) >= 2:  # every second decade past eight, so labels never crowd
        every = 2 if last - first > 8 else 1
        ticks = [10.0**power for power in range(first, last + 1, every)]
    else:
        ticks = [
            step * 10.0**power
            for power in range(first, last + 1)
            for step in (1, 2, 5)
            if low / 2.5 <= step * 10.0**power <= high * 2.5
        ]
    return ticks, [_tick_text(tick) for tick in ticks]


def _tick_text(value: float) -> str:
    if 1e-3 <= value < 1e5:
        return f"{value:,.10g}"
    mantissa, power = f"{value:.0e}".split("e")
    scale = f"10<sup>{int(power)}</sup>"
    return scale if mantissa == "1" else f"{mantissa}×{scale}"


def _depth_lines(flows: Sequence[GradientFlow], field: str, title: str, axis: str) -> go.Figure:
    """One line per network through depth: plain, residual, and the pre-activation twin when
    it is there."""
    fig = go.Figure()
    runners = [
        (t("labchart.plain"), PLAIN),
        (t("labchart.residual"), RESIDUAL),
        (t("labchart.preact"), PREACT),
    ]
    for flow, (name, colour) in zip(flows, runners, strict=False):
        values = getattr(flow, field)
        fig.add_scatter(
            x=list(range(1, len(values) + 1)),
            y=list(values),
            name=name,
            mode="lines+markers",
            line={"color": colour, "width": 3},
            marker={"size": 5},
            text=list(flow.layers),
            hovertemplate="%{text}<br>%{y:.3g}<extra>" + name + "</extra>",
        )
    ticks, labels = log_ticks(  # every runner on one axis
        [value for flow in flows for value in getattr(flow, field)]
    )
    fig.update_layout(
        title=wrap_title(title),
        height=400,
        margin={"t": 80, "b": 40},
        xaxis={"title": t("labchart.conv_axis")},
        yaxis={
            "title": axis,
            "type": "log",
            "tickvals": ticks,
            "ticktext": labels,
        },
        legend={"orientation": "h", "y": -0.25},
    )
    return fig


def gradient_chart(
    plain: GradientFlow, residual: GradientFlow, preact: GradientFlow | None = None
) -> go.Figure:
    """Every conv's gradient norm after one backward pass, plain against residual (and the
    pre-activation twin), on a log axis."""
    title = t(
        "labchart.gradient_title",
        plain=f"{plain.spread:,.0f}",
        residual=f"{residual.spread:,.0f}",
    )
    if preact is not None:
        title += t("labchart.gradient_title_preact", preact=f"{preact.spread:,.0f}")
    flows = [plain, residual] + ([preact] if preact is not None else [])
    return _depth_lines(flows, "gradient_norms", title, "‖∂loss/∂W‖")


def activation_chart(
    plain: GradientFlow, residual: GradientFlow, preact: GradientFlow | None = None
) -> go.Figure:
    """The standard deviation of every conv's output through depth (log)."""
    return _depth_lines(
        [plain, residual] + ([preact] if preact is not None else []),
        "activation_stds",
        t("labchart.activation_title"),
        t("labchart.activation_axis"),
    )


def race_chart(laps: Sequence[Lap], epochs: int) -> go.Figure:
    """Training loss and training accuracy per epoch, one line per runner."""
    fig = make_subplots(
        rows=1, cols=2, subplot_titles=(t("labchart.loss"), t("labchart.accuracy_train"))
    )
    for runner in dict.fromkeys(lap.runner for lap in laps):
        mine = [lap for lap in laps if lap.runner == runner]
        colour = RUNNER_COLOURS.get(runner, "#546e7a")
        for column, values in (
            (1, [lap.train_loss for lap in mine]),
            (2, [lap.train_accuracy for lap in mine]),
        ):
            fig.add_scatter(
                x=[lap.epoch for lap in mine],
                y=values,
                name=runner,
                line={"color": colour, "width": 3},
                mode="lines+markers",
                showlegend=column == 1,
                row=1,
                col=column,
            )
    fig.update_xaxes(range=[0.5, epochs + 0.5], title_text=t("labchart.epoch"))
    fig.update_yaxes(range=[0, 1], row=1, col=2)
    fig.update_layout(
        height=380, margin={"t": 60, "b": 40}, legend={"orientation": "h", "y": -0.25}
    )
    return fig


def lesion_chart(
    found: Mapping[str, Sequence[tuple[str, float, bool]]], full: Mapping[str, float]
) -> go.Figure:
    """Test accuracy with each block removed, per network; the dotted line is the intact net."""
    fig = go.Figure()
    for runner, results in found.items():
        colour = RUNNER_COLOURS.get(runner, "#546e7a")
        fig.add_bar(
            x=[f"{runner} · {name}" for name, _, _ in results],
            y=[accuracy for _, accuracy, _ in results],
            name=runner,
            marker={
                "color": colour,
                "pattern": {"shape": ["/" if reshapes else "" for _, _, reshapes in results]},
            },
            hovertemplate="%{x}: %{y:.2f}<extra></extra>",
        )
        fig.add_hline(y=full[runner], line={"color": colour, "dash": "dot"})
    fig.update_layout(
        title=t("labchart.lesion_title"),
        height=400,
        yaxis={"range": [0, 1], "title": t("labchart.accuracy")},
        xaxis={"showticklabels": False},
        margin={"t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig
