"""The one mapper from typed records to RDF: N-Triples text, or quads parsed from it.

Every loader yields :mod:`loaders.records`; this module alone decides how they
look in RDF, so the curated arrangements, the national open data and the
benchmark generator all produce the same shape. It writes N-Triples text
(:func:`to_ntriples`, each term written as pyoxigraph writes it, see
:mod:`loaders.ntriples`), which the embedded store bulk-loads without a Python
object per term (three times faster to make than quads); :func:`to_quads`
parses that same text, so there is one mapping whichever is used:

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
from itertools import islice

from pyoxigraph import Quad, RdfFormat, parse

from loaders.ntriples import TermError, date_literal, iri, key_iri, literal, typed
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
from ontology.identifiers import InvalidKey, slugify, source_iri
from ontology.namespaces import DCTERMS, FOAF, FREQ, KIND, ORG, OV, PROV, RDF, RDFS, SDO, SKOS, XSD
from ontology.vocabulary import FREQUENCIES, KINDS

__all__ = ["CHUNK_LINES", "MappingError", "to_ntriples", "to_quads"]

CHUNK_LINES = 250_000
"""How many triples :func:`to_ntriples` puts in one chunk of text.

The embedded store bulk-writes each chunk as one batch: fewer, bigger batches
leave RocksDB less to compact (100,000 cost the national load about a second of
CPU more), and the batches in flight bound the load's memory (about 600 MiB)."""


class MappingError(ValueError):
    """A record that cannot be expressed in the ontology (unknown kind, frequency...)."""


def _n(term: object) -> str:
    return iri(str(term))


_TYPE = _n(RDF.type)
_LABEL = _n(RDFS.label)
_COMMENT = _n(RDFS.comment)
_ALT = _n(SKOS.altLabel)
_XSD_DECIMAL = str(XSD.decimal)
_BODY = _n(OV.Body)
_POST = _n(OV.Post)
_ORG_POST = _n(ORG.Post)
_VALID_FROM = _n(SDO.validFrom)
_VALID_THROUGH = _n(SDO.validThrough)
_OV = str(OV._NS)


_OV_TERMS: dict[str, str] = {}


def _ov(local: str) -> str:
    term = _OV_TERMS.get(local)
    if term is None:
        term = _OV_TERMS[local] = iri(_OV + local)
    return term


_node = key_iri
_shared_node = key_iri


def _child(node: str, path: str) -> str:
    """The IRI term of a node minted under *node* (``<…/evidence/1>``); *path* is a slug."""
    return f"{node[:-1]}/{path}>"


def _date(value: date) -> str:
    return date_literal(value)


_CLASSES: dict[str, str] = {}


def _class(kind: str, what: str, key: str) -> str:
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


def to_ntriples(records: Iterable[Record], *, chunk_lines: int = CHUNK_LINES) -> Iterator[str]:
    """Turn records into N-Triples text: chunks of at most *chunk_lines* whole lines.

    This is the mapper's one road; :func:`to_quads` parses what it writes. Raises
    :class:`MappingError` for a kind, class or frequency the ontology lacks, a
    malformed key or IRI, or text that is not valid Unicode.

    >>> from loaders.records import Person
    >>> text = "".join(to_ntriples([Person(key="la/380/person/ann", name='Ann "Nan" Lee')]))
    >>> print(text.replace("https://w3id.org/oversight/id/", "id:").replace("http://", ""))
    <id:la/380/person/ann> <www.w3.org/1999/02/22-rdf-syntax-ns#type> <xmlns.com/foaf/0.1/Person> .
    <id:la/380/person/ann> <xmlns.com/foaf/0.1/name> "Ann \\"Nan\\" Lee" .
    <id:la/380/person/ann> <www.w3.org/2000/01/rdf-schema#label> "Ann \\"Nan\\" Lee" .
    <BLANKLINE>
    """
    return _chunks(_lines(records, " .\n"), chunk_lines)


def to_quads(records: Iterable[Record], *, graph: str) -> Iterator[Quad]:
    """Turn records into quads in the named graph *graph* (what :func:`to_ntriples` writes).

    Raises :class:`MappingError` as :func:`to_ntriples` does.
    """
    end = f" {iri(graph)} .\n"
    for chunk in _chunks(_lines(records, end), CHUNK_LINES):
        yield from parse(chunk, format=RdfFormat.N_QUADS)


def _lines(records: Iterable[Record], end: str) -> Iterator[str]:
    for record in records:
        try:
            for s, p, o in _triples(record):
                yield f"{s} {p} {o}{end}"
        except (TermError, InvalidKey) as error:
            what = getattr(record, "key", type(record).__name__)
            raise MappingError(f"{what}: {error}") from None


def _chunks(lines: Iterator[str], size: int) -> Iterator[str]:
    while chunk := list(islice(lines, size)):
        yield "".join(chunk)


Triple3 = tuple[str, str, str]
"""Subject, predicate and object as N-Triples terms."""


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
        yield node, _n(FOAF.name), literal(record.name)
        yield node, _LABEL, literal(record.name)
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


def _validity(node: str, start: date | None, end: date | None) -> Iterator[Triple3]:
    if start:
        yield node, _VALID_FROM, _date(start)
    if end:
        yield node, _VALID_THROUGH, _date(end)


def _body(body: Body) -> Iterator[Triple3]:
    node = _node(body.key)
    yield node, _TYPE, _class(body.kind, "body", body.key)
    yield node, _TYPE, _BODY
    yield node, _LABEL, literal(body.name)
    for alt in body.alt_names:
        yield node, _ALT, literal(alt)
    if body.council:
        yield node, _ov("council"), _shared_node(body.council)
    if body.part_of:
        yield node, _n(ORG.subOrganizationOf), _node(body.part_of)
    if body.region:
        yield node, _ov("region"), _node(body.region)
    if body.homepage:
        yield node, _n(FOAF.homepage), iri(body.homepage)
    if body.succeeded_by:
        yield node, _ov("succeededBy"), _node(body.succeeded_by)
    if body.note:
        yield node, _COMMENT, literal(body.note)
    for prop, value in sorted(body.identifiers.items()):
        yield node, _ov_checked(prop, body.key, "identifier property"), typed(value)
    for prop, value in body.attributes.items():
        yield node, _ov_checked(prop, body.key), typed(value)
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
    yield node, _LABEL, literal(post.title)
    for alt in post.alt_titles:
        yield node, _ALT, literal(alt)
    yield node, _n(ORG.postIn), _node(post.post_in)
    if post.council:
        yield node, _ov("council"), _node(post.council)
    if post.note:
        yield node, _COMMENT, literal(post.note)
    yield from _evidence(node, post.evidence)


def _holding(holding: Holding) -> Iterator[Triple3]:
    person, post = _node(holding.person), _node(holding.post)
    yield person, _n(ORG.holds), post
    yield post, _n(ORG.heldBy), person
    node = _child(post, f"holder/{holding.person.rsplit('/', 1)[-1]}")
    yield node, _TYPE, _n(ORG.Membership)
    yield node, _n(ORG.member), person
    yield node, _n(ORG.role), post
    yield from _validity(node, holding.valid_from, holding.valid_until)
    yield from _evidence(node, holding.evidence)


def _document(doc: Document) -> Iterator[Triple3]:
    node = _node(doc.key)
    yield node, _TYPE, _ov("SourceDocument")
    yield node, _TYPE, _n(FOAF.Document)
    yield node, _n(DCTERMS.title), literal(doc.title)
    yield node, _LABEL, literal(doc.title)
    if doc.date:
        yield node, _n(DCTERMS.date), _date(doc.date)
    if doc.council:
        yield node, _ov("council"), _node(doc.council)
    if doc.kind:
        yield node, _ov("documentKind"), literal(doc.kind)
    if doc.file_name:
        yield node, _ov("fileName"), literal(doc.file_name)
    if doc.sha256:
        yield node, _ov("sha256"), literal(doc.sha256)
    if doc.extract_of:
        yield node, _ov("extractOf"), _node(doc.extract_of)
    if doc.url:
        yield node, _n(FOAF.page), iri(doc.url)
    if doc.note:
        yield node, _COMMENT, literal(doc.note)


def _meeting(meeting: Meeting) -> Iterator[Triple3]:
    body = _node(meeting.body)
    day = meeting.date.isoformat()
    node = _child(body, f"meeting/{day}")
    yield body, _ov("meetingDate"), _date(meeting.date)
    yield node, _TYPE, _ov("Meeting")
    yield node, _n(SDO.organizer), body
    yield node, _n(DCTERMS.date), _date(meeting.date)
    if meeting.document:
        yield node, _n(PROV.wasDerivedFrom), _node(meeting.document)


def _evidence(node: str, evidence: tuple[Evidence, ...]) -> Iterator[Triple3]:
    for number, ev in enumerate(evidence, start=1):
        ev_node = _child(node, f"evidence/{number}")
        yield node, _ov("hasEvidence"), ev_node
        yield ev_node, _TYPE, _ov("Evidence")
        yield ev_node, _ov("sentence"), literal(ev.sentence)
        for doc in (ev.document, *ev.also_in):
            yield ev_node, _ov("document"), _node(doc)
            yield node, _n(PROV.wasDerivedFrom), _node(doc)
        if ev.locator:
            yield ev_node, _ov("locator"), literal(ev.locator)


def _frequency(rel: Relationship, name: str) -> str:
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
    shortcut = iri(kind.shortcut)
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
        yield node, _ov("confidence"), f'"{rel.confidence:.3f}"^^<{_XSD_DECIMAL}>'
    for z in rel.handed_to:
        yield node, _ov("handedTo"), _node(z)
    if rel.note:
        yield node, _COMMENT, literal(rel.note)
    yield from _evidence(node, rel.evidence)


# --- national data (loaders/national) ---

_CHECKED: dict[str, str] = {}


def _ov_checked(prop: str, key: str, what: str = "property") -> str:
    """``ov:<prop>``, refusing a property the vocabulary does not declare."""
    node = _CHECKED.get(prop)
    if node is None:
        if not hasattr(OV, prop):
            raise MappingError(f"{key}: unknown {what} {prop!r}")
        node = _CHECKED[prop] = _ov(prop)
    return node


def _membership(m: Membership) -> Iterator[Triple3]:
    member, organization = _node(m.member), _shared_node(m.organization)
    node = _child(member, f"membership/{m.organization.replace('/', '-')}")
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
    yield node, _LABEL, literal(f"{what} {ins.start_date.isoformat()}")
    yield node, _ov("inspectedBy"), _node(ins.inspector)
    yield node, _ov("inspectedBody"), _node(ins.inspected)
    yield node, _n(SDO.startDate), _date(ins.start_date)
    if ins.inspection_type:
        yield node, _ov("inspectionType"), literal(ins.inspection_type)
    if ins.publication_date:
        yield node, _n(DCTERMS.issued), _date(ins.publication_date)
    for prop, grade in ins.judgements.items():
        yield node, _ov_checked(prop, ins.key), typed(grade)
    if ins.theme:
        yield node, _ov("visitTheme"), literal(ins.theme)
    if ins.report_url:
        yield node, _n(FOAF.page), iri(ins.report_url)
    if ins.document:
        yield node, _n(PROV.wasDerivedFrom), _node(ins.document)
    if ins.locator:
        yield node, _ov("locator"), literal(ins.locator)


def _neighbour(link: NeighbourLink) -> Iterator[Triple3]:
    council, neighbour = _shared_node(link.council), _shared_node(link.neighbour)
    node = _child(council, f"statistical-neighbour/{link.rank}")
    yield council, _ov("statisticalNeighbour"), neighbour
    yield node, _TYPE, _ov("StatisticalNeighbourLink")
    yield node, _ov("council"), council
    yield node, _ov("neighbour"), neighbour
    yield node, _ov("rank"), typed(link.rank)
    if link.closeness:
        yield node, _ov("closeness"), typed(link.closeness)


def _audit(audit: SourceAudit) -> Iterator[Triple3]:
    source = iri(source_iri(audit.source))
    rejected = audit.rejected_total if audit.rejected_total is not None else len(audit.rejects)
    yield source, _ov("rowsRead"), typed(audit.rows_read)
    yield source, _ov("rowsLoaded"), typed(audit.rows_loaded)
    yield source, _ov("rowsRejected"), typed(rejected)
    for name in audit.files:
        yield source, _ov("fileName"), literal(name)
    for number, issue in enumerate(audit.rejects, start=1):
        node = _child(source, f"reject/{number}")
        yield source, _ov("rejectedRow"), node
        yield node, _TYPE, _ov("RejectedRow")
        yield node, _ov("fileName"), literal(issue.file)
        yield node, _ov("line"), typed(issue.line)
        yield node, _ov("reason"), literal(issue.reason)
    for reason, count in sorted(audit.skipped.items()):
        node = _child(source, f"skipped/{slugify(reason) or 'other'}")
        yield source, _ov("skippedRows"), node
        yield node, _TYPE, _ov("RowCount")
        yield node, _ov("reason"), literal(reason)
        yield node, _ov("rowCount"), typed(count)
    for category, count in sorted(audit.expected.items()):
        node = _child(source, f"expected/{slugify(category) or 'other'}")
        yield source, _ov("expectedCount"), node
        yield node, _TYPE, _ov("RowCount")
        yield node, _ov("category"), literal(category)
        yield node, _ov("rowCount"), typed(count)
