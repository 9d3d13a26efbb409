"""A trace as tables: per stage, per block, per layer, ready for display and CSV."""

from __future__ import annotations

import pandas as pd

from .trace import Trace
from .units import ops_in

__all__ = ["block_frame", "layer_frame", "prediction_frame", "shape_text", "stage_frame"]


def shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape))


def stage_frame(trace: Trace, unit: str = "MACs") -> pd.DataFrame:
    """Stem, each stage, and head; params and operations add up to the totals."""
    rows = [
        {
            "stage": trace.stem.name,
            "paper name": "conv1",
            "blocks": None,
            "input": shape_text(trace.stem.in_shape),
            "output": shape_text(trace.stem.out_shape),
            "stride": 4 if trace.spec.stem == "imagenet" else 1,
            "params": trace.stem.params,
            unit: ops_in(trace.stem.mult_adds, unit),
            "% of ops": 100 * trace.stem.mult_adds / trace.total_mult_adds,
            "receptive field": trace.stem_receptive_field,
            "shortcuts": "",
        }
    ]
    for s in trace.stages:
        rows.append(
            {
                "stage": s.code_name,
                "paper name": s.paper_name,
                "blocks": s.blocks,
                "input": shape_text(s.in_shape),
                "output": shape_text(s.out_shape),
                "stride": s.stride,
                "params": s.params,
                unit: ops_in(s.mult_adds, unit),
                "% of ops": 100 * s.share,
                "receptive field": s.receptive_field,
                "shortcuts": ", ".join(f"{n} {kind}" for kind, n in s.shortcuts),
            }
        )
    rows.append(
        {
            "stage": trace.head.name,
            "paper name": "avg pool, fc",
            "blocks": None,
            "input": shape_text(trace.head.in_shape),
            "output": shape_text(trace.head.out_shape),
            "stride": None,
            "params": trace.head.params,
            unit: ops_in(trace.head.mult_adds, unit),
            "% of ops": 100 * trace.head.mult_adds / trace.total_mult_adds,
            "receptive field": None,
            "shortcuts": "",
        }
    )
    # Stem and head have no blocks (and the head no stride or receptive field): blank, not "None".
    for row in rows:
        for column in ("blocks", "stride", "receptive field"):
            row[column] = "" if row[column] is None else f"{row[column]:,}"
    return pd.DataFrame(rows)


def block_frame(trace: Trace, unit: str = "MACs") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "block": [b.name for b in trace.blocks],
            "type": [b.block_type for b in trace.blocks],
            "shortcut": [b.shortcut for b in trace.blocks],
            "why": [", ".join(b.reasons) for b in trace.blocks],
            "input": [shape_text(b.in_shape) for b in trace.blocks],
            "output": [shape_text(b.out_shape) for b in trace.blocks],
            "params": [b.params for b in trace.blocks],
            "shortcut params": [b.shortcut_params for b in trace.blocks],
            unit: [ops_in(b.mult_adds, unit) for b in trace.blocks],
        }
    )


def layer_frame(trace: Trace, unit: str = "MACs") -> pd.DataFrame:
    """torchinfo's rows; containers carry the sums of their leaves (marked as such)."""
    return pd.DataFrame(
        {
            "layer": [l.name for l in trace.layers],
            "type": [l.type for l in trace.layers],
            "what": [l.detail for l in trace.layers],
            "output": [shape_text(l.output_shape) for l in trace.layers],
            "params": [l.params for l in trace.layers],
            unit: [ops_in(l.mult_adds, unit) for l in trace.layers],
            "leaf": [l.is_leaf for l in trace.layers],
        }
    )


def prediction_frame(predictions: list) -> pd.DataFrame:
    """One row per image: the top class, its probability and the time each step took."""
    return pd.DataFrame(
        {
            "image": [p.name for p in predictions],
            "top class": [p.top[0][0] for p in predictions],
            "probability %": [100 * p.top[0][1] for p in predictions],
            "decode ms": [p.decode_ms for p in predictions],
            "preprocess ms": [p.preprocess_ms for p in predictions],
            # One batched forward pass for all images, shared out evenly.
            "forward ms (share of batch)": [p.forward_ms for p in predictions],
        }
    )
