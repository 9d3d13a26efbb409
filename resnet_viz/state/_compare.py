"""The compare page's state in the URL: which networks, in order, and each custom one whole.

``?nets=resnet18,resnet50,c1&c1=name=tiny;block=basic;layers=1,1,1;widths=16,32,64`` — a preset
by name, a custom network as ``c1``…``c4`` holding ``field=value`` pairs (the architecture
page's field names). Bad entries are reported by name and left out; the rest is compared.
What is reported is worded in the current language; field names stay as the link spells them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..comparison import MAX_NETS
from ..i18n import t
from ..models import PRESETS, ResNetSpec
from ..trace import OP_UNITS
from ._architecture import friendly_error
from ._codec import LIST_KEYS, QUIET_DEFAULTS, SPEC_KEYS, is_preset, spec_field

__all__ = [
    "DEFAULT_NETS",
    "VIEW_CHOICES",
    "named_network",
    "nets_from_query",
    "query_from_nets",
    "spec_from_text",
    "spec_to_text",
    "view_from_query",
]

DEFAULT_NETS = ("resnet18", "resnet34", "resnet50")
_FIELDS = {**SPEC_KEYS, "plain": "plain"}


def spec_to_text(spec: ResNetSpec) -> str:
    """A custom network as URL text: ``name=…;block=…;layers=3,4,6,3;…``."""
    parts = []
    for key, field in _FIELDS.items():
        value = getattr(spec, field)
        if QUIET_DEFAULTS.get(key, ...) == value:
            continue
        if key in LIST_KEYS:
            text = ",".join(map(str, value))
        elif isinstance(value, bool):
            text = "1" if value else "0"
        else:
            text = str(value)
        parts.append(f"{key}={text}")
    return ";".join(parts)


def named_network(text: str) -> ResNetSpec:
    """A preset by its name, or a network in the link syntax; ValueError says what was
    expected (the command line's and the notebook's NET)."""
    if text in PRESETS:
        return PRESETS[text]
    if "=" in text:
        return spec_from_text(text)
    raise ValueError(
        f"{text[:60]!r} is neither a preset ({', '.join(sorted(PRESETS)[:6])}, …) nor a "
        "network in the link syntax (block=bottleneck;layers=3,4,6,3)"
    )


def spec_from_text(text: str) -> ResNetSpec:
    """The network a ``spec_to_text`` string describes; ValueError names the bad field."""
    values: dict[str, object] = {}
    for part in str(text)[:2000].split(";"):
        if not part.strip():
            continue
        key, _, raw = part.partition("=")
        key = key.strip()
        if key not in _FIELDS:
            raise ValueError(t("cmp.link.not_field", key=repr(key[:20]), known=sorted(_FIELDS)))
        values[_FIELDS[key]] = spec_field(key, raw)
    return ResNetSpec.from_dict({"name": "custom", **values})


#: Entries of a link's ``nets`` read at most; the rest are counted, not read.
LINK_ENTRIES = 3 * MAX_NETS


def nets_from_query(query: Mapping[str, str]) -> tuple[list[ResNetSpec], list[str]]:
    """The networks a link asks for (at most ``MAX_NETS``) and what could not be used."""
    entries = [entry.strip() for entry in query.get("nets", "").split(",") if entry.strip()]
    if not entries:
        return [PRESETS[name] for name in DEFAULT_NETS], []
    specs: list[ResNetSpec] = []
    problems = []
    if len(entries) > LINK_ENTRIES:  # a hostile link: read a few, say how many were not
        problems.append(t("cmp.link.unread", count=len(entries) - LINK_ENTRIES))
        entries = entries[:LINK_ENTRIES]
    for entry in entries:
        if len(specs) == MAX_NETS:
            problems.append(t("cmp.link.too_many", most=MAX_NETS, entry=repr(entry[:40])))
        elif entry in PRESETS:
            specs.append(PRESETS[entry])
        elif entry in {f"c{index}" for index in range(1, MAX_NETS + 1)}:
            try:
                specs.append(spec_from_text(query.get(entry, "")))
            except ValueError as error:
                problems.append(f"{entry}: {friendly_error(str(error))}")
        else:
            problems.append(t("cmp.link.unknown", entry=repr(entry[:40])))
    if not specs:
        problems.append(t("cmp.link.nothing", names=", ".join(DEFAULT_NETS)))
        specs = [PRESETS[name] for name in DEFAULT_NETS]
    return specs, problems


#: How the compare page draws and counts: diagram level, and the operations unit.
VIEW_CHOICES = {"level": ("stages", "blocks"), "unit": OP_UNITS}


def view_from_query(query: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The diagram level and unit a link asks for (defaults otherwise), and what was unusable."""
    view, problems = {key: choices[0] for key, choices in VIEW_CHOICES.items()}, []
    for key, choices in VIEW_CHOICES.items():
        if key in query:
            if query[key] in choices:
                view[key] = query[key]
            else:
                problems.append(
                    t(
                        "cmp.link.not_choice",
                        key=key,
                        value=repr(query[key][:40]),
                        choices=list(choices),
                    )
                )
    return view, problems


def query_from_nets(specs: Sequence[ResNetSpec]) -> dict[str, str]:
    """The URL query that reopens this comparison."""
    names, query, custom = [], {}, 0
    for spec in specs:
        if is_preset(spec):
            names.append(spec.name)
        else:
            custom += 1
            names.append(f"c{custom}")
            query[f"c{custom}"] = spec_to_text(spec)
    return {"nets": ",".join(names), **query}
