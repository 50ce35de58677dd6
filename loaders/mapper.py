"""The one mapper from typed records to RDF quads.

Every loader yields :mod:`loaders.records`; this module alone decides how they
look in RDF, so the curated arrangements, the national open data and the
benchmark generator all produce the same shape:

* a body is ``a ov:<Kind>, ov:Body`` with ``rdfs:label``, ``skos:altLabel``,
  ``ov:council``, ``org:subOrganizationOf`` and its real identifiers;
* a post is ``a ov:<Kind>, ov:Post, org:Post`` with ``org:postIn``;
* a relationship is a node ``a ov:Relationship`` with ``ov:kind``, ``ov:actor``,
  ``ov:target``, the overseer/overseen (or ``ov:party`` for a symmetric meeting)
  derived from the kind's direction, frequencies, ``schema:validFrom`` /
  ``schema:validThrough`` and one ``ov:Evidence`` node per stating sentence; plus
  the direct shortcut triple ``actor ov:<kind> target`` for plain SPARQL.

>>> from loaders.records import Body, Relationship, Evidence
>>> from ontology.identifiers import iri_to_key
>>> quads = list(to_quads([
...     Body(key="la/380", kind="LocalAuthority", name="Bradford"),
...     Relationship(key="relationship/r1", kind="scrutinises", actors=("rsc/lwy",),
...                  targets=("la/380",), stated_frequency="termly",
...                  evidence=(Evidence(document="document/d", sentence="S."),)),
... ], graph="https://w3id.org/oversight/id/source/test"))
>>> shortcut = [q for q in quads if q.predicate.value.endswith("def#scrutinises")]
>>> [(iri_to_key(q.subject.value), iri_to_key(q.object.value)) for q in shortcut]
[('rsc/lwy', 'la/380')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from loaders.records import (
    Body,
    Document,
    Evidence,
    Holding,
    Inspection,
    Meeting,
    Membership,
    NeighbourLink,
    Person,
    Post,
    Record,
    Relationship,
    SourceAudit,
    Succession,
)
from ontology.identifiers import key_to_iri, slugify, source_iri
from ontology.namespaces import DCTERMS, FOAF, FREQ, KIND, ORG, OV, PROV, RDF, RDFS, SDO, SKOS, XSD
from ontology.vocabulary import FREQUENCIES, KINDS

__all__ = ["MappingError", "to_quads"]


class MappingError(ValueError):
    """A record that cannot be expressed in the ontology (unknown kind, frequency...)."""


def _n(iri: object) -> NamedNode:
    return NamedNode(str(iri))


_TYPE = _n(RDF.type)
_LABEL = _n(RDFS.label)
_COMMENT = _n(RDFS.comment)
_ALT = _n(SKOS.altLabel)
_XSD_DATE = _n(XSD.date)
_XSD_DECIMAL = _n(XSD.decimal)
_BODY = _n(OV.Body)
_POST = _n(OV.Post)
_ORG_POST = _n(ORG.Post)
_VALID_FROM = _n(SDO.validFrom)
_VALID_THROUGH = _n(SDO.validThrough)
_OV = str(OV._NS)


_OV_TERMS: dict[str, NamedNode] = {}


def _ov(local: str) -> NamedNode:
    term = _OV_TERMS.get(local)
    if term is None:
        term = _OV_TERMS[local] = NamedNode(_OV + local)
    return term


@lru_cache(maxsize=1 << 14)
def _shared_node(key: str) -> NamedNode:
    return NamedNode(key_to_iri(key))


def _node(key: str) -> NamedNode:
    return NamedNode(key_to_iri(key))


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=_XSD_DATE)


_CLASSES: dict[str, NamedNode] = {}


def _class(kind: str, what: str, key: str) -> NamedNode:
    term = _CLASSES.get(kind)
    if term is not None:
        return term
    if not kind or not kind[0].isupper() or not kind.isalnum():
        raise MappingError(f"{key}: {what} kind {kind!r} is not an ov: class name")
    try:
        term = _CLASSES[kind] = _n(getattr(OV, kind))
    except AttributeError:
        raise MappingError(f"{key}: unknown {what} kind {kind!r}") from None
    return term


def to_quads(records: Iterable[Record], *, graph: str) -> Iterator[Quad]:
    """Turn records into quads in the named graph *graph*.

    Raises :class:`MappingError` for a kind, class or frequency the ontology lacks.
    """
    g = NamedNode(graph)
    for record in records:
        for s, p, o in _triples(record):
            yield Quad(s, p, o, g)


Triple3 = tuple[NamedNode, NamedNode, NamedNode | Literal]


def _triples(record: Record) -> Iterator[Triple3]:
    if isinstance(record, Relationship):
        yield from _relationship(record)
    elif isinstance(record, Body):
        yield from _body(record)
    elif isinstance(record, Post):
        yield from _post(record)
    elif isinstance(record, Person):
        node = _node(record.key)
        yield node, _TYPE, _n(FOAF.Person)
        yield node, _n(FOAF.name), Literal(record.name)
        yield node, _LABEL, Literal(record.name)
    elif isinstance(record, Holding):
        yield from _holding(record)
    elif isinstance(record, Document):
        yield from _document(record)
    elif isinstance(record, Meeting):
        yield from _meeting(record)
    elif isinstance(record, Membership):
        yield from _membership(record)
    elif isinstance(record, Succession):
        yield _node(record.predecessor), _ov("succeededBy"), _node(record.successor)
    elif isinstance(record, Inspection):
        yield from _inspection(record)
    elif isinstance(record, NeighbourLink):
        yield from _neighbour(record)
    elif isinstance(record, SourceAudit):
        yield from _audit(record)
    else:  # pragma: no cover - the Record union is closed
        raise MappingError(f"not a record: {record!r}")


def _validity(node: NamedNode, start: date | None, end: date | None) -> Iterator[Triple3]:
    if start:
        yield node, _VALID_FROM, _date(start)
    if end:
        yield node, _VALID_THROUGH, _date(end)


def _body(body: Body) -> Iterator[Triple3]:
    node = _node(body.key)
    yield node, _TYPE, _class(body.kind, "body", body.key)
    yield node, _TYPE, _BODY
    yield node, _LABEL, Literal(body.name)
    for alt in body.alt_names:
        yield node, _ALT, Literal(alt)
    if body.council:
        yield node, _ov("council"), _shared_node(body.council)
    if body.part_of:
        yield node, _n(ORG.subOrganizationOf), _node(body.part_of)
    if body.region:
        yield node, _ov("region"), _node(body.region)
    if body.homepage:
        yield node, _n(FOAF.homepage), NamedNode(body.homepage)
    if body.succeeded_by:
        yield node, _ov("succeededBy"), _node(body.succeeded_by)
    if body.note:
        yield node, _COMMENT, Literal(body.note)
    for prop, value in sorted(body.identifiers.items()):
        yield node, _ov_checked(prop, body.key, "identifier property"), Literal(value)
    for prop, value in body.attributes.items():
        yield node, _ov_checked(prop, body.key), Literal(value)
    for prop, keys in body.links.items():
        predicate = _ov_checked(prop, body.key)
        for key in keys:
            yield node, predicate, _shared_node(key)
    yield from _validity(node, body.valid_from, body.valid_until)
    yield from _evidence(node, body.evidence)


def _post(post: Post) -> Iterator[Triple3]:
    node = _node(post.key)
    yield node, _TYPE, _class(post.kind, "post", post.key)
    yield node, _TYPE, _POST
    yield node, _TYPE, _ORG_POST
    yield node, _LABEL, Literal(post.title)
    for alt in post.alt_titles:
        yield node, _ALT, Literal(alt)
    yield node, _n(ORG.postIn), _node(post.post_in)
    if post.council:
        yield node, _ov("council"), _node(post.council)
    if post.note:
        yield node, _COMMENT, Literal(post.note)
    yield from _evidence(node, post.evidence)


def _holding(holding: Holding) -> Iterator[Triple3]:
    person, post = _node(holding.person), _node(holding.post)
    yield person, _n(ORG.holds), post
    yield post, _n(ORG.heldBy), person
    node = NamedNode(f"{post.value}/holder/{holding.person.rsplit('/', 1)[-1]}")
    yield node, _TYPE, _n(ORG.Membership)
    yield node, _n(ORG.member), person
    yield node, _n(ORG.role), post
    yield from _validity(node, holding.valid_from, holding.valid_until)
    yield from _evidence(node, holding.evidence)


def _document(doc: Document) -> Iterator[Triple3]:
    node = _node(doc.key)
    yield node, _TYPE, _ov("SourceDocument")
    yield node, _TYPE, _n(FOAF.Document)
    yield node, _n(DCTERMS.title), Literal(doc.title)
    yield node, _LABEL, Literal(doc.title)
    if doc.date:
        yield node, _n(DCTERMS.date), _date(doc.date)
    if doc.council:
        yield node, _ov("council"), _node(doc.council)
    if doc.kind:
        yield node, _ov("documentKind"), Literal(doc.kind)
    if doc.file_name:
        yield node, _ov("fileName"), Literal(doc.file_name)
    if doc.sha256:
        yield node, _ov("sha256"), Literal(doc.sha256)
    if doc.extract_of:
        yield node, _ov("extractOf"), _node(doc.extract_of)
    if doc.url:
        yield node, _n(FOAF.page), NamedNode(doc.url)
    if doc.note:
        yield node, _COMMENT, Literal(doc.note)


def _meeting(meeting: Meeting) -> Iterator[Triple3]:
    body = _node(meeting.body)
    day = meeting.date.isoformat()
    node = NamedNode(f"{body.value}/meeting/{day}")
    yield body, _ov("meetingDate"), _date(meeting.date)
    yield node, _TYPE, _ov("Meeting")
    yield node, _n(SDO.organizer), body
    yield node, _n(DCTERMS.date), _date(meeting.date)
    if meeting.document:
        yield node, _n(PROV.wasDerivedFrom), _node(meeting.document)


def _evidence(node: NamedNode, evidence: tuple[Evidence, ...]) -> Iterator[Triple3]:
    for number, ev in enumerate(evidence, start=1):
        ev_node = NamedNode(f"{node.value}/evidence/{number}")
        yield node, _ov("hasEvidence"), ev_node
        yield ev_node, _TYPE, _ov("Evidence")
        yield ev_node, _ov("sentence"), Literal(ev.sentence)
        for doc in (ev.document, *ev.also_in):
            yield ev_node, _ov("document"), _node(doc)
            yield node, _n(PROV.wasDerivedFrom), _node(doc)
        if ev.locator:
            yield ev_node, _ov("locator"), Literal(ev.locator)


def _frequency(rel: Relationship, name: str) -> NamedNode:
    if name not in FREQUENCIES:
        raise MappingError(f"{rel.key}: unknown frequency {name!r}")
    return _n(getattr(FREQ, name))


def _relationship(rel: Relationship) -> Iterator[Triple3]:
    kind = KINDS.get(rel.kind)
    if kind is None:
        raise MappingError(f"{rel.key}: unknown relationship kind {rel.kind!r}")
    if not rel.actors or not rel.targets:
        raise MappingError(f"{rel.key}: a relationship needs at least one actor and one target")
    node = _node(rel.key)
    actors = [_node(k) for k in rel.actors]
    targets = [_node(k) for k in rel.targets]
    yield node, _TYPE, _ov("Relationship")
    yield node, _ov("kind"), _n(getattr(KIND, rel.kind))
    for a in actors:
        yield node, _ov("actor"), a
    for t in targets:
        yield node, _ov("target"), t
    if kind.direction == "Mutual":
        for party in (*actors, *targets):
            yield node, _ov("party"), party
    elif kind.direction in ("ActorOversees", "TargetOversees"):
        overseers, overseen = (
            (actors, targets) if kind.direction == "ActorOversees" else (targets, actors)
        )
        for o in overseers:
            yield node, _ov("overseer"), o
        for o in overseen:
            yield node, _ov("overseen"), o
    shortcut = NamedNode(kind.shortcut)
    for a in actors:
        for t in targets:
            yield a, shortcut, t
            if kind.symmetric:
                yield t, shortcut, a
    if rel.stated_frequency:
        yield node, _ov("statedFrequency"), _frequency(rel, rel.stated_frequency)
    if rel.observed_frequency:
        yield node, _ov("observedFrequency"), _frequency(rel, rel.observed_frequency)
    yield from _validity(node, rel.valid_from, rel.valid_until)
    if rel.confidence is not None:
        yield node, _ov("confidence"), Literal(f"{rel.confidence:.3f}", datatype=_XSD_DECIMAL)
    for z in rel.handed_to:
        yield node, _ov("handedTo"), _node(z)
    if rel.note:
        yield node, _COMMENT, Literal(rel.note)
    yield from _evidence(node, rel.evidence)


# --- national data (loaders/national) ---

_CHECKED: dict[str, NamedNode] = {}


def _ov_checked(prop: str, key: str, what: str = "property") -> NamedNode:
    """``ov:<prop>``, refusing a property the vocabulary does not declare."""
    node = _CHECKED.get(prop)
    if node is None:
        if not hasattr(OV, prop):
            raise MappingError(f"{key}: unknown {what} {prop!r}")
        node = _CHECKED[prop] = _ov(prop)
    return node


def _membership(m: Membership) -> Iterator[Triple3]:
    member, organization = _node(m.member), _shared_node(m.organization)
    node = NamedNode(f"{member.value}/membership/{m.organization.replace('/', '-')}")
    yield member, _n(ORG.memberOf), organization
    yield node, _TYPE, _n(ORG.Membership)
    yield node, _n(ORG.member), member
    yield node, _n(ORG.organization), organization
    yield from _validity(node, m.valid_from, m.valid_until)


def _inspection(ins: Inspection) -> Iterator[Triple3]:
    node, rel = _node(ins.key), _node(ins.relationship)
    yield rel, _ov("hasInspection"), node
    if ins.latest:
        yield rel, _ov("latestInspection"), node
    yield node, _TYPE, _ov("Inspection")
    what = ins.inspection_type or "Inspection"
    yield node, _LABEL, Literal(f"{what} {ins.start_date.isoformat()}")
    yield node, _ov("inspectedBy"), _node(ins.inspector)
    yield node, _ov("inspectedBody"), _node(ins.inspected)
    yield node, _n(SDO.startDate), _date(ins.start_date)
    if ins.inspection_type:
        yield node, _ov("inspectionType"), Literal(ins.inspection_type)
    if ins.publication_date:
        yield node, _n(DCTERMS.issued), _date(ins.publication_date)
    for prop, grade in ins.judgements.items():
        yield node, _ov_checked(prop, ins.key), Literal(grade)
    if ins.theme:
        yield node, _ov("visitTheme"), Literal(ins.theme)
    if ins.report_url:
        yield node, _n(FOAF.page), NamedNode(ins.report_url)
    if ins.document:
        yield node, _n(PROV.wasDerivedFrom), _node(ins.document)
    if ins.locator:
        yield node, _ov("locator"), Literal(ins.locator)


def _neighbour(link: NeighbourLink) -> Iterator[Triple3]:
    council, neighbour = _shared_node(link.council), _shared_node(link.neighbour)
    node = NamedNode(f"{council.value}/statistical-neighbour/{link.rank}")
    yield council, _ov("statisticalNeighbour"), neighbour
    yield node, _TYPE, _ov("StatisticalNeighbourLink")
    yield node, _ov("council"), council
    yield node, _ov("neighbour"), neighbour
    yield node, _ov("rank"), Literal(link.rank)
    if link.closeness:
        yield node, _ov("closeness"), Literal(link.closeness)


def _audit(audit: SourceAudit) -> Iterator[Triple3]:
    source = NamedNode(source_iri(audit.source))
    rejected = audit.rejected_total if audit.rejected_total is not None else len(audit.rejects)
    yield source, _ov("rowsRead"), Literal(audit.rows_read)
    yield source, _ov("rowsLoaded"), Literal(audit.rows_loaded)
    yield source, _ov("rowsRejected"), Literal(rejected)
    for name in audit.files:
        yield source, _ov("fileName"), Literal(name)
    for number, issue in enumerate(audit.rejects, start=1):
        node = NamedNode(f"{source.value}/reject/{number}")
        yield source, _ov("rejectedRow"), node
        yield node, _TYPE, _ov("RejectedRow")
        yield node, _ov("fileName"), Literal(issue.file)
        yield node, _ov("line"), Literal(issue.line)
        yield node, _ov("reason"), Literal(issue.reason)
    for reason, count in sorted(audit.skipped.items()):
        node = NamedNode(f"{source.value}/skipped/{slugify(reason) or 'other'}")
        yield source, _ov("skippedRows"), node
        yield node, _TYPE, _ov("RowCount")
        yield node, _ov("reason"), Literal(reason)
        yield node, _ov("rowCount"), Literal(count)
    for category, count in sorted(audit.expected.items()):
        node = NamedNode(f"{source.value}/expected/{slugify(category) or 'other'}")
        yield source, _ov("expectedCount"), node
        yield node, _TYPE, _ov("RowCount")
        yield node, _ov("category"), Literal(category)
        yield node, _ov("rowCount"), Literal(count)
