"""A recognised ResNet against the closest preset, the way one compares two prints by eye:
identical; the same layers named differently; or what differs, field by field and then
layer by layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from ..i18n import t
from ..models import PRESETS, TORCHVISION_PRESETS, ResNetSpec, build_model
from ..text import format_shape
from ._layers import Layer
from ._recognise import COUNTER, Recognition, expected_shapes
from ._sources import Recognised, printed_layers

__all__ = ["FIELDS", "LayerRow", "Verdict", "closest_preset", "compare_with_preset", "value_text"]

#: The spec's fields that make two networks different, in the order differences are told.
FIELDS = (
    "block",
    "layers",
    "widths",
    "groups",
    "width_per_group",
    "stem",
    "stem_width",
    "in_channels",
    "unit",
    "final_norm",
    "shortcut",
    "plain",
    "avg_down",
    "zero_pad",
    "stride_on",
)
#: Rows of a layer-by-layer comparison shown at most (the count of all is told).
MAX_ROWS = 200


@dataclass(frozen=True)
class LayerRow:
    """One layer where the two differ: our name, and each side's description ("—": absent)."""

    name: str
    yours: str
    reference: str


@dataclass(frozen=True)
class Verdict:
    """How a recognised ResNet compares with the closest preset."""

    kind: Literal["identical", "renamed", "differs"]
    preset: str
    #: Other presets the shown part of a text that stops early is just as consistent with.
    also: tuple[str, ...]
    headline: str
    renames: tuple[str, ...]
    differences: tuple[str, ...]
    rows: tuple[LayerRow, ...]
    rows_total: int
    #: What the rows compare: a text's layers, or a checkpoint's tensors (under our names).
    rows_by: Literal["layers", "tensors"] = "layers"


def _distance(spec: ResNetSpec, preset: ResNetSpec) -> int:
    score = 0
    for name in FIELDS:
        mine, theirs = getattr(spec, name), getattr(preset, name)
        if mine != theirs:
            score += 3 if name in ("block", "layers", "stem", "unit") else 1
    return score


def closest_preset(spec: ResNetSpec) -> str:
    """The preset nearest to ``spec`` (fewest differing fields; the first of equals)."""
    return min(PRESETS, key=lambda name: _distance(spec, PRESETS[name]))


def _owner(name: str) -> str:
    """How a preset is named in a sentence: "torchvision's resnet18", "resnet20"."""
    return t("yours.torchvision_owner", name=name) if name in TORCHVISION_PRESETS else name


def value_text(field: str, value: Any) -> str:
    """A spec field's value as a visitor reads it."""
    if isinstance(value, bool):
        return t("yours.yes") if value else t("yours.no")
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    if field in ("block", "stem", "unit", "stride_on", "zero_pad"):
        return t(f"yours.value.{field}.{value}")
    return str(value)


def _differences(spec: ResNetSpec, preset_name: str) -> list[str]:
    preset = PRESETS[preset_name]
    owner = _owner(preset_name)
    lines = []
    for name in FIELDS:
        mine, theirs = getattr(spec, name), getattr(preset, name)
        if mine == theirs:
            continue
        if name == "stride_on":
            lines.append(
                t(
                    f"yours.diff_stride_{mine}",
                    owner=owner,
                    count=sum(1 for stage in spec.layers[1:] if stage),
                )
            )
            continue
        lines.append(
            t(
                "yours.diff_field",
                field=t(f"yours.field.{name}"),
                yours=value_text(name, mine),
                owner=owner,
                theirs=value_text(name, theirs),
            )
        )
    if spec.num_classes != preset.num_classes:
        lines.append(
            t("yours.diff_classes", yours=spec.num_classes, owner=owner, theirs=preset.num_classes)
        )
    return lines


def _rename_lines(recognition: Recognition, preset_name: str) -> list[str]:
    lines = []
    owner = _owner(preset_name)
    if recognition.names.prefix:
        lines.append(t("yours.prefix", prefix=recognition.names.prefix))
    for rename in recognition.names.renames:
        where = "blocks" if rename.theirs == "shortcut" else "modules"
        lines.append(
            t(
                f"yours.renamed.{where}",
                theirs=rename.theirs,
                ours=rename.ours,
                owner=owner,
                count=rename.count,
            )
        )
    return lines


@cache
def _preset_layers(name: str) -> dict[str, Layer]:
    return printed_layers(build_model(PRESETS[name], device="meta"))


@cache
def _preset_shapes(name: str) -> dict[str, tuple[int, ...]]:
    return expected_shapes(PRESETS[name])


def _layer_rows(recognised: Recognised, preset_name: str) -> list[LayerRow]:
    """Where the two differ, layer by layer (a text's layers) or tensor by tensor (a
    checkpoint's); for a text that stops early, only what it shows."""
    absent = "—"
    if recognised.layers is not None:
        theirs = {name: layer.text() for name, layer in recognised.layers.items()}
        ours = {name: layer.text() for name, layer in _preset_layers(preset_name).items()}
    else:
        names = recognised.recognition.names
        tensors = recognised.tensors or {}
        theirs = {
            names.ours[name]: format_shape(tuple(tensor.shape)) or "scalar"
            for name, tensor in tensors.items()
            if not name.endswith(COUNTER)
        }
        ours = {name: format_shape(shape) for name, shape in _preset_shapes(preset_name).items()}
    if recognised.recognition.stops_after is not None:
        ours = {name: text for name, text in ours.items() if name in theirs}
    order = list(ours) + [name for name in theirs if name not in ours]
    return [
        LayerRow(name, theirs.get(name, absent), ours.get(name, absent))
        for name in order
        if theirs.get(name) != ours.get(name)
    ]


def _consistent_presets(recognised: Recognised) -> list[str]:
    """Presets whose layers are the shown part of a text that stops early, exactly."""
    spec = recognised.recognition.spec
    same_start = [
        name
        for name, preset in PRESETS.items()
        if (preset.block, preset.stem, preset.unit, preset.stem_width, preset.widths[0])
        == (spec.block, spec.stem, spec.unit, spec.stem_width, spec.widths[0])
    ]
    return [name for name in same_start if not _layer_rows(recognised, name)]


def compare_with_preset(recognised: Recognised, preset_name: str | None = None) -> Verdict:
    """The verdict against ``preset_name`` (the closest preset when None)."""
    recognition = recognised.recognition
    spec = recognition.spec
    also: tuple[str, ...] = ()
    if preset_name is None:
        preset_name = closest_preset(spec)
        if recognition.stops_after is not None:
            consistent = _consistent_presets(recognised)
            if consistent:
                preset_name, also = consistent[0], tuple(consistent[1:])
    rows = _layer_rows(recognised, preset_name)
    by: Literal["layers", "tensors"] = "tensors" if recognised.layers is None else "layers"
    owner = _owner(preset_name)
    kind: Literal["identical", "renamed", "differs"]
    # A text that stops early has a partial spec, whose fields say nothing; its layers do.
    partial = recognition.stops_after is not None
    differences = [] if partial else _differences(spec, preset_name)
    if rows if partial else differences:
        kind = "differs"
    else:
        kind = "renamed" if recognition.names.renames else "identical"
    if partial:
        headline = t(
            f"yours.partial.{kind}",
            where=recognition.stops_after or "—",
            line=recognition.stops_at_line or 1,
            owner=owner,
        )
        if also:
            headline += " " + t("yours.partial.also", also=", ".join(also))
    else:
        headline = t(f"yours.verdict.{kind}", owner=owner)
    return Verdict(
        kind,
        preset_name,
        also,
        headline,
        tuple(_rename_lines(recognition, preset_name)),
        tuple(differences),
        tuple(rows[:MAX_ROWS]),
        len(rows),
        by,
    )
