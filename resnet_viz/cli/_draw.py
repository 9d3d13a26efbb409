"""``python -m resnet_viz draw NET -o FILE``: the Architecture page's diagram, as SVG, PNG
(192 dpi, for slides), PDF or DOT."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..i18n import LANGUAGES, use
from ..views.diagram import LEVELS, render, to_dot
from ._nets import traced

__all__ = ["add", "run"]

FORMATS = ("svg", "png", "pdf", "dot")
DIRECTIONS = {"td": "TB", "lr": "LR"}


def add(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "draw",
        help="draw a network's diagram into a file",
        description="Draw NET (a preset, or a custom network in the link syntax) as the "
        "Architecture page draws it. The format follows -o's extension unless --format says.",
    )
    command.add_argument("net", metavar="NET")
    command.add_argument("--level", choices=LEVELS, default="blocks")
    command.add_argument("--stage", help="the stage a layers view shows (default layer1)")
    command.add_argument("--block", type=int, help="one block of that stage (default: all)")
    command.add_argument("--direction", choices=tuple(DIRECTIONS), help="td or lr")
    command.add_argument("--unfold", action="store_true", help="every block, none folded")
    command.add_argument("--input", type=int, metavar="SIDE", help="input side")
    command.add_argument("--lang", choices=LANGUAGES, default="en")
    command.add_argument("--format", choices=FORMATS)
    command.add_argument("-o", "--output", required=True, metavar="FILE", help="- for stdout")
    command.set_defaults(run=run)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    suffix = Path(args.output).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise ValueError(f"say --format {'|'.join(FORMATS)}: the file name {args.output!r} does not")


def run(args: argparse.Namespace) -> int:
    fmt = _format(args)
    with use(args.lang):
        trace = traced(args.net, args.input)
        stage = args.stage or (trace.stages[0].name if args.level == "layers" else None)
        if stage is not None and stage not in {s.name for s in trace.stages}:
            raise ValueError(
                f"--stage {stage!r}: {trace.spec.name} has "
                + ", ".join(each.name for each in trace.stages)
            )
        dot = to_dot(
            trace,
            args.level,
            unfold=args.unfold,
            stage=stage,
            block=args.block,
            direction=DIRECTIONS.get(args.direction or ""),  # type: ignore[arg-type]
        )
    data = dot.source.encode() if fmt == "dot" else render(dot, fmt)  # type: ignore[arg-type]
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)
    return 0
