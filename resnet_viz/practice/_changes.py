"""The "what changes" question: one true statement about a pair of presets among true
statements about other pairs, all worded as the Compare page words them."""

from __future__ import annotations

import functools
import random
import re

from ..comparison import what_changes
from ..i18n import t, use
from ..models import PRESETS, default_input
from ..trace import get_trace

__all__ = ["PAIRS", "change_text", "changes_between", "facts"]

#: The comparisons a class meets: deeper, bottlenecks, grouped, wider, the later layouts.
PAIRS = (
    ("resnet18", "resnet34"),
    ("resnet34", "resnet50"),
    ("resnet50", "resnet101"),
    ("resnet101", "resnet152"),
    ("resnet50", "resnext50_32x4d"),
    ("resnet50", "wide_resnet50_2"),
    ("resnet101", "resnext101_32x8d"),
    ("resnet20", "resnet56"),
    ("resnet56", "resnet110"),
    ("resnet18", "preact_resnet18"),
    ("resnet50", "resnet50d"),
)
_RATIO = re.compile(r"^(parameters|multiply-adds) ")
#: Options shown with the right one.
WRONG_OPTIONS = 3


def changes_between(before: str, after: str) -> list[str]:
    """What the Compare page says changes from ``before`` to ``after`` (current language)."""
    traces = [get_trace(PRESETS[name], default_input(PRESETS[name])) for name in (before, after)]
    return what_changes(*traces)


@functools.cache
def _in_english(before: str, after: str) -> tuple[str, ...]:
    """The statements in English, which sets are drawn by (the same in every language)."""
    with use("en"):
        return tuple(changes_between(before, after))


def facts(before: str, after: str) -> list[int]:
    """Which of those statements are about the layout (not "the same blocks", not the
    parameter and multiply-add ratios, which every pair has)."""
    same = t("cmp.changes.same_blocks", "en")
    said = _in_english(before, after)
    return [index for index, text in enumerate(said) if text != same and not _RATIO.match(text)]


def _code(before: str, after: str, index: int) -> str:
    return f"{before}>{after}#{index}"


def change_text(code: str) -> str:
    """The statement a choice code stands for, in the current language."""
    pair, index = code.split("#")
    before, after = pair.split(">")
    return changes_between(before, after)[int(index)]


def changes_choices(rng: random.Random, before: str, after: str) -> tuple[str, tuple[str, ...]]:
    """The right choice and all the choices (shuffled): the wrong ones are true of another
    pair and not said of this one."""
    right = _code(before, after, rng.choice(facts(before, after)))
    said_here = set(_in_english(before, after))
    wrong: dict[str, str] = {}  # English text -> code, so no statement shows twice
    for other in rng.sample(PAIRS, len(PAIRS)):
        if other == (before, after):
            continue
        index = rng.choice(facts(*other))
        text = _in_english(*other)[index]
        if text not in said_here and text not in wrong:
            wrong[text] = _code(*other, index)
        if len(wrong) == WRONG_OPTIONS:
            break
    choices = [right, *wrong.values()]
    rng.shuffle(choices)
    return right, tuple(choices)
