"""How shortcut kinds look and read everywhere they appear: diagrams, tables, charts and their
legends, and a layer's or a shortcut's numbers in words. The words come from the catalogue
in the current language; the trace keeps codes and numbers ("identity", stride 2), worded
only when shown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..i18n import t
from ..models import ShortcutKind
from ..trace import BlockTrace, LayerRow

__all__ = [
    "SHORTCUT_STYLE",
    "ShortcutStyle",
    "block_word",
    "kind_counts",
    "kind_word",
    "layer_notation",
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


def reasons_text(block: BlockTrace) -> str:
    """Why a block's shortcut is not a plain identity, in the current language: the stride,
    the channels, or option C ("" for an identity, or a plain block)."""
    if block.shortcut in ("identity", "none"):
        return ""
    before, after = block.in_shape[0], block.out_shape[0]
    reasons = []
    if block.stride != 1:
        reasons.append(t("table.reason.stride", stride=block.stride))
    if before != after:
        reasons.append(t("table.reason.channels", before=before, after=after))
    return t("diagram.sep").join(reasons) or t("table.reason.option_c")


def layer_notation(layer: LayerRow) -> str:
    """A layer in the paper's notation ("3×3 conv, 64, /2", "3×3 max pool, /2", "BN"), made
    from its numbers, with its words in the current language ("" for a container)."""
    by_stride = f", /{layer.stride}" if layer.stride and layer.stride > 1 else ""
    if layer.type == "Conv2d":
        groups = f", {t('table.detail.groups', n=layer.groups)}" if layer.groups > 1 else ""
        return f"{layer.kernel}×{layer.kernel} conv, {layer.channels}{groups}{by_stride}"
    if layer.type == "MaxPool2d":
        return f"{layer.kernel}×{layer.kernel} {t('table.detail.max_pool')}, /{layer.stride}"
    if layer.type == "ZeroPadShortcut":
        return t("table.detail.zero_pad_to", n=layer.channels) + by_stride
    return {
        "BatchNorm2d": "BN",
        "ReLU": "ReLU",
        "AdaptiveAvgPool2d": t("table.detail.global_avg_pool"),
        "Linear": f"fc, {layer.channels}",
    }.get(layer.type, "")
