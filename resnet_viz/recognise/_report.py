"""What was recognised, in words: the one reading the page, the command line and the notebook
give of a recognised ResNet."""

from __future__ import annotations

from ..i18n import t
from ..models import ResNetSpec
from ..text import format_shape
from ._diff import Verdict, value_text
from ._recognise import Choice, Recognition

__all__ = ["choice_text", "left_over_lines", "report_lines", "spec_sentence"]

#: Names listed at most in one sentence; the rest are counted.
LISTED = 8


def spec_sentence(spec: ResNetSpec) -> str:
    """A spec in one sentence: stages and blocks, widths, stem, unit order, shortcuts, head."""
    shortcut = t("yours.plain") if spec.plain else t("yours.option", option=spec.shortcut)
    extras = []
    if spec.block == "bottleneck" and (spec.groups, spec.width_per_group) != (1, 64):
        extras.append(t("yours.groups", groups=spec.groups, wpg=spec.width_per_group))
    if spec.avg_down:
        extras.append(t("yours.field.avg_down"))
    return t(
        "yours.spec_sentence",
        stages=len(spec.layers),
        block=value_text("block", spec.block),
        layers=value_text("layers", spec.layers),
        widths=value_text("widths", spec.widths),
        stem=value_text("stem", spec.stem),
        unit=value_text("unit", spec.unit),
        shortcut=shortcut,
        classes=spec.num_classes,
        channels=spec.in_channels,
        extras="".join(f"; {extra}" for extra in extras),
    )


def choice_text(choice: Choice) -> str:
    """An undecided field: what was taken, and why."""
    return t(
        "yours.choice",
        field=t(f"yours.field.{choice.field}"),
        chosen=value_text(choice.field, choice.chosen),
        reason=choice.reason,
    )


def _listed(names: list[str]) -> str:
    more = len(names) - LISTED
    return ", ".join(names[:LISTED]) + (t("yours.and_more", count=more) if more > 0 else "")


def left_over_lines(recognition: Recognition) -> list[str]:
    """Which tensors did not map, which the network needs and lacks, which differ in shape."""
    mismatched = [
        f"{name} ({format_shape(theirs)} ≠ {format_shape(ours)})"
        for name, theirs, ours in recognition.mismatched
    ]
    found = {
        "unmapped": list(recognition.unmapped),
        "missing": list(recognition.missing),
        "mismatched": mismatched,
    }
    return [
        t(f"yours.{kind}", count=len(names), names=_listed(names))
        for kind, names in found.items()
        if names
    ]


def report_lines(recognition: Recognition, verdict: Verdict) -> list[str]:
    """The whole reading as plain lines: recognised, names, choices, left over, verdict."""
    lines = [
        t(f"yours.recognised_from.{recognition.source}") + " " + spec_sentence(recognition.spec),
        t("yours.names_are", layout=t(f"yours.layout.{recognition.layout}")),
    ]
    lines += [choice_text(choice) for choice in recognition.choices]
    lines += left_over_lines(recognition)
    lines.append(verdict.headline)
    lines += [f"- {line}" for line in (*verdict.renames, *verdict.differences)]
    if verdict.rows:
        by = verdict.rows_by
        lines.append(t(f"yours.rows_{by}", owner=verdict.preset, count=verdict.rows_total))
        lines += [f"  {row.name}: {row.yours} | {row.reference}" for row in verdict.rows]
    return lines
