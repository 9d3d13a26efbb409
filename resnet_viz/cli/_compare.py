"""``python -m resnet_viz compare NET NET…``: the Compare page's stage-aligned table and
what changes from each network to the next (``rv.compare``, as text)."""

from __future__ import annotations

import argparse
import html
import sys

from ..comparison import change_lines
from ..i18n import use
from ..notebook import compare
from ._options import add_language, add_net, add_unit
from ._tables import table_text

__all__ = ["add", "run"]


def add(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "compare",
        help="compare two to four networks stage by stage",
        description="Print the Compare page's stage-aligned table and what changes from "
        "each network to the next.",
    )
    add_net(command, several=True)
    command.add_argument("--format", choices=("md", "csv", "html"), default="md")
    add_unit(command)
    add_language(command)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    frame = compare(*args.nets, unit=args.unit, lang=args.lang)
    with use(args.lang):
        lines = change_lines(frame.attrs["networks"], frame.attrs["what_changes"])
    if args.format == "csv":
        sys.stdout.write(table_text(frame, "csv"))
    elif args.format == "html":
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        sys.stdout.write(f"<ul>{items}</ul>\n{frame.to_html(index=False, escape=True)}\n")
    else:
        sys.stdout.write("".join(f"- {line}\n" for line in lines) + "\n")
        sys.stdout.write(table_text(frame, "md"))
    return 0
