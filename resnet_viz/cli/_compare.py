"""``python -m resnet_viz compare NET NET…``: the Compare page's stage-aligned table and
what changes from each network to the next."""

from __future__ import annotations

import argparse
import html
import sys

from ..comparison import MAX_NETS, comparison_frame
from ..comparison import compare as compare_traces
from ..i18n import LANGUAGES, t, use
from ._nets import traced
from ._tables import table_text

__all__ = ["add", "run"]


def add(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "compare",
        help="compare two to four networks stage by stage",
        description="Print the Compare page's stage-aligned table and what changes from "
        "each network to the next.",
    )
    command.add_argument("nets", nargs="+", metavar="NET")
    command.add_argument("--format", choices=("md", "csv", "html"), default="md")
    command.add_argument("--unit", choices=("macs", "flops"), default="macs")
    command.add_argument("--lang", choices=LANGUAGES, default="en")
    command.set_defaults(run=run)


def _changes(names: list[str], said: tuple[tuple[str, ...], ...]) -> list[str]:
    return [
        t(
            "cmp.changes_line",
            before=names[index],
            after=names[index + 1],
            said=t("cmp.said_sep").join(words) or t("cmp.nothing_changes"),
        )
        for index, words in enumerate(said)
    ]


def run(args: argparse.Namespace) -> int:
    if not 2 <= len(args.nets) <= MAX_NETS:
        raise ValueError(f"compare 2 to {MAX_NETS} networks, not {len(args.nets)}")
    with use(args.lang):
        comparison = compare_traces([traced(net) for net in args.nets])
        frame = comparison_frame(comparison, "FLOPs" if args.unit == "flops" else "MACs")
        lines = _changes(list(comparison.names), comparison.changes)
        if args.format == "csv":
            sys.stdout.write(table_text(frame, "csv"))
        elif args.format == "html":
            items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
            sys.stdout.write(f"<ul>{items}</ul>\n{frame.to_html(index=False, escape=True)}\n")
        else:
            sys.stdout.write("".join(f"- {line}\n" for line in lines) + "\n")
            sys.stdout.write(table_text(frame, "md"))
    return 0
