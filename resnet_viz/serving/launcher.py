"""``python -m resnet_viz.serving.launcher [streamlit options]``: the app, warm before its
first visitor.

What ``make run`` runs. Before the server starts it imports what the first pages draw with
(the page modules, pandas and pyarrow for tables) and does the whole warm-up
(``warm_up``: torch, torchvision, every preset's trace, read from disk after the first
run): seconds before the server reports healthy, instead of seconds of a first visitor's
time, and no warm-up competing with visitors for the interpreter afterwards. Then it runs
Streamlit's own server in the same process, so everything loaded is what the pages use.
"""

from __future__ import annotations

import gc
import importlib
import sys
import tomllib
from pathlib import Path

from ._warmup import warm_up_now

#: The app's own files: the checkout's (``make run``, an editable install), else the copy a
#: built package carries (``setup.py`` puts it there).
CHECKOUT_APP = Path(__file__).resolve().parents[2] / "app.py"
PACKAGED_APP = Path(__file__).resolve().parent / "site" / "app.py"


def app_script() -> Path:
    """The app script to run, with its ``app_pages/`` and ``.streamlit/`` beside it."""
    for candidate in (CHECKOUT_APP, PACKAGED_APP):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no app.py at {CHECKOUT_APP} or {PACKAGED_APP}")


def config_flags(app: Path) -> list[str]:
    """The app's Streamlit settings as command-line flags: Streamlit reads config.toml only
    from the working directory, and an installed app is served from anywhere."""
    config = app.parent / ".streamlit" / "config.toml"
    if not config.is_file():
        return []
    flags = []
    for section, options in tomllib.loads(config.read_text(encoding="utf-8")).items():
        for name, value in options.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags.append(f"--{section}.{name}={text}")
    return flags


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
    warm_up_now()
    from streamlit.web import cli

    # Streamlit runs a full garbage collection after every script run, holding the GIL:
    # with torch, pandas and plotly loaded that is ~0.2 s over ~430,000 objects, and 30
    # students opening a page at once queued ~6 s behind it (bench/classroom_load.py). The
    # objects loaded so far live as long as the server: freezing them leaves each
    # collection only what the sessions make.
    gc.collect()
    gc.freeze()

    app = app_script()
    given = sys.argv[1:] if argv is None else argv
    sys.argv = ["streamlit", "run", str(app), *config_flags(app), *given]
    cli.main()


if __name__ == "__main__":
    main()
