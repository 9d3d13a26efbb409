"""``python -m resnet_viz practice --set N``: a practice set's answer key as CSV, the same
rows the page's download holds."""

from __future__ import annotations

import argparse
import sys

from ..i18n import use
from ..practice import LEVELS, MAX_SET, key_csv, practice_set
from ._options import add_language

__all__ = ["add", "run"]


def add(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "practice",
        help="print a practice set's answer key as CSV",
        description="Print the answer key of practice set N as CSV (columns number, kind, "
        "network, input, target, question, answer): the set the page shows at "
        "/practice?set=N, in the same order.",
    )
    command.add_argument("--set", type=int, required=True, metavar="N", help=f"0 to {MAX_SET}")
    command.add_argument("--level", choices=LEVELS, default="intro")
    add_language(command)
    command.add_argument("--count", type=int, default=8, help="questions in the set (1 to 40)")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    questions = practice_set(args.set, args.level, args.count)
    with use(args.lang):
        sys.stdout.write(key_csv(questions))
    return 0
