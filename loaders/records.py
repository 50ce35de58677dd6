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
    "Meeting",
    "Person",
    "Post",
    "Record",
    "Relationship",
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


@dataclass(frozen=True, slots=True)
class Post:
    """A position in a body (DCS, lead member, chair), distinct from its holders."""

    key: str
    kind: str
    title: str
    post_in: str
    council: str | None = None
    alt_titles: tuple[str, ...] = ()


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


Record = Document | Body | Post | Person | Holding | Relationship | Meeting
"""Any record a loader may yield."""
