"""A network traced with torchinfo: records per layer, block and stage, the geometry
(receptive fields), units of operations, and the store that keeps traces on disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names
from ._records import BlockTrace, LayerRow, PartTrace, Shape, StageTrace, Trace
from ._store import (
    BUILD_LOG,
    CODE_VERSION,
    cache_dir,
    decode,
    encode,
    get_trace,
    load,
    log_build,
    save,
)
from ._units import OP_UNITS, OpUnit, format_bytes, format_ops, ops_in

if TYPE_CHECKING:
    from ._geometry import describe, receptive_fields
    from ._tracing import trace

__all__ = [
    "BUILD_LOG",
    "CODE_VERSION",
    "OP_UNITS",
    "BlockTrace",
    "LayerRow",
    "OpUnit",
    "PartTrace",
    "Shape",
    "StageTrace",
    "Trace",
    "cache_dir",
    "decode",
    "describe",
    "encode",
    "format_bytes",
    "format_ops",
    "get_trace",
    "load",
    "log_build",
    "ops_in",
    "receptive_fields",
    "save",
    "trace",
]

#: Name -> the module that defines it, for names whose modules import torch.
_LAZY = {"describe": "._geometry", "receptive_fields": "._geometry", "trace": "._tracing"}


__getattr__ = lazy_names(__name__, _LAZY)
