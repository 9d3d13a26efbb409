"""How shortcut kinds look and read everywhere they appear: diagrams, tables, charts and their
legends. The words come from the catalogue in the current language; the trace keeps its
language-neutral codes ("identity", "stride 2"), worded only when shown."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..i18n import t
from ..models import ShortcutKind

__all__ = [
    "SHORTCUT_STYLE",
    "ShortcutStyle",
    "block_word",
    "detail_text",
    "kind_counts",
    "kind_word",
    "reason_text",
    "reasons_text",
]


@dataclass(frozen=True)
class ShortcutStyle:
    """Colour, Graphviz line style and pen width of one kind; its legend in words."""

    kind: ShortcutKind
    color: str
    style: str
    penwidth: str

    @property
    def legend(self) -> str:
        """The legend's words for this kind, in the current language."""
        return t(f"diagram.legend.{self.kind}")


SHORTCUT_STYLE: dict[ShortcutKind, ShortcutStyle] = {
    "identity": ShortcutStyle("identity", "#2e7d32", "solid", "1.5"),
    "projection": ShortcutStyle("projection", "#e65100", "bold", "2.5"),
    "zero-pad": ShortcutStyle("zero-pad", "#1565c0", "dashed", "2"),
    "none": ShortcutStyle("none", "#9e9e9e", "invis", "1"),
}


def kind_word(kind: str) -> str:
    """A shortcut kind as a word: "identity" (English), "恒等映射" (Chinese)."""
    return t(f"diagram.kind.{kind}") if kind in SHORTCUT_STYLE else kind


def kind_counts(counts: Iterable[tuple[str, int]]) -> str:
    """(kind, count) pairs as "5 identity, 3 projection"."""
    return t("diagram.sep").join(
        t("diagram.kind_count", count=count, kind=kind_word(kind)) for kind, count in counts
    )


def block_word(block: str) -> str:
    """A block type code ("basic", "bottleneck") as the diagrams and captions word it."""
    return t(f"diagram.block.{block}") if block in ("basic", "bottleneck") else block


_STRIDE = re.compile(r"stride (\d+)")
_CHANNELS = re.compile(r"channels (\d+)→(\d+)")


def reason_text(reason: str) -> str:
    """Why a shortcut is not an identity ("stride 2", "channels 64→128", "option C: every
    block", as tracing records it) in the current language."""
    if found := _STRIDE.fullmatch(reason):
        return t("table.reason.stride", stride=found.group(1))
    if found := _CHANNELS.fullmatch(reason):
        return t("table.reason.channels", before=found.group(1), after=found.group(2))
    if reason == "option C: every block":
        return t("table.reason.option_c")
    return reason


def reasons_text(reasons: Iterable[str]) -> str:
    return t("diagram.sep").join(reason_text(reason) for reason in reasons)


_DETAIL_WORDS = (
    (re.compile(r"global avg pool"), "table.detail.global_avg_pool"),
    (re.compile(r"max pool"), "table.detail.max_pool"),
    (re.compile(r"(\d+) groups"), "table.detail.groups"),
    (re.compile(r"zero-pad to (\d+)"), "table.detail.zero_pad_to"),
)


def _worded(key: str) -> Callable[[re.Match[str]], str]:
    return lambda found: t(key, n=found.group(found.lastindex or 0))


def detail_text(detail: str) -> str:
    """A layer in the paper's notation ("3×3 conv, 64, /2", "3×3 max pool, /2") with its
    words in the current language; the notation itself is the same in both."""
    for pattern, key in _DETAIL_WORDS:
        detail = pattern.sub(_worded(key), detail)
    return detail
