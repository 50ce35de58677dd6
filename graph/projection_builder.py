"""Building the :class:`~graph.projection.Projection`, and keeping it up to date incrementally.

The projection is a function of the store's **facts**: quads with one of
:data:`PREDICATES` (types, labels, a relationship's kind, actors, targets and
frequencies, structural links...). Every fact belongs to its subject, and each
subject's facts alone decide what that subject contributes (:class:`Contribution`):
a node and its attributes, a relationship with its edges, a structural edge
(a membership), a source document, a ranked statistical neighbour.
:func:`assemble` joins the contributions into the networkx graph.

That makes the projection cheap to keep current. :class:`ProjectionBuilder`
remembers, for each source graph, its version (:meth:`graph.store.Store.source_versions`)
and which subjects have facts in it. When sources change, only the subjects of the
changed sources (before and after) are read again, with their facts from every
graph, and only their contributions are recomputed; the graph is then assembled
from the contributions, which costs a fraction of reading the store. The first
build, or one after a SPARQL update (which changes no source version — see
:meth:`ProjectionBuilder.reset`), reads every fact.

Rules kept from the facts (where a subject has several values of a property that
should have one, the smallest is kept, so every build gives the same answer):

* a **relationship** has a kind, at least one actor and at least one target
  (``ov:handedTo`` alone makes a subject a relationship, with no edges);
* a **body** is ``a ov:Body`` with an ``rdfs:label``; a **post** is ``a ov:Post``
  with a label and ``org:postIn``; a **person** is ``a foaf:Person`` with a label;
  classes, alternative labels, served councils and statistical neighbours also
  describe a node; a relationship or a source document is never a node itself;
* an ``org:Membership`` gives a structural edge from its role (a post held) or
  else its organisation to its member;
* a ``ov:StatisticalNeighbourLink`` gives its council a ranked neighbour.

>>> from graph.examples import example_store
>>> store = example_store()
>>> builder = ProjectionBuilder()
>>> first = builder(store)
>>> builder(store).graph.number_of_edges() == first.graph.number_of_edges()
True
>>> builder.last.read, builder.last.touched
('none', 0)
"""

from __future__ import annotations

import math
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from sys import intern
from typing import Any, Literal

import networkx as nx

from graph.backends.metadata import generation_token
from graph.edge_table import OPEN_END, OPEN_START, EdgeTable, day_span
from graph.node_table import NodeTable
from graph.projection import (
    DocumentInfo,
    EdgeData,
    Projection,
    RelationshipIndex,
    RelationshipInfo,
    edge_width,
    gc_paused,
    parse_date,
)
from graph.store import METADATA_GRAPH, Fact, Store
from ontology.identifiers import ID_PREFIX
from ontology.namespaces import DCTERMS, FOAF, ORG, OV, PROV, RDF, RDFS, SDO, SKOS
from ontology.vocabulary import FREQUENCIES, KINDS

__all__ = [
    "PREDICATES",
    "BuildReport",
    "Contribution",
    "ProjectionBuilder",
    "assemble",
    "contribution",
]

_OV = str(OV._NS)
_ORG = str(ORG)
_TYPE = str(RDF.type)
_LABEL = str(RDFS.label)
_ALT = str(SKOS.altLabel)
_FROM = str(SDO.validFrom)
_THROUGH = str(SDO.validThrough)
_DERIVED = str(PROV.wasDerivedFrom)
_DATE = str(DCTERMS.date)
_TITLE = str(DCTERMS.title)
_SUBORG = _ORG + "subOrganizationOf"
_POSTIN = _ORG + "postIn"
_MEMBER = _ORG + "member"
_ROLE = _ORG + "role"
_ORGANIZATION = _ORG + "organization"
_KIND = _OV + "kind"
_ACTOR = _OV + "actor"
_TARGET = _OV + "target"
_STATED = _OV + "statedFrequency"
_OBSERVED = _OV + "observedFrequency"
_HANDED = _OV + "handedTo"
_COUNCIL = _OV + "council"
_REGION = _OV + "region"
_LACODE = _OV + "laCode"
_NEIGHBOUR_OF = _OV + "statisticalNeighbour"
_NEIGHBOUR = _OV + "neighbour"
_RANK = _OV + "rank"
_SERVES = _OV + "servesCouncil"
_T_BODY = _OV + "Body"
_T_POST = _OV + "Post"
_T_ORG_POST = _ORG + "Post"
_T_PERSON = str(FOAF.Person)
_T_MEMBERSHIP = _ORG + "Membership"
_T_DOCUMENT = _OV + "SourceDocument"
_T_LINK = _OV + "StatisticalNeighbourLink"
_NOT_CLASSES = frozenset({_T_BODY, _T_POST, _OV + "Relationship", _T_ORG_POST})
_KIND_NS = "https://w3id.org/oversight/kind/"
_FREQ_NS = "https://w3id.org/oversight/frequency/"
_ID_CUT = len(ID_PREFIX)
_LA_PREFIX = re.compile(r"^(la/\d{3})(?:/|$)")
_Facts = dict[str, dict[str, list[str]]]

PREDICATES: tuple[str, ...] = (
    _TYPE, _LABEL, _ALT, _KIND, _ACTOR, _TARGET, _STATED, _OBSERVED, _FROM, _THROUGH,
    _DERIVED, _HANDED, _COUNCIL, _SUBORG, _REGION, _LACODE, _NEIGHBOUR_OF, _NEIGHBOUR,
    _RANK, _SERVES, _POSTIN, _MEMBER, _ROLE, _ORGANIZATION, _DATE, _TITLE,
)  # fmt: skip
"""The predicates whose quads the projection reads (its facts)."""

_UNUSED_CLASSES = frozenset({"Evidence", "Relationship", "Meeting", "Inspection"})
CLASSES: tuple[str, ...] = (
    _T_PERSON,
    _T_MEMBERSHIP,
    *(
        _OV + name
        for name in sorted(OV.__annotations__)
        if name[:1].isupper() and name not in _UNUSED_CLASSES
    ),
)
"""The ``rdf:type`` facts read: the ``ov:`` classes (bar the many evidence, relationship,
meeting and inspection nodes, known by other facts or not projected), people, memberships."""

Category = Literal["body", "post", "person", "unknown"]
StructuralEdge = tuple[str, str, str, EdgeData]
"""``(parent, child, edge key, data)`` of a structural edge."""

REREAD_SHARE = 0.3
"""When a change touches more than this share of all subjects (and more than
:data:`REREAD_MIN`), every fact is read again instead: one scan is then cheaper
than looking the subjects up one by one."""

REREAD_MIN = 5_000
"""Changes touching fewer subjects than this are always read subject by subject."""


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one subject's facts put into the projection (treated as immutable)."""

    key: str
    attrs: dict[str, Any] | None = None
    """Node attributes when the subject describes a node (``council`` before inheritance)."""
    neighbours: tuple[str, ...] = ()
    """Unranked statistical neighbours (``ov:statisticalNeighbour``)."""
    relationship: RelationshipInfo | None = None
    edges: tuple[tuple[str, str, EdgeData], ...] = ()
    """Edges of the relationship: ``(overseer, overseen, data)``, keyed by the relationship."""
    structural: tuple[StructuralEdge, ...] = ()
    """Structural edges this subject states (a membership, its own parents)."""
    document: DocumentInfo | None = None
    ranked: tuple[str, int, str] | None = None
    """``(council, rank, neighbour)`` of a statistical-neighbour link."""
    is_node: bool = False
    """True when the subject is a node: described, and neither relationship nor document."""
    mentions: tuple[str, ...] = ()
    """Nodes the contribution refers to, which must exist even if nothing describes them."""
    more: bool = False
    """True when there are structural edges, a document or neighbours (a shortcut for
    :func:`assemble`: most contributions are relationships, with none of them)."""
    span: tuple[int, int] = (OPEN_START, OPEN_END)
    """The relationship's validity as day numbers (for the :class:`EdgeTable`)."""


def _key(iri: str) -> str:
    """The key of an IRI, interned: every mention of a node shares one string.

    Hundreds of thousands of mentions then hold tens of thousands of strings, and
    the gap rules' lookups by key find them equal by identity, in a cache-sized set.
    """
    return intern(iri[_ID_CUT:] if iri.startswith(ID_PREFIX) else iri)


_day = lru_cache(maxsize=8192)(parse_date)


@lru_cache(maxsize=64)
def _direction(kind: str) -> str:
    known = KINDS.get(kind)
    return known.direction if known else "NoOversight"


def _per_year(freq: str | None) -> float | None:
    if freq is None or freq not in FREQUENCIES:
        return None
    return FREQUENCIES[freq].per_year


_width = lru_cache(maxsize=256)(edge_width)


def _first(values: list[str] | None) -> str | None:
    return min(values) if values else None


def _keys(values: list[str] | None) -> tuple[str, ...]:
    if not values:
        return ()
    if len(values) == 1:
        return (_key(values[0]),)
    return tuple(sorted({_key(v) for v in values}))


_SOMETHING = (_KIND, _HANDED, _TYPE, _NEIGHBOUR_OF, _SERVES)
"""A subject with none of these facts contributes nothing."""


def contribution(iri: str, by: Mapping[str, list[str]]) -> Contribution | None:
    """What subject *iri* contributes, from its facts: objects by predicate (``None``: nothing).

    >>> ov = "https://w3id.org/oversight/def#"
    >>> c = contribution("https://w3id.org/oversight/id/la/380", {
    ...     "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": [ov + "Body", ov + "LocalAuthority"],
    ...     "http://www.w3.org/2000/01/rdf-schema#label": ["Bradford"]})
    >>> c.key, c.is_node, c.attrs["cls"], c.attrs["council"]
    ('la/380', True, 'LocalAuthority', 'la/380')
    """
    if not any(p in by for p in _SOMETHING):
        return None
    key = _key(iri)
    types = set(by.get(_TYPE, ()))
    relationship, edges = _relationship(key, by)
    is_relationship = relationship is not None or _HANDED in by
    document = _document(key, by) if _T_DOCUMENT in types else None
    structural: list[StructuralEdge] = []
    if _T_MEMBERSHIP in types and _MEMBER in by:
        structural.extend(_membership(by))
    ranked = _ranked(by) if _T_LINK in types else None
    attrs, parents, post_in = _node(key, by, types)
    is_node = attrs is not None and not is_relationship and document is None
    if is_node:
        for parent in parents:
            if parent != key:
                structural.append(_structural_edge(parent, key, "subOrganizationOf", None, None))
        for body in post_in:
            if body != key:
                structural.append(_structural_edge(body, key, "postIn", None, None))
    if not (
        is_node or is_relationship or document or structural or ranked or by.get(_NEIGHBOUR_OF)
    ):
        return None
    mentions: list[str] = []
    if relationship is not None:
        mentions.extend(relationship.bodies)
    for parent, child, _, _ in structural:
        mentions.extend((parent, child))
    if ranked is not None:
        mentions.append(ranked[0])
    neighbours = _keys(by.get(_NEIGHBOUR_OF))
    return Contribution(
        key=key,
        attrs=attrs if is_node else None,
        neighbours=neighbours,
        relationship=relationship,
        edges=edges,
        structural=tuple(structural),
        document=document,
        ranked=ranked,
        is_node=is_node,
        mentions=tuple(dict.fromkeys(mentions)),
        more=bool(structural or document or neighbours or ranked),
        span=(
            day_span(relationship.valid_from, relationship.valid_until)
            if relationship
            else (OPEN_START, OPEN_END)
        ),
    )


def _relationship(
    key: str, by: Mapping[str, list[str]]
) -> tuple[RelationshipInfo | None, tuple[tuple[str, str, EdgeData], ...]]:
    kind_iri, actors, targets = _first(by.get(_KIND)), _keys(by.get(_ACTOR)), _keys(by.get(_TARGET))
    if kind_iri is None or not actors or not targets:
        return None, ()
    kind = kind_iri[len(_KIND_NS) :]
    if not kind:
        return None, ()
    direction = _direction(kind)
    overseers: tuple[str, ...] = ()
    overseen: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    if direction == "ActorOversees":
        overseers, overseen = actors, targets
    elif direction == "TargetOversees":
        overseers, overseen = targets, actors
    elif direction == "Mutual":
        parties = tuple(dict.fromkeys((*actors, *targets)))
    stated, observed = _first(by.get(_STATED)), _first(by.get(_OBSERVED))
    valid_from, valid_until = _first(by.get(_FROM)), _first(by.get(_THROUGH))
    info = RelationshipInfo(
        key=key,
        kind=kind,
        actors=actors,
        targets=targets,
        overseers=overseers,
        overseen=overseen,
        parties=parties,
        frequency=stated[len(_FREQ_NS) :] if stated else None,
        observed=observed[len(_FREQ_NS) :] if observed else None,
        valid_from=_day(valid_from) if valid_from else None,
        valid_until=_day(valid_until) if valid_until else None,
        sources=_keys(by.get(_DERIVED)),
        handed_to=_keys(by.get(_HANDED)),
    )
    return info, _relationship_edges(info, direction)


def _relationship_edges(
    rel: RelationshipInfo, direction: str
) -> tuple[tuple[str, str, EdgeData], ...]:
    """The edges of one relationship, overseer → overseen (both ways for a meeting)."""
    if direction == "NoOversight":
        return ()
    if direction == "Mutual":
        # the people on each side of the meeting see each other; co-actors ("the DCS
        # and DD meet with the RSC") do not meet each other by this statement
        meets = [(a, b) for a in rel.actors for b in rel.targets if a != b]
        pairs = meets + [(b, a) for a, b in meets]
    else:
        pairs = [(a, b) for a in rel.overseers for b in rel.overseen if a != b]
    if not pairs:
        return ()
    data: EdgeData = {
        "kind": rel.kind,
        "structural": False,
        "relationship": rel.key,
        "frequency": rel.frequency,
        "per_year": _per_year(rel.frequency),
        "observed": rel.observed,
        "width": _width(rel.frequency, rel.observed),
        "valid_from": rel.valid_from,
        "valid_until": rel.valid_until,
        "sources": rel.sources,
    }
    return tuple((u, v, data) for u, v in pairs)


def _document(key: str, by: Mapping[str, list[str]]) -> DocumentInfo:
    day, council = _first(by.get(_DATE)), _first(by.get(_COUNCIL))
    return DocumentInfo(
        key=key,
        title=_first(by.get(_TITLE)),
        date=_day(day) if day else None,
        council=_key(council) if council else None,
    )


def _membership(by: Mapping[str, list[str]]) -> list[StructuralEdge]:
    member, role, org = _first(by[_MEMBER]), _first(by.get(_ROLE)), _first(by.get(_ORGANIZATION))
    assert member is not None
    valid_from, valid_until = _first(by.get(_FROM)), _first(by.get(_THROUGH))
    start, end = (
        (_day(valid_from) if valid_from else None),
        (_day(valid_until) if valid_until else None),
    )
    child = _key(member)
    if role is not None:
        parent, kind = _key(role), "holds"
    elif org is not None:
        parent, kind = _key(org), "memberOfOrganisation"
    else:
        return []
    return [] if parent == child else [_structural_edge(parent, child, kind, start, end)]


def _ranked(by: Mapping[str, list[str]]) -> tuple[str, int, str] | None:
    council, neighbour, rank = (
        _first(by.get(_COUNCIL)),
        _first(by.get(_NEIGHBOUR)),
        _first(by.get(_RANK)),
    )
    if council is None or neighbour is None or rank is None:
        return None
    return _key(council), int(rank) if rank.isdigit() else 999, _key(neighbour)


def _node(
    key: str, by: Mapping[str, list[str]], types: set[str]
) -> tuple[dict[str, Any] | None, tuple[str, ...], tuple[str, ...]]:
    """Node attributes (``None`` when nothing describes a node), parents, bodies posted in."""
    is_body, is_post = _T_BODY in types, _T_POST in types
    labels = by.get(_LABEL)
    post_in = _keys(by.get(_POSTIN)) if is_post and labels else ()
    category: Category = "unknown"
    if is_body and labels:
        category = "body"
    elif post_in:
        category = "post"
    elif _T_PERSON in types and labels:
        category = "person"
    classes = (
        tuple(sorted(t[len(_OV) :] for t in types if t.startswith(_OV) and t not in _NOT_CLASSES))
        if is_body or is_post
        else ()
    )
    alt_labels = tuple(sorted(set(by.get(_ALT, ())))) if is_body or is_post else ()
    serves = _keys(by.get(_SERVES))
    described = category != "unknown" or classes or alt_labels or serves or _NEIGHBOUR_OF in by
    if not described:
        return None, (), ()
    body_facts = is_body and labels
    council = _first(by.get(_COUNCIL)) if body_facts or post_in else None
    region = _first(by.get(_REGION)) if body_facts else None
    valid_from = _first(by.get(_FROM)) if body_facts else None
    valid_until = _first(by.get(_THROUGH)) if body_facts else None
    parents = _keys(by.get(_SUBORG)) if body_facts else ()
    council_key = _key(council) if council else None
    if council_key is None:
        if "LocalAuthority" in classes:
            council_key = key
        else:
            match = _LA_PREFIX.match(key)
            council_key = match.group(1) if match else None
    attrs = {
        "label": (min(labels) if labels and category != "unknown" else None) or key,
        "alt_labels": alt_labels,
        "cls": classes[0] if classes else _default_class(category),
        "classes": classes,
        "category": category,
        "council": council_key,
        "serves": serves,
        "region": _key(region) if region else None,
        "la_code": _first(by.get(_LACODE)) if body_facts else None,
        "valid_from": _day(valid_from) if valid_from else None,
        "valid_until": _day(valid_until) if valid_until else None,
    }
    return attrs, parents, post_in


def _default_class(category: str) -> str:
    return {"body": "Body", "post": "Post", "person": "Person"}.get(category, "Unknown")


def _structural_edge(
    parent: str, child: str, kind: str, valid_from: date | None, valid_until: date | None
) -> StructuralEdge:
    return (
        parent,
        child,
        f"{kind}:{child}",
        {
            "kind": kind,
            "structural": True,
            "relationship": None,
            "frequency": None,
            "per_year": None,
            "observed": None,
            "width": math.inf,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "sources": (),
        },
    )


@lru_cache(maxsize=1 << 16)
def _unknown_attrs(key: str) -> dict[str, Any]:
    """Attributes of a node nothing describes (shared, like every attribute dictionary)."""
    match = _LA_PREFIX.match(key)
    return {
        "label": key,
        "alt_labels": (),
        "cls": "Unknown",
        "classes": (),
        "category": "unknown",
        "council": match.group(1) if match else None,
        "serves": (),
        "region": None,
        "la_code": None,
        "valid_from": None,
        "valid_until": None,
    }


def assemble(
    contributions: Mapping[str, Contribution],
    order: Iterable[str],
    *,
    generation: str | None = None,
    started: float | None = None,
) -> Projection:
    """Join contributions (taken in *order*, a list of their subjects) into a :class:`Projection`.

    Node attribute and edge data dictionaries are shared with the contributions,
    not copied: nothing may change them in place.
    """
    started = time.perf_counter() if started is None else started
    graph = nx.MultiDiGraph()
    nodes, succ, pred = graph._node, graph._succ, graph._pred
    infos: dict[str, RelationshipInfo] = {}
    documents: dict[str, DocumentInfo] = {}
    unranked: dict[str, tuple[str, ...]] = {}
    ranked: dict[str, list[tuple[int, str]]] = defaultdict(list)
    parts: dict[str, list[str]] = defaultdict(list)
    edges: list[tuple[str, str, tuple[int, int], EdgeData]] = []
    for c in map(contributions.__getitem__, order):
        key = c.key
        if c.is_node:
            attrs = c.attrs
            if key not in nodes:
                succ[key], pred[key] = {}, {}
            nodes[key] = attrs
        for mentioned in c.mentions:
            if mentioned not in nodes:
                nodes[mentioned] = _unknown_attrs(mentioned)
                succ[mentioned], pred[mentioned] = {}, {}
        if c.relationship is not None:
            infos[key] = c.relationship
            span = c.span
            for u, v, data in c.edges:
                keyed = succ[u].get(v)
                if keyed is None:
                    keyed = succ[u][v] = pred[v][u] = {}
                if key not in keyed:  # a meeting's pairs can repeat
                    keyed[key] = data
                    edges.append((u, v, span, data))
        if not c.more:
            continue
        for parent, child, edge_key, data in c.structural:
            known = parts[child]
            if parent not in known:
                known.append(parent)
            keyed = succ[parent].get(child)
            if keyed is None:
                keyed = succ[parent][child] = pred[child][parent] = {}
            if edge_key not in keyed:  # the first statement of a structural link is kept
                keyed[edge_key] = data
                edges.append(
                    (parent, child, day_span(data["valid_from"], data["valid_until"]), data)
                )
        if c.document is not None:
            documents[key] = c.document
        if c.neighbours:
            unranked[key] = c.neighbours
        if c.ranked is not None:
            council, rank, neighbour = c.ranked
            ranked[council].append((rank, neighbour))
    nx._clear_cache(graph)
    _inherit_councils(nodes, parts)
    neighbours = {
        council: tuple(
            dict.fromkeys(
                [k for _, k in sorted(ranked.get(council, ()))] + list(unranked.get(council, ()))
            )
        )
        for council in sorted(ranked.keys() | unranked.keys())
    }
    structural_parents = {child: tuple(parents) for child, parents in parts.items()}
    return Projection(
        graph,
        infos,
        documents,
        neighbours,
        structural_parents,
        generation=generation,
        seconds=time.perf_counter() - started,
        edge_table=EdgeTable.build(nodes, edges),
        node_table=NodeTable.of(nodes, structural_parents),
        relationship_index=RelationshipIndex.of(infos.values()),
    )


def _inherit_councils(nodes: dict[str, dict[str, Any]], parts: Mapping[str, list[str]]) -> None:
    """Posts and sub-bodies with no council of their own take their structural parent's.

    Attribute dictionaries are shared with contributions, so a changed one is copied.
    """
    for _ in range(3):
        changed = False
        for node, parents in parts.items():
            attrs = nodes[node]
            if attrs["council"] is not None:
                continue
            for parent in parents:
                council = nodes[parent]["council"]
                if council:
                    nodes[node] = {**attrs, "council": council}
                    changed = True
                    break
        if not changed:
            break


@dataclass(frozen=True, slots=True)
class BuildReport:
    """How the last build read the store: ``all`` facts, ``changed`` sources, or ``none``."""

    read: Literal["all", "changed", "none"]
    sources: int = 0
    """Source graphs read again (changed, added or removed)."""
    touched: int = 0
    """Subjects whose facts were read again."""
    seconds: float = 0.0


@dataclass
class _State:
    versions: dict[str, str]
    units: dict[str, frozenset[str]]
    """Subjects (IRIs) with facts in each graph (``""``: the default graph)."""
    contributions: dict[str, Contribution]
    order: list[str] = field(default_factory=list)
    """The subjects of ``contributions``, sorted (so every build assembles alike)."""


class ProjectionBuilder:
    """Builds projections of one store, re-reading only what changed since the last build.

    Call it with the store (it is a ``builder`` for :class:`~graph.projection.ProjectionCache`).
    Not thread-safe: the cache calls it under its lock. :attr:`last` says what
    the last call read.
    """

    def __init__(self, *, reread_share: float = REREAD_SHARE, reread_min: int = REREAD_MIN) -> None:
        self.reread_share = reread_share
        self.reread_min = reread_min
        self._state: _State | None = None
        self._resets = 0
        self.last = BuildReport("none")

    def reset(self) -> None:
        """Forget what was read: the next build reads every fact (after a SPARQL update).

        Safe to call while a build runs: what that build read is not kept.
        """
        self._resets += 1
        self._state = None

    def __call__(self, store: Store) -> Projection:
        started = time.perf_counter()
        resets = self._resets
        versions = store.source_versions()  # first: a load committed later is seen next time
        with gc_paused():
            state = self._state
            if state is None or not self._refresh(store, state, versions, started):
                state = self._state = _read_all(store, versions)
                self.last = BuildReport(
                    "all", len(versions), len(state.contributions), time.perf_counter() - started
                )
            if self._resets != resets:  # the store was written meanwhile: keep nothing
                self._state = None
            return assemble(
                state.contributions,
                state.order,
                generation=generation_token(versions),
                started=started,
            )

    def _refresh(
        self, store: Store, state: _State, versions: dict[str, str], started: float
    ) -> bool:
        """Re-read the subjects of changed graphs; False when reading everything is cheaper."""
        if versions == state.versions:
            self.last = BuildReport("none", seconds=time.perf_counter() - started)
            return True
        changed = {
            g
            for g in versions.keys() | state.versions.keys()
            if versions.get(g) != state.versions.get(g)
        }
        # graphs that are not sources (the metadata graph, ...) have no version: read them again
        changed |= {g for g in state.units if g and g not in versions}
        changed.add(METADATA_GRAPH)
        limit = max(self.reread_min, self.reread_share * len(state.contributions))
        if sum(len(state.units.get(graph, ())) for graph in changed) > limit:
            return False  # before reading anything: the changed graphs were big
        units = dict(state.units)
        touched: set[str] = set()
        read: list[Fact] = []
        for graph in changed:
            touched.update(units.pop(graph, ()))
            in_graph = list(store.facts(PREDICATES, graph=graph, classes=CLASSES))
            subjects = frozenset(s for _, s, _, _ in in_graph)
            if subjects:
                units[graph] = subjects
                touched |= subjects
                read.extend(in_graph)
        if len(touched) > limit:
            return False
        # the touched subjects' facts in graphs that did not change are read subject by subject
        elsewhere: set[str] = set()
        for graph, subjects in units.items():
            if graph not in changed:
                elsewhere |= subjects & touched
        unchanged = units.keys() - changed
        read.extend(
            fact
            for fact in store.facts(PREDICATES, subjects=sorted(elsewhere), classes=CLASSES)
            if fact[0] in unchanged
        )
        contributions = state.contributions
        added = _recompute(contributions, touched, _grouped(read))
        if added or len(state.order) != len(contributions):
            state.order = sorted(s for s in (*state.order, *added) if s in contributions)
        state.versions, state.units = versions, units
        self.last = BuildReport(
            "changed", len(changed), len(touched), time.perf_counter() - started
        )
        return True


def _recompute(
    contributions: dict[str, Contribution], subjects: Iterable[str], facts: _Facts
) -> list[str]:
    """Replace the *subjects*' contributions by what their *facts* make; return the new subjects."""
    added = []
    for subject in subjects:
        found = facts.get(subject)
        made = contribution(subject, found) if found else None
        if made is None:
            contributions.pop(subject, None)
        else:
            if subject not in contributions:
                added.append(subject)
            contributions[subject] = made
    return added


def _grouped(facts: Iterable[Fact]) -> _Facts:
    """Facts by subject, then predicate."""
    grouped: _Facts = {}
    for _, s, p, o in facts:
        by = grouped.get(s)
        if by is None:
            grouped[s] = {p: [o]}
            continue
        objects = by.get(p)
        if objects is None:
            by[p] = [o]
        else:
            objects.append(o)
    return grouped


def _runs(facts: Iterable[Fact]) -> Iterator[tuple[str, str, dict[str, list[str]]]]:
    """``(graph, subject, facts by predicate)`` for each run of one subject's facts in one graph.

    >>> facts = [("g", "a", "p", "1"), ("g", "a", "p", "2"), ("g", "b", "q", "3")]
    >>> [(s, by) for _, s, by in _runs(facts)]
    [('a', {'p': ['1', '2']}), ('b', {'q': ['3']})]
    """
    graph = subject = ""
    by: dict[str, list[str]] = {}
    for g, s, p, o in facts:
        if s != subject or g != graph:
            if by:
                yield graph, subject, by
            graph, subject, by = g, s, {}
        objects = by.get(p)
        if objects is None:
            by[p] = [o]
        else:
            objects.append(o)
    if by:
        yield graph, subject, by


def _read_all(store: Store, versions: dict[str, str]) -> _State:
    """Read every fact, one subject at a time (:meth:`Store.facts` keeps a subject's facts
    in a graph together), so the facts never all sit in memory at once.

    A subject met again (in another graph, or out of order) is read once more on its
    own at the end, with its facts from every graph.
    """
    units: dict[str, set[str]] = defaultdict(set)
    contributions: dict[str, Contribution] = {}
    seen: set[str] = set()
    again: set[str] = set()
    for graph, subject, by in _runs(store.facts(PREDICATES, classes=CLASSES)):
        units[graph].add(subject)
        if subject in seen:
            again.add(subject)
            continue
        seen.add(subject)
        made = contribution(subject, by)
        if made is not None:
            contributions[subject] = made
    del seen
    facts = store.facts(PREDICATES, subjects=sorted(again), classes=CLASSES)
    _recompute(contributions, again, _grouped(facts))
    return _State(
        versions=versions,
        units={g: frozenset(s) for g, s in units.items()},
        contributions=contributions,
        order=sorted(contributions),
    )
