"""``python -m resnet_viz summary NET``: the Architecture page's tables (stages, blocks or
layers) as Markdown or CSV (``rv.summary``, as text)."""

from __future__ import annotations

import argparse
import sys

from ..notebook import summary
from ._options import add_language, add_net, add_unit
from ._tables import table_text

__all__ = ["add", "run"]


def add(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "summary",
        help="print a network's table per stage, block or layer",
        description="Print the Architecture page's table of NET.",
    )
    add_net(command)
    command.add_argument("--input", type=int, metavar="SIDE", help="default: the stem's")
    command.add_argument("--level", choices=("stages", "blocks", "layers"), default="stages")
    add_unit(command)
    command.add_argument("--format", choices=("md", "csv"), default="md")
    add_language(command)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    frame = summary(args.net, args.level, input=args.input, unit=args.unit, lang=args.lang)
    sys.stdout.write(table_text(frame, args.format))
    return 0
