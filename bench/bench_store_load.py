"""How fast an atomic source load is, against a plain bulk write in the same run.

For each back-end (in memory, embedded on disk) it times, on the same
pre-built quads:

* ``baseline`` — ``pyoxigraph.Store.bulk_extend`` straight into the target
  graph: the fastest write Oxigraph offers, with no atomicity and no metadata;
* ``first load`` — :meth:`graph.store.Store.load_source` into an empty store
  (in memory: bulk write into a staging graph, count, ONE update that MOVEs it
  into place and writes the PROV metadata; on disk: staged in memory, then
  bulk-written straight into the new graph, then the metadata update);
* ``reload`` — the same load again: staging graph + MOVE, dropping the old graph;
* ``commit`` — the share of the first load spent in the commit update.

Run: ``python -m bench.bench_store_load [--triples 1000000] [--backends memory,embedded]``.
Prints seconds, triples per second, the ratio to the baseline and whether the
target (``--target``, default 300,000 triples/s) is met.

>>> quads = synthetic_quads(25)
>>> len(quads), len({q.subject for q in quads})
(25, 3)
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Quad

from graph.backends import OxigraphStore
from graph.store import SourceSpec

__all__ = ["Measure", "main", "measure_backend", "synthetic_quads"]

SPEC = SourceSpec(name="bench", title="Benchmark source", loader="bench", loader_version="1")


def synthetic_quads(n: int) -> list[Quad]:
    """*n* distinct quads: ten per subject over twenty predicates, literal objects."""
    base = "https://w3id.org/oversight/id/bench/"
    predicates = [NamedNode(f"https://w3id.org/oversight/def#p{i}") for i in range(20)]
    return [
        Quad(NamedNode(f"{base}s{i // 10}"), predicates[i % 20], Literal(f"value {i}"))
        for i in range(n)
    ]


@dataclass(frozen=True)
class Measure:
    """One timed step."""

    backend: str
    step: str
    seconds: float
    triples: int

    @property
    def rate(self) -> float:
        """Triples per second."""
        return self.triples / self.seconds if self.seconds else float("inf")


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


class _TimedCommit(OxigraphStore):
    """Records how long the commit update takes (the MOVE, when there is one)."""

    commit_seconds = 0.0

    def update(self, sparql: str) -> None:
        started = time.perf_counter()
        super().update(sparql)
        if "INSERT DATA" in sparql:  # the commit update writes the metadata
            self.commit_seconds = time.perf_counter() - started


def measure_backend(
    backend: str, quads: list[Quad], workdir: Path, *, reload: bool = True
) -> list[Measure]:
    """Baseline, first load, commit share and reload for one back-end."""
    n = len(quads)

    def place(name: str) -> Path | None:
        return None if backend == "memory" else workdir / f"{backend}-{name}"

    raw_path = place("raw")
    target = NamedNode(SPEC.graph)

    def bulk() -> None:
        raw = pyoxigraph.Store(str(raw_path)) if raw_path else pyoxigraph.Store()
        raw.bulk_extend(Quad(q.subject, q.predicate, q.object, target) for q in quads)

    baseline = _timed(bulk)

    store = _TimedCommit(place("atomic"))
    first = _timed(lambda: store.load_source(SPEC, quads, validate=False))
    commit = store.commit_seconds
    rows = [
        Measure(backend, "baseline bulk_extend", baseline, n),
        Measure(backend, "first load (atomic)", first, n),
        Measure(backend, "  of which commit update", commit, 0),
    ]
    if reload:
        again = _timed(lambda: store.load_source(SPEC, quads, validate=False))
        rows.append(Measure(backend, "reload (atomic)", again, n))
    assert store.sources()[0].triples == n
    store.close()
    return rows


def main(argv: list[str] | None = None) -> None:
    """Parse options, run the measures and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--backends", default="memory,embedded")
    parser.add_argument("--target", type=float, default=300_000.0, help="triples per second")
    parser.add_argument("--skip-reload", action="store_true", help="time first loads only")
    options = parser.parse_args(argv)

    quads = synthetic_quads(options.triples)
    workdir = Path(tempfile.mkdtemp(prefix="oversight-bench-"))
    try:
        rows: list[Measure] = []
        for backend in options.backends.split(","):
            rows += measure_backend(backend, quads, workdir, reload=not options.skip_reload)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"{options.triples:,} triples; target {options.target:,.0f} triples/s for a load")
    print("| backend | step | s | triples/s | vs baseline | target |")
    print("|---|---|---:|---:|---:|---|")
    baselines = {r.backend: r for r in rows if r.step.startswith("baseline")}
    for r in rows:
        ratio = r.seconds / baselines[r.backend].seconds
        verdict = ""
        if "load" in r.step:
            verdict = "pass" if r.rate >= options.target else "FAIL"
        rate = f"{r.rate:,.0f}" if r.triples else ""
        print(f"| {r.backend} | {r.step} | {r.seconds:.2f} | {rate} | {ratio:.2f}× | {verdict} |")


if __name__ == "__main__":
    main()
