"""One way to write a network's fields as link text and to read them back, for every page
that puts networks in a link (the architecture view's own keys, the compare page's ``c1=…``
entries): the same keys, the same rule for whole numbers and lists, the same errors, each
naming its field."""

from __future__ import annotations

import re

from ..i18n import t
from ..models import LIMITS, PRESETS, ResNetSpec
from ..text import parse_int_list

__all__ = [
    "BOOL_KEYS",
    "LIST_KEYS",
    "QUIET_DEFAULTS",
    "SPEC_INT_BOUNDS",
    "SPEC_KEYS",
    "is_preset",
    "parse_whole",
    "spec_field",
]

#: Link key -> spec field, for the fields a custom network sets (keys double as state keys).
SPEC_KEYS = {
    "name": "name",
    "block": "block",
    "layers": "layers",
    "widths": "widths",
    "groups": "groups",
    "wpg": "width_per_group",
    "shortcut": "shortcut",
    "stride_on": "stride_on",
    "stem": "stem",
    "stem_width": "stem_width",
    "classes": "num_classes",
    "in_ch": "in_channels",
    # The later layouts ("unit" names the view's MACs/FLOPs choice, so the order is "act").
    "act": "unit",
    "final_bn": "final_norm",
    "avg_down": "avg_down",
    "zero_pad": "zero_pad",
}
LIST_KEYS = {"layers", "widths"}
#: Keys a link leaves out at these values (2015's layout), so links made before these
#: fields existed still say exactly what they said.
QUIET_DEFAULTS: dict[str, object] = {
    "act": "post",
    "final_bn": True,
    "avg_down": False,
    "zero_pad": "end",
}
#: Yes/no fields: "1" in a link for yes, anything else for no.
BOOL_KEYS = {"final_bn", "avg_down", "plain"}
#: The whole-number fields of a spec and the values a link may give them.
SPEC_INT_BOUNDS = {
    "groups": (1, LIMITS.max_groups),
    "wpg": (1, LIMITS.max_width_per_group),
    "stem_width": (1, LIMITS.max_width),
    "classes": (1, LIMITS.max_classes),
    "in_ch": (1, LIMITS.max_in_channels),
}


def parse_whole(key: str, raw: str, low: int, high: int) -> int:
    """A whole number within ``low..high`` from link text, or ValueError naming ``key``."""
    text = str(raw).strip()
    if not re.fullmatch(r"-?\d{1,7}", text) or not low <= int(text) <= high:
        raise ValueError(
            f"{key}: " + t("viewer.not_whole", value=repr(str(raw)[:40]), low=low, high=high)
        )
    return int(text)


def spec_field(key: str, raw: str) -> object:
    """One spec field's value from link text (``key`` one of ``SPEC_KEYS`` or ``plain``)."""
    if key in LIST_KEYS:
        return parse_int_list(SPEC_KEYS[key], raw)
    if key in SPEC_INT_BOUNDS:
        return parse_whole(SPEC_KEYS[key], raw, *SPEC_INT_BOUNDS[key])
    if key in BOOL_KEYS:
        return str(raw).strip() in ("1", "true", "yes")
    return str(raw).strip()[:64]


def is_preset(spec: ResNetSpec) -> bool:
    """Whether ``spec`` is a preset, unchanged (a link then names it, not its fields)."""
    return PRESETS.get(spec.name) == spec
