"""A runaway query is stopped at the limit while other users' look-ups keep answering.

These run the app under a real uvicorn on 127.0.0.1 with the embedded on-disk
store, so queries go through the pool of worker processes.
"""

from __future__ import annotations

import os
import threading
import time

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, Quad

pytestmark = pytest.mark.slow

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LOOKUP = "ASK { <http://example.org/council1> ?p ?o }"


def _bulk(n: int) -> list[Quad]:
    graph = NamedNode("https://w3id.org/oversight/id/source/bulk")
    return [
        Quad(
            NamedNode(f"http://example.org/item/{i}"),
            NamedNode("http://example.org/rank"),
            Literal(str(i)),
            graph,
        )
        for i in range(n)
    ]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child stays a zombie until reaped; read its state
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_runaway_is_killed_while_lookups_answer(serve, settings_for, load_source) -> None:
    settings = settings_for(store_backend="embedded", query_timeout=1.5, query_workers=2)
    with serve(settings) as (base, app):
        load_source(app, _bulk(2000), "bulk")
        runner = app.state.oversight.runner
        pids_before = set(runner.worker_pids)
        outcome: dict[str, object] = {}

        def run_away() -> None:
            started = time.monotonic()
            with httpx.Client(base_url=base, timeout=60) as c:
                r = c.get("/sparql", params={"query": RUNAWAY})
            outcome.update(
                status=r.status_code,
                text=r.text,
                started=started,
                seconds=time.monotonic() - started,
            )

        thread = threading.Thread(target=run_away)
        lookups: list[tuple[float, float, int]] = []
        with httpx.Client(base_url=base, timeout=10) as c:
            c.get("/sparql", params={"query": LOOKUP})  # warm both connection and worker
            thread.start()
            deadline = time.monotonic() + 3.0
            while time.monotonic() < deadline:
                t0 = time.monotonic()
                r = c.get("/sparql", params={"query": LOOKUP})
                lookups.append((t0, time.monotonic() - t0, r.status_code))
        thread.join(30)

        assert outcome["status"] == 503, outcome
        assert "time limit" in str(outcome["text"])
        assert 1.4 <= float(outcome["seconds"]) < 6.0  # type: ignore[arg-type]
        started = float(outcome["started"])  # type: ignore[arg-type]
        during = [x for x in lookups if started + 0.1 <= x[0] < started + 1.4]
        assert all(status == 200 for _, _, status in lookups), lookups
        assert len(during) >= 5, f"only {len(during)} look-ups answered during the runaway"
        assert max(seconds for _, seconds, _ in during) < 1.0  # none waited for the runaway
        assert runner.killed == 1

        # the runaway's worker process is really gone, and a fresh one replaced it
        for _ in range(100):
            if len(runner.worker_pids) == 2 and set(runner.worker_pids) != pids_before:
                break
            time.sleep(0.1)
        killed = pids_before - set(runner.worker_pids)
        assert len(killed) == 1
        assert not _alive(killed.pop())
        with httpx.Client(base_url=base, timeout=10) as c:
            assert c.get("/sparql", params={"query": LOOKUP}).json()["boolean"] is True


def test_time_limit_in_memory_answers_on_time(make_client, load_source) -> None:
    client = make_client(query_timeout=0.3)
    load_source(client.app, _bulk(150), "bulk")  # a 3.4M-row join: about a second
    started = time.monotonic()
    r = client.get("/sparql", params={"query": RUNAWAY})
    assert r.status_code == 503
    assert "stopped after 0.3 s" in r.text
    assert time.monotonic() - started < 1.0
    assert client.get("/health").json()["stops_overrunning_queries"] is False
