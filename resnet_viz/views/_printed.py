"""``print(model)`` beside the numbers: one submodule's part of its text, where a block's
``(downsample)`` sits in it (to highlight), and a block's convolutions in the order it lists
them, taken from the trace's numbers, not read back from the text."""

from __future__ import annotations

from dataclasses import dataclass

from ..trace import Trace

__all__ = ["Conv", "block_convs", "downsample_lines", "module_text"]


@dataclass(frozen=True)
class Conv:
    """A convolution of a block; ``name`` is relative to the block, as ``print`` shows it."""

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
        opening = " " * (indent + 2) + f"({part}): "  # one level deeper than its parent
        for index in range(start + 1, len(lines)):
            if lines[index].startswith(opening):
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


def block_convs(trace: Trace, block: str) -> list[Conv]:
    """A block's convolutions in the order ``print(model)`` lists them, branch first, then
    the shortcut's (named ``downsample.0``), from the trace's numbers."""
    prefix = f"{block}."
    return [
        Conv(
            layer.name.removeprefix(prefix),
            layer.in_channels or 0,
            layer.channels or 0,
            layer.kernel or 0,
            layer.stride or 0,
        )
        for layer in trace.layers
        if layer.name.startswith(prefix) and layer.type == "Conv2d"
    ]


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
