"""The command line, ``python -m resnet_viz``: the app's tables and files without a browser,
one subcommand per task."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..views.diagram import DiagramError
from . import _check, _classify, _compare, _draw, _practice, _serve, _summary

__all__ = ["main"]

#: Each subcommand's module: ``add(subparsers)`` declares it, ``run(args)`` does it.
COMMANDS = (_serve, _draw, _summary, _compare, _check, _classify, _practice)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m resnet_viz",
        description="resnet-viz from the command line.",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; its exit status (0 done, 2 refused, with the reason on stderr)."""
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (ValueError, DiagramError, OSError) as error:  # one sentence, never a traceback
        print(f"python -m resnet_viz {args.command}: {error}", file=sys.stderr)
        return 2
