"""What changes from one network to the next, in plain words and real numbers, most telling
first: the block type, the layout (unit order, stem, pooled projections, option A's zeros),
the fields, each stage's depth, the shortcuts, and the costs."""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import t, t_count
from ..models import ResNetSpec, ShortcutKind
from ..trace import Trace, format_ops

__all__ = ["change_lines", "what_changes"]


def _ratio(before: int, after: int) -> str:
    """ "×1.17"; a change too small for two decimals as the difference itself ("+19,232")."""
    if not before:
        return t("cmp.changes.from_none")
    ratio = f"×{after / before:.2f}"
    return f"{after - before:+,}" if ratio == "×1.00" else ratio


def _layout(a: ResNetSpec, b: ResNetSpec) -> list[str]:
    """The later layouts' changes: unit order (and the final BN-ReLU), the deep stem, the
    pooled projection, option A's placement."""
    said = []
    final = t("cmp.changes.final_norm" if b.final_norm else "cmp.changes.no_final_norm")
    if a.unit != b.unit:
        said.append(t(f"cmp.changes.to_{b.unit}"))
        said += [final] if b.unit == "pre" else []
    elif a.unit == "pre" and a.final_norm != b.final_norm:
        said.append(final)
    if "deep" in (a.stem, b.stem) and a.stem != b.stem:
        deep, other = (b, a) if b.stem == "deep" else (a, b)
        convs = f"{deep.stem_width // 2}, {deep.stem_width // 2}, {deep.stem_width}"
        key = "cmp.changes.to_deep_stem" if b.stem == "deep" else "cmp.changes.from_deep_stem"
        said.append(t(key, kernel=7 if other.stem == "imagenet" else 3, convs=convs))
    if a.avg_down != b.avg_down:
        said.append(t("cmp.changes.avg_down" if b.avg_down else "cmp.changes.no_avg_down"))
    if a.zero_pad != b.zero_pad and a.shortcut == b.shortcut == "A":
        said.append(t(f"cmp.changes.zero_pad_{b.zero_pad}"))
    return said


def _field_words() -> dict[str, str]:
    """The spec fields what_changes names, in the current language."""
    return {
        "widths": t("cmp.changes.fields.widths"),
        "groups": t("cmp.changes.fields.groups"),
        "width_per_group": t("cmp.changes.fields.width_per_group"),
        "shortcut": t("cmp.changes.fields.shortcut"),
        "stride_on": t("cmp.changes.fields.stride_on"),
        "stem": t("cmp.changes.fields.stem"),
    }


def _growth(before: Trace, after: Trace, index: int, alone: bool) -> str:
    """One stage's change of depth; ``alone`` when it is the only change, so it can say how
    much of the extra work it holds."""
    a, b = before.spec.layers[index], after.spec.layers[index]
    stage = t("cmp.changes.stage_words", n=index + 1, conv=index + 2)
    key = "cmp.changes.grows" if b > a else "cmp.changes.shrinks"
    text = t_count(key, b, stage=stage, old=a)
    extra = after.total_mult_adds - before.total_mult_adds
    if alone and extra > 0:
        share = (after.stages[index].mult_adds - before.stages[index].mult_adds) / extra
        amount = format_ops(extra, "MACs", digits=2).replace("MACs", "").strip()
        text += (
            t("cmp.changes.holds_all", amount=amount)
            if share >= 0.995
            else t("cmp.changes.holds_share", share=f"{100 * share:.0f}")
        )
    return text


def change_lines(names: Sequence[str], changes: Sequence[Sequence[str]]) -> list[str]:
    """What changes from each network to the next, one line per step ("resnet50 → resnet101:
    the same blocks; …"), in the current language (the Compare page and the command line)."""
    return [
        t(
            "cmp.changes_line",
            before=names[index],
            after=names[index + 1],
            said=t("cmp.said_sep").join(said) or t("cmp.nothing_changes"),
        )
        for index, said in enumerate(changes)
    ]


def what_changes(before: Trace, after: Trace) -> list[str]:
    """From one network to the next, in plain words (the current language), most telling
    first."""
    a, b = before.spec, after.spec
    said: list[str] = []
    if a.block != b.block:
        said.append(
            t("cmp.changes.to_bottleneck") if b.block == "bottleneck" else t("cmp.changes.to_basic")
        )
    same_blocks = (a.block, a.widths, a.groups, a.width_per_group) == (
        b.block,
        b.widths,
        b.groups,
        b.width_per_group,
    )
    if a.plain != b.plain:
        said.append(t("cmp.changes.plain_twin") if b.plain else t("cmp.changes.shortcuts_added"))
    layout = _layout(a, b)
    said += layout
    for field, words in _field_words().items():
        old, new = getattr(a, field), getattr(b, field)
        if field == "stem" and "deep" in (old, new):
            continue  # worded with the layout
        if old != new and (field != "widths" or len(old) == len(new)):
            show = (lambda value: ", ".join(map(str, value))) if field == "widths" else str
            said.append(t("cmp.changes.field", words=words, old=show(old), new=show(new)))
    if len(a.layers) != len(b.layers):
        said.append(t("cmp.changes.stages", new=len(b.layers), old=len(a.layers)))
    grown = [
        index
        for index in range(min(len(a.layers), len(b.layers)))
        if a.layers[index] != b.layers[index]
    ]
    alone = same_blocks and len(grown) == 1 and len(a.layers) == len(b.layers)
    same_blocks = same_blocks and not layout
    if same_blocks and grown and not said:
        said.append(t("cmp.changes.same_blocks"))
    said += [_growth(before, after, index, alone) for index in grown]
    kinds: tuple[tuple[ShortcutKind, str], ...] = (
        ("projection", "cmp.changes.projection"),
        ("zero-pad", "cmp.changes.zero_pad"),
    )
    for kind, key in kinds:
        old = before.shortcut_counts().get(kind, 0)
        new = after.shortcut_counts().get(kind, 0)
        if old != new:
            said.append(t(key, old=old, new=new))
    if before.total_params != after.total_params:
        said.append(
            t("cmp.changes.parameters", ratio=_ratio(before.total_params, after.total_params))
        )
    if before.total_mult_adds != after.total_mult_adds:
        ratio = _ratio(before.total_mult_adds, after.total_mult_adds)
        said.append(t("cmp.changes.multiply_adds", ratio=ratio))
    return said
