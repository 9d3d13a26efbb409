"""Networks side by side: stages lined up by role, the larger value marked, and in words
what changes from one network to the next.

Everything here is arithmetic on traces (the ``trace`` package's records); the page only
shows it. Roles stay English (they are data); the words shown (``role_label``, the "largest"
notes, what changes) come out in the current language, so nothing here may be cached across
languages.
Networks with different numbers of stages line up by role: the stem, stage 1, 2, …, the
head, so a 3-stage CIFAR net sits beside a 4-stage ImageNet net with an empty fourth stage.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..i18n import t
from ..models import ResNetSpec, block_class_name, published_text
from ..text import format_shape
from ..trace import OpUnit, Trace, ops_in
from ._changes import what_changes

__all__ = [
    "MAX_NETS",
    "Cell",
    "Comparison",
    "Row",
    "compare",
    "comparison_frame",
    "plain_twin",
    "role_label",
]

MAX_NETS = 4


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
    #: The stage's index for a stage's row (None for the stem, head and total).
    stage: int | None = None

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


def role_label(row: Row) -> str:
    """A row's role in the visitor's words ("stage 2 · conv3_x" stays the data's key)."""
    if row.stage is not None:
        return t("cmp.role.stage", n=row.stage + 1, conv=f"conv{row.stage + 2}_x")
    words = {"stem": t("cmp.role.stem"), "head": t("cmp.role.head"), "total": t("cmp.role.total")}
    return words.get(row.role, row.role)


def _cells(trace: Trace, stages: int) -> list[Cell | None]:
    block = block_class_name(trace.spec)
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
        Row(role, tuple(column[position] for column in columns), position - 1)
        if 0 < position <= stages
        else Row(role, tuple(column[position] for column in columns))
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


def comparison_frame(
    comparison: Comparison, unit: OpUnit = "MACs", roles: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per role (all, or only ``roles``) and network; "largest" says which network has
    the most, and by how much (against the least). Parts and notes are worded for the visitor."""
    records = []
    for row in comparison.rows:
        if roles is not None and row.role not in roles:
            continue
        params, ops = row.largest("params"), row.largest("mult_adds")
        for index, cell in enumerate(row.cells):
            if cell is None:
                continue
            marks = []
            if params and params[0] == index:
                marks.append(t("cmp.largest.params", ratio=f"{params[1]:.2f}"))
            if ops and ops[0] == index:
                marks.append(t("cmp.largest.ops", unit=unit, ratio=f"{ops[1]:.2f}"))
            records.append(
                {
                    "part": role_label(row),
                    "network": comparison.names[index],
                    "blocks": "" if cell.blocks is None else f"{cell.blocks} × {cell.block_type}",
                    "params": cell.params,
                    unit: ops_in(cell.mult_adds, unit),
                    "largest": t("cmp.largest.sep").join(marks),
                    "output": format_shape(cell.output),
                    "receptive field": ""
                    if cell.receptive_field is None
                    else f"{cell.receptive_field:,}",
                }
            )
    return pd.DataFrame(records)


# ---------------------------------------------------------------- in plain words


def plain_twin(spec: ResNetSpec) -> ResNetSpec:
    """The same layers without shortcuts, named so the two are told apart (a network's name,
    so not translated: it keys the trace cache)."""
    suffix = " (plain)"
    return dataclasses.replace(spec, plain=True, name=spec.name[: 64 - len(suffix)] + suffix)
