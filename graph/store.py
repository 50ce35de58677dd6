"""One small store API over three back-ends: embedded on disk, in memory, remote SPARQL.

Every source (the ontology, the curated arrangements, each national data file)
lives in its own named graph, ``ID.source/<name>``; its provenance lives in the
metadata graph :data:`METADATA_GRAPH`. Loading a source is atomic: a re-load
replaces the graph, and a load that fails half-way (bad data, SHACL violation,
a killed process) leaves the store exactly as it was.

SPARQL runs in Oxigraph (embedded or remote); results are pyoxigraph objects
whatever the back-end, so callers never care where the data lives.

>>> from graph.store import open_store, SourceSpec
>>> from pyoxigraph import Quad, NamedNode, Literal
>>> store = open_store(memory=True)
>>> g = "https://w3id.org/oversight/id/source/example"
>>> quads = [Quad(NamedNode("https://w3id.org/oversight/id/x"),
...               NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("X"),
...               NamedNode(g))]
>>> report = store.load_source(SourceSpec(name="example", title="Example"), quads,
...                            validate=False)
>>> report.triples
1
>>> [s.name for s in store.sources()]
['example']
>>> bool(store.query("ASK { ?s ?p 'X' }"))
True
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from pyoxigraph import NamedNode, Quad, QueryBoolean, QuerySolutions, QueryTriples, RdfFormat, parse

from ontology.identifiers import key_to_iri, source_iri

__all__ = [
    "METADATA_GRAPH",
    "RDF_TYPE",
    "Fact",
    "LoadOutcome",
    "LoadReport",
    "NTriples",
    "QueryResult",
    "RemoteConfig",
    "SourceData",
    "SourceInfo",
    "SourceLoad",
    "SourceNotFound",
    "SourceSpec",
    "Store",
    "StoreError",
    "ValidationFailed",
    "Violation",
    "open_store",
]

METADATA_GRAPH = key_to_iri("graph/sources")
"""Named graph holding one PROV description per loaded source."""

QueryResult = QuerySolutions | QueryBoolean | QueryTriples
"""What :meth:`Store.query` returns: solutions (SELECT), a boolean (ASK) or triples."""

Fact = tuple[str, str, str, str]
"""One quad as plain strings: graph (``""`` for the default graph), subject IRI,
predicate IRI, object value (an IRI, or a literal's lexical form)."""

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

Progress = Callable[[int], None]
"""Called with the number of quads written so far during a load."""


class NTriples:
    """A source's triples as N-Triples text, in chunks of whole lines.

    This is what the mapper writes (:func:`loaders.mapper.to_ntriples`). Every
    back-end accepts it wherever it accepts quads; the embedded store bulk-loads
    the text as it is, without making a Python object per term. The chunks are
    read once.

    >>> text = NTriples(['<urn:a> <urn:p> "x" .\\n', "<urn:b> <urn:p> <urn:a> .\\n"])
    >>> [str(q.object) for q in text.quads("urn:g")]
    ['"x"', '<urn:a>']
    """

    __slots__ = ("chunks",)

    def __init__(self, chunks: Iterable[str | bytes]) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[str | bytes]:
        return iter(self.chunks)

    def quads(self, graph: str) -> Iterator[Quad]:
        """The triples parsed, as quads in *graph*."""
        g = NamedNode(graph)
        for chunk in self.chunks:
            for quad in parse(chunk, format=RdfFormat.N_TRIPLES):
                yield Quad(quad.subject, quad.predicate, quad.object, g)


SourceData = Iterable[Quad] | NTriples
"""What a load reads: quads (in any graph), or N-Triples text."""


class StoreError(Exception):
    """Base of every error the store raises."""


class SourceNotFound(StoreError, KeyError):
    """No source of that name is loaded."""


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: which node broke which shape, on which path, and why."""

    focus_node: str
    shape: str
    path: str | None
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f" (path {self.path})" if self.path else ""
        return f"{self.focus_node} fails {self.shape}{where}: {self.message}"


class ValidationFailed(StoreError):
    """A source was refused because its data does not conform to the shapes."""

    def __init__(self, source: str, violations: Sequence[Violation]) -> None:
        self.source = source
        self.violations = list(violations)
        shown = "\n".join(f"  - {v}" for v in self.violations[:20])
        more = len(self.violations) - 20
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(
            f"source {source!r} refused: {len(self.violations)} SHACL violation(s)\n{shown}{tail}"
        )


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """What is being loaded: recorded as the source's PROV metadata.

    ``sha256`` is the checksum of the input (a file, or a folder's files in name
    order); ``input`` says what it came from: file names or a URL, never a local
    path (the metadata is published, and the server's folders are nobody's business).
    """

    name: str
    title: str
    loader: str = "manual"
    loader_version: str = "0"
    input: str | None = None
    sha256: str | None = None

    @property
    def graph(self) -> str:
        """The named graph of this source."""
        return source_iri(self.name)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A loaded source as listed by :meth:`Store.sources`."""

    name: str
    graph: str
    title: str
    loader: str
    loader_version: str
    loaded_at: datetime
    triples: int
    input: str | None = None
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class LoadReport:
    """The outcome of a successful load."""

    source: SourceInfo
    triples: int
    seconds: float
    replaced: bool


@dataclass(frozen=True, slots=True)
class SourceLoad:
    """One source of a batch (:meth:`Store.load_sources`): its spec and how to read it.

    ``quads`` is called when the store is ready to read the source, so a batch
    reads one source at a time; it gives quads or :class:`NTriples`.
    """

    spec: SourceSpec
    quads: Callable[[], SourceData]
    progress: Progress | None = None


LoadOutcome = LoadReport | Exception
"""A batch load's result for one source: its report, or the error that stopped it."""


@dataclass(frozen=True, slots=True)
class RemoteConfig:
    """A SPARQL 1.1 server: query and update endpoints, optional credentials.

    ``store_url`` is the Graph Store Protocol endpoint, used for fast bulk
    writes when the server offers one (Oxigraph: ``/store``).
    """

    query_url: str
    update_url: str
    store_url: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 60.0


class Store(ABC):
    """The store API. Open one with :func:`open_store`; use it as a context manager."""

    backend: str
    """``"embedded"``, ``"memory"`` or ``"remote"``."""

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query.

        By default the default graph is the union of every named graph, which is
        what analysts expect; ``default_graphs`` / ``named_graphs`` implement the
        protocol's ``default-graph-uri`` / ``named-graph-uri``. Raises
        ``SyntaxError`` for a malformed query.
        """

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update in one transaction (the service guards who may)."""

    @abstractmethod
    def load_source(
        self,
        spec: SourceSpec,
        quads: SourceData,
        *,
        validate: bool = True,
        progress: Progress | None = None,
    ) -> LoadReport:
        """Load *quads* as source *spec*, atomically replacing any earlier load.

        Quads may name any graph; they are all written to ``spec.graph``, as are
        the triples of :class:`NTriples` text. With
        ``validate`` the data is checked against the SHACL shapes before commit
        and :class:`ValidationFailed` is raised, naming node and shape, on failure.
        """

    def load_sources(
        self, loads: Iterable[SourceLoad], *, validate: bool = True
    ) -> Iterator[tuple[SourceLoad, LoadOutcome]]:
        """Load several sources, each atomically as :meth:`load_source` does.

        Yields each source with its outcome, in order; an error stops that source
        only (it is yielded, not raised). Back-ends may overlap the reading of one
        source with the writing of the one before (the embedded store does).

        >>> from pyoxigraph import Literal, NamedNode, Quad
        >>> def label(text):
        ...     return [Quad(NamedNode("https://w3id.org/oversight/id/a"),
        ...                  NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
        ...                  Literal(text))]
        >>> with open_store(memory=True) as store:
        ...     loads = [SourceLoad(SourceSpec(name=n, title=n), lambda n=n: label(n))
        ...              for n in ("one", "two")]
        ...     [(load.spec.name, outcome.triples)
        ...      for load, outcome in store.load_sources(loads, validate=False)]
        [('one', 1), ('two', 1)]
        """
        for load in loads:
            try:
                yield (
                    load,
                    self.load_source(
                        load.spec, load.quads(), validate=validate, progress=load.progress
                    ),
                )
            except Exception as error:  # the caller decides which errors are the source's
                yield load, error

    @abstractmethod
    def remove_source(self, name: str) -> None:
        """Drop a source's graph and metadata; :class:`SourceNotFound` if absent."""

    @abstractmethod
    def sources(self) -> list[SourceInfo]:
        """Every loaded source with its triple count, in name order."""

    @abstractmethod
    def generation(self) -> str:
        """A token that changes whenever any source is loaded or removed.

        Caches (the networkx projection) compare it to know when to rebuild; it
        is derived from the metadata graph, so other processes' writes count.
        """

    @abstractmethod
    def source_versions(self) -> dict[str, str]:
        """Each loaded source's graph IRI with a token that changes when that source does.

        :meth:`generation` is one token for all of them; incremental caches use
        these to re-read only the sources that changed.
        """

    @abstractmethod
    def facts(
        self,
        predicates: Sequence[str],
        *,
        subjects: Iterable[str] | None = None,
        graph: str | None = None,
        classes: Collection[str] | None = None,
    ) -> Iterator[Fact]:
        """Every quad whose predicate is one of *predicates*, as plain strings (:data:`Fact`).

        In every graph, the default graph included, or only in *graph*; only of
        *subjects* (IRIs) when given; ``rdf:type`` quads only for *classes* when
        given. Quads whose subject is a blank node are left out (they have no
        identifier to refer to them by). Without *subjects*, the facts of one
        subject in one graph come one after another, so a reader can handle a
        subject at a time.
        """

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release files and connections."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_store(
    path: str | Path | None = None,
    *,
    memory: bool = False,
    remote: RemoteConfig | None = None,
) -> Store:
    """Open the embedded store in *path*, an in-memory store, or a remote server.

    Exactly one of *path*, ``memory=True`` and *remote* must be given.
    """
    chosen = sum([path is not None, memory, remote is not None])
    if chosen != 1:
        raise ValueError("open_store needs exactly one of: path, memory=True, remote=")
    from graph.backends import OxigraphStore, RemoteStore

    if remote is not None:
        return RemoteStore(remote)
    if memory or path is None:
        return OxigraphStore(None)
    return OxigraphStore(Path(path))
