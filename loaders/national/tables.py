"""Reading tabular open data: column specs, header matching, rows, dates, row logs.

A :class:`TableSpec` lists the columns a kind of file must (or may) have, each
with every name it goes by (the shipped variant's and the official download's),
matched case- and spacing-insensitively. A header that lacks a required column
is refused as a whole (:class:`~loaders.national.errors.WrongColumns`).

>>> spec = TableSpec("demo", "demo", (Column("urn", ("URN", "urn")),
...                                   Column("name", ("EstablishmentName", "name")),
...                                   Column("phase", ("PhaseOfEducation (name)",), False)))
>>> spec.locate(["urn", "name", "gender"])
{'urn': 0, 'name': 1}
>>> spec.missing(["URN", "Phase"])
['EstablishmentName']
>>> parse_date("21-11-2022"), parse_date("2022-11-21"), parse_date("01-01-1900")
(datetime.date(2022, 11, 21), datetime.date(2022, 11, 21), None)
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from loaders.national.errors import WrongColumns
from loaders.ntriples import TermError, iri
from loaders.records import RowIssue, SourceAudit

__all__ = [
    "BadRow",
    "Column",
    "Row",
    "RowLog",
    "Table",
    "TableSpec",
    "csv_table",
    "detect_encoding",
    "find_header",
    "first_header",
    "normalise_header",
    "parse_date",
    "parse_int",
    "read_rows",
]

HEADER_SCAN_ROWS = 10
"""Official spreadsheets put a title above the header: look this far down for it."""


class BadRow(ValueError):
    """Raised while turning a row into records: the row is rejected with this reason."""


def normalise_header(name: str) -> str:
    """Header cell as compared: no BOM, case-folded, runs of spaces collapsed.

    >>> normalise_header("\\ufeffLA  (code) ")
    'la (code)'
    """
    return " ".join(name.replace("\ufeff", "").split()).casefold()


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a file format: our field name and every header it appears under."""

    field: str
    names: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A kind of input file: its role, a human title, columns and file-name patterns.

    ``patterns`` (lower-case globs) claim a file by name, so that a file called
    like this kind but lacking its columns is refused instead of ignored.
    """

    role: str
    title: str
    columns: tuple[Column, ...]
    patterns: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()

    def locate(self, header: Sequence[str]) -> dict[str, int] | None:
        """Field → column index when every required column is present, else ``None``.

        A header holding a ``forbidden`` column is another format (GIAS group
        links carry every column of GIAS groups, plus ``URN``).
        """
        positions: dict[str, int] = {}
        for index, cell in enumerate(header):
            positions.setdefault(normalise_header(cell), index)
        if any(normalise_header(name) in positions for name in self.forbidden):
            return None
        found: dict[str, int] = {}
        for column in self.columns:
            for name in column.names:
                position = positions.get(normalise_header(name))
                if position is not None:
                    found[column.field] = position
                    break
            else:
                if column.required:
                    return None
        return found

    def missing(self, header: Sequence[str]) -> list[str]:
        """The required columns the header lacks, each by its first (official) name."""
        present = {normalise_header(cell) for cell in header}
        return [
            column.names[0]
            for column in self.columns
            if column.required and not any(normalise_header(n) in present for n in column.names)
        ]

    @property
    def required_count(self) -> int:
        """How many columns are required (more means a more specific format)."""
        return sum(1 for c in self.columns if c.required)

    def refuse(self, label: str, header: Sequence[str]) -> WrongColumns:
        """The error refusing a file with this header."""
        return WrongColumns(label, self.title, self.missing(header))


class Row:
    """One data row: ``row["field"]`` is the stripped cell ('' when absent)."""

    __slots__ = ("file", "index", "line", "values")

    def __init__(self, file: str, line: int, values: list[str], index: dict[str, int]) -> None:
        self.file = file
        self.line = line
        self.values = values
        self.index = index

    def __getitem__(self, name: str) -> str:
        try:  # the loaders' hottest line: over a million calls in a national load
            return self.values[self.index[name]].strip()
        except (KeyError, IndexError):
            return ""

    def __repr__(self) -> str:
        return f"Row({self.file}:{self.line})"


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` when the file is valid UTF-8, else ``cp1252`` (GIAS's downloads).

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile(delete=False) as f:
    ...     _ = f.write("Name\\nCaf\\u00e9\\n".encode("cp1252"))
    >>> detect_encoding(Path(f.name)); os.unlink(f.name)
    'cp1252'
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


@dataclass(frozen=True, slots=True)
class Table:
    """A sheet of cells with line numbers: a CSV file or one sheet of a spreadsheet."""

    path: Path
    label: str
    reader: object = field(repr=False)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """``(line number, cells)`` for every row, the header included."""
        produce = self.reader
        assert callable(produce)
        rows: Iterator[tuple[int, list[str]]] = produce()
        return rows


def csv_table(path: Path) -> Table:
    """A CSV file as a :class:`Table`; line numbers are those of the file."""
    encoding = detect_encoding(path)

    def rows() -> Iterator[tuple[int, list[str]]]:
        with path.open(newline="", encoding=encoding) as handle:
            reader = csv.reader(handle)
            start = 1
            for values in reader:
                yield start, values
                start = reader.line_num + 1

    return Table(path=path, label=path.name, reader=rows)


def find_header(
    table: Table, specs: Iterable[TableSpec]
) -> tuple[TableSpec, int, list[str]] | None:
    """The most specific spec whose columns a header row near the top satisfies.

    Returns the spec, the header's line number and the header cells.
    """
    candidates = list(specs)
    best: tuple[TableSpec, int, list[str]] | None = None
    for count, (line, values) in enumerate(table.rows()):
        if count >= HEADER_SCAN_ROWS:
            break
        for spec in candidates:
            if spec.locate(values) is None:
                continue
            if best is None or spec.required_count > best[0].required_count:
                best = (spec, line, values)
        if best is not None:
            return best
    return None


def first_header(table: Table) -> list[str]:
    """The first non-empty row (what a refusal message compares with)."""
    for count, (_line, values) in enumerate(table.rows()):
        if any(v.strip() for v in values) or count >= HEADER_SCAN_ROWS:
            return values
    return []


def read_rows(table: Table, spec: TableSpec, header_line: int, log: RowLog) -> Iterator[Row]:
    """The data rows after the header; blank rows are counted as skipped."""
    index: dict[str, int] | None = None
    for line, values in table.rows():
        if line < header_line:
            continue
        if line == header_line:
            index = spec.locate(values)
            if index is None:
                raise spec.refuse(table.label, values)
            continue
        if not any(v.strip() for v in values):
            log.skip("blank row")
            continue
        assert index is not None
        log.rows_read += 1
        yield Row(table.label, line, values, index)


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: [\d:]+)?$")


def parse_date(text: str, column: str = "date") -> date | None:
    """A date in ISO, ``dd-mm-yyyy`` or ``dd/mm/yyyy`` form; ``None`` when empty.

    GIAS writes 1 January 1900 for "not recorded": that is ``None`` too.

    >>> parse_date("31/02/2020", "Closed Date")
    Traceback (most recent call last):
    ...
    loaders.national.tables.BadRow: malformed date in 'Closed Date': '31/02/2020'
    """
    text = text.strip()
    if not text:
        return None
    match = _ISO.match(text)
    try:
        if match:
            value = date(int(match[1]), int(match[2]), int(match[3]))
        elif match := _DMY.match(text):
            value = date(int(match[3]), int(match[2]), int(match[1]))
        else:
            raise ValueError(text)
    except ValueError:
        raise BadRow(f"malformed date in {column!r}: {text!r}") from None
    return None if value.year == 1900 else value


def parse_url(text: str, column: str) -> str | None:
    """A web address (``http``/``https``) that is a valid IRI; ``None`` when empty.

    A value that is not a web address at all ("n/a") is ``None`` too; one that
    looks like one but is malformed is a :class:`BadRow`, so it never reaches the
    store (where it would fail the whole source).

    >>> parse_url(" https://reports.ofsted.gov.uk/provider/44/380 ", "Web link")
    'https://reports.ofsted.gov.uk/provider/44/380'
    >>> parse_url("n/a", "Web link") is None
    True
    >>> parse_url("https://example.org/{id}", "Web link")
    Traceback (most recent call last):
    ...
    loaders.national.tables.BadRow: malformed web address in 'Web link': 'https://example.org/{id}'
    """
    text = text.strip()
    if not text.startswith(("http://", "https://")):
        return None
    try:
        iri(text)
    except TermError:
        raise BadRow(f"malformed web address in {column!r}: {text!r}") from None
    return text


def parse_int(text: str, column: str) -> int:
    """A whole number, allowing pandas' ``123.0``; :class:`BadRow` when missing or not one.

    >>> parse_int("16789.0", "Group UID")
    16789
    >>> parse_int("", "URN")
    Traceback (most recent call last):
    ...
    loaders.national.tables.BadRow: missing URN
    """
    text = text.strip()
    if not text:
        raise BadRow(f"missing {column}")
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        raise BadRow(f"{column} is not a number: {text!r}")
    return int(text)


class RowLog:
    """Counts what a source read, loaded, skipped and rejected; becomes its audit.

    >>> log = RowLog("demo")
    >>> log.rows_read = 2
    >>> log.reject(Row("f.csv", 3, [], {}), "missing URN")
    >>> log.loaded()
    >>> log.audit().rejects[0].line, log.audit().rows_loaded
    (3, 1)
    """

    def __init__(self, source: str, *, keep: int = 1000) -> None:
        self.source = source
        self.keep = keep
        self.rows_read = 0
        self.rows_loaded = 0
        self.rejected = 0
        self.rejects: list[RowIssue] = []
        self.skipped: Counter[str] = Counter()
        self.expected: Counter[str] = Counter()
        self.files: list[str] = []

    def reject(self, row: Row, reason: str) -> None:
        """Record a bad row (only the first ``keep`` are listed; all are counted)."""
        self.rejected += 1
        if len(self.rejects) < self.keep:
            self.rejects.append(RowIssue(row.file, row.line, reason))

    def skip(self, reason: str) -> None:
        """Count a row left out on purpose."""
        self.skipped[reason] += 1

    def loaded(self) -> None:
        """Count a row that made it into records."""
        self.rows_loaded += 1

    def audit(self) -> SourceAudit:
        """The audit record written into the source's graph."""
        return SourceAudit(
            source=self.source,
            rows_read=self.rows_read,
            rows_loaded=self.rows_loaded,
            rejects=tuple(self.rejects),
            rejected_total=self.rejected,
            skipped=dict(self.skipped),
            expected=dict(self.expected),
            files=tuple(self.files),
        )
