"""Other code's names for a ResNet's parts, mapped to ours (torchvision's).

The article's code and the common CIFAR code call a block's shortcut ``shortcut`` where
torchvision says ``downsample``, name the classifier ``linear`` and a pre-activation net's
last norm ``bn``; DataParallel, Lightning and ``torch.compile`` wrap every name in a prefix.
Each renaming is kept as a rule with the number of places it applies, so a visitor sees
"``shortcut`` (yours) is ``downsample`` (ours) in 3 blocks" rather than a hundred rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["NameMap", "Rename", "map_names"]

#: Prefixes that wrappers put before every name, in the order they are taken off.
WRAPPER_PREFIXES = ("module.", "model.", "net.", "_orig_mod.")

#: (their pattern, our replacement, their name and ours as a visitor reads them).
_RULES: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (re.compile(r"^linear(?=\.|$)"), "fc", "linear", "fc"),
    (re.compile(r"^bn(?=\.|$)"), "bn_final", "bn", "bn_final"),
    (re.compile(r"(?<=\.)shortcut(?=\.|$)"), "downsample", "shortcut", "downsample"),
)


@dataclass(frozen=True)
class Rename:
    """One renaming rule and the number of modules (or blocks) it renamed."""

    theirs: str
    ours: str
    count: int


@dataclass(frozen=True)
class NameMap:
    """Their names to ours, the rules that did it, and the wrapper prefix taken off."""

    ours: dict[str, str]
    renames: tuple[Rename, ...]
    prefix: str = ""

    def theirs(self) -> dict[str, str]:
        """Ours back to theirs."""
        return {our: their for their, our in self.ours.items()}

    def renamed(self) -> list[tuple[str, str]]:
        """(theirs, ours) for each name the map changed, in their order."""
        return [(their, our) for their, our in self.ours.items() if their != our]


def _strip_prefix(names: list[str]) -> tuple[list[str], str]:
    prefix = ""
    changed = True
    while changed and names:
        changed = False
        for candidate in WRAPPER_PREFIXES:
            if all(name.startswith(candidate) for name in names):
                names = [name[len(candidate) :] for name in names]
                prefix += candidate
                changed = True
    return names, prefix


def map_names(names: Iterable[str]) -> NameMap:
    """Map every name (tensor or module path) to ours; names we have no rule for stay."""
    original = list(names)
    stripped, prefix = _strip_prefix(original)
    ours: dict[str, str] = {}
    places: dict[str, set[str]] = {}
    for their, name in zip(original, stripped, strict=True):
        mapped = name
        for pattern, replacement, label, _ in _RULES:
            found = pattern.search(mapped)
            if found:
                places.setdefault(label, set()).add(mapped[: found.start()])
                mapped = pattern.sub(replacement, mapped)
        ours[their] = mapped
    renames = tuple(
        Rename(label, our_label, len(places[label]))
        for _, _, label, our_label in _RULES
        if label in places
    )
    return NameMap(ours, renames, prefix)
