"""A load killed with SIGKILL leaves the embedded store exactly as it was.

A subprocess loads a large source into an on-disk store; the test kills it
(``kill -9``) while the quads are still being written, while the one commit
update of a re-load is running, or while a first load bulk-writes its new
graph, then reopens the store and compares every source and every quad with
the state before the load began.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions

from graph.backends import OxigraphStore
from graph.store import SourceSpec, Store, open_store
from ontology.identifiers import key_to_iri

pytestmark = pytest.mark.slow

Contents = tuple[list[tuple[str, int, datetime]], list[str], int]
"""Sources (name, triples, loaded at), every quad as text, and the number of quads."""

LOADER = r"""
import sys, time
from pathlib import Path
from pyoxigraph import Literal, NamedNode, Quad
from graph.backends import OxigraphStore
from graph.store import SourceSpec

path, mode, total = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


class Announcing(OxigraphStore):
    def update(self, sparql):
        if "MOVE SILENT GRAPH" in sparql:
            print("committing", flush=True)
        super().update(sparql)


def quads():
    for i in range(total):
        if mode == "slow" and i >= 20_000 and i % 1_000 == 0:
            time.sleep(0.05)
        subject = NamedNode(f"https://w3id.org/oversight/id/test/new-{i}")
        yield Quad(subject, LABEL, Literal(f"new {i}"))


store = Announcing(path)
print("opened", flush=True)
store.load_source(
    SourceSpec(name="fresh" if mode == "new" else "big", title="Big, reloaded"),
    quads(),
    validate=False,
    progress=lambda n: print("progress", n, flush=True),
)
print("finished", flush=True)
"""


def _dump(store: Store) -> Contents:
    rows = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(rows, QuerySolutions)
    quads = sorted(" ".join(str(row[v]) for v in ("g", "s", "p", "o")) for row in rows)
    sources = [(s.name, s.triples, s.loaded_at) for s in store.sources()]
    return sources, quads, len(quads)


@pytest.fixture
def loaded_store(tmp_path: Path) -> tuple[Path, Contents]:
    """An on-disk store with two sources; returns its path and its full contents."""
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    path = tmp_path / "store"
    with open_store(path) as store:
        for name, size in [("base", 100), ("big", 1_000)]:
            quads = [
                Quad(NamedNode(key_to_iri(f"test/{name}-{i}")), label, Literal(f"{name} {i}"))
                for i in range(size)
            ]
            store.load_source(SourceSpec(name=name, title=name.title()), quads, validate=False)
        before = _dump(store)
    assert before[2] == 1_100 + 2 * 13  # the quads plus two PROV descriptions of 13 triples
    return path, before


def _kill_when(path: Path, mode: str, total: int, ready: str, delay: float) -> None:
    """Run the loader and SIGKILL it *delay* seconds after it prints a line starting *ready*."""
    proc = subprocess.Popen(
        [sys.executable, "-c", LOADER, str(path), mode, str(total)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(ready):
                time.sleep(delay)
                break
        else:
            pytest.fail(
                f"the loader ended before {ready!r}: {proc.stderr.read() if proc.stderr else ''}"
            )
        assert proc.poll() is None, "the load finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()


def test_kill_while_quads_are_written(loaded_store: tuple[Path, Contents]) -> None:
    path, before = loaded_store
    _kill_when(path, "slow", 2_000_000, "progress 30000", 0.2)

    with open_store(path) as store:
        assert isinstance(store, OxigraphStore)
        assert _dump(store) == before
        assert not [g for g in store.db.named_graphs() if "/staging/" in str(g.value)]


def test_kill_during_the_commit_update(loaded_store: tuple[Path, Contents]) -> None:
    path, before = loaded_store
    _kill_when(path, "fast", 120_000, "committing", 0.3)

    with open_store(path) as store:
        assert isinstance(store, OxigraphStore)
        # the staged quads had reached the disk: opening dropped them again
        assert len(store.recovered) == 1 and "/source/big/staging/" in store.recovered[0]
        assert _dump(store) == before


def test_kill_while_a_first_load_bulk_writes(loaded_store: tuple[Path, Contents]) -> None:
    path, before = loaded_store
    _kill_when(path, "new", 300_000, "progress 300000", 0.3)

    with open_store(path) as store:
        assert isinstance(store, OxigraphStore)
        assert _dump(store) == before
        assert not [g for g in store.db.named_graphs() if "/fresh" in str(g.value)]
