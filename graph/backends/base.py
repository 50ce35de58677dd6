"""What the back-ends share: atomic loads, source listing and the generation token.

A back-end supplies four primitives — run a query, run an update, write quads
into a staging graph, list graph names — and :class:`SparqlBackedStore` builds
the rest of :class:`graph.store.Store` from them, so the embedded, in-memory and
remote stores load, list and remove sources with exactly the same SPARQL.

A load goes: staging graph ← quads (bulk), validate the staged quads, count
them, then ONE update swaps the staging graph in and rewrites the PROV
metadata. Any exception before that update drops the staging graph and
re-raises, so the store is left as it was.
"""

from __future__ import annotations

import contextlib
import time
from abc import abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import islice
from typing import TypeVar

import pyoxigraph
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolution,
    QuerySolutions,
    Triple,
)

from graph.backends import metadata
from graph.store import (
    RDF_TYPE,
    Fact,
    LoadReport,
    NTriples,
    Progress,
    SourceData,
    SourceInfo,
    SourceNotFound,
    SourceSpec,
    Store,
    StoreError,
    ValidationFailed,
    Violation,
)
from ontology.identifiers import source_iri

__all__ = [
    "FACTS_BATCH",
    "PROGRESS_EVERY",
    "SparqlBackedStore",
    "StagedQuads",
    "counted",
    "counted_data",
    "in_graph",
    "load_report",
    "term_value",
    "validate_source",
    "validate_staged",
]

FACTS_BATCH = 2_000
"""How many subjects one SPARQL query of :meth:`SparqlBackedStore.facts` asks about."""

PROGRESS_EVERY = 10_000
"""How many quads are written between two calls of a load's progress callback."""

T = TypeVar("T")

StagedQuads = Callable[[], Iterable[Quad]]
"""Gives the quads of a staging graph again (for validation)."""


def term_value(term: NamedNode | BlankNode | Literal | Triple) -> str:
    """An object's value as a string: an IRI, a literal's lexical form, or a quoted triple.

    >>> term_value(Literal("3")), term_value(NamedNode("urn:a"))
    ('3', 'urn:a')
    """
    return str(term) if isinstance(term, Triple) else term.value


def counted(quads: Iterable[T], progress: Progress | None) -> Iterator[T]:
    """Pass *quads* through, calling *progress* every :data:`PROGRESS_EVERY` and at the end.

    >>> seen = []
    >>> sum(1 for _ in counted(range(25_000), seen.append)), seen
    (25000, [10000, 20000, 25000])
    """
    n = 0
    if progress is None:
        yield from quads
        return
    for quad in quads:
        yield quad
        n += 1
        if n % PROGRESS_EVERY == 0:
            progress(n)
    progress(n)


def counted_data(data: SourceData, progress: Progress | None) -> SourceData:
    """:func:`counted` for quads or text: :class:`NTriples` are counted by lines.

    >>> seen = []
    >>> text = counted_data(NTriples(["<urn:a> <urn:p> 1 .\\n" * 3] * 2), seen.append)
    >>> len(list(text)), seen
    (2, [3, 6])
    """
    if not isinstance(data, NTriples):
        return counted(data, progress)
    if progress is None:
        return data
    report = progress

    def chunks() -> Iterator[str | bytes]:
        n = 0
        for chunk in data:
            yield chunk
            n += chunk.count("\n") if isinstance(chunk, str) else chunk.count(b"\n")
            report(n)
        if not n:
            report(0)

    return NTriples(chunks())


def in_graph(quads: Iterable[Quad], graph: NamedNode) -> Iterator[Quad]:
    """The quads moved into *graph*; quads already there pass through unchanged.

    Loaders usually map straight into the source's graph, so this costs a
    comparison, not a new ``Quad``, per quad.

    >>> g, h = NamedNode("urn:g"), NamedNode("urn:h")
    >>> q = Quad(NamedNode("urn:s"), NamedNode("urn:p"), NamedNode("urn:o"), g)
    >>> [x.graph_name.value for x in in_graph([q], h)]
    ['urn:h']
    >>> next(in_graph([q], g)) is q
    True
    """
    for quad in quads:
        yield (
            quad
            if quad.graph_name == graph
            else Quad(quad.subject, quad.predicate, quad.object, graph)
        )


def validate_staged(spec: SourceSpec, staged: pyoxigraph.Store) -> None:
    """Validate the triples in the default graph of an in-memory staging store, in place.

    The ontology structure the shapes read is added to that default graph (so
    the queries read one graph, not a union of two), which leaves the store
    unfit for anything after but saves copying the data.
    """
    from graph.validation import ontology_triples, validate_store

    staged.bulk_extend(ontology_triples())
    found = validate_store(staged, graphs=[DefaultGraph()])
    errors = [v for v in found if v.severity == "Violation"]
    if errors:
        raise ValidationFailed(spec.name, errors)


def validate_source(spec: SourceSpec, quads: Iterable[Quad]) -> None:
    """Run the SHACL shapes over *quads*; raise :class:`ValidationFailed` on a violation.

    Only results of severity ``Violation`` refuse a source (warnings do not).
    """
    try:
        from graph.validation import validate_quads
    except ModuleNotFoundError as exc:  # pragma: no cover - until graph.validation exists
        if exc.name != "graph.validation":
            raise
        raise StoreError(
            f"cannot validate source {spec.name!r}: graph.validation is not installed; "
            "load with validate=False"
        ) from exc
    found: list[Violation] = list(validate_quads(quads))
    errors = [v for v in found if v.severity == "Violation"]
    if errors:
        raise ValidationFailed(spec.name, errors)


def load_report(
    spec: SourceSpec, triples: int, loaded_at: datetime, *, started: float, replaced: bool
) -> LoadReport:
    """The report of a committed load that began at ``time.perf_counter()`` *started*."""
    info = SourceInfo(
        name=spec.name,
        graph=spec.graph,
        title=spec.title,
        loader=spec.loader,
        loader_version=spec.loader_version,
        loaded_at=loaded_at,
        triples=triples,
        input=spec.input,
        sha256=spec.sha256,
    )
    return LoadReport(
        source=info, triples=triples, seconds=time.perf_counter() - started, replaced=replaced
    )


class SparqlBackedStore(Store):
    """A :class:`Store` built on SPARQL query/update plus a bulk staging write."""

    @abstractmethod
    def _stage(self, staging: NamedNode, quads: SourceData, *, keep: bool) -> StagedQuads | None:
        """Write *quads* (any graph) or text into *staging*; with *keep*, return a way to
        reread them."""

    @abstractmethod
    def _graph_names(self) -> Iterable[str]:
        """Every named graph in the store."""

    def _select(self, sparql: str) -> list[QuerySolution]:
        result = self.query(sparql, union_default_graph=False)
        if not isinstance(result, QuerySolutions):  # pragma: no cover - our own queries
            raise StoreError(f"expected solutions from {sparql!r}")
        return list(result)

    def _ask(self, sparql: str) -> bool:
        result = self.query(sparql, union_default_graph=False)
        if not isinstance(result, QueryBoolean):  # pragma: no cover - our own queries
            raise StoreError(f"expected a boolean from {sparql!r}")
        return bool(result)

    def _count(self, graph: str) -> int:
        rows = self._select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {NamedNode(graph)} {{ ?s ?p ?o }} }}"
        )
        term = rows[0]["n"] if rows else None
        return 0 if term is None else int(term.value)

    def _drop_quietly(self, graph: str) -> None:
        with contextlib.suppress(Exception):  # cleanup must not hide the original error
            self.update(f"DROP SILENT GRAPH {NamedNode(graph)}")

    def load_source(
        self,
        spec: SourceSpec,
        quads: SourceData,
        *,
        validate: bool = True,
        progress: Progress | None = None,
    ) -> LoadReport:
        """Load *quads* as source *spec*, atomically replacing any earlier load."""
        started = time.perf_counter()
        graph = spec.graph
        staging = metadata.staging_iri(graph)
        replaced = self._ask(metadata.source_exists_query(graph))
        try:
            staged = self._stage(NamedNode(staging), counted_data(quads, progress), keep=validate)
            if validate and staged is not None:
                validate_source(spec, staged())
            triples = self._count(staging)
            loaded_at = datetime.now(UTC)
            self.update(
                metadata.commit_update(spec, staging=staging, triples=triples, loaded_at=loaded_at)
            )
        except BaseException:
            self._drop_quietly(staging)
            raise
        return load_report(spec, triples, loaded_at, started=started, replaced=replaced)

    def remove_source(self, name: str) -> None:
        """Drop a source's graph and metadata; :class:`SourceNotFound` if absent."""
        graph = source_iri(name)
        if not self._ask(metadata.source_exists_query(graph)):
            raise SourceNotFound(name)
        self.update(metadata.remove_update(graph))

    def sources(self) -> list[SourceInfo]:
        """Every loaded source with its triple count, in name order."""
        return [metadata.source_info(row) for row in self._select(metadata.SOURCES_QUERY)]

    def generation(self) -> str:
        """A token that changes whenever any source is loaded or removed."""
        return metadata.generation_token(self.source_versions())

    def source_versions(self) -> dict[str, str]:
        """Each source graph with a token of its load (see :meth:`Store.source_versions`)."""
        return metadata.source_versions(self._select(metadata.GENERATION_QUERY))

    def facts(
        self,
        predicates: Sequence[str],
        *,
        subjects: Iterable[str] | None = None,
        graph: str | None = None,
        classes: Collection[str] | None = None,
    ) -> Iterator[Fact]:
        """The quads with *predicates* (see :meth:`Store.facts`), read with SPARQL."""
        if subjects is None:
            yield from self._facts_query(predicates, None, graph, classes)
            return
        wanted = iter(subjects)
        while batch := list(islice(wanted, FACTS_BATCH)):
            yield from self._facts_query(predicates, batch, graph, classes)

    def _facts_query(
        self,
        predicates: Sequence[str],
        subjects: Sequence[str] | None,
        graph: str | None,
        classes: Collection[str] | None,
    ) -> Iterator[Fact]:
        values = "VALUES ?p { " + " ".join(f"<{p}>" for p in predicates) + " }"
        if classes is not None:
            listed = ", ".join(f"<{c}>" for c in classes)
            values += f" FILTER(?p != <{RDF_TYPE}> || ?o IN ({listed}))"
        if subjects is not None:
            values += " VALUES ?s { " + " ".join(f"<{s}>" for s in subjects) + " }"
        if graph is not None:
            where = f"{values} GRAPH <{graph}> {{ ?s ?p ?o }} BIND(<{graph}> AS ?g)"
        else:
            where = f"{{ {values} GRAPH ?g {{ ?s ?p ?o }} }} UNION {{ {values} ?s ?p ?o }}"
        order = " ORDER BY ?g ?s" if subjects is None else ""  # a subject's facts together
        result = self.query(
            f"SELECT ?g ?s ?p ?o WHERE {{ {where} FILTER(isIRI(?s)) }}{order}",
            union_default_graph=False,
        )
        if not isinstance(result, QuerySolutions):  # pragma: no cover - our own query
            raise StoreError("expected solutions from the facts query")
        for g, s, p, o in result:
            yield ("" if g is None else g.value, s.value, p.value, term_value(o))

    def drop_staging_graphs(self) -> list[str]:
        """Drop staging graphs left by killed loads; return their names.

        A ``pending`` marker means quads were bulk-written straight into a new
        source graph that was never committed: that graph is dropped too. Only
        safe when no other process is loading into the same store (the embedded
        store guarantees that with its lock, and calls this on open).
        """
        stale = sorted(g for g in self._graph_names() if metadata.is_staging_iri(g))
        for graph in stale:
            target = metadata.pending_target(graph)
            if target is not None and not self._ask(metadata.source_exists_query(target)):
                # quads bulk-written into a new source graph that was never committed
                self.update(f"DROP SILENT GRAPH {NamedNode(target)}")
            self.update(f"DROP SILENT GRAPH {NamedNode(graph)}")
        return stale
