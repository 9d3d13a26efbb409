"""A trace as tables: per stage, per block, per layer, ready for display and CSV.

Column names are language-neutral data (the page translates the headers); cells that are
words (shortcut kinds, why, what) are worded in the current language."""

from __future__ import annotations

import pandas as pd

from ..i18n import t
from ..models import block_class_name
from ..text import format_shape
from ..trace import OpUnit, Trace, ops_in
from ._style import kind_counts, layer_notation, reasons_text, shortcut_word

__all__ = ["block_frame", "layer_frame", "stage_frame"]


def stage_frame(trace: Trace, unit: OpUnit = "MACs") -> pd.DataFrame:
    """Stem, each stage, and head; params and operations add up to the totals."""
    rows = [
        {
            "stage": t("chart.stem"),  # worded: "起始层" on a Chinese page
            "paper name": "conv1",
            "blocks": None,
            "input": format_shape(trace.stem.in_shape),
            "output": format_shape(trace.stem.out_shape),
            "stride": trace.stem.stride,
            "params": trace.stem.params,
            unit: ops_in(trace.stem.mult_adds, unit),
            "% of ops": round(100 * trace.stem.mult_adds / trace.total_mult_adds, 2),
            "receptive field": trace.stem_receptive_field,
            "shortcuts": "",
        }
    ]
    for stage in trace.stages:
        rows.append(
            {
                "stage": stage.name,
                "paper name": stage.paper_name,
                "blocks": stage.blocks,
                "input": format_shape(stage.in_shape),
                "output": format_shape(stage.out_shape),
                "stride": stage.stride,
                "params": stage.params,
                unit: ops_in(stage.mult_adds, unit),
                "% of ops": round(100 * stage.share, 2),
                "receptive field": stage.receptive_field,
                "shortcuts": kind_counts(stage.shortcuts),
            }
        )
    rows.append(
        {
            "stage": t("chart.head"),
            "paper name": "avg pool, fc",
            "blocks": None,
            "input": format_shape(trace.head.in_shape),
            "output": format_shape(trace.head.out_shape),
            "stride": trace.head.stride,
            "params": trace.head.params,
            unit: ops_in(trace.head.mult_adds, unit),
            "% of ops": round(100 * trace.head.mult_adds / trace.total_mult_adds, 2),
            "receptive field": None,
            "shortcuts": "",
        }
    )
    # Stem and head have no blocks (and the head no stride or receptive field): blank, not "None".
    for row in rows:
        for column in ("blocks", "stride", "receptive field"):
            row[column] = "" if row[column] is None else f"{row[column]:,}"
    return pd.DataFrame(rows)


def block_frame(trace: Trace, unit: OpUnit = "MACs") -> pd.DataFrame:
    """One row per residual block: its shortcut and why, shapes and costs."""
    blocks = trace.blocks
    return pd.DataFrame(
        {
            "block": [block.name for block in blocks],
            "type": [block_class_name(trace.spec) for _ in blocks],
            "shortcut": [shortcut_word(block.shortcut, trace.spec) for block in blocks],
            "why": [reasons_text(block) for block in blocks],
            "input": [format_shape(block.in_shape) for block in blocks],
            "output": [format_shape(block.out_shape) for block in blocks],
            "params": [block.params for block in blocks],
            "shortcut params": [block.shortcut_params for block in blocks],
            unit: [ops_in(block.mult_adds, unit) for block in blocks],
        }
    )


def layer_frame(trace: Trace, unit: OpUnit = "MACs") -> pd.DataFrame:
    """torchinfo's rows; containers carry the sums of their leaves (marked as such)."""
    layers = trace.layers
    return pd.DataFrame(
        {
            "layer": [layer.name for layer in layers],
            "type": [layer.type for layer in layers],
            "what": [layer_notation(layer) for layer in layers],
            "output": [format_shape(layer.output_shape) for layer in layers],
            "params": [layer.params for layer in layers],
            unit: [ops_in(layer.mult_adds, unit) for layer in layers],
            "leaf": [layer.is_leaf for layer in layers],
        }
    )
