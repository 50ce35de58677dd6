"""What every national source module shares: found files, the run context, the source type.

A source module exposes one :class:`NationalSource`: its name (which is also its
named graph, ``source/<name>``), the file roles it reads and a ``build``
function that turns those files into records, logging every skipped or
rejected row in a :class:`~loaders.national.tables.RowLog`.

>>> document_key("gias_establishments_minimal_20240617.csv")
'document/data-gias-establishments-minimal-20240617-csv'
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from loaders.national.tables import BadRow, Row, RowLog, Table, TableSpec, read_rows
from loaders.records import Document, Record
from ontology.identifiers import slugify

if TYPE_CHECKING:
    from loaders.national.councils import CouncilIndex

__all__ = [
    "Context",
    "FoundTable",
    "Inputs",
    "NationalSource",
    "document_key",
    "documents",
    "each_row",
    "file_sha256",
]


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def document_key(label: str) -> str:
    """Key of the source document standing for one input file (or sheet)."""
    return "document/data-" + slugify(label)


@dataclass(frozen=True)
class FoundTable:
    """An input table recognised as one format, with the line of its header."""

    table: Table
    spec: TableSpec
    header_line: int

    @property
    def label(self) -> str:
        """File name (``file.ods#Sheet`` for a spreadsheet sheet)."""
        return self.table.label

    @cached_property
    def sha256(self) -> str:
        """Checksum of the file the table comes from."""
        return file_sha256(self.table.path)

    def rows(self, log: RowLog) -> Iterator[Row]:
        """The table's data rows; the file is recorded in the log."""
        log.files.append(self.label)
        return read_rows(self.table, self.spec, self.header_line, log)


@dataclass
class Inputs:
    """What discovery found in a data folder."""

    tables: dict[str, list[FoundTable]] = field(default_factory=dict)
    refused: list[Exception] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def of(self, role: str) -> list[FoundTable]:
        """The tables of one format (role), in file-name order."""
        return self.tables.get(role, [])


@dataclass
class Context:
    """Facts shared between sources during one run (the council index, known groups)."""

    councils: CouncilIndex | None = None
    group_uids: set[int] | None = None


Build = Callable[[Inputs, Context, RowLog], Iterator[Record]]


@dataclass(frozen=True)
class NationalSource:
    """One source: one named graph, the formats it reads, how to build its records.

    ``roles`` must all be present for the source to load, ``optional_roles`` add
    to it; ``needs_councils`` says it resolves council codes or names.
    """

    name: str
    title: str
    roles: tuple[str, ...]
    build: Build
    optional_roles: tuple[str, ...] = ()
    needs_councils: bool = True

    def tables(self, inputs: Inputs) -> list[FoundTable]:
        """Every input table this source reads."""
        return [t for role in (*self.roles, *self.optional_roles) for t in inputs.of(role)]

    def ready(self, inputs: Inputs) -> bool:
        """True when every required format (or, with none required, any format) was found."""
        if not self.roles:
            return any(inputs.of(role) for role in self.optional_roles)
        return all(inputs.of(role) for role in self.roles)


def documents(tables: list[FoundTable]) -> Iterator[Document]:
    """One :class:`~loaders.records.Document` per input table (file name, checksum)."""
    for found in tables:
        yield Document(
            key=document_key(found.label),
            title=f"{found.spec.title}: {found.label}",
            kind="open data",
            file_name=found.label,
            sha256=found.sha256,
        )


def each_row(
    found: FoundTable, log: RowLog, handle: Callable[[Row], Iterator[Record]]
) -> Iterator[Record]:
    """Run *handle* on every row; a :class:`BadRow` it raises rejects just that row.

    Records are yielded only when the whole row succeeded, so a rejected row
    leaves nothing half-written.
    """
    for row in found.rows(log):
        try:
            records = list(handle(row))
        except BadRow as exc:
            log.reject(row, str(exc))
            continue
        if records:
            log.loaded()
            yield from records
