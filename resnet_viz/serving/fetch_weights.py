"""``python -m resnet_viz.serving.fetch_weights fetch resnet50``: torchvision's pretrained
weights into the torch hub cache, ahead of a class, so the room can run offline afterwards."""

from __future__ import annotations

import argparse
import sys

from ..infer import WeightsUnavailable, fetch, pretrained_versions
from ..models import PRESETS, TORCHVISION_PRESETS

__all__ = ["main"]


def _print_progress(done: int, total: int) -> None:
    if total:
        print(f"\r  {done / 2**20:6.1f} / {total / 2**20:.1f} MiB", end="", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """``python -m resnet_viz.serving.fetch_weights fetch NAME [NAME ...] [--version V|all]``."""
    parser = argparse.ArgumentParser(
        prog="python -m resnet_viz.serving.fetch_weights",
        description="Pre-fetch pretrained weights for offline use.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    fetch_cmd = commands.add_parser("fetch", help="download weights into the torch hub cache")
    fetch_cmd.add_argument(
        "names",
        nargs="+",
        metavar="NAME",
        help=f"presets, or 'all': {', '.join(TORCHVISION_PRESETS)}",
    )
    fetch_cmd.add_argument(
        "--version",
        default="default",
        help="a weights version such as IMAGENET1K_V1, 'default' or 'all'",
    )
    args = parser.parse_args(argv)
    names = list(TORCHVISION_PRESETS) if args.names == ["all"] else args.names
    failures = 0
    for name in names:
        if name not in PRESETS:
            print(f"unknown preset {name!r}; known: {list(PRESETS)}", file=sys.stderr)
            failures += 1
            continue
        versions = pretrained_versions(name)
        chosen = (
            versions
            if args.version == "all"
            else (versions[:1] if args.version == "default" else [args.version])
        )
        for version in chosen:
            try:
                path = fetch(name, version, _print_progress)
                print(f"\r{name} {version}: {path}", file=sys.stderr)
            except WeightsUnavailable as error:
                print(f"\r{name} {version}: {error}", file=sys.stderr)
                failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
