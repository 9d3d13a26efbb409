"""Golden files for what is easiest to break unnoticed: diagram DOT text and the stage table.

The value tests pin the numbers; these pin everything else a visitor sees (labels, styles,
layout hints, column order). Regenerate with `make golden`, then review the diff.
"""

from __future__ import annotations

import pytest
from conftest import Golden

from resnet_viz.trace import trace
from resnet_viz.views import stage_frame
from resnet_viz.views.diagram import to_dot

VIEWS = [
    ("resnet18", "stages", None),
    ("resnet18", "blocks", None),
    ("resnet18", "layers", "layer2"),  # a projection shortcut, then an identity
    ("resnet50", "stages", None),
    ("resnet50", "blocks", None),
    ("resnet50", "layers", "layer3"),  # six bottlenecks: drawn in full
]


@pytest.mark.parametrize(("name", "level", "stage"), VIEWS)
def test_dot_text(golden: Golden, name: str, level: str, stage: str | None) -> None:
    dot = to_dot(trace(name), level, stage=stage)  # type: ignore[arg-type]
    suffix = f"-{stage}" if stage else ""
    golden.check(f"{name}-{level}{suffix}.gv", dot.source)


def test_resnet50_stage_table(golden: Golden) -> None:
    golden.check("resnet50-stages.csv", stage_frame(trace("resnet50"), "MACs").to_csv(index=False))
