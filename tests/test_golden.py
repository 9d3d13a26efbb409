"""Golden files for what is easiest to break unnoticed: diagram DOT text and the stage table.

The value tests pin the numbers; these pin everything else a visitor sees (labels, styles,
layout hints, column order). Regenerate with `make golden`, then review the diff.
"""

from __future__ import annotations

import pytest
from conftest import Golden

from resnet_viz.models import get_spec
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
    # One of each later layout: pre-activation units (the projection leaves the first
    # BN-ReLU, nothing after the add, the final BN-ReLU), ResNet-C/D (three stem convs, the
    # pool before the projection), and option A with its zeros split.
    ("preact_resnet50", "blocks", None),
    ("preact_resnet50", "layers", "layer2"),
    ("resnet50d", "blocks", None),
    ("resnet50d", "layers", "layer2"),
    ("resnet20-split", "layers", "layer2"),
]
#: Networks of the golden views that are not presets.
SPECS = {"resnet20-split": get_spec("resnet20").replace(name="resnet20-split", zero_pad="split")}


@pytest.mark.parametrize(("name", "level", "stage"), VIEWS)
def test_dot_text(golden: Golden, name: str, level: str, stage: str | None) -> None:
    dot = to_dot(trace(SPECS.get(name, name)), level, stage=stage)  # type: ignore[arg-type]
    suffix = f"-{stage}" if stage else ""
    golden.check(f"{name}-{level}{suffix}.gv", dot.source)


def test_resnet50_stage_table(golden: Golden) -> None:
    golden.check("resnet50-stages.csv", stage_frame(trace("resnet50"), "MACs").to_csv(index=False))
