"""Networks side by side: stages lined up by role, the larger value marked, and in words
what changes from one network to the next.

Everything here is arithmetic on traces (``trace_records``); the page only shows it.
Networks with different numbers of stages line up by role: the stem, stage 1, 2, …, the
head, so a 3-stage CIFAR net sits beside a 4-stage ImageNet net with an empty fourth stage.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .references import published_text
from .specs import ResNetSpec
from .text import format_shape
from .trace_records import Trace
from .units import OpUnit, format_ops, ops_in

__all__ = [
    "MAX_NETS",
    "Cell",
    "Comparison",
    "Row",
    "compare",
    "comparison_frame",
    "plain_twin",
    "what_changes",
]

MAX_NETS = 4
BLOCK_NAMES = {"basic": "BasicBlock", "bottleneck": "Bottleneck"}


@dataclass(frozen=True)
class Cell:
    """One network's part in one row: what it holds and what it costs."""

    blocks: int | None
    block_type: str
    output: tuple[int, ...]
    params: int
    mult_adds: int
    receptive_field: int | None


@dataclass(frozen=True)
class Row:
    """One role (stem, stage N, head, total) across the networks; None where a net has none."""

    role: str
    cells: tuple[Cell | None, ...]

    def largest(self, field: str) -> tuple[int, float] | None:
        """Which network has the most of ``field`` and how many times the least it is."""
        values = [(index, getattr(cell, field)) for index, cell in enumerate(self.cells) if cell]
        positive = [value for _, value in values if value]
        if len(values) < 2 or not positive:
            return None
        index, most = max(values, key=lambda pair: pair[1])
        least = min(positive)
        return (index, most / least) if most > least else None


@dataclass(frozen=True)
class Comparison:
    """The networks, their rows by role, and what changes from each to the next."""

    names: tuple[str, ...]
    rows: tuple[Row, ...]
    published: tuple[str, ...]
    changes: tuple[tuple[str, ...], ...]


def _stage_role(index: int) -> str:
    return f"stage {index + 1} · conv{index + 2}_x"


def _cells(trace: Trace, stages: int) -> list[Cell | None]:
    block = BLOCK_NAMES[trace.spec.block]
    found: list[Cell | None] = [
        Cell(
            None,
            "stem",
            trace.stem.out_shape,
            trace.stem.params,
            trace.stem.mult_adds,
            trace.stem_receptive_field,
        )
    ]
    for index in range(stages):
        if index < len(trace.stages):
            stage = trace.stages[index]
            found.append(
                Cell(
                    stage.blocks,
                    block,
                    stage.out_shape,
                    stage.params,
                    stage.mult_adds,
                    stage.receptive_field,
                )
            )
        else:
            found.append(None)
    found.append(
        Cell(None, "head", trace.head.out_shape, trace.head.params, trace.head.mult_adds, None)
    )
    total_blocks = sum(trace.spec.layers)
    found.append(
        Cell(
            total_blocks,
            block,
            trace.head.out_shape,
            trace.total_params,
            trace.total_mult_adds,
            None,
        )
    )
    return found


def compare(traces: Sequence[Trace]) -> Comparison:
    """The comparison of 2 to ``MAX_NETS`` traced networks, in the order given."""
    if not 1 <= len(traces) <= MAX_NETS:
        raise ValueError(f"nets: compare 1..{MAX_NETS} networks, got {len(traces)}")
    stages = max(len(trace.stages) for trace in traces)
    roles = ["stem", *(_stage_role(index) for index in range(stages)), "head", "total"]
    columns = [_cells(trace, stages) for trace in traces]
    rows = tuple(
        Row(role, tuple(column[position] for column in columns))
        for position, role in enumerate(roles)
    )
    changes = tuple(
        tuple(what_changes(before, after)) for before, after in itertools.pairwise(traces)
    )
    return Comparison(
        names=tuple(trace.spec.name for trace in traces),
        rows=rows,
        published=tuple(published_text(trace.spec.name) for trace in traces),
        changes=changes,
    )


def comparison_frame(comparison: Comparison, unit: OpUnit = "MACs") -> pd.DataFrame:
    """One row per role and network; "largest" says which network has the most, and by how
    much (against the least)."""
    records = []
    for row in comparison.rows:
        params, ops = row.largest("params"), row.largest("mult_adds")
        for index, cell in enumerate(row.cells):
            if cell is None:
                continue
            marks = []
            if params and params[0] == index:
                marks.append(f"params ×{params[1]:.2f}")
            if ops and ops[0] == index:
                marks.append(f"{unit} ×{ops[1]:.2f}")
            records.append(
                {
                    "part": row.role,
                    "network": comparison.names[index],
                    "blocks": "" if cell.blocks is None else f"{cell.blocks} × {cell.block_type}",
                    "params": cell.params,
                    unit: ops_in(cell.mult_adds, unit),
                    "largest": ", ".join(marks),
                    "output": format_shape(cell.output),
                    "receptive field": ""
                    if cell.receptive_field is None
                    else f"{cell.receptive_field:,}",
                }
            )
    return pd.DataFrame(records)


# ---------------------------------------------------------------- in plain words


def _stage_words(index: int) -> str:
    return f"stage {index + 1} (layer{index + 1}, conv{index + 2}_x)"


def _ratio(before: int, after: int) -> str:
    return f"×{after / before:.2f}" if before else "from none"


def what_changes(before: Trace, after: Trace) -> list[str]:
    """From one network to the next, in plain words, most telling first."""
    a, b = before.spec, after.spec
    said: list[str] = []
    if a.block != b.block:
        said.append(
            "BasicBlock → Bottleneck (1×1 reduce, 3×3, 1×1 expand ×4)"
            if b.block == "bottleneck"
            else "Bottleneck → BasicBlock (two 3×3 convs)"
        )
    same_blocks = (a.block, a.widths, a.groups, a.width_per_group) == (
        b.block,
        b.widths,
        b.groups,
        b.width_per_group,
    )
    if a.plain != b.plain:
        said.append(
            "the same layers without shortcuts (the plain twin)"
            if b.plain
            else "shortcuts added to the same layers"
        )
    for field, words in (
        ("widths", "widths"),
        ("groups", "groups"),
        ("width_per_group", "width per group"),
        ("shortcut", "shortcut option"),
        ("stride_on", "bottleneck stride on"),
        ("stem", "stem"),
    ):
        old, new = getattr(a, field), getattr(b, field)
        if old != new and (field != "widths" or len(old) == len(new)):
            show = (lambda value: ", ".join(map(str, value))) if field == "widths" else str
            said.append(f"{words} {show(old)} → {show(new)}")
    if len(a.layers) != len(b.layers):
        said.append(f"{len(b.layers)} stages instead of {len(a.layers)}")
    grown = [
        index
        for index in range(min(len(a.layers), len(b.layers)))
        if a.layers[index] != b.layers[index]
    ]
    extra = after.total_mult_adds - before.total_mult_adds
    for index in grown:
        verb = "grows" if b.layers[index] > a.layers[index] else "shrinks"
        text = f"{_stage_words(index)} {verb} from {a.layers[index]} to {b.layers[index]} blocks"
        if same_blocks and len(grown) == 1 and len(a.layers) == len(b.layers) and extra > 0:
            share = (after.stages[index].mult_adds - before.stages[index].mult_adds) / extra
            amount = format_ops(extra, "MACs", digits=2).replace("MACs", "").strip()
            text += (
                f" and holds all {amount} of the extra multiply-adds"
                if share >= 0.995
                else f" and holds {100 * share:.0f} % of the extra multiply-adds"
            )
        said.append(text)
    if same_blocks and grown and said and said[0].startswith("stage"):
        said.insert(0, "the same blocks")
    for kind in ("projection", "zero-pad"):
        old = before.shortcut_counts().get(kind, 0)
        new = after.shortcut_counts().get(kind, 0)
        if old != new:
            said.append(f"{old} {kind} shortcuts → {new}")
    if before.total_params != after.total_params:
        said.append(f"parameters {_ratio(before.total_params, after.total_params)}")
    if before.total_mult_adds != after.total_mult_adds:
        said.append(f"multiply-adds {_ratio(before.total_mult_adds, after.total_mult_adds)}")
    return said


def plain_twin(spec: ResNetSpec) -> ResNetSpec:
    """The same layers without shortcuts, named so the two are told apart."""
    suffix = " (plain)"
    return dataclasses.replace(spec, plain=True, name=spec.name[: 64 - len(suffix)] + suffix)
