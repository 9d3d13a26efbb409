"""What a trace looks like: shortcut styles, tables, charts, the network as code and as
``print(model)``; the diagrams are in ``views.diagram``.
"""

from __future__ import annotations

from ._charts import PARAMS_COLOUR, shape_flow_chart, stage_cost_chart
from ._codegen import (
    block_listing,
    builder_code,
    network_function,
    network_listing,
    torchvision_family,
)
from ._printed import Conv, block_convs, downsample_lines, module_text
from ._style import (
    SHORTCUT_STYLE,
    ShortcutStyle,
    block_word,
    kind_counts,
    kind_word,
    layer_notation,
    reasons_text,
)
from ._tables import block_frame, layer_frame, stage_frame

__all__ = [
    "PARAMS_COLOUR",
    "SHORTCUT_STYLE",
    "Conv",
    "ShortcutStyle",
    "block_convs",
    "block_frame",
    "block_listing",
    "block_word",
    "builder_code",
    "downsample_lines",
    "kind_counts",
    "kind_word",
    "layer_frame",
    "layer_notation",
    "module_text",
    "network_function",
    "network_listing",
    "reasons_text",
    "shape_flow_chart",
    "stage_cost_chart",
    "stage_frame",
    "torchvision_family",
]
