"""A class at once: N real sessions against one server, each doing a lesson round.

Run: .venv/bin/python bench/classroom_load.py [--sessions 10,30] [--churn 200] [--json PATH]
(about 25 minutes for all three on 2 busy cores; --sessions 10 alone, about 2)

Each size in --sessions gets a fresh server started as `make run` starts it (``python -m
resnet_viz.serving.launcher``: every preset's trace ready before /_stcore/health says ok),
with a private trace cache ($RESNET_VIZ_CACHE, shared by this run's servers, so only the first
start traces) and a private torch hub cache ($TORCH_HOME) holding resnet18 weights made as the
tests make them (tests/conftest.py ``hub_with_resnet18``). The N sessions start at the same
moment; each speaks Streamlit's own websocket protocol (bench/streamlit_client.py, built on the
``websockets`` package and Streamlit's protobufs: no browser, but real script runs, real widget
changes and a real upload) and, without pauses, does a lesson round:

 1. opens a shared link, /architecture?net=resnet50&level=blocks (timed from the page request
    to the first run's end: "time to content");
 2. switches the preset to resnet152, then the level to stages (widget changes -> reruns);
 3. follows a link to /compare?nets=resnet18,resnet50,resnet101;
 4. opens /lab (the walkthrough) and clicks Next through its seven steps;
 5. opens /inference (its default, pretrained resnet50, has no weights offline: the page says
    so in an error box, which is counted but is not a failure), chooses resnet18, uploads
    resnet_viz/data/samples/mountain.jpg and gets its prediction.

A step fails on an Exception element (or a compile error) in its run, a timeout (--timeout), a
closed socket, a widget not found, or missing content (each step checks for its text: the
network's heading, the diagram's title, the step's title, the photo's heading and its top-5
chart). The server's RSS and CPU (utime+stime; dot and other children apart) come from
/proc/<pid> every 0.25 s; builds are counted from the server log's "resnet-viz build:" lines
(resnet_viz.trace.log_build: one per trace made or read into memory, one per model).

"After" figures: Streamlit keeps a closed tab's session for server.disconnectedSessionTTL
(120 s by default; these servers get --ttl, 10 s unless told). It drops expired sessions only
on a later disconnect (a write to its TTL cache), and a dropped AppSession shuts down (frees its
uploads and media files) when garbage-collected; so after the TTL two probe visits (Home,
opened and closed) let it reap them and collect garbage (Streamlit collects after every script
run unless runner.postScriptGC is off); RSS is read after those. The bench also asks the server
for one image each session showed: a 200 after its session has expired means the media file is
still held.

--churn N (e.g. 200): a fresh server, N sessions in waves of --wave (10) doing the same round,
each wave closed and left to expire before the next; RSS after each wave. The goal: after all N,
RSS within 100 MB of its level after the first wave (both read after expiry and probes).

--option KEY=VALUE (repeatable) gives the servers another Streamlit setting, to measure one,
e.g. --option runner.postScriptGC=false.

Prints a table per run (p50/p95 per step, failures, RSS, CPU, builds) and, with --json PATH,
writes the raw numbers. The machine's load (uptime) is printed at the start and the end, and
each run's load average before it starts: the timings are only as quiet as the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

from streamlit_client import Run, StreamlitSession, walk

from resnet_viz import i18n
from resnet_viz.lab import STEP_KEYS
from resnet_viz.serving.app_process import app_command, free_port, running
from resnet_viz.trace import BUILD_LOG

PHOTO = ROOT / "resnet_viz" / "data" / "samples" / "mountain.jpg"
GOAL_TTC = 5.0  # seconds: p95 time to content with 30 sessions
GOAL_RSS = 100  # MB: RSS after the churn against after the first wave
MB = 1e6
TICK = os.sysconf("SC_CLK_TCK")


def en(key: str, **params: Any) -> str:
    return i18n.t(key, "en", **params)


# ---------------------------------------------------------------- the server and its numbers


@dataclass
class Server:
    url: str
    pid: int
    log: Path
    healthy_at: int  # the log's size when it reported healthy: later lines are the sessions'


@contextmanager
def server(
    env: dict[str, str], port: int | None, ttl: int, options: tuple[str, ...] = ()
) -> Iterator[Server]:
    """The app as `make run` starts it, on a loopback port, until the block ends; ``options``
    are more Streamlit settings ("runner.postScriptGC=false")."""
    port = port or free_port()
    log = Path(tempfile.mkstemp(prefix="resnet-viz-classroom-", suffix=".log")[1])
    flags = [f"--server.disconnectedSessionTTL={ttl}", *(f"--{option}" for option in options)]
    with running(app_command(port, *flags), port, log, env) as process:
        yield Server(f"http://127.0.0.1:{port}", process.pid, log, log.stat().st_size)


@dataclass(frozen=True)
class Sample:
    t: float  # time.perf_counter()
    rss: int  # bytes
    cpu: float  # utime + stime, seconds
    children_cpu: float  # cutime + cstime (dot and other finished children), seconds


def read_proc(pid: int) -> Sample:
    status = Path(f"/proc/{pid}/status").read_text()
    rss = next(
        int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS")
    )
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return Sample(time.perf_counter(), rss, (utime + stime) / TICK, (cutime + cstime) / TICK)


class Sampler:
    """/proc/<pid> every ``every`` seconds on a thread, until stopped."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        self.pid, self.every = pid, every
        self.samples: list[Sample] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.samples.append(read_proc(self.pid))
            except (OSError, StopIteration):
                return
            self._stop.wait(self.every)

    def now(self) -> Sample:
        sample = read_proc(self.pid)
        self.samples.append(sample)
        return sample

    def peak(self, start: float, end: float) -> int:
        return max((s.rss for s in self.samples if start <= s.t <= end), default=0)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def builds(log: Path, since: int = 0) -> Counter[str]:
    """What the server built (one log line each), from byte ``since`` of its log on."""
    with log.open("rb") as handle:
        handle.seek(since)
        text = handle.read().decode(errors="replace")
    return Counter(
        line.removeprefix(BUILD_LOG).strip()
        for line in text.splitlines()
        if line.startswith(BUILD_LOG)
    )


def build_key(line: str) -> str:
    """A trace or model without how it was had ("trace resnet18 3x224x224 (disk)" -> "trace
    resnet18 3x224x224"): reading from disk and tracing are both the one build of a process."""
    return line.rsplit(" (", 1)[0]


# ---------------------------------------------------------------- one visitor's lesson


@dataclass
class Step:
    name: str
    seconds: float
    status: str  # "ok", "exception", "timeout", "closed", "missing content", "client error"
    problems: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)


@dataclass
class Lesson:
    index: int
    steps: list[Step] = field(default_factory=list)
    media_url: str = ""  # an image the last step showed
    media_live: bool = False  # served while the session was open

    @property
    def failed(self) -> bool:
        return any(step.status != "ok" for step in self.steps)


def checked(name: str, run: Run, *needles: str, charts: int = 0) -> Step:
    """A step's outcome: the run's end, its exceptions, and the content it must show (texts,
    and at least ``charts`` plotly charts)."""
    exceptions = run.exceptions()
    alerts = run.error_alerts() if run.status == "ok" else []
    if run.status in {"timeout", "closed"}:
        return Step(name, run.seconds, run.status, [run.status])
    if exceptions or run.status != "ok":
        return Step(name, run.seconds, "exception", exceptions or [run.status], alerts)
    missing = [needle for needle in needles if not run.has(needle)]
    if charts and sum(element.type == "plotly_chart" for element in walk(run.tree)) < charts:
        missing.append(f"{charts} plotly chart(s)")
    if missing:
        return Step(name, run.seconds, "missing content", [f"missing {m!r}" for m in missing])
    return Step(name, run.seconds, "ok", [], alerts)


TTC = "connect → content (architecture link)"
WALK_NEXT = "walkthrough Next"


async def lesson(url: str, index: int, timeout: float, photo: bytes) -> Lesson:
    """One visitor's round; stops at the first failed step (the rest would mean nothing)."""
    done = Lesson(index)
    tab = StreamlitSession(url, timeout)

    async def step(
        name: str, action: Callable[[], Awaitable[Run]], *needles: str, charts: int = 0
    ) -> bool:
        start = time.perf_counter()
        try:
            run = await action()
        except Exception as error:  # a widget not found, a refused upload, a closed socket
            done.steps.append(
                Step(name, time.perf_counter() - start, "client error", [repr(error)[:300]])
            )
            return False
        done.steps.append(checked(name, run, *needles, charts=charts))
        return done.steps[-1].status == "ok"

    titles = [en(f"walk.{key}.title") for key in STEP_KEYS]
    try:
        ok = await step(
            TTC,
            lambda: tab.open("architecture", "net=resnet50&level=blocks"),
            ">resnet50</h2>",
            "resnet50: blocks",
        )
        ok = ok and await step(
            "preset switch (resnet152)",
            lambda: tab.choose("arch_net", "resnet152"),
            ">resnet152</h2>",
            "resnet152: blocks",
        )
        ok = ok and await step(
            "level switch (stages)",
            lambda: tab.choose("arch_level", en("arch.levels.stages")),
            "resnet152: stages",
        )
        ok = ok and await step(
            "compare link (3 nets)",
            lambda: tab.navigate("compare", "nets=resnet18,resnet50,resnet101"),
            en("cmp.stage_by_stage"),
            "resnet101",
        )
        ok = ok and await step("lab walkthrough", lambda: tab.navigate("lab"), f"1. {titles[0]}")
        for number in range(2, len(titles) + 1):
            ok = ok and await step(
                WALK_NEXT, lambda: tab.click(en("walk.next")), f"{number}. {titles[number - 1]}"
            )
        ok = ok and await step("inference page", lambda: tab.navigate("inference"))
        ok = ok and await step(
            "pretrained resnet18 (sample)",
            lambda: tab.choose("inf_net_pretrained", "resnet18"),
            en("weights.source_pretrained", name="resnet18", version="IMAGENET1K_V1"),
            ">puppies.jpg</h3>",
            charts=1,
        )
        ok = ok and await step(
            "photo upload → prediction",
            lambda: tab.upload("inf_images", [("mountain.jpg", photo, "image/jpeg")]),
            ">mountain.jpg</h3>",
            charts=1,  # its top five
        )
        if ok and tab.last is not None:
            images = [e for e in walk(tab.last.tree) if e.type == "image"]
            if images and images[0].proto.imgs:
                done.media_url = images[0].proto.imgs[0].url
                done.media_live = await asyncio.to_thread(still_served, url, [done.media_url]) == 1
    finally:
        await tab.close()
    return done


async def probe(url: str, timeout: float) -> None:
    """A visitor opening Home and leaving: its disconnect makes Streamlit drop expired
    sessions, its run makes it collect garbage."""
    tab = StreamlitSession(url, timeout)
    try:
        await tab.open("")
    finally:
        await tab.close()


def still_served(url: str, media: list[str]) -> int:
    """How many of these media files the server still hands out."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    found = 0
    for path in media:
        try:
            with opener.open(url + path, timeout=10) as reply:
                found += reply.status == 200
        except OSError:
            pass
    return found


async def expire_and_probe(srv: Server, ttl: int, timeout: float) -> None:
    await asyncio.sleep(ttl + 2)
    for _ in range(2):
        await probe(srv.url, timeout)
    await asyncio.sleep(1)


# ---------------------------------------------------------------- runs and reports


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = q / 100 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def step_stats(lessons: list[Lesson]) -> dict[str, dict[str, float]]:
    by_name: dict[str, list[float]] = {}
    for done in lessons:
        for step in done.steps:
            if step.status == "ok":
                by_name.setdefault(step.name, []).append(step.seconds)
    reruns = [s for name, values in by_name.items() if name != TTC for s in values]
    if reruns:
        by_name["all reruns (every step after the first)"] = reruns
    return {
        name: {
            "n": len(values),
            "p50": percentile(values, 50),
            "p95": percentile(values, 95),
            "max": max(values),
        }
        for name, values in by_name.items()
    }


def failures(lessons: list[Lesson]) -> dict[str, Any]:
    kinds: Counter[str] = Counter()
    examples: list[str] = []
    for done in lessons:
        bad = [step for step in done.steps if step.status != "ok"]
        if bad:
            kinds[bad[0].status] += 1
            if len(examples) < 5:
                examples.append(f"session {done.index}, {bad[0].name}: {bad[0].problems[:2]}")
    return {"failed": sum(kinds.values()), "by_kind": dict(kinds), "examples": examples}


def alerts(lessons: list[Lesson]) -> dict[str, int]:
    seen: Counter[str] = Counter()
    for done in lessons:
        for step in done.steps:
            for alert in step.alerts:
                seen[f"{step.name}: {alert[:90]}"] += 1
    return dict(seen)


def _common(
    load: tuple[float, float, float],
    lessons: list[Lesson],
    start: Sample,
    end: Sample,
) -> dict[str, Any]:
    """What every run reports alike: the load before it, its length, its steps and failures."""
    return {
        "load_before": load,
        "wall_s": end.t - start.t,
        "steps": step_stats(lessons),
        "failures": failures(lessons),
        "alerts": alerts(lessons),
    }


def run_class(
    n: int, env: dict[str, str], args: argparse.Namespace, photo: bytes
) -> dict[str, Any]:
    """N sessions at once against a fresh server; what they saw and what it cost."""
    with server(env, args.port, args.ttl, tuple(args.option)) as srv, Sampler(srv.pid) as sampler:
        load = os.getloadavg()
        start = sampler.now()
        client_cpu = time.process_time()
        lessons = asyncio.run(gather(srv.url, range(n), args.timeout, photo))
        end = sampler.now()
        client_cpu = time.process_time() - client_cpu
        closed = sampler.now()
        asyncio.run(expire_and_probe(srv, args.ttl, args.timeout))
        after = sampler.now()
        media = [done.media_url for done in lessons if done.media_url]
        kept_media = still_served(srv.url, media)
        live_media = sum(done.media_live for done in lessons)
        built_all = builds(srv.log)
        built_sessions = builds(srv.log, srv.healthy_at)
    return {
        "sessions": n,
        **_common(load, lessons, start, end),
        "rss": {
            "start": start.rss,
            "peak": sampler.peak(start.t, end.t),
            "closed": closed.rss,
            "after_expiry": after.rss,
        },
        "cpu": {
            "server_s": end.cpu - start.cpu,
            "children_s": end.children_cpu - start.children_cpu,
            "client_s": client_cpu,
        },
        "builds": {"process": dict(built_all), "during_sessions": dict(built_sessions)},
        "media_still_served": [kept_media, len(media)],
        "media_served_live": live_media,
        "log": str(srv.log),
        "lessons": [asdict(done) for done in lessons],
        "samples": [asdict(s) for s in sampler.samples],
    }


async def gather(url: str, indices: range, timeout: float, photo: bytes) -> list[Lesson]:
    """Start these sessions at the same moment (a pool big enough for their HTTP requests)."""
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max(8, 2 * len(indices))))
    return list(await asyncio.gather(*(lesson(url, i, timeout, photo) for i in indices)))


def run_churn(
    total: int, env: dict[str, str], args: argparse.Namespace, photo: bytes
) -> dict[str, Any]:
    """``total`` sessions in waves of ``args.wave``, each wave closed and expired before the
    next; RSS after each wave."""
    waves: list[dict[str, Any]] = []
    lessons: list[Lesson] = []
    with server(env, args.port, args.ttl, tuple(args.option)) as srv, Sampler(srv.pid) as sampler:
        start = sampler.now()
        load = os.getloadavg()
        opened = 0
        while opened < total:
            size = min(args.wave, total - opened)
            wave = asyncio.run(gather(srv.url, range(opened, opened + size), args.timeout, photo))
            opened += size
            lessons += wave
            asyncio.run(expire_and_probe(srv, args.ttl, args.timeout))
            sample = sampler.now()
            waves.append(
                {
                    "opened": opened,
                    "rss": sample.rss,
                    "failed": sum(done.failed for done in wave),
                    "t": sample.t - start.t,
                }
            )
            print(
                f"  churn: {opened:4} sessions opened and closed, RSS {sample.rss / MB:7.1f} MB, "
                f"{waves[-1]['failed']} failed in this wave",
                flush=True,
            )
        end = sampler.now()
        media = [done.media_url for done in lessons if done.media_url]
        kept_media = still_served(srv.url, media)
        built_all = builds(srv.log)
    first, last = waves[0]["rss"], waves[-1]["rss"]
    return {
        "sessions": total,
        "wave": args.wave,
        **_common(load, lessons, start, end),
        "rss": {
            "start": start.rss,
            "peak": sampler.peak(start.t, end.t),
            "after_first_wave": first,
            "after_all": last,
            "growth": last - first,
        },
        "cpu": {
            "server_s": end.cpu - start.cpu,
            "children_s": end.children_cpu - start.children_cpu,
        },
        "waves": waves,
        "builds": {"process": dict(built_all)},
        "log": str(srv.log),
        "media_still_served": [kept_media, len(media)],
        "lessons": [asdict(done) for done in lessons],
        "samples": [asdict(s) for s in sampler.samples],
    }


def print_steps(result: dict[str, Any]) -> None:
    print(f"  {'what (ok steps only)':44} {'n':>4} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    for name, stats in result["steps"].items():
        note = f"   p95 = {stats['p95'] / GOAL_TTC:.2f} × the 5 s goal" if name == TTC else ""
        print(
            f"  {name:44} {stats['n']:4} {stats['p50']:7.2f} {stats['p95']:7.2f} "
            f"{stats['max']:7.2f}{note}"
        )


def print_common(result: dict[str, Any]) -> None:
    fails = result["failures"]
    print(
        f"  failed sessions: {fails['failed']} of {result['sessions']}"
        + (f" {fails['by_kind']}" if fails["by_kind"] else "")
    )
    for example in fails["examples"]:
        print(f"    e.g. {example}")
    for alert, count in result["alerts"].items():
        print(f"  error box seen (not a failure) ×{count}: {alert}")
    cpu = result["cpu"]
    wall = result["wall_s"]
    client = f"; this client {cpu['client_s']:.1f} s" if "client_s" in cpu else ""
    print(
        f"  server CPU: {cpu['server_s']:.1f} s in {wall:.1f} s of sessions "
        f"({cpu['server_s'] / wall:.2f} cores of {os.cpu_count()}); "
        f"children (dot) {cpu['children_s']:.1f} s{client}"
    )
    process = Counter({build_key(k): 0 for k in result["builds"]["process"]})
    for line, count in result["builds"]["process"].items():
        process[build_key(line)] += count
    twice = {k: v for k, v in process.items() if v > 1}
    models = {k: v for k, v in process.items() if k.startswith("model")}
    traces = sum(1 for k in process if k.startswith("trace"))
    print(
        f"  builds in the server process: {traces} traces, "
        + ", ".join(f"{k} ×{v}" for k, v in models.items())
        + (f"; BUILT MORE THAN ONCE: {twice}" if twice else "; each built once")
    )
    during = result["builds"].get("during_sessions")
    if during is not None:
        print(
            "  built while the sessions ran: "
            + (", ".join(f"{k} ×{v}" for k, v in during.items()) or "nothing")
        )
    kept, shown = result["media_still_served"]
    live = result.get("media_served_live")
    print(
        f"  images of expired sessions the server still serves: {kept} of {shown}"
        + (f" (while open: {live})" if live is not None else "")
    )
    print(f"  server log: {result['log']}")


def report_class(result: dict[str, Any]) -> None:
    load = " ".join(f"{x:.2f}" for x in result["load_before"])
    print(f"\n== {result['sessions']} sessions at once (load average before: {load})")
    print_steps(result)
    print_common(result)
    rss = result["rss"]
    print(
        f"  server RSS: start {rss['start'] / MB:.0f} MB, peak {rss['peak'] / MB:.0f} MB "
        f"(+{(rss['peak'] - rss['start']) / MB:.0f}), all closed {rss['closed'] / MB:.0f} MB, "
        f"after expiry {rss['after_expiry'] / MB:.0f} MB "
        f"(+{(rss['after_expiry'] - rss['start']) / MB:.0f} over start)"
    )


def report_churn(result: dict[str, Any]) -> None:
    load = " ".join(f"{x:.2f}" for x in result["load_before"])
    print(
        f"\n== churn: {result['sessions']} sessions in waves of {result['wave']} "
        f"(load average before: {load})"
    )
    print_steps(result)
    print_common(result)
    rss = result["rss"]
    growth = rss["growth"] / MB
    print(
        f"  server RSS: start {rss['start'] / MB:.0f} MB, peak {rss['peak'] / MB:.0f} MB, "
        f"after the first wave {rss['after_first_wave'] / MB:.0f} MB, after all "
        f"{rss['after_all'] / MB:.0f} MB: {growth:+.0f} MB "
        f"({'within' if growth <= GOAL_RSS else 'OVER'} the {GOAL_RSS} MB goal, "
        f"{growth / GOAL_RSS:.2f} × it)"
    )


def goals(results: dict[str, Any]) -> None:
    print("\n== goals")
    for result in results["classes"]:
        ttc = result["steps"].get(TTC, {}).get("p95", float("nan"))
        fails = result["failures"]["failed"]
        print(
            f"  {result['sessions']:3} sessions: {fails} failed (goal 0), p95 time to content "
            f"{ttc:.2f} s (goal ≤ {GOAL_TTC:.0f} s): "
            + ("met" if fails == 0 and ttc <= GOAL_TTC else "NOT met")
        )
    if results.get("churn"):
        growth = results["churn"]["rss"]["growth"] / MB
        print(
            f"  churn of {results['churn']['sessions']}: RSS {growth:+.0f} MB after all against "
            f"after the first wave (goal ≤ {GOAL_RSS} MB): "
            + ("met" if growth <= GOAL_RSS else "NOT met")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", default="10,30", help="class sizes, one server each")
    parser.add_argument("--churn", type=int, default=0, help="sessions for the churn run (0: none)")
    parser.add_argument("--wave", type=int, default=10, help="churn sessions open at once")
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument(
        "--ttl", type=int, default=10, help="server.disconnectedSessionTTL, s (Streamlit: 120)"
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per step")
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="another Streamlit setting for the servers, e.g. runner.postScriptGC=false",
    )
    parser.add_argument("--json", type=Path, help="write the raw numbers here")
    args = parser.parse_args()

    from conftest import hub_with_resnet18  # the tests' resnet18 weights, made here, seeded

    work = Path(tempfile.mkdtemp(prefix="resnet-viz-classroom-"))
    hub_with_resnet18(work / "torch")
    env = os.environ | {"RESNET_VIZ_CACHE": str(work / "cache"), "TORCH_HOME": str(work / "torch")}
    env.pop("RESNET_VIZ_WARMUP", None)
    photo = PHOTO.read_bytes()
    uptime = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
    print(f"machine: {os.cpu_count()} CPUs; uptime at start: {uptime.strip()}")
    if args.option:
        print(f"servers get these Streamlit settings too: {args.option}")
    results: dict[str, Any] = {
        "uptime_at_start": uptime.strip(),
        "options": args.option,
        "ttl": args.ttl,
        "classes": [],
        "churn": None,
    }
    try:
        for size in (int(part) for part in args.sessions.split(",") if part.strip()):
            print(f"\n{size} sessions: starting a fresh server and the sessions…", flush=True)
            result = run_class(size, env, args, photo)
            report_class(result)
            results["classes"].append(result)
        if args.churn:
            print(f"\nchurn of {args.churn}: starting a fresh server…", flush=True)
            results["churn"] = run_churn(args.churn, env, args, photo)
            report_churn(results["churn"])
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the weights and traces made for this run
    goals(results)
    uptime = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
    print(f"\nuptime at the end: {uptime.strip()}")
    results["uptime_at_end"] = uptime.strip()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
        print(f"raw numbers: {args.json}")


if __name__ == "__main__":
    main()
