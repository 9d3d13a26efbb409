"""``python -m resnet_viz summary NET``: the Architecture page's tables (stages, blocks or
layers) as Markdown or CSV."""

from __future__ import annotations

import argparse
import sys

from ..i18n import LANGUAGES, use
from ..trace import OpUnit
from ..views import block_frame, layer_frame, stage_frame
from ._nets import traced
from ._tables import table_text

__all__ = ["add", "run"]

FRAMES = {"stages": stage_frame, "blocks": block_frame, "layers": layer_frame}
UNITS: dict[str, OpUnit] = {"macs": "MACs", "flops": "FLOPs"}


def add(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "summary",
        help="print a network's table per stage, block or layer",
        description="Print the Architecture page's table of NET (a preset, or a custom "
        "network in the link syntax, e.g. 'block=bottleneck;layers=3,4,6,3').",
    )
    command.add_argument("net", metavar="NET")
    command.add_argument(
        "--input", type=int, metavar="SIDE", help="input side (default: the stem's)"
    )
    command.add_argument("--level", choices=tuple(FRAMES), default="stages")
    command.add_argument("--unit", choices=tuple(UNITS), default="macs")
    command.add_argument("--format", choices=("md", "csv"), default="md")
    command.add_argument("--lang", choices=LANGUAGES, default="en")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with use(args.lang):
        trace = traced(args.net, args.input)
        frame = FRAMES[args.level](trace, UNITS[args.unit])
        sys.stdout.write(table_text(frame, args.format))
    return 0
