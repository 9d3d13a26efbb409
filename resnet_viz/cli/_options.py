"""Options several subcommands share, declared once."""

from __future__ import annotations

import argparse

from ..i18n import LANGUAGES
from ..notebook import UNITS

__all__ = ["add_choices", "add_language", "add_net", "add_unit", "chosen"]


def add_net(command: argparse.ArgumentParser, *, several: bool = False) -> None:
    """NET: a preset's name, a custom network in the Compare link's syntax, or a file."""
    command.add_argument(
        "nets" if several else "net",
        nargs="+" if several else None,
        metavar="NET",
        help="a preset (resnet50), a custom network ('block=bottleneck;layers=3,4,6,3'), "
        "a checkpoint file or a print(model) text file",
    )


def add_language(command: argparse.ArgumentParser) -> None:
    command.add_argument("--lang", choices=LANGUAGES, default="en")


def add_unit(command: argparse.ArgumentParser) -> None:
    command.add_argument("--unit", choices=tuple(UNITS), default="macs")


def add_choices(command: argparse.ArgumentParser) -> None:
    """What a checkpoint's tensors cannot tell, for the user to settle."""
    command.add_argument(
        "--stride-on",
        choices=("3x3", "1x1"),
        help="where a bottleneck strides, when the input cannot tell (default: 3x3, v1.5)",
    )
    command.add_argument(
        "--zero-pad",
        choices=("split", "end", "plain"),
        help="option A's zero channels around or after the old ones, or no shortcut, "
        "when the input cannot tell",
    )


def chosen(args: argparse.Namespace) -> dict[str, str]:
    """The choices given on the command line, by field."""
    given = {"stride_on": args.stride_on, "zero_pad": args.zero_pad}
    return {field: value for field, value in given.items() if value}
