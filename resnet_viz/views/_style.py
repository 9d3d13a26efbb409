"""How shortcut kinds look and read everywhere they appear: diagrams, tables, charts and their
legends, and a layer's or a shortcut's numbers in words. The words come from the catalogue
in the current language; the trace keeps codes and numbers ("identity", stride 2), worded
only when shown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..i18n import t
from ..models import ResNetSpec, ShortcutKind
from ..trace import BlockTrace, LayerRow

__all__ = [
    "SHORTCUT_STYLE",
    "ShortcutStyle",
    "block_word",
    "kind_counts",
    "kind_word",
    "layer_notation",
    "layout_variant",
    "legend_words",
    "reasons_text",
    "shortcut_word",
]


@dataclass(frozen=True)
class ShortcutStyle:
    """Colour, Graphviz line style and pen width of one kind; its legend in words."""

    kind: ShortcutKind
    color: str
    style: str
    penwidth: str


SHORTCUT_STYLE: dict[ShortcutKind, ShortcutStyle] = {
    "identity": ShortcutStyle("identity", "#2e7d32", "solid", "1.5"),
    "projection": ShortcutStyle("projection", "#e65100", "bold", "2.5"),
    "zero-pad": ShortcutStyle("zero-pad", "#1565c0", "dashed", "2"),
    "none": ShortcutStyle("none", "#9e9e9e", "invis", "1"),
}


def kind_word(kind: str) -> str:
    """A shortcut kind as a word: "identity" (English), "恒等映射" (Chinese)."""
    return t(f"diagram.kind.{kind}") if kind in SHORTCUT_STYLE else kind


def layout_variant(kind: str, spec: ResNetSpec, stride: int = 2) -> str:
    """The catalogue suffix of a shortcut kind in one network's layout: a projection of a
    pre-activated input ("_pre"), after an average pool ("_avg": ResNet-D pools where the
    block strides), or both; zero padding split around the input's channels ("_split"); ""
    for the 2015 layout."""
    if kind == "projection":
        pooled = spec.avg_down and stride > 1
        return ("_pre" if spec.unit == "pre" else "") + ("_avg" if pooled else "")
    if kind == "zero-pad" and spec.zero_pad == "split":
        return "_split"
    return ""


def shortcut_word(kind: str, spec: ResNetSpec) -> str:
    """A shortcut kind as a diagram's edge names it: the kind, with option A's placement
    when the zeros are split ("zero-pad, split")."""
    variant = layout_variant(kind, spec) if kind == "zero-pad" else ""
    return t(f"diagram.kind.{kind}{variant}") if kind in SHORTCUT_STYLE else kind


def legend_words(kind: ShortcutKind, spec: ResNetSpec) -> str:
    """The legend's words for a kind in this network's layout ("projection: 2×2 avg pool →
    1×1 conv + BN" in ResNet-D)."""
    return t(f"diagram.legend.{kind}{layout_variant(kind, spec)}")


def kind_counts(counts: Iterable[tuple[str, int]]) -> str:
    """(kind, count) pairs as "5 identity, 3 projection"."""
    return t("diagram.sep").join(
        t("diagram.kind_count", count=count, kind=kind_word(kind)) for kind, count in counts
    )


def block_word(block: str, unit: str = "post") -> str:
    """A block type code ("basic", "bottleneck") as the diagrams and captions word it; a
    pre-activation unit says so ("pre-activation bottleneck")."""
    word = t(f"diagram.block.{block}") if block in ("basic", "bottleneck") else block
    return t("diagram.block.pre", block=word) if unit == "pre" else word


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
    if layer.type in ("MaxPool2d", "AvgPool2d"):
        pool = t("table.detail.max_pool" if layer.type == "MaxPool2d" else "table.detail.avg_pool")
        return f"{layer.kernel}×{layer.kernel} {pool}, /{layer.stride}"
    if layer.type == "ZeroPadShortcut":
        return t("table.detail.zero_pad_to", n=layer.channels) + by_stride
    return {
        "BatchNorm2d": "BN",
        "ReLU": "ReLU",
        "AdaptiveAvgPool2d": t("table.detail.global_avg_pool"),
        "Linear": f"fc, {layer.channels}",
    }.get(layer.type, "")
