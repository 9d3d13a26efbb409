"""Lists of numbers typed by a visitor or carried in a link: "3, 4, 6, 3", "0.5 0.5 0.5".

Errors lead with the field's code ("layers: …") and say the rest in the visitor's language."""

from __future__ import annotations

import re
import unicodedata

from ..i18n import t

__all__ = ["parse_float_list", "parse_int_list"]

_SEPARATORS = re.compile(r"[,;\s、]+")


def _items(text: str) -> list[str]:
    """The items of a list; full-width commas and digits (２，２，２，２) count as their ASCII
    selves, as Chinese input methods type them."""
    plain = unicodedata.normalize("NFKC", str(text))
    return [item for item in _SEPARATORS.split(plain.strip()) if item]


def parse_int_list(field: str, text: str) -> tuple[int, ...]:
    """ "3, 4, 6, 3" -> (3, 4, 6, 3), or a ValueError that shows the expected form."""
    items = _items(text)
    if not items or not all(re.fullmatch(r"-?\d{1,7}", item) for item in items):
        raise ValueError(f"{field}: " + t("spec.int_list", text=repr(str(text)[:40])))
    return tuple(int(item) for item in items)


def parse_float_list(field: str, text: str) -> tuple[float, ...]:
    """ "0.485, 0.456, 0.406" -> a tuple of floats, or a ValueError naming the field."""
    try:
        values = tuple(float(item) for item in _items(text))
    except ValueError:
        raise ValueError(f"{field}: " + t("spec.float_list", text=repr(text[:40]))) from None
    if not values:
        raise ValueError(f"{field}: " + t("spec.one_per_channel"))
    return values
