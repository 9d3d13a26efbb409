"""``python -m resnet_viz draw NET -o FILE``: the Architecture page's diagram, as SVG, PNG
(192 dpi, for slides), PDF or DOT (``rv.draw``, written to a file)."""

from __future__ import annotations

import argparse
import sys

from ..notebook import FORMATS, draw
from ..views.diagram import LEVELS
from ._options import add_language, add_net

__all__ = ["add", "run"]

DIRECTIONS = {"td": "TB", "lr": "LR"}


def add(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "draw",
        help="draw a network's diagram into a file",
        description="Draw NET as the Architecture page draws it. The format follows -o's "
        "extension unless --format says.",
    )
    add_net(command)
    command.add_argument("--level", choices=LEVELS, default="blocks")
    command.add_argument("--stage", help="the stage a layers view shows (default layer1)")
    command.add_argument("--block", type=int, help="one block of that stage (default: all)")
    command.add_argument("--direction", choices=tuple(DIRECTIONS), help="td or lr")
    command.add_argument("--unfold", action="store_true", help="every block, none folded")
    command.add_argument("--input", type=int, metavar="SIDE", help="input side")
    add_language(command)
    command.add_argument("--format", choices=FORMATS)
    command.add_argument("-o", "--output", required=True, metavar="FILE", help="- for stdout")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    diagram = draw(
        args.net,
        args.level,
        stage=args.stage,
        block=args.block,
        direction=DIRECTIONS.get(args.direction or ""),  # type: ignore[arg-type]
        unfold=args.unfold,
        input=args.input,
        lang=args.lang,
    )
    if args.output != "-":
        diagram.save(args.output, args.format)
    elif args.format:
        sys.stdout.buffer.write(diagram.data(args.format))
    else:
        raise ValueError("say --format when writing to stdout")
    return 0
