"""Counting operations: multiply-adds (MACs) or FLOPs, as an explicit, visible choice.

torchvision's "GFLOPS" and the paper's "FLOPs" are multiply-adds; one multiply-add is two
floating-point operations. The factor of two lives here and nowhere else.
"""

from __future__ import annotations

from typing import Literal, get_args

from ..i18n import t

__all__ = ["OP_UNITS", "OpUnit", "format_bytes", "format_ops", "ops_in"]

OpUnit = Literal["MACs", "FLOPs"]
OP_UNITS: tuple[OpUnit, ...] = get_args(OpUnit)
_PREFIXES = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "K"))


def ops_in(mult_adds: int, unit: OpUnit) -> int:
    """Multiply-adds expressed in ``unit``."""
    if unit == "MACs":
        return mult_adds
    if unit == "FLOPs":
        return 2 * mult_adds
    raise ValueError("unit: " + t("spec.not_one_of", value=repr(unit), allowed=list(OP_UNITS)))


def format_ops(mult_adds: int, unit: OpUnit, digits: int = 3) -> str:
    """e.g. 4089238376 MACs -> "4.089 GMACs"; in FLOPs -> "8.178 GFLOPs"."""
    value = ops_in(mult_adds, unit)
    for scale, prefix in _PREFIXES:
        if value >= scale:
            return f"{value / scale:.{digits}f} {prefix}{unit}"
    return f"{value} {unit}"


def format_bytes(count: int) -> str:
    """Binary units, as memory is counted: 89,724,928 -> "85.6 MiB"."""
    for scale, prefix in ((2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB")):
        if count >= scale:
            return f"{count / scale:.1f} {prefix}"
    return f"{count} B"
