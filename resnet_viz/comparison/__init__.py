"""Networks side by side: stages aligned, what changes from one to the next, block
against block, and the comparison's charts.
"""

from __future__ import annotations

from ._blocks import block_steps_frame, shortcut_option_frame, shortcut_option_specs
from ._changes import change_lines, what_changes
from ._charts import (
    accuracy_cost_chart,
    cifar_error_chart,
    depth_chart,
    label_positions,
    stage_cost_bars,
)
from ._compare import (
    MAX_NETS,
    Cell,
    Comparison,
    Row,
    compare,
    comparison_frame,
    plain_twin,
    role_label,
)

__all__ = [
    "MAX_NETS",
    "Cell",
    "Comparison",
    "Row",
    "accuracy_cost_chart",
    "block_steps_frame",
    "change_lines",
    "cifar_error_chart",
    "compare",
    "comparison_frame",
    "depth_chart",
    "label_positions",
    "plain_twin",
    "role_label",
    "shortcut_option_frame",
    "shortcut_option_specs",
    "stage_cost_bars",
    "what_changes",
]
