"""A ResNet's spec from its tensors' names and shapes alone, checked against our builder.

Everything a state_dict shows is read from it: stages and blocks, widths, block type, groups,
stem, head, where the projections are, post- or pre-activation, the final norm. Two things it
cannot show are chosen with a reason and offered to switch: where a bottleneck strides (the
1×1 or the 3×3 conv hold the same tensors either way) and, where the shape changes without a
projection, whether the shortcut zero-pads after the channels, around them, or is not there
at all (a plain net). ``print(model)`` shows strides and shortcut modules, and settles both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..i18n import t
from ..models import EXPANSION, ResNetSpec, build_model, stage_channels
from ..text import format_shape
from ._names import NameMap
from ._printed import RecognitionError

__all__ = ["Choice", "Hints", "Recognition", "expected_shapes", "recognise_shapes"]

#: BatchNorm's step counters: bookkeeping that older checkpoints lack.
COUNTER = "num_batches_tracked"
_BLOCK = re.compile(r"^layer(\d+)\.(\d+)\.")

#: Where the shape changes without a projection: option A's zeros after or around the
#: channels, or no shortcut at all (the plain twin).
ZeroPadChoice = Literal["split", "end", "plain"]


@dataclass(frozen=True)
class Choice:
    """Something the input cannot tell: the value taken, the others possible, and why."""

    field: Literal["stride_on", "zero_pad"]
    chosen: str
    options: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Hints:
    """What a ``print(model)`` shows beyond tensors (our names throughout)."""

    #: Each conv's stride, by module path.
    strides: dict[str, int] = field(default_factory=dict)
    #: Blocks whose shortcut is a module holding no tensors (option A), with its placement
    #: when its repr says.
    zero_pads: dict[str, str | None] = field(default_factory=dict)
    printed: bool = False


@dataclass(frozen=True)
class Recognition:
    """What was recognised: the spec, how their names map to ours, what was chosen, what is
    left over, and where a text stops early."""

    spec: ResNetSpec
    source: Literal["checkpoint", "print", "module"]
    names: NameMap
    layout: str
    choices: tuple[Choice, ...] = ()
    #: Their names that have no place in the spec's network.
    unmapped: tuple[str, ...] = ()
    #: Our names the spec's network needs that theirs lack.
    missing: tuple[str, ...] = ()
    #: (our name, their shape, our shape) where both have the tensor in other shapes.
    mismatched: tuple[tuple[str, tuple[int, ...], tuple[int, ...]], ...] = ()
    stops_after: str | None = None
    stops_at_line: int | None = None

    @property
    def complete(self) -> bool:
        """Every tensor has its place and the text did not stop early: weights can load."""
        return not (self.unmapped or self.missing or self.mismatched) and self.stops_after is None

    def choose(self, field_name: str, value: str) -> Recognition:
        """The same recognition with one undecided field switched (the spec follows)."""
        choices = tuple(
            replace(choice, chosen=value) if choice.field == field_name else choice
            for choice in self.choices
        )
        options = next(choice.options for choice in choices if choice.field == field_name)
        if value not in options:
            raise ValueError(f"{field_name}: {value!r} is not one of {', '.join(options)}")
        return replace(self, choices=choices, spec=_apply(self.spec, choices))


def _apply(spec: ResNetSpec, choices: tuple[Choice, ...]) -> ResNetSpec:
    changes: dict[str, Any] = {}
    for choice in choices:
        if choice.field == "stride_on":
            changes["stride_on"] = choice.chosen
        elif choice.chosen == "plain":
            changes.update(shortcut="B", plain=True, zero_pad="end")
        else:
            changes.update(shortcut="A", plain=False, zero_pad=choice.chosen)
    return spec.replace(**changes)


def _shape(shapes: dict[str, tuple[int, ...]], name: str) -> tuple[int, ...]:
    if name not in shapes:
        raise RecognitionError(t("yours.needs_tensor", name=name))
    return shapes[name]


def _stem(shapes: dict[str, tuple[int, ...]]) -> dict[str, Any]:
    if "conv1.0.weight" in shapes:  # ResNet-C's deep stem: three 3x3 convs
        first = shapes["conv1.0.weight"]
        return {"stem": "deep", "in_channels": first[1], "stem_width": shapes["conv1.6.weight"][0]}
    conv = _shape(shapes, "conv1.weight")
    if len(conv) != 4 or conv[-1] not in (3, 7):
        raise RecognitionError(t("yours.stem_kernel", shape=format_shape(conv)))
    stem = "imagenet" if conv[-1] == 7 else "cifar"
    return {"stem": stem, "in_channels": conv[1], "stem_width": conv[0]}


def _stages(shapes: dict[str, tuple[int, ...]]) -> tuple[int, ...]:
    blocks: dict[int, set[int]] = {}
    for name in shapes:
        found = _BLOCK.match(name)
        if found:
            blocks.setdefault(int(found.group(1)), set()).add(int(found.group(2)))
    if not blocks:
        raise RecognitionError(t("yours.no_stages"))
    if sorted(blocks) != list(range(1, len(blocks) + 1)):
        raise RecognitionError(t("yours.stage_gap", found=", ".join(map(str, sorted(blocks)))))
    return tuple(max(blocks[stage]) + 1 for stage in sorted(blocks))


def _block_fields(shapes: dict[str, tuple[int, ...]], stages: int) -> dict[str, Any]:
    if "layer1.0.conv3.weight" not in shapes:
        basic = tuple(_shape(shapes, f"layer{s + 1}.0.conv1.weight")[0] for s in range(stages))
        return {"block": "basic", "widths": basic}
    widths: list[int] = []
    for stage in range(stages):
        out = _shape(shapes, f"layer{stage + 1}.0.conv3.weight")[0]
        if out % EXPANSION["bottleneck"]:
            raise RecognitionError(t("yours.expansion", name=f"layer{stage + 1}.0.conv3", out=out))
        widths.append(out // EXPANSION["bottleneck"])
    inner, per_group = _shape(shapes, "layer1.0.conv2.weight")[:2]
    groups = max(1, inner // per_group)
    width_per_group = inner * 64 // (widths[0] * groups)
    return {
        "block": "bottleneck",
        "widths": tuple(widths),
        "groups": groups,
        "width_per_group": width_per_group,
    }


def _head(shapes: dict[str, tuple[int, ...]], partial: bool) -> int:
    if "fc.weight" in shapes:
        return shapes["fc.weight"][0]
    # An unknown name for the classifier: the last top-level 2-D weight is most likely it.
    heads = [shape for name, shape in shapes.items() if name.count(".") == 1 and len(shape) == 2]
    if not heads and partial:  # a text that stops before its classifier: ImageNet's, say
        return ResNetSpec().num_classes
    if not heads:
        raise RecognitionError(t("yours.no_head"))
    return heads[-1][0]


def _projections(shapes: dict[str, tuple[int, ...]]) -> tuple[set[str], bool]:
    """Blocks with a projection conv on their shortcut, and whether a pool sits before it."""
    blocks, pooled = set(), False
    for name, shape in shapes.items():
        found = re.match(r"^(layer\d+\.\d+)\.downsample\.(\d+)\.weight$", name)
        if found and len(shape) == 4:
            blocks.add(found.group(1))
            pooled |= found.group(2) == "1"
    return blocks, pooled


def _shortcut_fields(
    spec: ResNetSpec, shapes: dict[str, tuple[int, ...]], hints: Hints, names: NameMap
) -> tuple[dict[str, Any], list[Choice]]:
    """Option A/B/C (or plain), ResNet-D's pool, and what is left to choose."""
    projected, pooled = _projections(shapes)
    changing: list[str] = []
    steady: list[str] = []
    channels = [spec.stem_width, *stage_channels(spec)]
    for stage, blocks in enumerate(spec.layers):
        for index in range(blocks):
            cin = channels[stage] if index == 0 else channels[stage + 1]
            changes = (index == 0 and stage > 0) or cin != channels[stage + 1]
            (changing if changes else steady).append(f"layer{stage + 1}.{index}")
    if any(block in projected for block in steady):
        return {"shortcut": "C", "avg_down": pooled}, []
    if any(block in projected for block in changing) or not changing:
        return {"shortcut": "B", "avg_down": pooled}, []
    padded = [hints.zero_pads[block] for block in changing if block in hints.zero_pads]
    if (hints.printed and not padded) or not _pads(spec):
        return {"shortcut": "B", "plain": True}, []
    placements = {placement for placement in padded if placement}
    if len(placements) == 1:
        return {"shortcut": "A", "zero_pad": placements.pop()}, []
    options: tuple[str, ...] = ("split", "end") if hints.printed else ("split", "end", "plain")
    # The option-A CIFAR code (head "linear") pads around; torchvision-style names are more
    # likely this app's own nets or a port of the 2015 Torch code, which pad after.
    likelier = "split" if any(rename.theirs == "linear" for rename in names.renames) else "end"
    choice = Choice("zero_pad", likelier, options, t(f"yours.why_zero_pad_{likelier}"))
    return {}, [choice]


def _pads(spec: ResNetSpec) -> bool:
    """Whether option A can be this net's: zero padding only ever adds channels."""
    try:
        spec.replace(shortcut="A")
    except ValueError:
        return False
    return True


def _stride_fields(spec: ResNetSpec, hints: Hints) -> tuple[dict[str, Any], list[Choice]]:
    if spec.block != "bottleneck" or len(spec.layers) < 2:
        return {}, []
    if hints.strides.get("layer2.0.conv1", 1) > 1:
        return {"stride_on": "1x1"}, []
    if hints.strides.get("layer2.0.conv2", 1) > 1:
        return {"stride_on": "3x3"}, []
    return {}, [Choice("stride_on", "3x3", ("3x3", "1x1"), t("yours.why_stride"))]


def _layout(spec: ResNetSpec, names: NameMap) -> str:
    """Whose code these names most likely come from."""
    renamed = {rename.theirs for rename in names.renames}
    if spec.unit == "pre" and renamed:
        return "preact_cifar"
    if "linear" in renamed:
        return "option_a_cifar" if spec.shortcut == "A" and not spec.plain else "cifar"
    if renamed:
        return "article"
    if spec.stem == "deep" or spec.avg_down:
        return "timm"
    return "ours" if spec.unit == "pre" else "torchvision"


def expected_shapes(spec: ResNetSpec) -> dict[str, tuple[int, ...]]:
    """The tensors our builder's network of ``spec`` holds (built on ``meta``: no memory),
    BatchNorm's step counters left out."""
    state = build_model(spec, device="meta").state_dict()
    return {
        name: tuple(tensor.shape) for name, tensor in state.items() if not name.endswith(COUNTER)
    }


def recognise_shapes(
    given: dict[str, tuple[int, ...]],
    names: NameMap,
    source: Literal["checkpoint", "print", "module"],
    hints: Hints | None = None,
    stops_after: str | None = None,
    stops_at_line: int | None = None,
) -> Recognition:
    """The spec these tensors (under our names) describe, checked against our builder."""
    hints = hints or Hints()
    shapes = {name: shape for name, shape in given.items() if not name.endswith(COUNTER)}
    stages = _stages(shapes)
    fields: dict[str, Any] = {
        **_stem(shapes),
        **_block_fields(shapes, len(stages)),
        "layers": stages,
        "unit": "post" if "bn1.weight" in shapes else "pre",
        "final_norm": "bn_final.weight" in shapes,
        "num_classes": _head(shapes, stops_after is not None),
    }
    try:
        spec = ResNetSpec(**fields)
        shortcut, choices = _shortcut_fields(spec, shapes, hints, names)
        spec = spec.replace(**shortcut)
        stride, stride_choices = _stride_fields(spec, hints)
        choices += stride_choices
        spec = _apply(spec.replace(**stride), tuple(choices))
    except ValueError as error:
        raise RecognitionError(t("yours.not_buildable", reason=str(error))) from None
    expected = expected_shapes(spec)
    theirs = names.theirs()
    unmapped = tuple(theirs.get(name, name) for name in shapes if name not in expected)
    missing = () if stops_after is not None else tuple(n for n in expected if n not in shapes)
    mismatched = tuple(
        (name, shapes[name], shape)
        for name, shape in expected.items()
        if name in shapes and shapes[name] != shape
    )
    return Recognition(
        spec,
        source,
        names,
        _layout(spec, names),
        tuple(choices),
        unmapped,
        missing,
        mismatched,
        stops_after,
        stops_at_line,
    )
