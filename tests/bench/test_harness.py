"""The benchmark harness: statistics, tables, servers on 127.0.0.1 and bounded load runs."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from bench.harness import (
    BenchError,
    NotLoopback,
    Row,
    ServerFailed,
    ServerProcess,
    format_table,
    percentile,
    run_async_load,
    run_wrk,
    summarise,
    tree_rss_bytes,
    wrk_available,
)


@pytest.fixture(scope="module")
def static_server() -> Iterator[ServerProcess]:
    cmd = [sys.executable, "-m", "http.server", "{port}", "--bind", "127.0.0.1"]
    with ServerProcess(cmd, ready_path="/", startup_timeout=30) as server:
        yield server


def test_percentiles_agree_with_the_standard_library() -> None:
    values = [float(v) for v in (7, 1, 3, 9, 4, 4, 12, 0.5, 8, 2)]
    expected = statistics.quantiles(values, n=20, method="inclusive")
    assert percentile(values, 50) == pytest.approx(statistics.median(values))
    assert percentile(values, 95) == pytest.approx(expected[18])
    assert percentile(values, 0) == min(values) and percentile(values, 100) == max(values)
    with pytest.raises(ValueError, match="percentile must be"):
        percentile(values, 101)


def test_summary() -> None:
    s = summarise([0.3, 0.1, 0.2])
    assert (s.n, s.p50, s.minimum, s.maximum) == (3, 0.2, 0.1, 0.3)
    assert s.mean == pytest.approx(0.2)


def test_table_shows_ratios_and_verdicts() -> None:
    rows = [
        Row("fast", n=5, p50=0.0123, ratio=1.234, target="≤ 1.5×", passed=True),
        Row("slow", n=5, p50=12.5, throughput=98.6, value="2 rows", passed=False),
    ]
    lines = format_table(rows, title="T").splitlines()
    assert lines[0] == "### T"
    assert lines[4] == "| fast | 5 | 12.3 |  |  |  |  | 1.23× | ≤ 1.5× | pass |"
    assert lines[5] == "| slow | 5 | 12,500 |  | 99 | 2 rows |  |  |  | FAIL |"


def test_server_process_serves_and_stops() -> None:
    cmd = [sys.executable, "-m", "http.server", "{port}", "--bind", "127.0.0.1"]
    server = ServerProcess(cmd, startup_timeout=30)
    with server:
        assert httpx.get(server.url("/")).status_code == 200
        assert tree_rss_bytes(server.pid) > 1_000_000
        assert server.started_in is not None
        process = server.process
    assert process is not None and process.poll() is not None
    assert not server.log_path.exists()


def test_a_server_that_dies_is_reported_with_its_output() -> None:
    cmd = [sys.executable, "-c", "import sys; print('no such data dir'); sys.exit(3)"]
    with pytest.raises(ServerFailed, match="exited with 3:\nno such data dir"):
        ServerProcess(cmd, startup_timeout=30).start()


def test_a_server_that_never_answers_times_out() -> None:
    cmd = [sys.executable, "-c", "import time; time.sleep(60)"]
    started = time.perf_counter()
    server = ServerProcess(cmd, startup_timeout=1)
    with pytest.raises(ServerFailed, match="did not answer within 1 s"):
        server.start()
    assert time.perf_counter() - started < 15
    assert server.process is not None and server.process.poll() is not None


def test_async_load_is_bounded_in_time(static_server: ServerProcess) -> None:
    result = run_async_load(static_server.url("/"), connections=4, duration=1.0)
    assert result.tool == "httpx" and result.errors == 0
    assert result.requests > 10
    assert 0.9 < result.seconds < 5
    assert 0 < result.p50 <= result.p95
    assert result.throughput == pytest.approx(result.requests / result.seconds)


def test_async_load_is_bounded_in_count(static_server: ServerProcess) -> None:
    result = run_async_load(static_server.url("/"), connections=3, duration=10, max_requests=25)
    assert result.requests == 25
    assert result.seconds < 9


def test_async_load_counts_error_answers(static_server: ServerProcess) -> None:
    result = run_async_load(static_server.url("/missing"), connections=2, duration=10,
                            max_requests=6)  # fmt: skip
    assert result.errors == result.requests == 6
    assert result.throughput == 0


def test_async_load_cycles_through_several_urls(static_server: ServerProcess) -> None:
    urls = [static_server.url("/"), static_server.url("/missing")]
    result = run_async_load(urls, connections=1, duration=10, max_requests=10)
    assert (result.requests, result.errors) == (10, 5)


def test_a_load_run_stays_on_one_server(static_server: ServerProcess) -> None:
    with pytest.raises(BenchError, match="same server"):
        run_async_load([static_server.url("/"), "http://127.0.0.1:1/"], duration=1)


@pytest.mark.parametrize("url", ["http://10.0.0.1/", "http://example.org/", "http://[::2]/"])
def test_load_runs_refuse_other_hosts(url: str) -> None:
    with pytest.raises(NotLoopback):
        run_async_load(url, duration=1)
    with pytest.raises(NotLoopback):
        run_wrk(url, duration=1)


def test_load_runs_last_at_most_twenty_seconds(static_server: ServerProcess) -> None:
    with pytest.raises(BenchError, match="at most 20 s"):
        run_async_load(static_server.url("/"), duration=21)


@pytest.mark.skipif(not wrk_available(), reason="Debian's wrk is not installed")
def test_wrk_measures_throughput_and_percentiles(static_server: ServerProcess) -> None:
    result = run_wrk(static_server.url("/"), connections=2, duration=1, headers={"Accept": "*/*"})
    assert result.tool == "wrk" and result.errors == 0
    assert result.requests > 10
    assert 0 < result.p50 <= result.p95


@pytest.mark.skipif(not wrk_available(), reason="Debian's wrk is not installed")
def test_wrk_cycles_through_several_urls(static_server: ServerProcess) -> None:
    urls = [static_server.url("/"), static_server.url("/missing?x=%22a%22")]
    result = run_wrk(urls, connections=2, duration=1)
    assert result.requests > 10
    assert 0.3 < result.errors / result.requests < 0.7


def test_bench_command_lists_and_checks_benchmarks(capsys: pytest.CaptureFixture[str]) -> None:
    from bench.__main__ import benchmarks, main

    assert "sparql" in benchmarks()
    assert main(["no-such-benchmark"]) == 2
    assert "unknown benchmark(s): no-such-benchmark" in capsys.readouterr().out
