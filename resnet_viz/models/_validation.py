"""What a spec may be: each field's choices and ranges, and the caps on size, checked before
a single weight is allocated; errors name the field, the value and what is allowed."""

from __future__ import annotations

import itertools
from typing import Any

from ..i18n import t
from ._counting import param_count
from ._specs import (
    BLOCKS,
    LIMITS,
    SHORTCUTS,
    STEMS,
    STRIDE_PLACEMENTS,
    UNIT_ORDERS,
    ZERO_PAD_PLACEMENTS,
    ResNetSpec,
    stage_channels,
)

__all__ = ["int_tuple", "validate"]


def _error(field: str, key: str, **params: Any) -> ValueError:
    """A validation error in the visitor's language, led by the field's code ("layers[1]: …")
    for ``state.friendly_error`` to name as the page does."""
    return ValueError(f"{field}: " + t(f"spec.{key}", **params))


def int_tuple(field: str, value: Any) -> tuple[int, ...]:
    try:
        items = tuple(value)
    except TypeError:
        raise _error(field, "not_a_sequence", value=repr(value)) from None
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int):
            raise _error(field, "not_integers", item=repr(item), value=repr(value))
    return items


def _check_choice(field: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise _error(field, "not_one_of", value=repr(value), allowed=list(allowed))


def _check_range(field: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _error(field, "out_of_range", value=repr(value), low=low, high=high)


def validate(spec: ResNetSpec) -> None:
    """Raise ValueError naming the field, the value and what is allowed; allocate nothing."""
    lim = LIMITS
    if not isinstance(spec.name, str) or not 1 <= len(spec.name) <= 64:
        raise _error("name", "name_length", name=repr(spec.name))
    _check_choice("block", spec.block, BLOCKS)
    _check_choice("shortcut", spec.shortcut, SHORTCUTS)
    _check_choice("stride_on", spec.stride_on, STRIDE_PLACEMENTS)
    _check_choice("stem", spec.stem, STEMS)
    _check_choice("unit", spec.unit, UNIT_ORDERS)
    _check_choice("zero_pad", spec.zero_pad, ZERO_PAD_PLACEMENTS)
    for field in ("plain", "final_norm", "avg_down"):
        if not isinstance(getattr(spec, field), bool):
            raise _error(field, "not_a_bool", value=repr(getattr(spec, field)))

    if not 1 <= len(spec.layers) <= lim.max_stages:
        raise _error(
            "layers", "stages", count=len(spec.layers), most=lim.max_stages, got=spec.layers
        )
    for stage, blocks in enumerate(spec.layers):
        _check_range(f"layers[{stage}]", blocks, 1, lim.max_blocks)
    if sum(spec.layers) > lim.max_blocks:
        raise _error("layers", "blocks", count=sum(spec.layers), most=lim.max_blocks)
    if len(spec.widths) != len(spec.layers):
        raise _error("widths", "widths", count=len(spec.widths), stages=len(spec.layers))
    for stage, width in enumerate(spec.widths):
        _check_range(f"widths[{stage}]", width, 1, lim.max_width)

    _check_range("groups", spec.groups, 1, lim.max_groups)
    _check_range("width_per_group", spec.width_per_group, 1, lim.max_width_per_group)
    _check_range("stem_width", spec.stem_width, 1, lim.max_width)
    if spec.stem == "deep" and spec.stem_width % 2:
        raise _error("stem_width", "deep_stem_width", width=spec.stem_width)
    _check_range("num_classes", spec.num_classes, 1, lim.max_classes)
    _check_range("in_channels", spec.in_channels, 1, lim.max_in_channels)

    if spec.block == "basic" and (spec.groups != 1 or spec.width_per_group != 64):
        raise _error(
            "groups/width_per_group", "basic_groups", groups=spec.groups, wpg=spec.width_per_group
        )
    if spec.block == "bottleneck":
        for stage, width in enumerate(spec.widths):
            if (width * spec.width_per_group) % 64:
                raise _error(f"widths[{stage}]", "per_group", width=width, wpg=spec.width_per_group)
    if spec.shortcut == "A":
        channels = [spec.stem_width, *stage_channels(spec)]
        for stage, (before, after) in enumerate(itertools.pairwise(channels)):
            if after < before:
                raise _error("shortcut", "option_a", stage=stage + 1, before=before, after=after)

    params = param_count(spec)
    if params > lim.max_params:
        raise _error("size", "too_big", params=f"{params:,}", most=f"{lim.max_params:,}")
