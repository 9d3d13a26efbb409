"""``python -m resnet_viz check FILE`` (a checkpoint) or ``check --print FILE`` (print(model)
text; ``-`` reads stdin): what was recognised, how the names map, what differs from the
closest preset (``rv.check``, as text). Exit 0 when recognised, 2 when not."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..notebook import check
from ..recognise import RecognitionError, left_over_lines
from ._options import add_choices, add_language, chosen

__all__ = ["add", "run"]


def add(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "check",
        help="recognise your own ResNet from a checkpoint or print(model) text",
        description="Recognise the ResNet in FILE (a checkpoint; with --print, the text of "
        "print(model), - for stdin) and compare it with the closest preset.",
    )
    command.add_argument("file", metavar="FILE")
    command.add_argument("--print", action="store_true", help="FILE is print(model) text")
    add_choices(command)
    add_language(command)
    command.set_defaults(run=run)


def source(args: argparse.Namespace) -> str | Path:
    """The input as ``rv.check`` takes it: text for --print, else the checkpoint's path."""
    if args.print:
        if args.file == "-":
            return sys.stdin.read()
        return Path(args.file).read_text(encoding="utf-8", errors="replace")
    path = Path(args.file)
    if not path.is_file():
        raise ValueError(f"{args.file}: no such file")
    return path


def run(args: argparse.Namespace) -> int:
    given = source(args)
    if args.print and not isinstance(given, Path) and "(" not in given:
        raise RecognitionError("the text holds no module: is it print(model) output?")
    report = check(given, lang=args.lang, choose=chosen(args))
    sys.stdout.write("\n".join(report.lines) + "\n")
    recognition = report.recognised.recognition
    left = left_over_lines(recognition)
    if left and recognition.stops_after is None:
        print(left[0], file=sys.stderr)
        return 2
    return 0
