"""Typed records: what every loader produces and the one mapper turns into RDF.

Loaders parse their source into these records and never build triples
themselves; :mod:`loaders.mapper` is the only place that knows the RDF shape.

All references between records are *keys* (see :mod:`ontology.identifiers`),
e.g. ``"la/380"`` or ``"national/dfe"``. Kinds of body and post are the local
names of ``ov:`` classes (``"ScrutinyCommittee"``); relationship kinds are the
local names of ``kind:`` concepts (``"scrutinises"``); frequencies are the local
names of ``freq:`` concepts (``"termly"``).

>>> ev = Evidence(document="document/bradford-2017", sentence="The DD meets ...")
>>> rel = Relationship(key="relationship/x", kind="meetsWith", actors=("la/380/dd",),
...                    targets=("group/1",), stated_frequency="termly", evidence=(ev,))
>>> rel.kind, rel.stated_frequency
('meetsWith', 'termly')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "Body",
    "Document",
    "Evidence",
    "Holding",
    "Inspection",
    "Meeting",
    "Membership",
    "NeighbourLink",
    "Person",
    "Post",
    "Record",
    "Relationship",
    "RowIssue",
    "SourceAudit",
    "Succession",
]


@dataclass(frozen=True, slots=True)
class Document:
    """A source document (minutes, report, data file) that states facts."""

    key: str
    title: str
    date: date | None = None
    council: str | None = None
    kind: str | None = None
    file_name: str | None = None
    sha256: str | None = None
    extract_of: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Body:
    """An organisation: council, committee, board, trust, school, regulator...

    ``part_of`` is the body it is a sub-organisation of (a committee of its
    council, an RSC of the DfE); ``identifiers`` holds real codes by ``ov:``
    property local name, e.g. ``{"laCode": "380", "gssCode": "E08000032"}``.
    """

    key: str
    kind: str
    name: str
    alt_names: tuple[str, ...] = ()
    council: str | None = None
    part_of: str | None = None
    region: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    homepage: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)
    succeeded_by: str | None = None
    note: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    """Other literal-valued ``ov:`` properties by local name (``{"phase": "Primary"}``)."""
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Other ``ov:`` properties pointing at keys (``{"servesCouncil": ("la/380",)}``)."""
    evidence: tuple[Evidence, ...] = ()
    """Sentences of source documents that state the body exists (curated data)."""


@dataclass(frozen=True, slots=True)
class Post:
    """A position in a body (DCS, lead member, chair), distinct from its holders."""

    key: str
    kind: str
    title: str
    post_in: str
    council: str | None = None
    alt_titles: tuple[str, ...] = ()
    note: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    """A named public official. Names only: never contact details."""

    key: str
    name: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact is stated: the document, the sentence, and where in it."""

    document: str
    sentence: str
    locator: str | None = None
    also_in: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Holding:
    """A person holding a post for a period (``org:Membership`` style)."""

    person: str
    post: str
    valid_from: date | None = None
    valid_until: date | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Relationship:
    """An oversight relationship, reified so it can carry frequency and evidence.

    ``actors`` do the ``kind`` to the ``targets`` as the source states it ("the
    DD meets with the CEOs"; "the Director reports to the Board"). Whether the
    actor or the target is the overseer follows from the kind (see
    :mod:`ontology.vocabulary`). ``handed_to`` names, for a "has no influence
    over" statement, the bodies the source says undertake the role instead.
    """

    key: str
    kind: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    stated_frequency: str | None = None
    observed_frequency: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float | None = None
    handed_to: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Meeting:
    """A dated meeting of a body, from which observed frequencies are derived."""

    body: str
    date: date
    document: str | None = None


# --- national data (loaders/national) ---


@dataclass(frozen=True, slots=True)
class Membership:
    """A body that is a member of another, e.g. a school in an academy trust.

    Written as an ``org:Membership`` node (member, organisation, validity) plus
    the shortcut ``member org:memberOf organisation``. This is structural
    membership, not the ``memberOf`` oversight kind (a member sitting on a board).

    >>> Membership(member="school/100000", organization="group/16789").organization
    'group/16789'
    """

    member: str
    organization: str
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True, slots=True)
class Succession:
    """*predecessor* was replaced by *successor* (a school's old URN by its new one).

    >>> Succession(predecessor="school/1", successor="school/2").successor
    'school/2'
    """

    predecessor: str
    successor: str
    valid_from: date | None = None


@dataclass(frozen=True, slots=True)
class Inspection:
    """One inspection or visit by a regulator, with its judgements.

    ``relationship`` is the key of the ``inspects`` relationship it belongs to;
    ``judgements`` maps ``ov:`` property local names to grades
    (``{"overallEffectiveness": "Good"}``).

    >>> i = Inspection(key="la/380/inspection/2022-11-21", relationship="relationship/r",
    ...                inspector="national/ofsted", inspected="la/380",
    ...                start_date=date(2022, 11, 21), judgements={"overallEffectiveness": "Good"})
    >>> i.judgements["overallEffectiveness"]
    'Good'
    """

    key: str
    relationship: str
    inspector: str
    inspected: str
    start_date: date
    inspection_type: str | None = None
    publication_date: date | None = None
    judgements: dict[str, str] = field(default_factory=dict)
    report_url: str | None = None
    latest: bool = False
    theme: str | None = None
    document: str | None = None
    locator: str | None = None


@dataclass(frozen=True, slots=True)
class NeighbourLink:
    """*neighbour* is the *rank*-th statistical neighbour of *council* (DfE groupings).

    >>> NeighbourLink(council="la/331", neighbour="la/831", rank=1).rank
    1
    """

    council: str
    neighbour: str
    rank: int
    closeness: str | None = None


@dataclass(frozen=True, slots=True)
class RowIssue:
    """A row of an input file that was not loaded, and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class SourceAudit:
    """What a load of one source read, loaded and rejected (kept in its own graph).

    ``source`` is the source name (its graph is ``source/<name>``); ``expected``
    holds how many things of each category the source's rows describe
    (``{"councils": 153}``), which coverage compares with the store; ``skipped``
    counts rows left out on purpose by reason (a blank row, a link type that
    is not a succession); ``rejects`` lists the bad rows (only the first ones
    when ``rejected_total`` says there were more).

    >>> a = SourceAudit(source="gias-groups", rows_read=3, rows_loaded=2,
    ...                 rejects=(RowIssue("groups.csv", 4, "missing Group UID"),))
    >>> str(a.rejects[0])
    'groups.csv:4: missing Group UID'
    """

    source: str
    rows_read: int
    rows_loaded: int
    rejects: tuple[RowIssue, ...] = ()
    rejected_total: int | None = None
    skipped: dict[str, int] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)
    files: tuple[str, ...] = ()


Record = (
    Document
    | Body
    | Post
    | Person
    | Holding
    | Relationship
    | Meeting
    | Membership
    | Succession
    | Inspection
    | NeighbourLink
    | SourceAudit
)
"""Any record a loader may yield."""
