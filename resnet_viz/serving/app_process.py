"""A copy of the app as a child process, started as ``make run`` starts it and stopped with
its whole process group: for the browser tests, the benches and the replicas, never for the
app itself."""

from __future__ import annotations

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

from .launcher import app_script

__all__ = ["LOOPBACK_FLAGS", "app_command", "free_port", "running"]


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
    cwd: Path | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a Streamlit server ``command`` (its output in ``log``, from ``cwd``: by default the
    app's directory) until the block ends, from the moment its health check on ``port`` says
    ok; its whole process group is stopped whatever happens."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=cwd or app_script().parent,
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
