"""Shared helpers for every benchmark in ``bench/``: timing, percentiles, result
tables, memory, servers on 127.0.0.1 and a bounded HTTP load driver.

Everything here talks only to the loopback interface: load runs refuse any
other host, are capped at :data:`MAX_LOAD_SECONDS` and at a request count.

>>> summary = summarise([0.010, 0.012, 0.011, 0.030])
>>> round(summary.p50 * 1000, 1), summary.n
(11.5, 4)
>>> row = Row("look-up", n=4, p50=summary.p50, p95=summary.p95, ratio=1.2, target="≤ 1.5×",
...           passed=True)
>>> print(format_table([row]).splitlines()[2])
| look-up | 4 | 11.5 | 27.3 |  |  |  | 1.20× | ≤ 1.5× | pass |
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

import httpx

__all__ = [
    "MAX_LOAD_SECONDS",
    "BenchError",
    "LoadResult",
    "NotLoopback",
    "Row",
    "ServerFailed",
    "ServerProcess",
    "Summary",
    "Urls",
    "format_bytes",
    "format_table",
    "free_port",
    "measure_load",
    "peak_rss_bytes",
    "percentile",
    "rss_bytes",
    "run_async_load",
    "run_wrk",
    "summarise",
    "time_calls",
    "tree_rss_bytes",
    "uvicorn_command",
    "wrk_available",
]

MAX_LOAD_SECONDS = 20.0
"""No load run lasts longer than this."""

MAX_LOAD_REQUESTS = 200_000
"""No async load run sends more requests than this."""

_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


class BenchError(Exception):
    """Base of the harness's errors."""


class NotLoopback(BenchError):
    """A load run was pointed at a host other than this machine's loopback."""


class ServerFailed(BenchError):
    """A server under test did not start, or died; the message quotes its log."""


# --------------------------------------------------------------------------- statistics


def percentile(values: Sequence[float], q: float) -> float:
    """The *q*-th percentile (0–100) with linear interpolation between ranks.

    >>> percentile([1, 2, 3, 4], 50), percentile([1, 2, 3, 4], 95)
    (2.5, 3.85)
    >>> percentile([], 50)
    Traceback (most recent call last):
    ...
    ValueError: percentile of no values
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be in [0, 100], got {q}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True, slots=True)
class Summary:
    """Durations in seconds, summarised."""

    n: int
    p50: float
    p95: float
    mean: float
    minimum: float
    maximum: float


def summarise(seconds: Sequence[float]) -> Summary:
    """Median, 95th percentile, mean, min and max of *seconds*.

    >>> summarise([1.0, 3.0]).mean
    2.0
    """
    return Summary(
        n=len(seconds),
        p50=percentile(seconds, 50),
        p95=percentile(seconds, 95),
        mean=statistics.fmean(seconds),
        minimum=min(seconds),
        maximum=max(seconds),
    )


def time_calls(fn: Callable[[], object], *, repeat: int = 5, warmup: int = 1) -> list[float]:
    """Call *fn* ``warmup`` times untimed, then ``repeat`` times; return the durations.

    >>> len(time_calls(lambda: sum(range(100)), repeat=3))
    3
    """
    for _ in range(warmup):
        fn()
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        durations.append(time.perf_counter() - started)
    return durations


# --------------------------------------------------------------------------- tables


@dataclass(slots=True)
class Row:
    """One line of a results table. Times are seconds; throughput is per second."""

    name: str
    n: int = 0
    p50: float | None = None
    p95: float | None = None
    throughput: float | None = None
    baseline: str = ""
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None
    value: str = ""
    """Anything else measured (a memory size, a load time), shown in its own column."""


_HEADER = (
    "name",
    "n",
    "p50 ms",
    "p95 ms",
    "per s",
    "value",
    "baseline",
    "ratio",
    "target",
    "result",
)


def _ms(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value * 1000:.1f}" if value < 10 else f"{value * 1000:,.0f}"


def format_table(rows: Sequence[Row], *, title: str = "") -> str:
    """A Markdown table of *rows* (paste it into a report as it is).

    >>> print(format_table([Row("q", n=3, p50=0.002, throughput=1500.0, passed=False)]))
    | name | n | p50 ms | p95 ms | per s | value | baseline | ratio | target | result |
    |---|---|---|---|---|---|---|---|---|---|
    | q | 3 | 2.0 |  | 1,500 |  |  |  |  | FAIL |
    """
    lines = [f"### {title}", ""] if title else []
    lines.append("| " + " | ".join(_HEADER) + " |")
    lines.append("|" + "---|" * len(_HEADER))
    for r in rows:
        cells = (
            r.name,
            str(r.n) if r.n else "",
            _ms(r.p50),
            _ms(r.p95),
            f"{r.throughput:,.0f}" if r.throughput is not None else "",
            r.value,
            r.baseline,
            f"{r.ratio:.2f}×" if r.ratio is not None else "",
            r.target,
            {True: "pass", False: "FAIL", None: ""}[r.passed],
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- memory


def _proc_status_kib(pid: int, field_name: str) -> int | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{field_name}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else None


def rss_bytes(pid: int | None = None) -> int:
    """Resident memory of process *pid* (default: this one), in bytes.

    >>> rss_bytes() > 10_000_000
    True
    """
    pid = os.getpid() if pid is None else pid
    try:
        import psutil

        return int(psutil.Process(pid).memory_info().rss)
    except ImportError:
        kib = _proc_status_kib(pid, "VmRSS")
        if kib is None:
            raise BenchError(f"cannot read the memory of process {pid}") from None
        return kib * 1024


def peak_rss_bytes(pid: int | None = None) -> int:
    """Peak resident memory ("high-water mark") of *pid* so far, in bytes (Linux).

    >>> peak_rss_bytes() >= rss_bytes() // 2
    True
    """
    pid = os.getpid() if pid is None else pid
    kib = _proc_status_kib(pid, "VmHWM")
    return kib * 1024 if kib is not None else rss_bytes(pid)


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of *pid* plus all its descendants (e.g. server workers), in bytes.

    >>> tree_rss_bytes(os.getpid()) > 10_000_000
    True
    """
    try:
        import psutil
    except ImportError:
        return rss_bytes(pid)
    proc = psutil.Process(pid)
    total = int(proc.memory_info().rss)
    for child in proc.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += int(child.memory_info().rss)
    return total


def format_bytes(n: float) -> str:
    """Human-readable size in binary units.

    >>> format_bytes(1536), format_bytes(3 * 1024**3)
    ('1.5 KiB', '3.0 GiB')
    """
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} B" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now.

    >>> 1024 <= free_port() <= 65535
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def uvicorn_command(app: str, port: int, *, factory: bool = False) -> list[str]:
    """The command that serves the ASGI *app* (``module:attr``) on 127.0.0.1:*port*.

    >>> uvicorn_command("service.app:create_app", 8123, factory=True)[-6:]
    ['--factory', '--host', '127.0.0.1', '--port', '8123', '--no-access-log']
    """
    cmd = [sys.executable, "-m", "uvicorn", app]
    if factory:
        cmd.append("--factory")
    return [*cmd, "--host", "127.0.0.1", "--port", str(port), "--no-access-log"]


class ServerProcess:
    """A server subprocess on 127.0.0.1, started and stopped around a ``with`` block.

    *command* may contain ``{port}``, replaced by a free port. The server is ready
    when ``GET ready_path`` answers below 500. Its output goes to a log file that
    :class:`ServerFailed` quotes when it fails to start.

    >>> cmd = [sys.executable, "-m", "http.server", "{port}", "--bind", "127.0.0.1"]
    >>> with ServerProcess(cmd, ready_path="/", startup_timeout=20) as server:
    ...     httpx.get(server.url("/")).status_code
    200
    """

    def __init__(
        self,
        command: Sequence[str],
        *,
        ready_path: str = "/",
        startup_timeout: float = 120.0,
        env: Mapping[str, str] | None = None,
        cwd: str | Path | None = None,
        port: int | None = None,
    ) -> None:
        self.port = port or free_port()
        self.command = [part.replace("{port}", str(self.port)) for part in command]
        self.ready_path = ready_path
        self.startup_timeout = startup_timeout
        self.env = {**os.environ, **(env or {})}
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = Path(tempfile.mkstemp(prefix="bench-server-", suffix=".log")[1])
        self.started_in: float | None = None

    @property
    def pid(self) -> int:
        """The server's process id."""
        if self.process is None:
            raise ServerFailed("the server is not running")
        return self.process.pid

    def url(self, path: str = "/") -> str:
        """The server's URL for *path* on 127.0.0.1."""
        return f"http://127.0.0.1:{self.port}{path}"

    def log_tail(self, lines: int = 30) -> str:
        """The last *lines* of the server's output."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def start(self) -> Self:
        """Start the server and wait until it answers; :class:`ServerFailed` if it does not."""
        started = time.perf_counter()
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=self.cwd,
                start_new_session=True,
            )
        deadline = started + self.startup_timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(
                    f"{' '.join(self.command)} exited with {self.process.returncode}:\n"
                    f"{self.log_tail()}"
                )
            try:
                if httpx.get(self.url(self.ready_path), timeout=2.0).status_code < 500:
                    self.started_in = time.perf_counter() - started
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise ServerFailed(
            f"{' '.join(self.command)} did not answer within {self.startup_timeout:.0f} s:\n"
            f"{self.log_tail()}"
        )

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s) and its children."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        self.log_path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- load


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The outcome of a load run: counts, duration and latency percentiles (seconds)."""

    tool: str
    requests: int
    errors: int
    seconds: float
    p50: float
    p95: float
    connections: int
    latencies: list[float] = field(default_factory=list, repr=False)

    @property
    def throughput(self) -> float:
        """Successful requests per second."""
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0


Urls = str | Sequence[str]
"""One URL, or several that a load run requests in turn (so no cache sees a repeat)."""


def _targets(urls: Urls, duration: float) -> list[str]:
    targets = [urls] if isinstance(urls, str) else list(urls)
    if not targets:
        raise BenchError("a load run needs at least one URL")
    origins = {(urlsplit(u).scheme, urlsplit(u).hostname, urlsplit(u).port) for u in targets}
    if len(origins) > 1:
        raise BenchError("every URL of a load run must be on the same server")
    for url in targets:
        host = urlsplit(url).hostname or ""
        if host not in _LOOPBACK_HOSTS and not host.startswith("127."):
            raise NotLoopback(f"load runs only target this machine's loopback, not {host!r}")
    if not 0 < duration <= MAX_LOAD_SECONDS:
        raise BenchError(f"a load run lasts at most {MAX_LOAD_SECONDS:.0f} s, got {duration}")
    return targets


async def _async_load(
    urls: list[str],
    headers: Mapping[str, str],
    connections: int,
    duration: float,
    max_requests: int,
) -> LoadResult:
    latencies: list[float] = []
    errors = 0
    sent = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=10.0, headers=dict(headers)) as client:
        started = time.perf_counter()
        deadline = started + duration

        async def worker() -> None:
            nonlocal errors, sent
            while time.perf_counter() < deadline and sent < max_requests:
                url = urls[sent % len(urls)]
                sent += 1
                t0 = time.perf_counter()
                try:
                    response = await client.get(url)
                    await response.aread()
                    if response.status_code >= 400:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - t0)

        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    return LoadResult(
        tool="httpx",
        requests=len(latencies),
        errors=errors,
        seconds=elapsed,
        p50=percentile(latencies, 50) if latencies else math.nan,
        p95=percentile(latencies, 95) if latencies else math.nan,
        connections=connections,
        latencies=latencies,
    )


def run_async_load(
    url: Urls,
    *,
    connections: int = 10,
    duration: float = 10.0,
    max_requests: int = MAX_LOAD_REQUESTS,
    headers: Mapping[str, str] | None = None,
) -> LoadResult:
    """GET *url* from *connections* concurrent httpx connections for *duration* seconds.

    With several URLs, requests cycle through them. Bounded in time (at most
    :data:`MAX_LOAD_SECONDS`) and in count (*max_requests*); only loopback
    addresses are accepted.

    >>> run_async_load("http://example.org/", duration=1)
    Traceback (most recent call last):
    ...
    bench.harness.NotLoopback: load runs only target this machine's loopback, not 'example.org'
    """
    urls = _targets(url, duration)
    return asyncio.run(
        _async_load(
            urls, headers or {}, connections, duration, min(max_requests, MAX_LOAD_REQUESTS)
        )
    )


_WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH-RESULT %d %d %d %d %d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""


_WRK_ROTATE = """
local paths = {
PATHS
}
counter = 0
local started = 0
setup = function(thread)
  -- threads start evenly apart: in step, they would ask for each URL twice in a row
  thread:set("counter", started * math.floor(#paths / THREADS))
  started = started + 1
end
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end
"""


def _path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def wrk_available() -> bool:
    """Whether Debian's ``wrk`` is installed.

    >>> isinstance(wrk_available(), bool)
    True
    """
    return shutil.which("wrk") is not None


def run_wrk(
    url: Urls,
    *,
    connections: int = 10,
    duration: float = 10.0,
    threads: int = 2,
    headers: Mapping[str, str] | None = None,
) -> LoadResult:
    """Load *url* with ``wrk`` (a C load generator): far less client overhead than Python.

    Non-2xx/3xx answers count as errors; with several URLs each wrk thread requests
    them in turn, the threads starting evenly spread over the list (so a server's
    cache of recent queries sees each URL again only after a whole round). Same
    bounds as :func:`run_async_load`.

    >>> run_wrk("http://10.0.0.1/", duration=1)
    Traceback (most recent call last):
    ...
    bench.harness.NotLoopback: load runs only target this machine's loopback, not '10.0.0.1'
    """
    urls = _targets(url, duration)
    if not wrk_available():
        raise BenchError("wrk is not installed (Debian package 'wrk')")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT)
        if len(urls) > 1:
            paths = ",\n".join(json.dumps(_path(u)) for u in urls)
            rotate = _WRK_ROTATE.replace("THREADS", str(min(threads, connections)))
            script.write(rotate.replace("PATHS", paths))
    cmd = [
        "wrk",
        "-t",
        str(min(threads, connections)),
        "-c",
        str(connections),
        "-d",
        f"{duration:g}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
    ]
    for name, value in (headers or {}).items():
        cmd += ["-H", f"{name}: {value}"]
    try:
        done = subprocess.run(
            [*cmd, urls[0]], capture_output=True, text=True, timeout=duration + 30, check=False
        )
    finally:
        os.unlink(script.name)
    match = re.search(r"BENCH-RESULT (\d+) (\d+) (\d+) (\d+) (\d+)", done.stdout)
    if done.returncode != 0 or not match:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    requests, micros, errors, p50, p95 = (int(g) for g in match.groups())
    return LoadResult(
        tool="wrk",
        requests=requests,
        errors=errors,
        seconds=micros / 1e6,
        p50=p50 / 1e6,
        p95=p95 / 1e6,
        connections=connections,
    )


def measure_load(
    url: Urls,
    *,
    connections: int = 10,
    duration: float = 10.0,
    headers: Mapping[str, str] | None = None,
    prefer_wrk: bool = True,
) -> LoadResult:
    """:func:`run_wrk` when wrk is installed (and *prefer_wrk*), else :func:`run_async_load`."""
    if prefer_wrk and wrk_available():
        return run_wrk(url, connections=connections, duration=duration, headers=headers)
    return run_async_load(url, connections=connections, duration=duration, headers=headers)
