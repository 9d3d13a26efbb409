"""A network at a glance: one row per stage with its output shape and parameters.

Shapes come from a forward pass on the ``meta`` device, so even ResNet-1202 costs no memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import torch
from torch import nn

from .model import build_model
from .specs import ResNetSpec

__all__ = ["StageRow", "overview_frame", "stage_overview"]


@dataclass(frozen=True)
class StageRow:
    """One row of the paper's Table 1, as our network has it."""

    code_name: str
    paper_name: str
    blocks: int
    output_shape: tuple[int, ...]
    params: int


def _params(*modules: nn.Module) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def stage_overview(
    spec_or_name: ResNetSpec | str, input_size: tuple[int, int, int] = (3, 224, 224)
) -> list[StageRow]:
    """Stem, stages and head with output shapes for one image; the params add up to the total."""
    model = build_model(spec_or_name, device="meta")
    shapes: dict[str, tuple[int, ...]] = {}
    watched = {"conv1": model.conv1, "fc": model.fc} | {
        info.name: stage for info, stage in zip(model.stages, model.stage_modules())
    }
    for key, module in watched.items():
        module.register_forward_hook(
            lambda _m, _i, out, key=key: shapes.__setitem__(key, tuple(out.shape[1:]))
        )
    model(torch.empty(1, *input_size, device="meta"))
    rows = [StageRow("conv1", "conv1", 1, shapes["conv1"], _params(model.conv1, model.bn1))]
    for info, stage in zip(model.stages, model.stage_modules()):
        rows.append(
            StageRow(info.name, info.paper_name, info.blocks, shapes[info.name], _params(stage))
        )
    rows.append(StageRow("fc", "fc", 1, shapes["fc"], _params(model.fc)))
    return rows


def overview_frame(rows: list[StageRow]) -> pd.DataFrame:
    """The overview as a table with readable column names."""
    return pd.DataFrame(
        {
            "stage": [r.code_name for r in rows],
            "paper name": [r.paper_name for r in rows],
            "blocks": [r.blocks for r in rows],
            "output (C×H×W)": ["×".join(map(str, r.output_shape)) for r in rows],
            "parameters": [r.params for r in rows],
        }
    )
