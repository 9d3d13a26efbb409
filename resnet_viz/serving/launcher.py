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
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ._warmup import warm_up_now

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
    warm_up_now()
    from streamlit.web import cli

    # Streamlit runs a full garbage collection after every script run, holding the GIL:
    # with torch, pandas and plotly loaded that is ~0.2 s over ~430,000 objects, and 30
    # students opening a page at once queued ~6 s behind it (bench/classroom_load.py). The
    # objects loaded so far live as long as the server: freezing them leaves each
    # collection only what the sessions make.
    gc.collect()
    gc.freeze()

    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


#: Flags of every copy of the app that tests, benches and replicas start: loopback only, no
#: browser, no file watcher, no usage statistics.
LOOPBACK_FLAGS = (
    "--server.headless=true",
    "--server.address=127.0.0.1",
    "--server.fileWatcherType=none",
    "--browser.gatherUsageStats=false",
)


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_command(port: int, *flags: str) -> list[str]:
    """How ``make run`` starts the app, on a loopback ``port``, with more Streamlit ``flags``."""
    return [
        sys.executable,
        "-m",
        "resnet_viz.serving.launcher",
        *LOOPBACK_FLAGS,
        f"--server.port={port}",
        *flags,
    ]


@contextmanager
def running(
    command: list[str],
    port: int,
    log: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 600.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a Streamlit server ``command`` (its output in ``log``) until the block ends, from
    the moment its health check on ``port`` says ok; its whole process group is stopped
    whatever happens."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=APP.parent,
            env=dict(env) if env is not None else None,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: children (dot) stop with it
        )
        try:
            _wait_until_healthy(process, f"http://127.0.0.1:{port}/_stcore/health", timeout)
            yield process
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


def _wait_until_healthy(process: subprocess.Popen[bytes], health: str, timeout: float) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early with code {process.returncode}")
        try:
            with opener.open(health, timeout=2) as reply:
                if reply.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not report healthy within {timeout:.0f} s")


if __name__ == "__main__":
    main()
