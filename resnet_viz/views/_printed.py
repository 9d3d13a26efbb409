"""Reading the text ``print(model)`` writes: one submodule's part of it, a block's
convolutions as it states them, and where its ``(downsample)`` is.

The walkthrough takes kernel sizes from this text, the same text its last step shows, so it
never states a shape that the network does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..trace import Trace

__all__ = ["Conv", "block_convs", "downsample_lines", "module_text"]


@dataclass(frozen=True)
class Conv:
    """A convolution as ``print(model)`` states it; ``name`` is relative to its block."""

    name: str
    in_channels: int
    out_channels: int
    kernel: int
    stride: int


def module_text(model_text: str, name: str) -> str:
    """The ``print`` text of one submodule (``"layer1.0"``) cut out of ``print(model)``,
    as ``print(model.layer1[0])`` would write it."""
    lines = model_text.splitlines()
    start, indent = 0, 0
    for part in name.split("."):
        opening = re.compile(rf"^( *)\({re.escape(part)}\): ")
        for index in range(start + 1, len(lines)):
            found = opening.match(lines[index])
            if found and len(found.group(1)) == indent + 2:
                start, indent = index, indent + 2
                break
        else:
            raise ValueError(f"name: no module {name!r} in the printed model")
    first = lines[start][indent:].split(": ", 1)[1]
    if not first.endswith("("):  # a leaf prints on one line
        return first
    for end in range(start + 1, len(lines)):
        if lines[end] == " " * indent + ")":
            return "\n".join([first, *(line[indent:] for line in lines[start + 1 : end + 1])])
    raise ValueError(f"name: the printed module {name!r} never closes")


_CONV = re.compile(
    r"^ *\((?P<name>\w+)\): Conv2d\((?P<cin>\d+), (?P<cout>\d+), "
    r"kernel_size=\((?P<kernel>\d+), \d+\), stride=\((?P<stride>\d+), \d+\)"
)


def block_convs(trace: Trace, block: str) -> list[Conv]:
    """A block's convolutions as its ``print`` text gives them, branch first, then the
    shortcut's (named ``downsample.0``)."""
    convs = []
    inside = ""
    for line in module_text(trace.model_text, block).splitlines()[1:]:
        if line.strip().startswith("(downsample)"):
            inside = "downsample."
        found = _CONV.match(line)
        if found:
            convs.append(
                Conv(
                    inside + found["name"],
                    int(found["cin"]),
                    int(found["cout"]),
                    int(found["kernel"]),
                    int(found["stride"]),
                )
            )
    return convs


def downsample_lines(code: str) -> tuple[int, int] | None:
    """The first and last line (from 0) of the ``(downsample)`` entry in a block's print
    text, to highlight; None when the block has none (an identity shortcut)."""
    lines = code.splitlines()
    for first, line in enumerate(lines):
        if line.lstrip().startswith("(downsample): "):
            indent = len(line) - len(line.lstrip())
            if line.endswith("("):
                closing = " " * indent + ")"
                last = next(index for index in range(first, len(lines)) if lines[index] == closing)
                return first, last
            return first, first
    return None
