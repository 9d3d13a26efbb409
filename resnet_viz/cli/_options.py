"""Options several subcommands share, declared once."""

from __future__ import annotations

import argparse

from ..i18n import LANGUAGES
from ..notebook import UNITS

__all__ = ["add_language", "add_net", "add_unit"]


def add_net(command: argparse.ArgumentParser, *, several: bool = False) -> None:
    """NET: a preset's name, or a custom network in the Compare link's syntax."""
    command.add_argument(
        "nets" if several else "net",
        nargs="+" if several else None,
        metavar="NET",
        help="a preset (resnet50) or a custom network ('block=bottleneck;layers=3,4,6,3')",
    )


def add_language(command: argparse.ArgumentParser) -> None:
    command.add_argument("--lang", choices=LANGUAGES, default="en")


def add_unit(command: argparse.ArgumentParser) -> None:
    command.add_argument("--unit", choices=tuple(UNITS), default="macs")
