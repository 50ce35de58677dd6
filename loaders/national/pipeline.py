"""Loading a folder of national open data: discover, build the council index, load each source.

Each source goes into its own named graph through :meth:`graph.store.Store.load_source`,
atomically: a re-load replaces it, and a source that fails (a SHACL violation,
a mapping error) leaves its earlier load in place while the others go on.
Records stream from the files through :func:`loaders.mapper.to_quads` into the
store; every source's graph ends with its audit (rows read, loaded, skipped,
rejected with file, line and reason), which ``oversight coverage`` reads back.

>>> [s.name for s in SOURCES][:3]
['national-councils', 'national-regions', 'national-groups']
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.store import SourceSpec, Store, StoreError
from loaders.mapper import MappingError, to_quads
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
        """A source is loaded, or failed."""


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
                        "needs the councils: add dfeR's la_region_current_derived.csv to the "
                        "folder, or load it into the store first"
                    ),
                )
            )
            continue
        log = council_log if source is councils.SOURCE else RowLog(source.name)
        summary.results.append(
            _load_one(store, source, inputs, context, log, data_dir, validate, observer)
        )
    return summary


def _load_one(
    store: Store,
    source: NationalSource,
    inputs: Inputs,
    context: Context,
    log: RowLog,
    data_dir: Path,
    validate: bool,
    observer: LoadObserver,
) -> SourceResult:
    spec = SourceSpec(
        name=source.name,
        title=source.title,
        loader=f"loaders.national.{source.build.__module__.rsplit('.', 1)[-1]}",
        loader_version=LOADER_VERSION,
        input=str(data_dir),
        sha256=_sha256(source, inputs),
    )
    observer.started(source, [t.label for t in source.tables(inputs)])
    started = time.perf_counter()
    try:
        report = store.load_source(
            spec,
            to_quads(source_records(source, inputs, context, log), graph=spec.graph),
            validate=validate,
            progress=lambda n: observer.advanced(source, n),
        )
    except (StoreError, MappingError, NationalDataError) as exc:
        result = SourceResult(
            source.name,
            source.title,
            loaded=False,
            seconds=time.perf_counter() - started,
            audit=log.audit(),
            message=str(exc),
        )
    else:
        result = SourceResult(
            source.name,
            source.title,
            loaded=True,
            triples=report.triples,
            seconds=report.seconds,
            audit=log.audit(),
        )
    observer.finished(result)
    return result
