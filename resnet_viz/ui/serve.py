"""``python -m resnet_viz.ui.serve [streamlit options]``: the app, warm before its first visitor.

What ``make run`` runs. It starts the warm-up (``warmup.start``) and then Streamlit's own
server in the same process, so the torch, torchvision and traces it loads are the ones the
pages use.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import warmup

APP = Path(__file__).resolve().parents[2] / "app.py"


def main(argv: list[str] | None = None) -> None:
    warmup.start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
