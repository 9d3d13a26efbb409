"""``python -m resnet_viz.ui.serve [streamlit options]``: the app, warm before its first visitor.

What ``make run`` runs. Before the server starts it imports what the first pages draw with
(the page modules, pandas and pyarrow for tables) and does the whole warm-up
(``warmup.warm``: torch, torchvision, every preset's trace, read from disk after the first
run): seconds before the server reports healthy, instead of seconds of a first visitor's
time, and no warm-up competing with visitors for the interpreter afterwards. Then it runs
Streamlit's own server in the same process, so everything loaded is what the pages use.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from .. import warmup

APP = Path(__file__).resolve().parents[2] / "app.py"
#: Imported before the server starts: none of them imports torch.
PRELOAD = (
    "pyarrow",
    "pandas",
    "plotly.graph_objects",
    "resnet_viz.ui.shell",
    "resnet_viz.ui.home",
    "resnet_viz.ui.architecture",
)


def main(argv: list[str] | None = None) -> None:
    for module in PRELOAD:
        importlib.import_module(module)
    warmup.warm_now()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
