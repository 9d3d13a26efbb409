"""A network traced with torchinfo: records per layer, block and stage, the geometry
(receptive fields), units of operations, and the store that keeps traces on disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names
from ._build_log import BUILD_LOG, log_build
from ._codec import CODE_VERSION, decode, encode
from ._disk import cache_dir, load, save
from ._records import BlockTrace, LayerRow, PartTrace, Shape, StageTrace, Trace
from ._store import get_trace
from ._units import OP_UNITS, OpUnit, format_bytes, format_ops, ops_in

if TYPE_CHECKING:
    from ._geometry import layer_numbers, receptive_fields
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
    "encode",
    "format_bytes",
    "format_ops",
    "get_trace",
    "layer_numbers",
    "load",
    "log_build",
    "ops_in",
    "receptive_fields",
    "save",
    "trace",
]

#: Name -> the module that defines it, for names whose modules import torch.
_LAZY = {"layer_numbers": "._geometry", "receptive_fields": "._geometry", "trace": "._tracing"}

if not TYPE_CHECKING:  # type checkers read the imports above instead
    __getattr__ = lazy_names(__name__, _LAZY)
