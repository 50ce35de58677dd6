"""Loading a folder of national open data: discover, build the council index, load each source.

Each source goes into its own named graph through :meth:`graph.store.Store.load_source`,
atomically: a re-load replaces it, and a source that fails (a SHACL violation,
a mapping error) leaves its earlier load in place while the others go on.
Records stream from the files through :func:`loaders.mapper.to_ntriples` into
the store, as N-Triples text that the embedded store bulk-loads as it is; every
source's graph ends with its audit (rows read, loaded, skipped, rejected with
file, line and reason), which ``oversight coverage`` reads back.

>>> [s.name for s in SOURCES][:3]
['national-councils', 'national-regions', 'national-groups']
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.store import (
    LoadOutcome,
    LoadReport,
    NTriples,
    SourceLoad,
    SourceSpec,
    Store,
    StoreError,
)
from loaders.mapper import MappingError, to_ntriples
from loaders.national import (
    councils,
    groups,
    hubs,
    memberships,
    neighbours,
    ofsted,
    regions,
    schools,
    successions,
)
from loaders.national.base import Context, Inputs, NationalSource
from loaders.national.discovery import discover
from loaders.national.errors import NationalDataError
from loaders.national.tables import RowLog
from loaders.records import Record, SourceAudit

__all__ = [
    "LOADER_VERSION",
    "SOURCES",
    "LoadObserver",
    "NationalSummary",
    "SourceResult",
    "load_national",
    "source_records",
]

LOADER_VERSION = "1"

SOURCES: tuple[NationalSource, ...] = (
    councils.SOURCE,
    regions.SOURCE,
    groups.SOURCE,
    schools.SOURCE,
    memberships.SOURCE,
    successions.SOURCE,
    hubs.SOURCE,
    ofsted.SOURCE,
    neighbours.SOURCE,
)
"""Every national source, in load order (groups before the links that check them)."""


@dataclass(frozen=True)
class SourceResult:
    """What happened to one source: loaded (with its audit) or why not."""

    name: str
    title: str
    loaded: bool
    triples: int = 0
    seconds: float = 0.0
    audit: SourceAudit | None = None
    message: str | None = None


@dataclass
class NationalSummary:
    """The outcome of :func:`load_national`."""

    results: list[SourceResult] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def triples(self) -> int:
        """Triples written by every loaded source."""
        return sum(r.triples for r in self.results)

    @property
    def ok(self) -> bool:
        """True when no file was refused and every source found loaded."""
        return not self.refused and all(r.loaded for r in self.results)


class LoadObserver:
    """Hooks called during a load (the CLI draws its progress bar with them)."""

    def started(self, source: NationalSource, files: list[str]) -> None:
        """A source starts loading from these files."""

    def advanced(self, source: NationalSource, quads: int) -> None:
        """*quads* quads of the source are written so far."""

    def finished(self, result: SourceResult) -> None:
        """A source is loaded, or failed (the next may already have started reading)."""


def _sha256(source: NationalSource, inputs: Inputs) -> str:
    digest = hashlib.sha256()
    for found in sorted(source.tables(inputs), key=lambda t: t.label):
        digest.update(f"{found.label}:{found.sha256}\n".encode())
    return digest.hexdigest()


def source_records(
    source: NationalSource, inputs: Inputs, context: Context, log: RowLog
) -> Iterator[Record]:
    """The records of one source, ending with its audit."""
    yield from source.build(inputs, context, log)
    yield log.audit()


def load_national(
    store: Store,
    data_dir: Path,
    *,
    validate: bool = True,
    only: set[str] | None = None,
    observer: LoadObserver | None = None,
) -> NationalSummary:
    """Load every national source found in *data_dir* into *store*.

    *only* restricts the load to the named sources (the council index is
    always built when its files are present, since other sources resolve
    council codes and names through it).
    """
    observer = observer or LoadObserver()
    inputs = discover(data_dir)
    summary = NationalSummary(
        refused=[str(e) for e in inputs.refused], ignored=list(inputs.ignored)
    )
    context = Context()
    council_log = RowLog(councils.SOURCE.name)
    if councils.SOURCE.ready(inputs):
        context.councils = councils.build_index(inputs, council_log)
    else:
        context.councils = councils.index_from_store(store)
    running: dict[str, _Running] = {}

    def loads() -> Iterator[SourceLoad]:
        for source in SOURCES:
            if only is not None and source.name not in only:
                continue
            if not source.ready(inputs):
                continue
            if source.needs_councils and context.councils is None:
                summary.results.append(
                    SourceResult(
                        source.name,
                        source.title,
                        loaded=False,
                        message=(
                            "needs the councils: add dfeR's la_region_current_derived.csv to "
                            "the folder, or load it into the store first"
                        ),
                    )
                )
                continue
            log = council_log if source is councils.SOURCE else RowLog(source.name)
            job = running[source.name] = _Running(source, log)
            yield job.load(inputs, context, observer)

    for load, outcome in store.load_sources(loads(), validate=validate):
        result = running[load.spec.name].result(outcome)
        observer.finished(result)
        summary.results.append(result)
    order = {source.name: index for index, source in enumerate(SOURCES)}
    summary.results.sort(key=lambda r: order.get(r.name, len(order)))
    return summary


@dataclass
class _Running:
    """One source of a national load: its log, and when its reading began."""

    source: NationalSource
    log: RowLog
    started: float = 0.0

    def load(self, inputs: Inputs, context: Context, observer: LoadObserver) -> SourceLoad:
        source, log = self.source, self.log
        spec = SourceSpec(
            name=source.name,
            title=source.title,
            loader=f"loaders.national.{source.build.__module__.rsplit('.', 1)[-1]}",
            loader_version=LOADER_VERSION,
            input=", ".join(sorted({t.label for t in source.tables(inputs)})),
            sha256=_sha256(source, inputs),
        )

        def quads() -> NTriples:
            observer.started(source, [t.label for t in source.tables(inputs)])
            self.started = time.perf_counter()
            return NTriples(to_ntriples(source_records(source, inputs, context, log)))

        return SourceLoad(spec, quads, progress=lambda n: observer.advanced(source, n))

    def result(self, outcome: LoadOutcome) -> SourceResult:
        """The source's line in the summary; errors other than bad data are raised."""
        source = self.source
        if isinstance(outcome, LoadReport):
            return SourceResult(
                source.name,
                source.title,
                loaded=True,
                triples=outcome.triples,
                seconds=outcome.seconds,
                audit=self.log.audit(),
            )
        if not isinstance(outcome, (StoreError, MappingError, NationalDataError)):
            raise outcome
        return SourceResult(
            source.name,
            source.title,
            loaded=False,
            seconds=time.perf_counter() - self.started if self.started else 0.0,
            audit=self.log.audit(),
            message=str(outcome),
        )
