"""Plotly figures of a comparison: costs per stage, depth per stage, accuracy against cost.

Titles, axes and legends are worded in the current language (callers that cache a figure
key it by language). Network names are escaped: Plotly reads a few HTML tags in legends and
hover labels, and a custom network's name is the visitor's text, never markup.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from ..i18n import t
from ..models import CIFAR10_ERROR, IMAGENET_ACC1
from ..text import wrap_title
from ..trace import OpUnit, ops_in
from ._compare import Comparison, role_label

__all__ = [
    "accuracy_cost_chart",
    "cifar_error_chart",
    "depth_chart",
    "label_positions",
    "stage_cost_bars",
]

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
            x=[role_label(row) for row in rows],
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


#: A name's size as a share of the plot, per letter and per line: set for a half-width chart
#: at a projector's larger type, so names that fit there fit everywhere.
_LETTER, _LINE, _GAP = 0.021, 0.075, 0.01
#: That plot's area in pixels, which turns a marker's size into a share of the plot.
_PLOT_PX = (400.0, 270.0)
_PLACES = ("top center", "bottom center", "middle right", "middle left")

Box = tuple[float, float, float, float]


def marker_box(x: float, y: float, size_px: float) -> Box:
    """The square a marker of ``size_px`` (its diameter) covers around its point."""
    half_x, half_y = size_px / 2 / _PLOT_PX[0], size_px / 2 / _PLOT_PX[1]
    return x - half_x, y - half_y, x + half_x, y + half_y


def name_box(x: float, y: float, place: str, letters: int, size_px: float = 0.0) -> Box:
    """Where a name of ``letters`` goes beside its point: Plotly sets it off by the marker's
    radius, so a larger marker pushes its name further out."""
    width = letters * _LETTER
    gap_x = _GAP + size_px / 2 / _PLOT_PX[0]
    gap_y = _GAP + size_px / 2 / _PLOT_PX[1]
    if place == "top center":
        return x - width / 2, y + gap_y, x + width / 2, y + gap_y + _LINE
    if place == "bottom center":
        return x - width / 2, y - gap_y - _LINE, x + width / 2, y - gap_y
    if place == "middle right":
        return x + gap_x, y - _LINE / 2, x + gap_x + width, y + _LINE / 2
    return x - gap_x - width, y - _LINE / 2, x - gap_x, y + _LINE / 2


def _apart(one: Box, other: Box) -> bool:
    return one[2] <= other[0] or one[0] >= other[2] or one[3] <= other[1] or one[1] >= other[3]


def label_positions(
    xs: Sequence[float],
    ys: Sequence[float],
    names: Sequence[str],
    first: Sequence[int] = (),
    sizes: Sequence[float] | None = None,
) -> list[str]:
    """Where each point's name goes, or "" for none: names never overlap each other, another
    point's marker (``sizes``: diameters in px), nor leave the plot's width. The points in
    ``first`` (the compared networks) are placed first and always named (below, when no free
    place is left); another name with no free place is left to the point's hover text."""
    if not xs:
        return []
    sizes = list(sizes) if sizes is not None else [0.0] * len(xs)
    low_x, low_y = min(xs), min(ys)
    span_x, span_y = (max(xs) - low_x) or 1.0, (max(ys) - low_y) or 1.0
    points = [((x - low_x) / span_x, (y - low_y) / span_y) for x, y in zip(xs, ys, strict=True)]
    markers = [marker_box(x, y, size) for (x, y), size in zip(points, sizes, strict=True)]
    placed: list[Box] = []
    positions = [""] * len(xs)
    order = [*first, *(index for index in range(len(xs)) if index not in first)]
    for index in order:
        (x, y), letters = points[index], len(names[index])
        others = [box for other, box in enumerate(markers) if other != index]
        # A compared network is always named: if every place touches another marker (two
        # networks on one spot), then a place free of names will do, else below.
        tries = [[*placed, *others], placed] if index in first else [[*placed, *others]]
        for obstacles in tries:
            place = _free_place(x, y, letters, sizes[index], obstacles)
            if place:
                break
        if not place and index in first:
            place = "bottom center"
        if place:
            positions[index] = place
            placed.append(name_box(x, y, place, letters, sizes[index]))
    return positions


def _free_place(x: float, y: float, letters: int, size_px: float, obstacles: list[Box]) -> str:
    """The first place beside the point whose name stays inside the plot's width and clear
    of every obstacle, or ""."""
    for place in _PLACES:
        box = name_box(x, y, place, letters, size_px)
        if box[0] >= -0.02 and box[2] <= 1.02 and all(_apart(box, other) for other in obstacles):
            return place
    return ""


def _family_chart(
    points: Mapping[str, tuple[int, int, float]], selected: Sequence[str], title: str, y_title: str
) -> go.Figure:
    """Every network of a family as a marker (size by parameters), the selected ones ringed."""
    names = list(points)
    largest = max(params for _, params, _ in points.values())
    size = {name: 8 + 40 * (points[name][1] / largest) ** 0.5 for name in names}
    positions = label_positions(
        [points[name][0] / 1e9 for name in names],
        [points[name][2] for name in names],
        names,
        first=[index for index, name in enumerate(names) if name in selected],
        sizes=[size[name] for name in names],
    )
    where = dict(zip(names, positions, strict=True))
    fig = go.Figure()
    for chosen in (False, True):
        shown = [name for name in names if (name in selected) == chosen]
        if not shown:
            continue
        fig.add_scatter(
            x=[points[name][0] / 1e9 for name in shown],
            y=[points[name][2] for name in shown],
            mode="markers+text",
            # Names with no free place are left to the hover text; none overlap.
            text=[name if where[name] else "" for name in shown],
            customdata=shown,
            textposition=[where[name] or "top center" for name in shown],
            cliponaxis=False,  # a name near the frame is drawn whole
            name=t("cmp_chart.compared") if chosen else t("cmp_chart.rest"),
            marker={
                "size": [size[name] for name in shown],
                "color": "#e65100" if chosen else "#90a4ae",
                "line": {"width": 2 if chosen else 0, "color": "#bf360c"},
            },
            hovertemplate="%{customdata}<br>%{x:.3f} GMACs<br>%{y:.2f}<extra></extra>",
        )
    fig.update_layout(
        title=wrap_title(title),
        height=460,
        margin={"t": 80, "b": 110},
        xaxis={"title": t("cmp_chart.x_title")},
        yaxis={"title": y_title},
        # Below the axis title, not over the tick labels (which it covered at 1024 px).
        legend={"orientation": "h", "y": -0.32, "yanchor": "top"},
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
