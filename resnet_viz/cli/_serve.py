"""``python -m resnet_viz serve [--port N]``: the app, served as ``make run`` serves it (warm
before its first visitor), from the checkout or from an installed copy."""

from __future__ import annotations

import argparse

from ..serving.launcher import main as launch

__all__ = ["add", "run"]


def add(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "serve",
        help="serve the app, warm before its first visitor",
        description="Serve the app as `make run` does. Streamlit options go after --, for "
        "example: serve --port 8502 -- --server.address 0.0.0.0",
    )
    command.add_argument("--port", type=int, default=8501, help="default 8501")
    command.add_argument("streamlit", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise ValueError(f"--port: {args.port} is not a port (1 to 65535)")
    extra = [flag for flag in args.streamlit if flag != "--"]
    launch([f"--server.port={args.port}", *extra])  # returns when the server stops
    return 0
