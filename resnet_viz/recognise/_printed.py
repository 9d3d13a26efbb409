"""``print(model)`` text read as text, never run: the module tree it shows.

It reads the usual multi-line form and the one-line form that web pages leave when they lose
the line breaks (``ResNet((conv1): Conv2d(…)(bn1): …``), older and newer torch reprs alike.
Text that stops early (a copy ending in "……") gives the tree up to where it stops, and says
where. Size, nesting and characters are bounded before anything is parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..i18n import t

__all__ = [
    "MAX_PRINT_CHARS",
    "MAX_PRINT_DEPTH",
    "PrintedModule",
    "PrintedTree",
    "RecognitionError",
    "parse_printed",
]

#: The longest text read: the largest preset's print (ResNet-1202, about 0.5 MB) fits twice.
MAX_PRINT_CHARS = 1_500_000
#: Modules nested deeper than this are not a ResNet's (its deepest path is 4 or 5 levels).
MAX_PRINT_DEPTH = 12

_HEAD = re.compile(r"\s*([A-Za-z_][\w.]*)\(")
_CHILD = re.compile(r"\s*\(([\w.\-]+)\):\s*")
_ELLIPSIS = re.compile(r"\s*(\.{2,}|…+)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RecognitionError(ValueError):
    """Why a text or a checkpoint is not a ResNet we can read: one sentence for the visitor."""


@dataclass
class PrintedModule:
    """One module as printed: its class, its arguments' text, its children in order."""

    type: str
    args: str = ""
    children: list[tuple[str, PrintedModule]] = field(default_factory=list)
    line: int = 1

    def walk(self, prefix: str = "") -> Iterator[tuple[str, PrintedModule]]:
        """Every module below this one with its dotted path ("layer1.0.conv1"), in order."""
        for name, child in self.children:
            path = f"{prefix}{name}"
            yield path, child
            yield from child.walk(path + ".")


@dataclass(frozen=True)
class PrintedTree:
    """The whole text's module tree, and where it stops if it stops early."""

    root: PrintedModule
    #: The last module path shown in full before the text stops, when it stops early.
    stops_after: str | None = None
    stops_at_line: int | None = None

    @property
    def complete(self) -> bool:
        return self.stops_after is None

    def modules(self) -> dict[str, PrintedModule]:
        return dict(self.root.walk())


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.stopped: int | None = None  # where the text stops early, as an offset
        self.last_complete = ""

    def line(self, position: int) -> int:
        return self.text.count("\n", 0, position) + 1

    def module(self, position: int, depth: int, path: str) -> tuple[PrintedModule, int]:
        head = _HEAD.match(self.text, position)
        if head is None:
            raise RecognitionError(t("yours.print_expected_module", line=self.line(position)))
        if depth > MAX_PRINT_DEPTH:
            raise RecognitionError(t("yours.print_too_deep", most=MAX_PRINT_DEPTH))
        node = PrintedModule(head.group(1), line=self.line(head.start(1)))
        position = head.end()
        args: list[str] = []
        while True:
            while position < len(self.text) and self.text[position].isspace():
                position += 1
            if position >= len(self.text) or _ELLIPSIS.match(self.text, position):
                self.stopped = position
                break
            if self.text[position] == ")":
                position += 1
                break
            child = _CHILD.match(self.text, position)
            if child:
                name = child.group(1)
                sub, position = self.module(child.end(), depth + 1, f"{path}{name}")
                node.children.append((name, sub))
                if self.stopped is not None:
                    break
                self.last_complete = f"{path}{name}"
                continue
            chunk, position = self._arguments(position)
            args.append(chunk)
        node.args = " ".join(part.strip() for part in args if part.strip())
        return node, position

    def _arguments(self, position: int) -> tuple[str, int]:
        """Argument text up to the module's closing parenthesis or its next child."""
        start, depth = position, 0
        while position < len(self.text):
            char = self.text[position]
            if char == "(":
                if depth == 0 and _CHILD.match(self.text, position):
                    break
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            elif char == "\n" and depth == 0:
                position += 1
                break
            position += 1
        return self.text[start:position], position


def parse_printed(text: str) -> PrintedTree:
    """The module tree of a ``print(model)`` text, or a RecognitionError saying why not."""
    if len(text) > MAX_PRINT_CHARS:
        raise RecognitionError(
            t("yours.print_too_long", chars=f"{len(text):,}", most=f"{MAX_PRINT_CHARS:,}")
        )
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise RecognitionError(t("yours.print_control", line=line))
    body = text.lstrip("\ufeff")
    start = _HEAD.search(body)
    if start is None or not body.strip():
        raise RecognitionError(t("yours.print_no_module"))
    parser = _Parser(body)
    try:
        root, _ = parser.module(start.start(), 0, "")
    except RecursionError:  # pragma: no cover - the depth cap comes first
        raise RecognitionError(t("yours.print_too_deep", most=MAX_PRINT_DEPTH)) from None
    if parser.stopped is None:
        return PrintedTree(root)
    return PrintedTree(
        root, stops_after=parser.last_complete or "", stops_at_line=parser.line(parser.stopped)
    )
