"""N replicas of the app behind nginx, with sticky sessions.

    .venv/bin/python -m deploy.serve_replicas --replicas 4 --port 8080

starts four replicas exactly as ``make run`` starts the app (``python -m
resnet_viz.serving.launcher``, warm before they report healthy) on free loopback ports, waits
until each is healthy, renders
``deploy/nginx.conf.template`` into a run directory and runs nginx in the foreground from
there, listening on port 8080. Ctrl-C or SIGTERM stops nginx and every replica.

What the replicas share:

- one cookie secret (``RESNET_VIZ_COOKIE_SECRET``, else a fresh random one per run), given
  through the environment (``STREAMLIT_SERVER_COOKIE_SECRET``) rather than the command line,
  where any local user could read it with ``ps``: whatever Streamlit signs on one replica
  validates on every other;
- the torch hub cache (``TORCH_HOME``; fetch the weights once with
  ``python -m resnet_viz.serving.fetch_weights fetch …`` and the replicas only read it);
- the trace cache (``RESNET_VIZ_CACHE``; written atomically, a temporary file renamed into
  place, so replicas writing the same trace at once is safe: the last identical copy wins).

What they don't share: each Streamlit session lives in one replica's memory, which is why
nginx keeps a visitor on one replica (see the template), and so does everything a replica
caches in memory (a lab race already run is shown at once only on the replica that ran it).

Only the standard library is used here, so ``python deploy/serve_replicas.py …`` works too.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "COOKIE_NAME",
    "REPLICA_HEADER",
    "Deployment",
    "main",
    "render_nginx_conf",
    "replicas_behind_nginx",
    "upload_limit_mib",
]

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
#: The sticky cookie nginx sets, and the response header naming the replica that answered.
COOKIE_NAME = "resnet_viz_replica"
REPLICA_HEADER = "X-Resnet-Viz-Replica"
#: Streamlit's own default, when config.toml sets no limit.
STREAMLIT_DEFAULT_UPLOAD_MIB = 200


@dataclass
class Deployment:
    """What ``replicas_behind_nginx`` started: the address to visit and every process."""

    url: str
    replica_urls: list[str]
    run_dir: Path
    replicas: list[subprocess.Popen[bytes]] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None

    @property
    def processes(self) -> list[subprocess.Popen[bytes]]:
        return [process for _, process in self.named_processes()]

    def named_processes(self) -> list[tuple[str, subprocess.Popen[bytes]]]:
        named = [(f"replica {index}", process) for index, process in enumerate(self.replicas)]
        return named + ([("nginx", self.nginx)] if self.nginx else [])

    def replica_log(self, index: int) -> Path:
        return self.run_dir / f"replica-{index}.log"

    @property
    def access_log(self) -> Path:
        return self.run_dir / "access.log"

    @property
    def error_log(self) -> Path:
        return self.run_dir / "error.log"


def upload_limit_mib(config: Path = STREAMLIT_CONFIG) -> int:
    """The app's upload limit in MiB (``server.maxUploadSize``), which nginx must let through."""
    try:
        settings = tomllib.loads(config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return STREAMLIT_DEFAULT_UPLOAD_MIB
    return int(settings.get("server", {}).get("maxUploadSize", STREAMLIT_DEFAULT_UPLOAD_MIB))


def render_nginx_conf(
    replica_addresses: Sequence[str],
    listen: str,
    run_dir: Path,
    max_upload_mib: int | None = None,
    template: Path = TEMPLATE,
) -> str:
    """The template with its fields filled: ``listen`` as nginx's listen takes it ("8080",
    "127.0.0.1:8080"), replicas as "host:port"."""
    if not replica_addresses:
        raise ValueError("at least one replica is needed")
    for value in (listen, str(run_dir), *replica_addresses):
        if any(char in value for char in ";{}\"'\n\\ "):
            raise ValueError(f"not usable in an nginx configuration: {value!r}")
    fields = {
        "run_dir": str(run_dir),
        "listen": listen,
        "servers": "\n".join(f"        server {address};" for address in replica_addresses),
        "max_upload_mib": str(upload_limit_mib() if max_upload_mib is None else max_upload_mib),
    }
    text = template.read_text(encoding="utf-8")
    for name, value in fields.items():
        text = text.replace("{{" + name + "}}", value)
    if "{{" in text.replace("{{ … }}", ""):
        raise ValueError(f"{template} has a field this renderer does not fill")
    return text


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def nginx_binary() -> str | None:
    """nginx on PATH, or Debian's /usr/sbin/nginx (not on a normal user's PATH)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


def wait_until_healthy(
    url: str, process: subprocess.Popen[bytes], what: str, log: Path, timeout: float
) -> None:
    """Until ``url``/_stcore/health says ok; RuntimeError (with the log's tail) otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{what} exited with code {process.returncode} before it was healthy; "
                f"the end of {log}:\n{_tail(log)}"
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200 and response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(
        f"{what} was not healthy within {timeout:.0f} s; the end of {log}:\n{_tail(log)}"
    )


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen[bytes], grace: float = 15.0) -> None:
    """SIGTERM to the process's whole group (it leads one), SIGKILL after ``grace`` seconds."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    # Anything left in the group (a child that outlived its parent) goes too.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _check_workers_can_enter(run_dir: Path) -> None:
    """Run as root, nginx's workers run as `nobody`: they must reach the temp paths."""
    if os.geteuid() != 0:
        return
    for folder in (run_dir, *run_dir.parents):
        if not folder.stat().st_mode & 0o001:
            raise ValueError(
                f"nginx started by root runs its workers as 'nobody', who cannot enter "
                f"{folder} (mode {folder.stat().st_mode & 0o777:o}) to reach {run_dir}/temp; "
                "choose a run directory others may enter, or leave it to the default"
            )


@contextmanager
def replicas_behind_nginx(
    replicas: int,
    port: int,
    torch_home: Path | None = None,
    cache: Path | None = None,
    *,
    address: str = "127.0.0.1",
    run_dir: Path | None = None,
    cookie_secret: str | None = None,
    python: str = sys.executable,
    streamlit_args: Sequence[str] = (),
    startup_timeout: float = 240.0,
) -> Iterator[Deployment]:
    """Start ``replicas`` app servers and nginx in front of them on ``address``:``port``
    ("" for every interface); stop them all on leaving, whatever happens.

    ``torch_home`` and ``cache`` default to this process's ``TORCH_HOME`` and
    ``RESNET_VIZ_CACHE`` (or the app's own defaults). Without ``run_dir`` a fresh one is made
    in the system's temp folder and removed afterwards; a given one is kept (logs live there).
    """
    if replicas < 1:
        raise ValueError("at least one replica is needed")
    nginx = nginx_binary()
    if nginx is None:
        raise FileNotFoundError("nginx is not installed (Debian: apt-get install -y nginx)")
    made_run_dir = run_dir is None
    run_dir = Path(tempfile.mkdtemp(prefix="resnet-viz-nginx-")) if run_dir is None else run_dir
    run_dir = run_dir.resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    if made_run_dir:
        run_dir.chmod(0o755)  # mkdtemp makes it 0700; see _check_workers_can_enter
    try:
        _check_workers_can_enter(run_dir)
        secret = (
            cookie_secret or os.environ.get("RESNET_VIZ_COOKIE_SECRET") or secrets.token_hex(32)
        )
        env = dict(os.environ)
        env["STREAMLIT_SERVER_COOKIE_SECRET"] = secret
        if torch_home is not None:
            env["TORCH_HOME"] = str(torch_home)
        if cache is not None:
            env["RESNET_VIZ_CACHE"] = str(cache)
        ports = [free_port() for _ in range(replicas)]
        host = address or "127.0.0.1"
        deployment = Deployment(
            url=f"http://{host}:{port}",
            replica_urls=[f"http://127.0.0.1:{replica_port}" for replica_port in ports],
            run_dir=run_dir,
        )
        with ExitStack() as stack:
            for index, replica_port in enumerate(ports):
                log = stack.enter_context(deployment.replica_log(index).open("wb"))
                process = subprocess.Popen(
                    [
                        python,
                        "-m",
                        "resnet_viz.serving.launcher",  # what `make run` runs
                        "--server.port",
                        str(replica_port),
                        "--server.address",
                        "127.0.0.1",  # only nginx reaches a replica
                        "--server.headless",
                        "true",
                        "--server.fileWatcherType",
                        "none",
                        "--browser.gatherUsageStats",
                        "false",
                        *streamlit_args,
                    ],
                    cwd=ROOT,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: stopped as a whole
                )
                deployment.replicas.append(process)
                stack.callback(_stop, process)
            # They warm up side by side; wait for the last one.
            for index, (url, process) in enumerate(
                zip(deployment.replica_urls, deployment.replicas, strict=True)
            ):
                wait_until_healthy(
                    url,
                    process,
                    f"replica {index}",
                    deployment.replica_log(index),
                    startup_timeout,
                )

            conf = run_dir / "nginx.conf"
            conf.write_text(
                render_nginx_conf(
                    [url.removeprefix("http://") for url in deployment.replica_urls],
                    f"{address}:{port}" if address else str(port),
                    run_dir,
                ),
                encoding="utf-8",
            )
            (run_dir / "temp").mkdir(exist_ok=True)
            (run_dir / "temp").chmod(0o755)
            command = [nginx, "-p", str(run_dir), "-c", str(conf), "-e", str(deployment.error_log)]
            checked = subprocess.run(
                [*command, "-t", "-q"], capture_output=True, text=True, check=False
            )
            if checked.returncode != 0:
                raise RuntimeError(f"nginx refused {conf}:\n{checked.stderr}")
            nginx_log = stack.enter_context((run_dir / "nginx.log").open("wb"))
            deployment.nginx = subprocess.Popen(
                [*command, "-g", "daemon off;"],
                cwd=run_dir,
                stdin=subprocess.DEVNULL,
                stdout=nginx_log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            # Stopped first (callbacks run last-in, first-out): no visitor reaches a replica
            # that is going away.
            stack.callback(_stop, deployment.nginx)
            wait_until_healthy(
                deployment.url, deployment.nginx, "nginx", deployment.error_log, 30.0
            )
            yield deployment
    finally:
        if made_run_dir:
            shutil.rmtree(run_dir, ignore_errors=True)


def _interrupt_once(signum: int, frame: object) -> None:
    """The first Ctrl-C or SIGTERM stops everything; more of them must not cut that short."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.serve_replicas",
        description=(
            "Serve resnet-viz from N replicas behind nginx (sticky sessions). "
            "Options after -- go to every replica's Streamlit."
        ),
    )
    parser.add_argument("--replicas", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    parser.add_argument(
        "--address",
        default="",
        help="nginx's address (default: every interface, as `make run` listens)",
    )
    parser.add_argument(
        "--run-dir",
        type=Path,
        help="nginx.conf, logs, pid and temp files (default: a new folder in the temp dir)",
    )
    parser.add_argument("streamlit_args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    if nginx_binary() is None:
        parser.error("nginx is not installed (Debian: apt-get install -y nginx)")
    run_dir = args.run_dir or Path(tempfile.mkdtemp(prefix="resnet-viz-nginx-"))
    if args.run_dir is None:
        run_dir.chmod(0o755)
    signal.signal(signal.SIGINT, _interrupt_once)
    signal.signal(signal.SIGTERM, _interrupt_once)
    print(f"starting {args.replicas} replicas (warming up) …; logs in {run_dir}", flush=True)
    try:
        with replicas_behind_nginx(
            args.replicas,
            args.port,
            address=args.address,
            run_dir=run_dir,
            streamlit_args=args.streamlit_args,
        ) as deployment:
            shown = "localhost" if not args.address else args.address
            print(f"serving on http://{shown}:{args.port}/ from", flush=True)
            for url in deployment.replica_urls:
                print(f"  {url}", flush=True)
            print("Ctrl-C stops nginx and every replica.", flush=True)
            while True:
                for name, process in deployment.named_processes():
                    if process.poll() is not None:
                        print(
                            f"{name} (pid {process.pid}) exited with code "
                            f"{process.returncode}; stopping everything (logs in {run_dir})",
                            file=sys.stderr,
                        )
                        return 1
                time.sleep(1.0)
    except KeyboardInterrupt:
        print("stopping …", file=sys.stderr, flush=True)
    except (RuntimeError, ValueError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
