"""Plotly figures of a comparison: costs per stage, depth per stage, accuracy against cost.

Titles, axes and legends are worded in the current language (callers that cache a figure
key it by language). Network names are escaped: Plotly reads a few HTML tags in legends and
hover labels, and a custom network's name is the visitor's text, never markup.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from .compare import Comparison, role_label
from .i18n import t
from .references import CIFAR10_ERROR, IMAGENET_ACC1
from .text import wrap_title
from .units import OpUnit, ops_in

__all__ = ["accuracy_cost_chart", "cifar_error_chart", "depth_chart", "stage_cost_bars"]

#: One colour per compared network, in order.
NET_COLOURS = ("#1565c0", "#e65100", "#2e7d32", "#6a1b9a")


def _as_text(name: str) -> str:
    """A network's name as Plotly shows text: tags escaped (quotes kept, Plotly has no
    ``&quot;``)."""
    return html.escape(name, quote=False)


def stage_cost_bars(comparison: Comparison, field: str, unit: OpUnit = "MACs") -> go.Figure:
    """Parameters (``field="params"``) or operations (``"mult_adds"``) per part, per network."""
    rows = [row for row in comparison.rows if row.role != "total"]
    title = (
        t("cmp_chart.params_per_stage")
        if field == "params"
        else t("cmp_chart.ops_per_stage", unit=unit)
    )
    fig = go.Figure()
    for index, name in enumerate(map(_as_text, comparison.names)):
        values = []
        for row in rows:
            cell = row.cells[index]
            value = getattr(cell, field) if cell else None
            values.append(ops_in(value, unit) if value is not None and field != "params" else value)
        fig.add_bar(
            x=[role_label(row.role) for row in rows],
            y=values,
            name=name,
            marker_color=NET_COLOURS[index % len(NET_COLOURS)],
            hovertemplate="%{x}<br>%{y:,}<extra>" + name + "</extra>",
        )
    fig.update_layout(
        barmode="group",
        title=wrap_title(title),
        height=400,
        margin={"t": 80, "b": 40},
        legend={"orientation": "h", "y": -0.25},
    )
    return fig


def depth_chart(names: Sequence[str], layers: Sequence[Sequence[int]]) -> go.Figure:
    """Blocks per stage: where the extra depth of a deeper network goes."""
    stages = [t("cmp_chart.stage", n=i + 1) for i in range(max(map(len, layers)))]
    fig = go.Figure()
    for index, (name, counts) in enumerate(zip(names, layers, strict=True)):
        fig.add_bar(
            x=stages[: len(counts)],
            y=list(counts),
            name=_as_text(name),
            text=list(counts),
            textposition="outside",
            marker_color=NET_COLOURS[index % len(NET_COLOURS)],
        )
    fig.update_layout(
        barmode="group",
        title=t("cmp_chart.blocks_per_stage"),
        height=360,
        xaxis={"categoryarray": stages},
        margin={"t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.25},
    )
    return fig


def _family_chart(
    points: Mapping[str, tuple[int, int, float]], selected: Sequence[str], title: str, y_title: str
) -> go.Figure:
    """Every network of a family as a marker (size by parameters), the selected ones ringed."""
    names = list(points)
    fig = go.Figure()
    for chosen in (False, True):
        shown = [name for name in names if (name in selected) == chosen]
        if not shown:
            continue
        fig.add_scatter(
            x=[points[name][0] / 1e9 for name in shown],
            y=[points[name][2] for name in shown],
            mode="markers+text",
            text=shown,
            textposition="top center",
            name=t("cmp_chart.compared") if chosen else t("cmp_chart.rest"),
            marker={
                "size": [
                    8 + 40 * (points[name][1] / max(p for _, p, _ in points.values())) ** 0.5
                    for name in shown
                ],
                "color": "#e65100" if chosen else "#90a4ae",
                "line": {"width": 2 if chosen else 0, "color": "#bf360c"},
            },
            hovertemplate="%{text}<br>%{x:.3f} GMACs<br>%{y:.2f}<extra></extra>",
        )
    fig.update_layout(
        title=wrap_title(title),
        height=440,
        margin={"t": 80, "b": 40},
        xaxis={"title": t("cmp_chart.x_title")},
        yaxis={"title": y_title},
        legend={"orientation": "h", "y": -0.2},
    )
    return fig


def accuracy_cost_chart(costs: Mapping[str, tuple[int, int]], selected: Sequence[str]) -> go.Figure:
    """torchvision's ResNets: published ImageNet acc@1 (best weights) against multiply-adds."""
    points = {
        name: (macs, params, max(acc for acc in IMAGENET_ACC1[name] if acc))
        for name, (macs, params) in costs.items()
        if name in IMAGENET_ACC1
    }
    return _family_chart(
        points,
        selected,
        t("cmp_chart.imagenet_title"),
        t("cmp_chart.imagenet_y"),
    )


def cifar_error_chart(costs: Mapping[str, tuple[int, int]], selected: Sequence[str]) -> go.Figure:
    """The paper's CIFAR-10 nets: Table 6's test error against multiply-adds."""
    points = {
        name: (macs, params, CIFAR10_ERROR[name])
        for name, (macs, params) in costs.items()
        if name in CIFAR10_ERROR
    }
    return _family_chart(points, selected, t("cmp_chart.cifar_title"), t("cmp_chart.cifar_y"))
