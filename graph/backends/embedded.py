"""The Oxigraph store in this process: on disk (RocksDB) or in memory.

>>> from graph.store import SourceSpec
>>> from pyoxigraph import Quad, NamedNode, Literal
>>> with OxigraphStore(None) as store:
...     quad = Quad(NamedNode("https://w3id.org/oversight/id/a"),
...                 NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("A"))
...     store.load_source(SourceSpec(name="tiny", title="Tiny"), [quad], validate=False).triples
...     [str(row["g"].value) for row in store.query("SELECT ?g { GRAPH ?g { ?s ?p 'A' } }")]
1
['https://w3id.org/oversight/id/source/tiny']
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat

from graph.backends import metadata
from graph.backends.base import (
    SparqlBackedStore,
    StagedQuads,
    counted_data,
    in_graph,
    load_report,
    term_value,
    validate_staged,
)
from graph.store import (
    RDF_TYPE,
    Fact,
    LoadOutcome,
    LoadReport,
    NTriples,
    Progress,
    QueryResult,
    SourceData,
    SourceLoad,
    SourceSpec,
    StoreError,
)

__all__ = ["CHUNK_QUADS", "DISK_WRITERS", "MAX_STAGED_TRIPLES", "OxigraphStore", "StoreInUse"]

MAX_STAGED_TRIPLES = 600_000
"""How many triples of read but uncommitted sources a batch load holds in memory
before it waits for the oldest to commit."""

DISK_WRITERS = 2
"""Threads bulk-writing the chunks of first loads to disk, side by side."""

CHUNK_QUADS = 100_000
"""A first load of quads hands them to the bulk writer in chunks of this many
(:class:`NTriples` text goes in the chunks it comes in)."""


class StoreInUse(StoreError):
    """The on-disk store is locked by another process (or already open in this one)."""


def _open(path: Path | None) -> pyoxigraph.Store:
    if path is None:
        return pyoxigraph.Store()
    try:
        return pyoxigraph.Store(str(path))
    except OSError as exc:
        text = str(exc)
        if "lock" not in text.lower():
            raise StoreError(f"cannot open the store at {path}: {text}") from exc
        if "current process" in text:
            raise StoreInUse(f"the store at {path} is already open in this process") from exc
        raise StoreInUse(
            f"the store at {path} is in use by another process — is `oversight serve` running?"
        ) from exc


class OxigraphStore(SparqlBackedStore):
    """pyoxigraph's ``Store``: in *path* on disk, or in memory when *path* is None.

    Re-loads go through a staging graph and one MOVE update (see
    :mod:`graph.backends.base`). The FIRST load of a source into an on-disk
    store takes a faster road, because Oxigraph's transactional writes are
    several times slower on disk than its bulk loader, which ingests all its
    files in one atomic step at the end: a ``pending`` marker graph is added;
    the triples are read in chunks of N-Triples text (:class:`NTriples` as the
    mapper writes it, or quads written once as text), which bulk-writer
    threads write straight into the (new) source graph and, when the load is
    validated, a copier thread loads into the default graph of an in-memory
    copy while the next chunk is read (they release the GIL; copying in the
    reading thread cost it a seventh of its time); the copy is validated
    (with the ontology structure added to it: one graph to query, not a union)
    while the last chunks are written; and one update writes the metadata and
    drops the marker. A violation or error removes the written graph and the
    marker. :meth:`load_sources` also reads the next sources meanwhile.

    Opening an on-disk store drops what a killed load left behind (staging
    graphs; a pending marker and its uncommitted graph), so the store reads
    exactly as it did before that load began.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.backend = "memory" if path is None else "embedded"
        self._db: pyoxigraph.Store | None = _open(path)
        self._loading = threading.Lock()
        self.recovered: list[str] = self.drop_staging_graphs() if path is not None else []
        """Staging graphs of killed loads that opening the store dropped."""

    def __repr__(self) -> str:
        where = "memory" if self.path is None else str(self.path)
        return f"OxigraphStore({where}{', closed' if self._db is None else ''})"

    @property
    def db(self) -> pyoxigraph.Store:
        """The underlying ``pyoxigraph.Store`` (for bulk reads); raises once closed."""
        if self._db is None:
            raise StoreError(f"{self!r} is closed")
        return self._db

    def query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query (see :meth:`graph.store.Store.query`).

        >>> with OxigraphStore(None) as store:
        ...     bool(store.query("ASK { ?s ?p ?o }"))
        False
        """
        options: dict[str, Any] = {}
        if default_graphs is None and named_graphs is None:
            options["use_default_graph_as_union"] = union_default_graph
        else:
            if default_graphs is not None:
                options["default_graph"] = [NamedNode(g) for g in default_graphs]
            if named_graphs is not None:
                options["named_graphs"] = [NamedNode(g) for g in named_graphs]
        result: QueryResult = self.db.query(sparql, **options)
        return result

    def facts(
        self,
        predicates: Sequence[str],
        *,
        subjects: Iterable[str] | None = None,
        graph: str | None = None,
        classes: Collection[str] | None = None,
    ) -> Iterator[Fact]:
        """The quads with *predicates* (see :meth:`Store.facts`), read from Oxigraph's indexes.

        Without *subjects*, each graph is read in its own index order, so a
        subject's facts in a graph come together; this is also faster than
        reading predicate by predicate, even counting the quads it skips.

        >>> with OxigraphStore(None) as store:
        ...     store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> 'x' ; <urn:q> 1 } }")
        ...     list(store.facts(["urn:p"]))
        [('urn:g', 'urn:a', 'urn:p', 'x')]
        """
        db = self.db
        in_graph = None if graph is None else NamedNode(graph)
        wanted = frozenset(predicates)
        kept = None if classes is None else frozenset(classes)
        if subjects is None:
            graphs = [DefaultGraph(), *db.named_graphs()] if in_graph is None else [in_graph]
            for scanned in graphs:
                name = _graph_value(scanned)
                for quad in db.quads_for_pattern(None, None, None, scanned):
                    p = quad.predicate.value
                    if p not in wanted or not isinstance(quad.subject, NamedNode):
                        continue
                    o = term_value(quad.object)
                    if kept is None or p != RDF_TYPE or o in kept:
                        yield name, quad.subject.value, p, o
            return
        for subject in subjects:
            for quad in db.quads_for_pattern(NamedNode(subject), None, None, in_graph):
                p = quad.predicate.value
                if p not in wanted:
                    continue
                o = term_value(quad.object)
                if kept is None or p != RDF_TYPE or o in kept:
                    yield _graph_value(quad.graph_name), subject, p, o

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update as one transaction.

        >>> with OxigraphStore(None) as store:
        ...     store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        ...     bool(store.query("ASK { <urn:a> ?p ?o }"))
        True
        """
        self.db.update(sparql)

    def load_source(
        self,
        spec: SourceSpec,
        quads: SourceData,
        *,
        validate: bool = True,
        progress: Progress | None = None,
    ) -> LoadReport:
        """Load *quads* as source *spec*, atomically replacing any earlier load."""
        with self._loading:
            if not self._is_first_load(spec):
                return super().load_source(spec, quads, validate=validate, progress=progress)
            with _disk_writers() as disk:
                staged = self._stage_first(spec, quads, progress, disk, copy=validate)
                return self._commit_first(staged, validate)

    def load_sources(
        self, loads: Iterable[SourceLoad], *, validate: bool = True
    ) -> Iterator[tuple[SourceLoad, LoadOutcome]]:
        """Load several sources (see :meth:`graph.store.Store.load_sources`).

        On disk, first loads overlap: while one source is validated and
        bulk-written by other threads (the write releases the GIL), the next
        ones are read and staged (at most :data:`MAX_STAGED_TRIPLES` waiting).
        Each source still commits on its own, in order.
        """
        if self.path is None:
            yield from super().load_sources(loads, validate=validate)
            return
        with (
            self._loading,
            _disk_writers() as disk,
            _helpers(1, "source-commit") as pool,
        ):
            committing: deque[tuple[SourceLoad, Future[LoadReport], int]] = deque()
            for load in loads:
                if not self._is_first_load(load.spec):
                    while committing:  # a reload writes transactionally: nothing in flight
                        yield _settled(*committing.popleft()[:2])
                    yield load, _outcome(partial(self._reload, load, validate))
                    continue
                try:
                    staged = self._stage_first(
                        load.spec, load.quads(), load.progress, disk, copy=validate
                    )
                except Exception as error:
                    while committing:
                        yield _settled(*committing.popleft()[:2])
                    yield load, error
                    continue
                future = pool.submit(self._commit_first, staged, validate)
                committing.append((load, future, staged.lines))
                del staged
                while committing and (
                    committing[0][1].done() or sum(n for *_, n in committing) > MAX_STAGED_TRIPLES
                ):
                    yield _settled(*committing.popleft()[:2])
            while committing:
                yield _settled(*committing.popleft()[:2])

    def _reload(self, load: SourceLoad, validate: bool) -> LoadReport:
        return super().load_source(
            load.spec, load.quads(), validate=validate, progress=load.progress
        )

    def _is_first_load(self, spec: SourceSpec) -> bool:
        """On disk, and neither the source's graph nor its description exists yet."""
        return not (
            self.path is None
            or self.db.contains_named_graph(NamedNode(spec.graph))
            or self._ask(metadata.source_exists_query(spec.graph))
        )

    def _stage_first(
        self,
        spec: SourceSpec,
        quads: SourceData,
        progress: Progress | None,
        disk: ThreadPoolExecutor,
        *,
        copy: bool,
    ) -> _Staged:
        """Read a source (the Python-bound half), handing it to *disk* chunk by chunk.

        A ``pending`` marker is added first; each chunk of N-Triples text goes to
        the bulk writer (into the source's graph) and, with *copy*, to the
        in-memory copy that will be validated (into its default graph), both
        loaded by threads while the next chunk is read (they release the GIL).
        """
        started = time.perf_counter()
        target = NamedNode(spec.graph)
        pending = NamedNode(metadata.pending_iri(spec.graph))
        db = self.db
        db.add_graph(pending)
        staged = pyoxigraph.Store() if copy else None
        writes: list[Future[None]] = []
        copies: list[Future[None]] = []
        triples, lines = RdfFormat.N_TRIPLES, 0
        try:
            with _helpers(1, "memory-copy") as copier:
                for chunk in _text_chunks(counted_data(quads, progress)):
                    text = chunk.encode() if isinstance(chunk, str) else chunk
                    del chunk
                    lines += text.count(b"\n")
                    writes.append(disk.submit(db.bulk_load, text, triples, to_graph=target))
                    if staged is not None:
                        copies.append(copier.submit(staged.bulk_load, text, triples))
            for copied in copies:
                copied.result()
        except BaseException:
            self._discard(target, pending, writes)
            raise
        return _Staged(spec, staged, lines, pending, writes, started)

    def _commit_first(self, source: _Staged, validate: bool) -> LoadReport:
        """Validate a staged source, wait for its writes, commit (see the class docstring)."""
        spec, target, pending = source.spec, NamedNode(source.spec.graph), source.pending
        try:
            # Nothing else can read this store meanwhile (it is locked to this process,
            # and the service loads only before it serves); a violation removes the graph.
            triples = None if source.store is None else len(source.store)
            if validate and source.store is not None:
                validate_staged(spec, source.store)
            for written in source.writes:
                written.result()
            if triples is None:
                triples = self._count(spec.graph)
            loaded_at = datetime.now(UTC)
            self.update(
                metadata.commit_update(
                    spec, pending=pending.value, triples=triples, loaded_at=loaded_at
                )
            )
        except BaseException:
            self._discard(target, pending, source.writes)
            raise
        return load_report(spec, triples, loaded_at, started=source.started, replaced=False)

    def _discard(self, target: NamedNode, pending: NamedNode, writes: list[Future[None]]) -> None:
        """Undo a failed first load: let its writes end, then drop its graph and marker."""
        wait(writes)
        with contextlib.suppress(Exception):  # cleanup must not hide the original error
            self.db.remove_graph(target)
            self.db.remove_graph(pending)

    def _stage(self, staging: NamedNode, quads: SourceData, *, keep: bool) -> StagedQuads | None:
        db = self.db
        if isinstance(quads, NTriples):
            for chunk in quads:
                db.bulk_load(chunk, RdfFormat.N_TRIPLES, to_graph=staging)
        else:
            db.bulk_extend(in_graph(quads, staging))
        return lambda: db.quads_for_pattern(None, None, None, staging)

    def _graph_names(self) -> Iterable[str]:
        return [str(g.value) for g in self.db.named_graphs()]

    def close(self) -> None:
        """Flush to disk and release the store's lock (results still being read keep it)."""
        if self._db is not None and self.path is not None:
            self._db.flush()
        self._db = None


@dataclass(frozen=True, slots=True)
class _Staged:
    """A source read (into memory, to be validated) and being written to disk."""

    spec: SourceSpec
    store: pyoxigraph.Store | None
    """The source's triples in the default graph (when it is to be validated)."""
    lines: int
    """Triples read, duplicates included."""
    pending: NamedNode
    writes: list[Future[None]]
    started: float


def _disk_writers() -> ThreadPoolExecutor:
    return _helpers(DISK_WRITERS, "bulk-write")


def _helpers(workers: int, name: str) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)


def _graph_value(graph: NamedNode | DefaultGraph | Any) -> str:
    return "" if isinstance(graph, DefaultGraph) else str(graph.value)


def _text_chunks(data: SourceData) -> Iterable[str | bytes]:
    """The data as chunks of N-Triples text: :class:`NTriples` as they come, quads written.

    >>> q = Quad(NamedNode("urn:s"), NamedNode("urn:p"), NamedNode("urn:o"), NamedNode("urn:g"))
    >>> list(_text_chunks([q]))
    [b'<urn:s> <urn:p> <urn:o> .\\n']
    """
    if isinstance(data, NTriples):
        return data
    return _written(data)


def _written(quads: Iterable[Quad]) -> Iterator[bytes]:
    iterator = iter(quads)
    while chunk := list(islice(iterator, CHUNK_QUADS)):
        yield pyoxigraph.serialize((q.triple for q in chunk), format=RdfFormat.N_TRIPLES) or b""


def _outcome(load: Callable[[], LoadReport]) -> LoadOutcome:
    try:
        return load()
    except Exception as error:
        return error


def _settled(load: SourceLoad, future: Future[LoadReport]) -> tuple[SourceLoad, LoadOutcome]:
    return load, _outcome(future.result)
