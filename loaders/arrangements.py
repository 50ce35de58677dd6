"""The arrangements format: a folder of CSV files in which analysts record oversight.

A folder holds up to five UTF-8 CSV files with a header row (see
``docs/arrangements.md`` for the analyst's guide and a template):

* ``documents.csv`` - the source documents (key, title, date, council, ...);
* ``bodies.csv`` - bodies AND posts: the ``kind`` is an ``ov:`` class name and
  says which (``ScrutinyCommittee`` is a body, ``DirectorOfChildrensServices`` a
  post); for a post ``part_of`` is the body it is a post in;
* ``people.csv`` - named post-holders (names only, never contact details);
* ``relationships.csv`` - who oversees whom, how often, on what evidence;
* ``meetings.csv`` - dated meetings of a body, for observed frequencies.

``;`` separates several values in one cell. Keys are those of
:mod:`ontology.identifiers`. Every cell is checked and ALL problems are collected
before the folder is refused with one :class:`ArrangementsError` whose message
lists ``file:line: field: problem``. The parser produces :mod:`loaders.records`
only; :func:`loaders.mapper.to_quads` builds the triples.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "bodies.csv").write_text(
...     "key,kind,name,part_of\\n"
...     "la/380,LocalAuthority,Bradford,\\n"
...     "la/380/dd,DeputyDirector,Deputy Director,la/380\\n", encoding="utf-8")
>>> _ = (folder / "documents.csv").write_text(
...     "key,title,date,council\\ndocument/d,A report,2017-06-27,la/380\\n", encoding="utf-8")
>>> _ = (folder / "relationships.csv").write_text(
...     "actor,kind,target,stated_frequency,document,evidence\\n"
...     "la/380/dd,meets with,national/dfe,a monthly call,document/d,The DD calls the DfE.\\n",
...     encoding="utf-8")
>>> arrangements = parse_arrangements(folder)
>>> rel = arrangements.relationships[0]
>>> rel.kind, rel.stated_frequency, rel.key.startswith("relationship/")
('meetsWith', 'monthly', True)
>>> _ = (folder / "meetings.csv").write_text("body,date\\nla/380/dd,2017-13-01\\n")
>>> parse_arrangements(folder)
Traceback (most recent call last):
...
loaders.arrangements.ArrangementsError: arrangements folder ... refused: 2 problem(s)
  meetings.csv:2: body: la/380/dd is a post, not a body
  meetings.csv:2: date: '2017-13-01' is not an ISO date (YYYY-MM-DD)
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import itertools
import math
import re
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rdflib import URIRef

from loaders.mapper import to_quads
from loaders.records import (
    Body,
    Document,
    Evidence,
    Holding,
    Meeting,
    Person,
    Post,
    Record,
    Relationship,
)
from ontology.identifiers import is_key, relationship_key
from ontology.namespaces import OV, RDFS
from ontology.vocabulary import (
    FREQUENCIES,
    KINDS,
    UnknownFrequency,
    load_ontology_graph,
    normalise_frequency,
)

if TYPE_CHECKING:
    from graph.store import LoadReport, Store

__all__ = [
    "FILES",
    "IDENTIFIER_PROPERTIES",
    "LOADER_NAME",
    "LOADER_VERSION",
    "Arrangements",
    "ArrangementsError",
    "Column",
    "FileSpec",
    "Problem",
    "class_kinds",
    "contact_details",
    "folder_sha256",
    "infer_frequency",
    "is_real_identifier_key",
    "load_arrangements",
    "parse_arrangements",
]

LOADER_NAME = "loaders.arrangements"
LOADER_VERSION = "1"

MEETINGS_PREFIX = "meetings:"
"""``observed_frequency`` = ``meetings:<body key>``: infer it from meetings.csv."""

IDENTIFIER_PROPERTIES: dict[str, str] = {
    "laCode": r"\d{3}",
    "gssCode": r"[ENSW]\d{8}",
    "registerCode": r"[A-Z]{3}",
    "urn": r"\d+",
    "groupUid": r"\d+",
    "groupId": r"[A-Za-z0-9]+",
    "companiesHouseNumber": r"[A-Z0-9]{8}",
}
"""``ov:`` properties allowed in a body's ``identifiers`` cell (``laCode=380``), with
the pattern each value must match."""

MIN_MEETINGS_FOR_FREQUENCY = 3


# --------------------------------------------------------------------------- schema


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an arrangements file."""

    name: str
    required: bool
    help: str


@dataclass(frozen=True, slots=True)
class FileSpec:
    """One file of the format: its name, what a row is, and its columns."""

    name: str
    row: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column | None:
        """The column called *name*, if the file has one."""
        return next((c for c in self.columns if c.name == name), None)


def _c(name: str, help_: str, *, required: bool = False) -> Column:
    return Column(name, required, help_)


_EVIDENCE_COLUMNS = (
    _c("document", "Key of the document (documents.csv) that states this row."),
    _c("evidence", "The sentence that states it, copied verbatim from the document."),
    _c("locator", "Where in the document: paragraph, minute or page (e.g. `para 3.2`)."),
    _c(
        "also_in",
        "Other documents that state the same sentence (e.g. an extract of the "
        "document), `;`-separated. Never a second row for the same statement.",
    ),
)

FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "documents.csv",
        "a source document",
        (
            _c("key", "`document/<slug>`.", required=True),
            _c("title", "The document's title.", required=True),
            _c("date", "Date of the meeting or report, ISO `YYYY-MM-DD`."),
            _c("council", "Key of the council the document belongs to (`la/380`)."),
            _c("kind", "What it is: `minutes`, `officer report`, `agenda and minutes` ..."),
            _c("file_name", "File name of the text the evidence was copied from."),
            _c("extract_of", "Key of the full document this one is an extract of."),
            _c("url", "Where the document is published (http/https)."),
            _c("sha256", "SHA-256 of the file, to detect a changed text."),
            _c("note", "Anything an analyst should know (an uncertain date ...)."),
        ),
    ),
    FileSpec(
        "bodies.csv",
        "a body (organisation) or a post in a body",
        (
            _c("key", "`la/380/<slug>`, `national/dfe`, `school/<URN>` ...", required=True),
            _c(
                "kind",
                "An `ov:` class: a body class (`ScrutinyCommittee`) or a post class "
                "(`DirectorOfChildrensServices`); it says whether the row is a body or a post.",
                required=True,
            ),
            _c("name", "Name (or post title) as the documents write it.", required=True),
            _c("alt_names", "Other names and abbreviations, `;`-separated."),
            _c("council", "Key of the council it belongs to."),
            _c(
                "part_of",
                "Body: the body it is part of (a committee's council). Post: the body "
                "it is a post in (required).",
            ),
            _c("region", "Bodies only: key of its region (`region/E12000003`)."),
            _c("valid_from", "Bodies only: first day it existed, ISO date."),
            _c("valid_until", "Bodies only: last day it existed, ISO date."),
            _c("identifiers", "Bodies only: real codes, `laCode=380;gssCode=E08000032`."),
            _c("homepage", "Bodies only: its web site (http/https)."),
            _c("succeeded_by", "Bodies only: key of the body that took over its role."),
            _c("note", "Anything an analyst should know (a collective body ...)."),
            *_EVIDENCE_COLUMNS,
        ),
    ),
    FileSpec(
        "people.csv",
        "a named person holding a post (names only: never contact details)",
        (
            _c("key", "`la/380/person/<slug>`.", required=True),
            _c("name", "The name as the document writes it.", required=True),
            _c("post", "Key of the post held (a post row of bodies.csv).", required=True),
            _c("valid_from", "First day in post, ISO date."),
            _c("valid_until", "Last day in post, ISO date."),
            *_EVIDENCE_COLUMNS,
        ),
    ),
    FileSpec(
        "relationships.csv",
        "an oversight relationship, or one more piece of evidence for it",
        (
            _c(
                "key",
                "Optional id (`relationship/<id>` or just `<id>`); empty: derived from "
                "actor, kind and target. Rows with the same key add evidence.",
            ),
            _c("actor", "Who does it, as the document says; `;`-separated keys.", required=True),
            _c(
                "kind",
                "A relationship kind: `scrutinises`, `meetsWith` (or `meets with`), "
                "`reportsTo`, `memberOf`, ... (ontology/kinds.ttl).",
                required=True,
            ),
            _c("target", "To whom; `;`-separated keys.", required=True),
            _c(
                "stated_frequency",
                "How often the document says: its phrase (`on a termly basis`) or a "
                "concept (`termly`); `unspecified` when it says none.",
            ),
            _c(
                "observed_frequency",
                "How often it was seen to happen: a phrase or concept, or "
                "`meetings:<body key>` to infer it from that body's dates in meetings.csv.",
            ),
            _c("valid_from", "First day the arrangement held, ISO date."),
            _c("valid_until", "Last day the arrangement held, ISO date."),
            _c("document", "Key of the document stating it.", required=True),
            _c("evidence", "The stating sentence, verbatim.", required=True),
            _c("locator", "Where in the document (paragraph, minute, page)."),
            _c("also_in", "Other documents stating the same sentence, `;`-separated."),
            _c(
                "handed_to",
                "For `hasNoInfluenceOver`: who the document says does the role instead.",
            ),
            _c("confidence", "0-1, for machine-extracted rows; empty for curated rows."),
            _c("note", "Anything an analyst should know."),
        ),
    ),
    FileSpec(
        "meetings.csv",
        "a dated meeting of a body",
        (
            _c("body", "Key of the body that met.", required=True),
            _c("date", "ISO date of the meeting.", required=True),
            _c("document", "Key of the document listing it."),
            _c("locator", "Where in the document."),
        ),
    ),
)

_SPECS = {spec.name: spec for spec in FILES}


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem found in a folder: ``file:line: field: message``."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class ArrangementsError(ValueError):
    """A folder refused because of the problems it lists (all of them, sorted)."""

    def __init__(self, folder: str | Path, problems: Sequence[Problem]) -> None:
        self.folder = str(folder)
        self.problems = sorted(set(problems), key=_problem_order)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(
            f"arrangements folder {self.folder} refused: {len(self.problems)} problem(s)\n{lines}"
        )


def _problem_order(p: Problem) -> tuple[int, str, int, str, str]:
    order = [spec.name for spec in FILES]
    rank = order.index(p.file) if p.file in order else len(order)
    return rank, p.file, p.line, p.field, p.message


# --------------------------------------------------------------------------- vocabulary


@cache
def class_kinds() -> dict[str, str]:
    """``ov:`` class local name → ``"body"`` or ``"post"``, from the ontology.

    Only proper subclasses of ``ov:Body`` / ``ov:Post`` count: every body and post
    has a specific kind, so ``Body`` and ``Post`` themselves are not allowed.

    >>> class_kinds()["ScrutinyCommittee"], class_kinds()["DirectorOfChildrensServices"]
    ('body', 'post')
    >>> "Post" in class_kinds()
    False
    """
    graph = load_ontology_graph()
    found: dict[str, str] = {}
    for what, root in (("body", OV.Body), ("post", OV.Post)):
        for cls in graph.transitive_subjects(RDFS.subClassOf, root):
            name = str(cls)[len(str(OV._NS)) :]
            if cls != root and str(cls).startswith(str(OV._NS)) and hasattr(OV, name):
                found[name] = what
    if not found:
        raise RuntimeError(
            "the ontology declares no subclasses of ov:Body / ov:Post (is oversight.ttl missing?)"
        )
    return dict(sorted(found.items()))


@cache
def _calendar_frequencies() -> frozenset[str]:
    """Frequencies with a calendar interval (``ov:interval``), preferred for dates."""
    graph = load_ontology_graph()
    return frozenset(
        name
        for name, freq in FREQUENCIES.items()
        if graph.value(URIRef(freq.iri), OV.interval) is not None
    )


_REAL_KEY = re.compile(r"^(la/\d{3}|school/\d+|group/\d+|region/[^/]+|national/.+|rsc/.+)$")


def is_real_identifier_key(key: str) -> bool:
    """True for keys minted from a real identifier, which need no row of their own.

    >>> [is_real_identifier_key(k) for k in ("la/380", "school/120017", "la/380/eisb")]
    [True, True, False]
    """
    return bool(_REAL_KEY.match(key)) and is_key(key)


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_PHONE = re.compile(r"(?<![\w/.-])(?:\+44\s?\(?0?\)?\s?|\(?0)\d[\d\s()-]{7,}\d(?![\w/.-])")


def contact_details(text: str) -> list[str]:
    """E-mail addresses and telephone numbers found in *text*.

    >>> contact_details("Phone: 01632 960123 E-mail: someone@example.org")
    ['someone@example.org', '01632 960123']
    >>> contact_details("laCode=380;gssCode=E08000032, URN 120017, 2017-06-27")
    []
    """
    found = [m.group(0) for m in _EMAIL.finditer(text)]
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 10 <= len(digits) <= 13:
            found.append(m.group(0).strip())
    return found


# --------------------------------------------------------------------------- frequency


def infer_frequency(dates: Iterable[date]) -> str | None:
    """The frequency concept closest to a list of meeting dates (``None`` below 3 dates).

    Uses the median gap between consecutive distinct dates; among concepts with
    the same meetings per year, the calendar one wins (dates cannot show that
    meetings follow school half-terms).

    >>> leicester_2015_16 = [date(2015, 7, 22), date(2015, 9, 15), date(2015, 11, 10),
    ...                      date(2016, 1, 5), date(2016, 2, 23), date(2016, 4, 12)]
    >>> infer_frequency(leicester_2015_16)
    'bimonthly'
    >>> infer_frequency([date(2024, 1, 1) + __import__("datetime").timedelta(weeks=4 * i)
    ...                  for i in range(5)])
    'fourWeekly'
    >>> infer_frequency([date(2024, 1, 1), date(2024, 2, 1)]) is None
    True
    """
    days = sorted(set(dates))
    if len(days) < MIN_MEETINGS_FOR_FREQUENCY:
        return None
    gaps = [(b - a).days for a, b in itertools.pairwise(days)]
    per_year = 365.25 / statistics.median(gaps)
    calendar = _calendar_frequencies()
    best = min(
        (f for f in FREQUENCIES.values() if f.per_year),
        key=lambda f: (abs(math.log(per_year / (f.per_year or 1))), f.name not in calendar),
    )
    return best.name


# --------------------------------------------------------------------------- reading


@dataclass(slots=True)
class _Row:
    file: str
    line: int
    cells: dict[str, str]

    def get(self, name: str) -> str:
        return self.cells.get(name, "")


def _header_name(text: str) -> str:
    return re.sub(r"[\s-]+", "_", text.strip().lower())


def _read_file(path: Path, spec: FileSpec, problems: list[Problem]) -> list[_Row]:
    name = spec.name
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(name, line, "(file)", "not UTF-8: save it as 'CSV UTF-8 (Comma delimited)'")
        )
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(name, 1, "(file)", "empty file: it needs a header row"))
        return []
    if len(header) == 1 and ";" in header[0]:
        problems.append(
            Problem(name, 1, "(file)", "columns are separated by ';': use commas (CSV UTF-8)")
        )
        return []
    columns = [_header_name(h) for h in header]
    ok = True
    for position, column in enumerate(columns, start=1):
        if not column:
            problems.append(Problem(name, 1, f"(column {position})", "empty column name"))
            ok = False
        elif spec.column(column) is None:
            known = ", ".join(c.name for c in spec.columns)
            problems.append(Problem(name, 1, column, f"unknown column (known: {known})"))
            ok = False
        elif columns.index(column) != position - 1:
            problems.append(Problem(name, 1, column, "column appears twice"))
            ok = False
    for col in spec.columns:
        if col.required and col.name not in columns:
            problems.append(Problem(name, 1, col.name, "required column is missing"))
            ok = False
    if not ok:
        return []
    rows: list[_Row] = []
    previous_end = 1
    try:
        for cells in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
                problems.append(
                    Problem(
                        name,
                        start,
                        "(row)",
                        f"{len(cells)} cells but the header has {len(columns)} columns",
                    )
                )
                continue
            values = {
                c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(columns)
            }
            rows.append(_Row(name, start, values))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, "(file)", f"unreadable CSV: {exc}"))
    return rows


# --------------------------------------------------------------------------- checking


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


_REF_ANY = "body, post or person"


@dataclass(slots=True)
class _Ref:
    row: _Row
    field: str
    key: str
    allowed: tuple[str, ...]
    """What the key may be: 'document', 'body', 'post', 'person', 'meetings'."""


@dataclass(slots=True)
class _Entity:
    """A key's merged cells across all rows that define it."""

    what: str
    key: str
    first: _Row
    values: dict[str, object] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)


class _Checker:
    """Checks cells one by one, collecting problems and deferred references."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.refs: list[_Ref] = []

    def problem(self, row: _Row, column: str, message: str) -> None:
        self.problems.append(Problem(row.file, row.line, column, message))

    def required(self, row: _Row, spec: FileSpec, *, later: Iterable[str] = ()) -> bool:
        """Required cells of *row*, except those checked *later* on the merged key."""
        ok = True
        for col in spec.columns:
            if col.required and col.name not in later and not row.get(col.name):
                self.problem(row, col.name, "required value is missing")
                ok = False
        return ok

    def contacts(self, row: _Row) -> None:
        for column, value in row.cells.items():
            for found in contact_details(value):
                self.problem(
                    row,
                    column,
                    f"contains contact details ({found!r}): record names and roles only",
                )

    def key(self, row: _Row, column: str, *, prefix: str | None = None) -> str | None:
        value = row.get(column)
        if not value:
            return None
        if not is_key(value):
            self.problem(row, column, f"malformed key {value!r} (lower-case path like la/380/eisb)")
            return None
        if prefix and not value.startswith(prefix):
            self.problem(row, column, f"key {value!r} must start with {prefix!r}")
            return None
        return value

    def ref(self, row: _Row, column: str, *allowed: str, many: bool = False) -> list[str]:
        values = _split(row.get(column)) if many else ([row.get(column)] if row.get(column) else [])
        keys = []
        for value in values:
            if not is_key(value):
                self.problem(row, column, f"malformed key {value!r}")
                continue
            self.refs.append(_Ref(row, column, value, allowed))
            keys.append(value)
        return keys

    def day(self, row: _Row, column: str) -> date | None:
        value = row.get(column)
        if not value:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.problem(row, column, f"{value!r} is not an ISO date (YYYY-MM-DD)")
            return None

    def period(self, row: _Row) -> tuple[date | None, date | None]:
        start, end = self.day(row, "valid_from"), self.day(row, "valid_until")
        if start and end and start > end:
            self.problem(row, "valid_until", f"validFrom {start} is after validUntil {end}")
        return start, end

    def frequency(self, row: _Row, column: str) -> str | None:
        value = row.get(column)
        if not value:
            return None
        try:
            return normalise_frequency(value)
        except UnknownFrequency:
            names = ", ".join(FREQUENCIES)
            self.problem(row, column, f"unknown frequency {value!r} (concepts: {names})")
            return None

    def url(self, row: _Row, column: str) -> str | None:
        value = row.get(column)
        if value and not re.match(r"^https?://\S+$", value):
            self.problem(row, column, f"{value!r} is not an http(s) URL")
            return None
        return value or None

    def evidence(self, row: _Row, *, required: bool) -> Evidence | None:
        doc, sentence = row.get("document"), row.get("evidence")
        if not doc and not sentence:
            if required:
                self.problem(row, "document", "required value is missing")
            return None
        if not sentence:
            self.problem(row, "evidence", "a document needs its evidence sentence, verbatim")
            return None
        if not doc:
            self.problem(row, "document", "evidence needs the key of its document")
            return None
        doc_keys = self.ref(row, "document", "document")
        also = self.ref(row, "also_in", "document", many=True)
        if not doc_keys:
            return None
        if doc_keys[0] in also:
            self.problem(row, "also_in", f"{doc_keys[0]} is already the row's document")
        return Evidence(
            document=doc_keys[0],
            sentence=re.sub(r"\s+", " ", sentence),
            locator=row.get("locator") or None,
            also_in=tuple(k for k in also if k != doc_keys[0]),
        )


def _choose(value: str, options: Iterable[str], labels: dict[str, str] | None = None) -> str | None:
    wanted = value.strip()
    lowered = {o.lower(): o for o in options}
    if labels:
        lowered.update({label.lower(): name for label, name in labels.items()})
    return lowered.get(wanted.lower()) or lowered.get(re.sub(r"[\s_-]+", "", wanted.lower()))


def _suggest(value: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(options), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""


# --------------------------------------------------------------------------- result


@dataclass(frozen=True, slots=True)
class Arrangements:
    """A parsed, checked folder: its records and the checksum of its files."""

    folder: Path
    sha256: str
    documents: tuple[Document, ...]
    bodies: tuple[Body, ...]
    posts: tuple[Post, ...]
    people: tuple[Person, ...]
    holdings: tuple[Holding, ...]
    relationships: tuple[Relationship, ...]
    meetings: tuple[Meeting, ...]

    @property
    def records(self) -> list[Record]:
        """Every record, documents first (the order the mapper writes them)."""
        return [
            *self.documents,
            *self.bodies,
            *self.posts,
            *self.people,
            *self.holdings,
            *self.relationships,
            *self.meetings,
        ]

    def summary(self) -> dict[str, int]:
        """How many records of each sort the folder holds."""
        return {
            "documents": len(self.documents),
            "bodies": len(self.bodies),
            "posts": len(self.posts),
            "people": len(self.people),
            "holdings": len(self.holdings),
            "relationships": len(self.relationships),
            "evidence": sum(len(r.evidence) for r in self.relationships),
            "meetings": len(self.meetings),
        }


def folder_sha256(folder: str | Path) -> str:
    """SHA-256 over the folder's CSV files (name and bytes, in name order).

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp())
    >>> empty = folder_sha256(f)
    >>> _ = (f / "bodies.csv").write_text("key,kind,name\\n")
    >>> folder_sha256(f) != empty
    True
    """
    digest = hashlib.sha256()
    for path in sorted(Path(folder).glob("*.csv")):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


# --------------------------------------------------------------------------- parsing


def parse_arrangements(folder: str | Path) -> Arrangements:
    """Read and check every file of *folder*; raise :class:`ArrangementsError` on any problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ArrangementsError(folder, [Problem(folder.name, 0, "(folder)", "not a folder")])
    problems: list[Problem] = []
    rows: dict[str, list[_Row]] = {}
    for path in sorted(folder.glob("*.csv")):
        spec = _SPECS.get(path.name)
        if spec is None:
            known = ", ".join(_SPECS)
            problems.append(Problem(path.name, 0, "(file)", f"unknown file (expected: {known})"))
            continue
        rows[path.name] = _read_file(path, spec, problems)
    if not rows and not problems:
        problems.append(Problem(folder.name, 0, "(folder)", "no arrangements CSV files"))
    parser = _Parser(rows)
    result = parser.run()
    problems.extend(parser.check.problems)
    if problems:
        raise ArrangementsError(folder, problems)
    return replace(result, folder=folder, sha256=folder_sha256(folder))


class _Parser:
    """Turns the rows of every file into records, with all checks."""

    def __init__(self, rows: dict[str, list[_Row]]) -> None:
        self.rows = rows
        self.check = _Checker()
        self.defined: dict[str, _Entity] = {}
        self.meeting_dates: dict[str, set[date]] = {}

    # -- helpers
    def _define(self, what: str, key: str, row: _Row, values: Mapping[str, object]) -> _Entity:
        entity = self.defined.get(key)
        if entity is None:
            entity = self.defined[key] = _Entity(what, key, row, dict(values))
            entity.rows.append(row)
            return entity
        if entity.what != what and {entity.what, what} != {"body", "post"}:
            self.check.problem(
                row,
                "key",
                f"{key} is already a {entity.what} ({entity.first.file}:{entity.first.line})",
            )
            return entity
        for column, value in values.items():
            if value in (None, "", (), {}):
                continue
            old = entity.values.get(column)
            if old in (None, "", (), {}):
                entity.values[column] = value
            elif old != value:
                self.check.problem(
                    row,
                    column,
                    f"duplicate key {key} with conflicting data: {_show(value)} here, "
                    f"{_show(old)} at {entity.first.file}:{entity.first.line}",
                )
        entity.rows.append(row)
        return entity

    def _add_evidence(self, entity: _Entity, evidence: Evidence | None) -> None:
        if evidence and evidence not in entity.evidence:
            entity.evidence.append(evidence)

    # -- files
    def run(self) -> Arrangements:
        for row in (r for rows in self.rows.values() for r in rows):
            self.check.contacts(row)
        self._documents()
        self._bodies()
        self._people()
        self._meetings()
        relationships = self._relationships()
        self._merged_required()
        self._resolve()
        return self._build(relationships)

    def _merged_required(self) -> None:
        """Cells a key needs on at least one of its rows (later rows may leave them empty)."""
        needed = {
            "body": ("kind", "name"),
            "post": ("kind", "name"),
            "person": ("name",),
            "relationship": ("kind", "actors", "targets"),
        }
        columns = {"actors": "actor", "targets": "target"}
        for entity in self.defined.values():
            for name in needed.get(entity.what, ()):
                if entity.values.get(name) in (None, "", ()):
                    column = columns.get(name, name)
                    if not any(column in self._row_problems(row) for row in entity.rows):
                        self.check.problem(entity.first, column, "required value is missing")

    def _row_problems(self, row: _Row) -> set[str]:
        return {p.field for p in self.check.problems if p.file == row.file and p.line == row.line}

    def _documents(self) -> None:
        spec = _SPECS["documents.csv"]
        for row in self.rows.get(spec.name, []):
            self.check.required(row, spec)
            key = self.check.key(row, "key", prefix="document/")
            values = {
                "title": row.get("title"),
                "date": self.check.day(row, "date"),
                "council": next(iter(self.check.ref(row, "council", "body")), None),
                "kind": row.get("kind"),
                "file_name": row.get("file_name"),
                "extract_of": next(iter(self.check.ref(row, "extract_of", "document")), None),
                "url": self.check.url(row, "url"),
                "sha256": row.get("sha256"),
                "note": row.get("note"),
            }
            sha = row.get("sha256")
            if sha and not re.fullmatch(r"[0-9a-f]{64}", sha):
                self.check.problem(row, "sha256", "not a SHA-256 (64 lower-case hex digits)")
            if key and values["extract_of"] == key:
                self.check.problem(row, "extract_of", "a document cannot be an extract of itself")
            if key:
                self._define("document", key, row, values)

    def _bodies(self) -> None:
        spec = _SPECS["bodies.csv"]
        kinds = class_kinds()
        for row in self.rows.get(spec.name, []):
            self.check.required(row, spec, later=("kind", "name"))
            key = self.check.key(row, "key")
            kind_text = row.get("kind")
            kind = _choose(kind_text, kinds) if kind_text else None
            if kind_text and kind is None:
                self.check.problem(
                    row, "kind", f"unknown class {kind_text!r}{_suggest(kind_text, kinds)}"
                )
            known = self.defined.get(key or "")
            what = kinds.get(kind or "", known.what if known else "body")
            identifiers: dict[str, str] = {}
            for item in _split(row.get("identifiers")):
                prop, sep, value = item.partition("=")
                prop, value = prop.strip(), value.strip()
                if not sep or not value:
                    self.check.problem(row, "identifiers", f"{item!r} is not property=value")
                elif prop not in IDENTIFIER_PROPERTIES:
                    allowed = ", ".join(IDENTIFIER_PROPERTIES)
                    self.check.problem(
                        row, "identifiers", f"unknown identifier {prop!r} (known: {allowed})"
                    )
                elif not re.fullmatch(IDENTIFIER_PROPERTIES[prop], value):
                    self.check.problem(
                        row, "identifiers", f"{prop} {value!r} does not look like a real {prop}"
                    )
                else:
                    identifiers[prop] = value
            start, end = self.check.period(row)
            if what == "post" and kind_text:
                for column in (
                    "region",
                    "valid_from",
                    "valid_until",
                    "identifiers",
                    "homepage",
                    "succeeded_by",
                ):
                    if row.get(column):
                        self.check.problem(row, column, f"a post ({kind}) takes no {column}")
                if not row.get("part_of"):
                    self.check.problem(row, "part_of", "a post needs the body it is a post in")
            values: dict[str, object] = {
                "kind": kind,
                "name": row.get("name"),
                "alt_names": tuple(_split(row.get("alt_names"))),
                "council": next(iter(self.check.ref(row, "council", "body")), None),
                "part_of": next(iter(self.check.ref(row, "part_of", "body")), None),
                "region": next(iter(self.check.ref(row, "region", "body")), None),
                "valid_from": start,
                "valid_until": end,
                "identifiers": identifiers,
                "homepage": self.check.url(row, "homepage"),
                "succeeded_by": next(iter(self.check.ref(row, "succeeded_by", "body")), None),
                "note": row.get("note"),
            }
            evidence = self.check.evidence(row, required=False)
            if key:
                if key == values["part_of"]:
                    self.check.problem(row, "part_of", "a body cannot be part of itself")
                entity = self._define(what, key, row, values)
                self._add_evidence(entity, evidence)

    def _people(self) -> None:
        spec = _SPECS["people.csv"]
        for row in self.rows.get(spec.name, []):
            self.check.required(row, spec, later=("name",))
            key = self.check.key(row, "key")
            posts = self.check.ref(row, "post", "post")
            start, end = self.check.period(row)
            evidence = self.check.evidence(row, required=False)
            if not key:
                continue
            self._define("person", key, row, {"name": row.get("name")})
            if posts:
                holding = self._define(
                    "holding",
                    f"{key} holds {posts[0]}",
                    row,
                    {"person": key, "post": posts[0], "valid_from": start, "valid_until": end},
                )
                self._add_evidence(holding, evidence)

    def _meetings(self) -> None:
        spec = _SPECS["meetings.csv"]
        for row in self.rows.get(spec.name, []):
            self.check.required(row, spec)
            bodies = self.check.ref(row, "body", "body")
            day = self.check.day(row, "date")
            docs = self.check.ref(row, "document", "document")
            if bodies and day:
                meeting = self._define(
                    "meeting",
                    f"{bodies[0]} met on {day}",
                    row,
                    {"body": bodies[0], "date": day, "document": docs[0] if docs else None},
                )
                if meeting.first is row:
                    self.meeting_dates.setdefault(bodies[0], set()).add(day)

    def _relationships(self) -> list[_Entity]:
        spec = _SPECS["relationships.csv"]
        labels = {k.label: name for name, k in KINDS.items()}
        found: list[_Entity] = []
        for row in self.rows.get(spec.name, []):
            self.check.required(
                row, spec, later=("actor", "kind", "target") if row.get("key") else ()
            )
            kind_text = row.get("kind")
            kind = _choose(kind_text, KINDS, labels) if kind_text else None
            if kind_text and kind is None:
                self.check.problem(
                    row,
                    "kind",
                    f"unknown relationship kind {kind_text!r}"
                    f"{_suggest(kind_text, KINDS)} (kinds: {', '.join(KINDS)})",
                )
            actors = self.check.ref(row, "actor", "body", "post", "person", many=True)
            targets = self.check.ref(row, "target", "body", "post", "person", many=True)
            handed_to = self.check.ref(row, "handed_to", "body", "post", "person", many=True)
            if handed_to and kind and kind != "hasNoInfluenceOver":
                self.check.problem(row, "handed_to", "only a hasNoInfluenceOver row hands a role")
            for column, keys in (("actor", actors), ("target", targets)):
                if len(set(keys)) != len(keys):
                    self.check.problem(row, column, "the same key is listed twice")
            observed_text = row.get("observed_frequency")
            observed: object = None
            if observed_text.startswith(MEETINGS_PREFIX):
                body = observed_text[len(MEETINGS_PREFIX) :].strip()
                if is_key(body):
                    self.check.refs.append(_Ref(row, "observed_frequency", body, ("meetings",)))
                    observed = (MEETINGS_PREFIX, body)
                else:
                    self.check.problem(row, "observed_frequency", f"malformed key {body!r}")
            else:
                observed = self.check.frequency(row, "observed_frequency")
            confidence = None
            if row.get("confidence"):
                try:
                    confidence = float(row.get("confidence"))
                    if not 0 <= confidence <= 1:
                        raise ValueError
                except ValueError:
                    self.check.problem(
                        row, "confidence", f"{row.get('confidence')!r} is not a number in 0-1"
                    )
                    confidence = None
            start, end = self.check.period(row)
            evidence = self.check.evidence(row, required=True)
            key = self._relationship_key(row, actors, kind, targets)
            if not key:
                continue
            values: dict[str, object] = {
                "kind": kind,
                "actors": tuple(actors),
                "targets": tuple(targets),
                "stated_frequency": self.check.frequency(row, "stated_frequency"),
                "observed_frequency": observed,
                "valid_from": start,
                "valid_until": end,
                "handed_to": tuple(handed_to),
                "confidence": confidence,
                "note": row.get("note"),
            }
            entity = self._define("relationship", key, row, values)
            if entity.first is row:
                found.append(entity)
            self._add_evidence(entity, evidence)
        return found

    def _relationship_key(
        self, row: _Row, actors: list[str], kind: str | None, targets: list[str]
    ) -> str | None:
        given = row.get("key")
        if given:
            key = given if "/" in given else f"relationship/{given}"
            if not is_key(key) or not key.startswith("relationship/"):
                self.check.problem(
                    row, "key", f"malformed key {given!r} (relationship/<id> or just <id>)"
                )
                return None
            return key
        if kind and actors and targets:
            return relationship_key(actors, kind, targets)
        return None

    # -- references
    def _resolve(self) -> None:
        for ref in self.check.refs:
            if "meetings" in ref.allowed:
                if ref.key not in self.meeting_dates:
                    self.check.problem(
                        ref.row, ref.field, f"no meetings of {ref.key} in meetings.csv"
                    )
                elif len(self.meeting_dates[ref.key]) < MIN_MEETINGS_FOR_FREQUENCY:
                    self.check.problem(
                        ref.row,
                        ref.field,
                        f"{len(self.meeting_dates[ref.key])} meeting date(s) of {ref.key}: "
                        f"at least {MIN_MEETINGS_FOR_FREQUENCY} are needed to infer a frequency",
                    )
                continue
            entity = self.defined.get(ref.key)
            if entity is not None:
                if entity.what not in ref.allowed:
                    wanted = " or ".join(ref.allowed)
                    self.check.problem(
                        ref.row, ref.field, f"{ref.key} is a {entity.what}, not a {wanted}"
                    )
                continue
            if ref.allowed == ("document",):
                self.check.problem(
                    ref.row, ref.field, f"unknown document {ref.key} (not in documents.csv)"
                )
            elif not is_real_identifier_key(ref.key):
                self.check.problem(
                    ref.row,
                    ref.field,
                    f"unknown key {ref.key}: define it in bodies.csv/people.csv, or use a "
                    "real-identifier key (la/NNN, school/URN, group/UID, region/..., "
                    "national/..., rsc/...)",
                )

    # -- records
    def _build(self, relationships: list[_Entity]) -> Arrangements:
        documents: list[Document] = []
        bodies: list[Body] = []
        posts: list[Post] = []
        people: list[Person] = []
        holdings: list[Holding] = []
        meetings: list[Meeting] = []
        for key, e in self.defined.items():
            v = e.values
            if self.check.problems:
                break
            if e.what == "document":
                documents.append(Document(key=key, **v))  # type: ignore[arg-type]
            elif e.what == "body":
                bodies.append(Body(key=key, evidence=tuple(e.evidence), **v))  # type: ignore[arg-type]
            elif e.what == "post":
                posts.append(
                    Post(
                        key=key,
                        kind=str(v["kind"]),
                        title=str(v["name"]),
                        post_in=str(v["part_of"]),
                        council=v["council"],  # type: ignore[arg-type]
                        alt_titles=v["alt_names"],  # type: ignore[arg-type]
                        note=v["note"] or None,  # type: ignore[arg-type]
                        evidence=tuple(e.evidence),
                    )
                )
            elif e.what == "person":
                people.append(Person(key=key, name=str(v["name"])))
            elif e.what == "holding":
                holdings.append(Holding(evidence=tuple(e.evidence), **v))  # type: ignore[arg-type]
            elif e.what == "meeting":
                meetings.append(Meeting(**v))  # type: ignore[arg-type]
        built: list[Relationship] = []
        for e in relationships if not self.check.problems else []:
            v = dict(e.values)
            observed = v.pop("observed_frequency")
            if isinstance(observed, tuple):
                observed = infer_frequency(self.meeting_dates[observed[1]])
            built.append(
                Relationship(
                    key=e.key,
                    observed_frequency=observed,  # type: ignore[arg-type]
                    evidence=tuple(e.evidence),
                    **v,  # type: ignore[arg-type]
                )
            )
        return Arrangements(
            folder=Path(),
            sha256="",
            documents=tuple(_clean(d) for d in documents),
            bodies=tuple(_clean(b) for b in bodies),
            posts=tuple(posts),
            people=tuple(people),
            holdings=tuple(holdings),
            relationships=tuple(_clean(r) for r in built),
            meetings=tuple(meetings),
        )


_R = TypeVar("_R", Document, Body, Relationship)


def _clean(record: _R) -> _R:
    """Empty strings become ``None`` so the mapper writes no empty literals."""
    changes: dict[str, Any] = {
        name: None
        for name in ("kind", "file_name", "sha256", "note", "title")
        if getattr(record, name, None) == ""
    }
    return replace(record, **changes) if changes else record


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return repr(";".join(value))
    if isinstance(value, dict):
        return repr(";".join(f"{k}={v}" for k, v in value.items()))
    return repr(str(value))


# --------------------------------------------------------------------------- loading

ProgressHook = Callable[[int, int], None]
"""Called with (quads written so far, total quads) during a load."""


def load_arrangements(
    store: Store,
    folder: str | Path,
    *,
    name: str,
    title: str | None = None,
    validate: bool = True,
    progress: ProgressHook | None = None,
) -> LoadReport:
    """Check *folder* and load it as the source *name*, atomically.

    The folder is parsed completely first: a folder with any problem raises
    :class:`ArrangementsError` and the store is not touched. The load itself
    replaces any earlier load of *name* in one transaction.

    >>> from graph.store import open_store
    >>> from pathlib import Path
    >>> store = open_store(memory=True)
    >>> seed = Path(__file__).parent / "seed"
    >>> report = load_arrangements(store, seed, name="seed-copy")
    >>> report.source.name, report.triples > 1000
    ('seed-copy', True)
    """
    from graph.store import SourceSpec

    arrangements = parse_arrangements(folder)
    spec = SourceSpec(
        name=name,
        title=title or f"Arrangements from {Path(folder).name}",
        loader=LOADER_NAME,
        loader_version=LOADER_VERSION,
        input=Path(folder).name,
        sha256=arrangements.sha256,
    )
    quads = list(dict.fromkeys(to_quads(arrangements.records, graph=spec.graph)))
    total = len(quads)
    hook = (lambda done: progress(done, total)) if progress else None
    return store.load_source(spec, quads, validate=validate, progress=hook)
