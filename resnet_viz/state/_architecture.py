"""The architecture page's state: widget values <-> spec and view <-> URL query.

Everything a visitor chooses lives in the URL, so a copied link reopens the same view. Parsing
is here, not in the page: bad values come back as clear messages naming the field, in the
visitor's language (URL keys and option values stay language-neutral).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..i18n import DEFAULT_LANGUAGE, catalogue, t
from ..models import (
    BLOCKS,
    LIMITS,
    PRESETS,
    SHORTCUTS,
    STEM_DEFAULTS,
    STEMS,
    STRIDE_PLACEMENTS,
    UNIT_ORDERS,
    ZERO_PAD_PLACEMENTS,
    ResNetSpec,
    default_input,
    stage_names,
)
from ..text import file_stem, parse_int_list
from ..trace import OP_UNITS, OpUnit
from ..views.diagram import DIRECTIONS, LEVELS, Direction, Level, can_unfold, default_direction
from ._codec import (
    BOOL_KEYS,
    LIST_KEYS,
    QUIET_DEFAULTS,
    SPEC_INT_BOUNDS,
    SPEC_KEYS,
    parse_whole,
)

__all__ = [
    "CHOICES",
    "CUSTOM",
    "DEFAULT_NET",
    "INT_BOUNDS",
    "ArchView",
    "default_size",
    "default_state",
    "detail_state",
    "fields_of",
    "friendly_error",
    "query_from_view",
    "state_from_query",
    "stem_proposal",
    "unhonoured",
    "view_from_state",
]

DEFAULT_NET = "resnet18"
CUSTOM = "custom"
#: Bounds of the number widgets; the page uses them too, so a URL can't seed a value they refuse.
INT_BOUNDS = {
    **SPEC_INT_BOUNDS,
    "size": (LIMITS.min_input_side, LIMITS.max_input_side),
    "bi": (-1, LIMITS.max_blocks),
}
#: Options of the choice widgets.
CHOICES = {
    "block": BLOCKS,
    "shortcut": SHORTCUTS,
    "stride_on": STRIDE_PLACEMENTS,
    "stem": STEMS,
    "act": UNIT_ORDERS,
    "zero_pad": ZERO_PAD_PLACEMENTS,
    "level": LEVELS,
    "unit": OP_UNITS,
    "dir": ("auto", *DIRECTIONS),
}


@dataclass(frozen=True)
class ArchView:
    """What the architecture page shows: a network and how to look at it."""

    spec: ResNetSpec
    net: str
    size: int
    level: Level = "blocks"
    unfold: bool = False
    stage: str = "layer1"
    block: int | None = None
    unit: OpUnit = "MACs"
    #: None: what suits the level (``diagram.default_direction``).
    direction: Direction | None = None

    @property
    def input_size(self) -> tuple[int, int, int]:
        return (self.spec.in_channels, self.size, self.size)

    @property
    def layout(self) -> Direction:
        """The direction the diagram is drawn in."""
        return self.direction or default_direction(self.level)

    def file_stem(self) -> str:
        """A download name for what is shown: "resnet50-layers-layer3-block2"."""
        what: str = self.level
        if self.level == "layers":
            what += f"-{self.stage}" + (f"-block{self.block}" if self.block is not None else "")
        return file_stem(self.spec.name, what)


def friendly_error(message: str) -> str:
    """An error as the page's widgets name things.

    "layers[1]: ..." becomes "Blocks per stage (stage 2): ...". The fields it names are
    those the catalogue has a label for (``viewer.field.<field>``).
    """
    found = re.match(r"([\w/]+)(?:\[(\d+)\])?: (.*)", message, re.DOTALL)
    if not found or f"viewer.field.{found.group(1)}" not in catalogue(DEFAULT_LANGUAGE):
        return message
    field, index, rest = found.groups()
    where = t("viewer.in_stage", stage=int(index) + 1) if index is not None else ""
    return t("viewer.named", label=t(f"viewer.field.{field}"), where=where, rest=rest)


def default_size(spec: ResNetSpec) -> int:
    """The input side a network's page opens with: its stem's usual one."""
    return default_input(spec)[1]


def fields_of(spec: ResNetSpec) -> dict[str, Any]:
    """A spec as widget values (lists as "3, 4, 6, 3" text)."""
    values = {key: getattr(spec, field) for key, field in SPEC_KEYS.items()}
    for key in LIST_KEYS:
        values[key] = ", ".join(map(str, values[key]))
    return values


def default_state() -> dict[str, Any]:
    spec = PRESETS[DEFAULT_NET]
    return {
        "net": DEFAULT_NET,
        **fields_of(spec),
        "size": default_size(spec),
        "level": "blocks",
        "unfold": False,
        "stage": "layer1",
        "bi": -1,
        "unit": "MACs",
        "dir": "auto",
    }


def _parse(key: str, raw: str) -> Any:
    """One URL value as its widget holds it, or ValueError naming the key."""
    if key in INT_BOUNDS:
        return parse_whole(key, raw, *INT_BOUNDS[key])
    if key in CHOICES and raw not in CHOICES[key]:
        raise ValueError(
            f"{key}: " + t("spec.not_one_of", value=repr(raw[:40]), allowed=list(CHOICES[key]))
        )
    if key == "unfold" or key in BOOL_KEYS:
        return raw in ("1", "true", "yes")
    return raw[:64] if key == "name" else raw[:200]


def state_from_query(query: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Widget values from a URL query; unusable values are reported and left at defaults."""
    state, problems = default_state(), []
    net = query.get("net", DEFAULT_NET)
    if net in PRESETS:
        state.update(net=net, **fields_of(PRESETS[net]), size=default_size(PRESETS[net]))
    elif net == CUSTOM:
        state |= {"net": CUSTOM, "name": CUSTOM}
        for key in SPEC_KEYS:
            if key in query:
                try:
                    state[key] = _parse(key, query[key])
                except ValueError as error:
                    problems.append(str(error))
    else:
        problems.append("net: " + t("viewer.unknown_net", net=repr(net[:40]), shown=DEFAULT_NET))
    for key in ("size", "level", "unfold", "stage", "bi", "unit", "dir"):
        if key in query:
            try:
                state[key] = _parse(key, query[key])
            except ValueError as error:
                problems.append(str(error))
    return state, problems


def view_from_state(state: Mapping[str, Any]) -> ArchView:
    """The view the widgets describe; ValueError (naming the field) when they describe none."""
    net = state["net"]
    if net in PRESETS:
        spec = PRESETS[net]
    elif net == CUSTOM:
        values = {}
        for key, field in SPEC_KEYS.items():
            value = state[key]
            values[field] = parse_int_list(field, value) if key in LIST_KEYS else value
        spec = ResNetSpec.from_dict(values)
    else:
        raise ValueError("net: " + t("viewer.choose_net", net=repr(net), known=[*PRESETS, CUSTOM]))
    stages = stage_names(spec)
    stage = state["stage"] if state["stage"] in stages else stages[0]
    blocks_in_stage = spec.layers[stages.index(stage)]
    block = state["bi"] if 0 <= state["bi"] < blocks_in_stage else None
    unfold = bool(state["unfold"]) and can_unfold(sum(spec.layers))
    return ArchView(
        spec=spec,
        net=net,
        size=int(state["size"]),
        level=state["level"],
        unfold=unfold,
        stage=stage,
        block=block,
        unit=state["unit"],
        direction=None if state["dir"] == "auto" else state["dir"],
    )


def stem_proposal(state: Mapping[str, Any], stem: str) -> dict[str, Any]:
    """Input size and classes to suggest after a custom net's stem changes: the new stem's
    usual ones, where the fields still hold the other stem's defaults (nothing the visitor
    typed is overwritten)."""
    if stem not in STEM_DEFAULTS:
        return {}
    (side, classes) = STEM_DEFAULTS[stem]
    others = [defaults for key, defaults in STEM_DEFAULTS.items() if key != stem]
    proposal = {}
    if state.get("size") in {old_side for old_side, _ in others}:
        proposal["size"] = side
    if state.get("classes") in {old_classes for _, old_classes in others}:
        proposal["classes"] = classes
    return proposal


def unhonoured(state: Mapping[str, Any], view: ArchView) -> list[str]:
    """What a link asked for that the view cannot show, each with what is shown instead."""
    notes = []
    stages = stage_names(view.spec)
    if state["level"] == "layers" and state["stage"] != view.stage:
        asked, known = repr(str(state["stage"])[:40]), ", ".join(stages)
        note = t("viewer.not_a_stage", stage=asked, name=view.spec.name, stages=known)
        notes.append(f"stage: {note}" + t("viewer.showing", shown=view.stage))
    elif state["level"] == "layers" and state["bi"] >= 0 and view.block is None:
        last = view.spec.layers[stages.index(view.stage)] - 1
        notes.append(
            "bi: " + t("viewer.not_a_block", stage=view.stage, last=last, asked=state["bi"])
        )
    if state["level"] == "blocks" and state["unfold"] and not view.unfold:
        count = sum(view.spec.layers)
        notes.append("unfold: " + t("viewer.no_unfold", name=view.spec.name, count=count))
    return notes


def detail_state(target: str) -> dict[str, Any]:
    """Widget values that open a clicked node's layers: "layer3:2" (block -1: whole stage)."""
    found = re.fullmatch(r"(layer\d{1,2}):(-1|\d{1,4})", target)
    if not found:
        raise ValueError("target: " + t("viewer.bad_target", target=repr(target[:40])))
    return {"level": "layers", "stage": found.group(1), "bi": int(found.group(2))}


def query_from_view(view: ArchView) -> dict[str, str]:
    """The URL query that reopens this view: a preset by name, a custom net field by field."""
    query = {"net": view.net}
    if view.net == CUSTOM:
        for key, value in fields_of(view.spec).items():
            if QUIET_DEFAULTS.get(key, ...) == value:
                continue
            if key in LIST_KEYS:
                query[key] = str(value).replace(" ", "")
            elif isinstance(value, bool):
                query[key] = "1" if value else "0"
            else:
                query[key] = str(value)
    query |= {"size": str(view.size), "level": view.level, "unit": view.unit}
    if view.direction:
        query["dir"] = view.direction
    if view.level == "blocks" and view.unfold:
        query["unfold"] = "1"
    if view.level == "layers":
        query["stage"] = view.stage
        if view.block is not None:
            query["bi"] = str(view.block)
    return query
