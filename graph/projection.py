"""The oversight relationships of the store as a networkx graph, for paths and gaps.

SPARQL is awkward for "every chain from this academy up to the Secretary of
State"; networkx is not. :func:`build_projection` reads every relationship node,
every structural link and every body, post and person from the store (see
:mod:`graph.projection_builder`, which also keeps it current incrementally) and
builds a :class:`networkx.MultiDiGraph` whose edges run **overseer → overseen**:

* a relationship whose kind has a direction (``scrutinises``, ``reportsTo`` ...)
  gives one edge per overseer × overseen pair, keyed by the relationship key;
* ``meetsWith`` (symmetric) gives edges both ways between each actor and each target
  (co-actors of one meeting are not joined by it);
* ``hasNoInfluenceOver`` and ``declaredInterestIn`` are *statements*, never edges
  (see :attr:`Projection.statements`);
* structural links are "accountable to" links from child to parent, so they
  become edges parent → child marked ``structural=True``: a committee
  ``org:subOrganizationOf`` its council, a post ``org:postIn`` its body, a person
  holding a post, a school that is a member (``org:Membership``) of a trust;
* a relationship in which a body oversees itself gives no edge (see the cycle rule
  in :mod:`graph.paths`).

Edge attributes: ``kind``, ``structural``, ``relationship`` (key), ``frequency``
(stated concept name), ``per_year`` (its meetings per year), ``observed`` (the
observed frequency), ``width`` (see below), ``valid_from``, ``valid_until``,
``sources`` (document keys). Node attributes: ``label``, ``alt_labels``, ``cls``
(the ``ov:`` class, e.g. ``"MultiAcademyTrust"``), ``category`` (``body``,
``post``, ``person`` or ``unknown``), ``council`` (key of the local authority),
``serves`` (councils a trust or hub serves, ``ov:servesCouncil``), ``region``,
``la_code``, ``valid_from``, ``valid_until``. Nodes are keys
(:mod:`ontology.identifiers`), e.g. ``"la/380"``.

How often is anyone looking? — the ``width`` of an edge
---------------------------------------------------------
``width`` is the number of meetings a year an edge guarantees, used by the
widest-path (weakest link) search and the ``min_per_year`` filter:

* a stated frequency with meetings per year counts as stated (``termly`` → 3);
* an observed frequency (from meeting dates) counts too: the width is the larger
  of the stated and the observed meetings per year;
* **"as required"** guarantees no meeting: width **0**;
* **"unspecified"** ("regular", not stated) is unknown, and unknown is no
  guarantee: width **0** (answers still name the frequency, so a reader sees
  *unspecified*, not *never*);
* **structural** edges (a committee of its council, a post in its body) carry no
  frequency limit: width **infinity**, never the weakest link.

Views
-----
:meth:`Projection.view` returns an :class:`OversightView`: the same graph seen
through an :class:`EdgeFilter` — valid "as of" a date (relationship and body
validity intervals; open ends are unbounded), restricted to some relationship
kinds, or to edges with at least ``min_per_year`` meetings. Views do not copy the
graph; :meth:`OversightView.subgraph` materialises one when a whole-graph
algorithm needs it (cached on the projection).

:class:`ProjectionCache` rebuilds the projection only when
:meth:`graph.store.Store.generation` changes, and then re-reads only the sources
that changed (:class:`graph.projection_builder.ProjectionBuilder`).

>>> from graph.examples import example_store
>>> projection = build_projection(example_store())
>>> projection.graph.nodes["la/380"]["label"]
'City of Bradford Metropolitan District Council'
>>> edge = projection.best_edge("la/380/deputy-director", "group/1001")
>>> edge["kind"], edge["frequency"], edge["per_year"]
('meetsWith', 'termly', 3.0)
>>> projection.view(min_per_year=4).best_edge("la/380/deputy-director", "group/1001") is None
True
"""

from __future__ import annotations

import gc
import math
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Container, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from graph.edge_table import EdgeTable
from graph.errors import InvalidQuery, NodeNotFound
from graph.node_table import NodeTable
from graph.store import Store
from ontology.identifiers import iri_to_key
from ontology.vocabulary import FREQUENCIES, KINDS

__all__ = [
    "STRUCTURAL_KINDS",
    "DocumentInfo",
    "EdgeData",
    "EdgeFilter",
    "OversightView",
    "Projection",
    "ProjectionCache",
    "RelationshipIndex",
    "RelationshipInfo",
    "build_projection",
    "edge_width",
    "gc_paused",
    "parse_date",
    "settle_heap",
]

EdgeData = dict[str, Any]
"""The attribute dictionary of one edge (see the module docstring)."""

STRUCTURAL_KINDS = ("subOrganizationOf", "postIn", "holds", "memberOfOrganisation")
"""Kinds given to structural edges (parent → child; never a frequency limit)."""

Category = Literal["body", "post", "person", "unknown"]

_GC_LOCK = threading.Lock()
_GC_DEPTH = [0, False]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a big structure is built or scanned.

    With a projection of a million objects alive, the collector's periodic passes
    double the time of allocation-heavy work (the build, dominators, gap rules).
    Nothing here creates reference cycles worth collecting mid-way; the collector
    resumes (without a forced pass) when the outermost pause ends. Safe to nest and
    to use from several threads.

    >>> with gc_paused():
    ...     gc.isenabled()
    False
    """
    with _GC_LOCK:
        if _GC_DEPTH[0] == 0:
            _GC_DEPTH[1] = gc.isenabled()
            gc.disable()
        _GC_DEPTH[0] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_DEPTH[0] -= 1
            if _GC_DEPTH[0] == 0 and _GC_DEPTH[1]:
                gc.enable()


def parse_date(text: str | None) -> date | None:
    """Read an ``xsd:date``, ``xsd:dateTime`` or ``xsd:gYear`` lexical form.

    >>> parse_date("2017-06-27"), parse_date("2015-07-22T18:00:00"), parse_date("2021")
    (datetime.date(2017, 6, 27), datetime.date(2015, 7, 22), datetime.date(2021, 1, 1))
    >>> parse_date("soon") is None
    True
    """
    if not text:
        return None
    try:
        if len(text) == 4 and text.isdigit():
            return date(int(text), 1, 1)
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _per_year(freq: str | None) -> float | None:
    if freq is None or freq not in FREQUENCIES:
        return None
    return FREQUENCIES[freq].per_year


def edge_width(stated: str | None, observed: str | None = None) -> float:
    """Guaranteed meetings a year of a relationship: the rule in the module docstring.

    >>> edge_width("termly"), edge_width("asRequired"), edge_width("unspecified")
    (3.0, 0.0, 0.0)
    >>> edge_width("asRequired", observed="monthly"), edge_width(None)
    (12.0, 0.0)
    """
    return max(_per_year(stated) or 0.0, _per_year(observed) or 0.0)


_width = lru_cache(maxsize=256)(edge_width)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A source document: title, date and council."""

    key: str
    title: str | None = None
    date: date | None = None
    council: str | None = None


@dataclass(frozen=True, slots=True)
class RelationshipInfo:
    """A relationship node as read from the store (every kind, edges or not)."""

    key: str
    kind: str
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    overseers: tuple[str, ...] = ()
    overseen: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    frequency: str | None = None
    observed: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    sources: tuple[str, ...] = ()
    handed_to: tuple[str, ...] = ()

    @property
    def per_year(self) -> float | None:
        """Meetings a year of the stated frequency (``None``: not guaranteed or unknown)."""
        return _per_year(self.frequency)

    @property
    def width(self) -> float:
        """Guaranteed meetings a year (see :func:`edge_width`)."""
        return _width(self.frequency, self.observed)

    @property
    def direction(self) -> str:
        """The kind's oversight direction: ActorOversees, TargetOversees, Mutual, NoOversight."""
        return _direction(self.kind)

    @property
    def bodies(self) -> tuple[str, ...]:
        """Every key the relationship names (actors, targets, parties, handed-to), once."""
        # overseers, overseen and parties are drawn from the actors and targets
        return tuple(dict.fromkeys((*self.actors, *self.targets, *self.handed_to)))

    def valid_on(self, day: date | None) -> bool:
        """True when *day* is inside the validity interval (open ends unbounded).

        >>> RelationshipInfo("r", "scrutinises", valid_until=date(2020, 1, 1)).valid_on(
        ...     date(2021, 1, 1))
        False
        """
        if day is None:
            return True
        if self.valid_from is not None and self.valid_from > day:
            return False
        return not (self.valid_until is not None and self.valid_until < day)


@dataclass(frozen=True, slots=True, eq=False)
class RelationshipIndex:
    """The relationships by kind, and by each source document they cite.

    >>> index = RelationshipIndex.of([RelationshipInfo("r", "scrutinises", sources=("d1", "d2"))])
    >>> [r.key for r in index.by_kind["scrutinises"]], sorted(index.by_source)
    (['r'], ['d1', 'd2'])
    """

    by_kind: dict[str, list[RelationshipInfo]]
    by_source: dict[str, list[RelationshipInfo]]

    @classmethod
    def of(cls, relationships: Iterable[RelationshipInfo]) -> RelationshipIndex:
        """Index *relationships* (each listed under every source it cites)."""
        by_kind: dict[str, list[RelationshipInfo]] = defaultdict(list)
        by_source: dict[str, list[RelationshipInfo]] = defaultdict(list)
        for rel in relationships:
            by_kind[rel.kind].append(rel)
            for source in rel.sources:
                by_source[source].append(rel)
        return cls(dict(by_kind), dict(by_source))


@dataclass(frozen=True, slots=True)
class EdgeFilter:
    """Which edges and nodes a view keeps. Hashable, so results can be cached per filter.

    * ``as_of``: keep edges and nodes valid on that date;
    * ``kinds``: keep only relationship edges of these kinds (structural edges are
      governed by ``structural``);
    * ``min_per_year``: keep relationship edges guaranteeing at least that many
      meetings a year (as required and unspecified guarantee 0);
    * ``structural``: keep the structural parent → child edges.

    >>> EdgeFilter(kinds=frozenset({"scrutinises"})).accepts(
    ...     {"structural": False, "kind": "meetsWith", "width": 3.0,
    ...      "valid_from": None, "valid_until": None})
    False
    """

    as_of: date | None = None
    kinds: frozenset[str] | None = None
    min_per_year: float | None = None
    structural: bool = True

    @classmethod
    def of(
        cls,
        *,
        as_of: date | None = None,
        kinds: Iterable[str] | None = None,
        min_per_year: float | None = None,
        structural: bool = True,
    ) -> EdgeFilter:
        """Build a filter, refusing unknown or non-oversight kinds with :class:`InvalidQuery`.

        >>> EdgeFilter.of(kinds=["inspects", "scrutinises"]).kinds == {"inspects", "scrutinises"}
        True
        >>> EdgeFilter.of(kinds=["likes"])
        Traceback (most recent call last):
        ...
        graph.errors.InvalidQuery: unknown relationship kind 'likes'; known oversight kinds: ...
        """
        chosen: frozenset[str] | None = None
        if kinds is not None:
            chosen = frozenset(kinds)
            known = sorted(k for k, v in KINDS.items() if v.direction != "NoOversight")
            for kind in sorted(chosen):
                if kind not in known:
                    raise InvalidQuery(
                        f"unknown relationship kind {kind!r}; known oversight kinds: "
                        + ", ".join(known)
                    )
        if min_per_year is not None and (math.isnan(min_per_year) or min_per_year < 0):
            raise InvalidQuery(f"min_per_year must be zero or more, got {min_per_year!r}")
        return cls(as_of=as_of, kinds=chosen, min_per_year=min_per_year, structural=structural)

    @property
    def is_trivial(self) -> bool:
        """True when the filter keeps everything."""
        return (
            self.as_of is None
            and self.kinds is None
            and self.min_per_year is None
            and self.structural
        )

    def accepts(self, data: EdgeData) -> bool:
        """True when the edge with attributes *data* passes the filter."""
        if data["structural"]:
            if not self.structural:
                return False
        else:
            if self.kinds is not None and data["kind"] not in self.kinds:
                return False
            if self.min_per_year is not None and data["width"] < self.min_per_year:
                return False
        day = self.as_of
        if day is not None:
            start, end = data["valid_from"], data["valid_until"]
            if start is not None and start > day:
                return False
            if end is not None and end < day:
                return False
        return True

    def accepts_node(self, attrs: dict[str, Any]) -> bool:
        """True when the node is valid on ``as_of`` (always true without a date)."""
        day = self.as_of
        if day is None:
            return True
        start, end = attrs.get("valid_from"), attrs.get("valid_until")
        return not ((start is not None and start > day) or (end is not None and end < day))


class Projection:
    """The projected graph plus the tables the algorithms need.

    Attributes
    ----------
    graph : networkx.MultiDiGraph
        Edges overseer → overseen (see the module docstring).
    relationships : dict
        Every relationship node by key, including statements that give no edge.
    statements : list of str
        Keys of the relationships whose kind gives no edge (``hasNoInfluenceOver``,
        ``declaredInterestIn``).
    documents : dict
        Source documents by key.
    neighbours : dict
        Statistical neighbours of a local authority (keys), as loaded.
    structural_parents : dict
        For each node with structural parents (the body it is part of, the post a
        person holds...), those parents, whatever their dates.
    generation : str or None
        The store generation the projection was built from.
    edge_table : EdgeTable
        The edges again, as flat columns for whole-graph scans (:mod:`graph.edge_table`).
    node_table : NodeTable
        What whole-graph scans ask of every node, read once (:mod:`graph.node_table`).
    relationship_index : RelationshipIndex
        The relationships by kind and by the documents they cite.
    """

    def __init__(
        self,
        graph: nx.MultiDiGraph,
        relationships: dict[str, RelationshipInfo],
        documents: dict[str, DocumentInfo],
        neighbours: dict[str, tuple[str, ...]],
        structural_parents: dict[str, tuple[str, ...]],
        *,
        generation: str | None = None,
        seconds: float = 0.0,
        edge_table: EdgeTable | None = None,
        node_table: NodeTable | None = None,
        relationship_index: RelationshipIndex | None = None,
    ) -> None:
        self.graph = graph
        self.relationships = relationships
        self.documents = documents
        self.neighbours = neighbours
        self.structural_parents = structural_parents
        self.generation = generation
        self.seconds = seconds
        self._edge_table = edge_table
        self._node_table = node_table
        self._relationship_index = relationship_index
        self._memo: OrderedDict[Hashable, Any] = OrderedDict()
        self._memo_lock = threading.Lock()
        self._default_view = OversightView(self, EdgeFilter())

    @property
    def edge_table(self) -> EdgeTable:
        """The edges as columns of numbers (made with the graph, or from it when first asked)."""
        if self._edge_table is None:
            self._edge_table = EdgeTable.of(self.graph)
        return self._edge_table

    @cached_property
    def statements(self) -> list[str]:
        """Keys of the relationships whose kind gives no edge (computed when first asked)."""
        return [key for key, rel in self.relationships.items() if rel.direction == "NoOversight"]

    @property
    def relationship_index(self) -> RelationshipIndex:
        """The relationships by kind and by source (made with the graph, or on demand)."""
        if self._relationship_index is None:
            self._relationship_index = RelationshipIndex.of(self.relationships.values())
        return self._relationship_index

    @property
    def relationships_by_kind(self) -> dict[str, list[RelationshipInfo]]:
        """The relationships of each kind."""
        return self.relationship_index.by_kind

    @property
    def relationships_citing(self) -> dict[str, list[RelationshipInfo]]:
        """The relationships citing each source document (as one of their sources)."""
        return self.relationship_index.by_source

    @property
    def node_table(self) -> NodeTable:
        """The nodes as a table (:mod:`graph.node_table`), made with the graph or on demand."""
        if self._node_table is None:
            self._node_table = NodeTable.of(self.graph._node, self.structural_parents)
        return self._node_table

    @cached_property
    def structural_children(self) -> dict[str, list[str]]:
        """The nodes structurally part of each node, whatever their dates (made when first asked).

        >>> from graph.examples import example_projection
        >>> example_projection().structural_children["group/1001"]
        ['school/900001']
        """
        children: dict[str, list[str]] = defaultdict(list)
        for child, parents in self.structural_parents.items():
            for parent in parents:
                children[parent].append(child)
        return dict(children)

    @cached_property
    def relationships_of(self) -> dict[str, list[str]]:
        """Keys of the relationships naming each node (computed when first asked)."""
        by_node: dict[str, list[str]] = defaultdict(list)
        for key, rel in self.relationships.items():
            for group in (rel.actors, rel.targets, rel.handed_to):
                for node in group:
                    keys = by_node[node]
                    if not keys or keys[-1] != key:
                        keys.append(key)
        return dict(by_node)

    def __getstate__(self) -> tuple[Any, ...]:
        """What a saved copy holds (:mod:`graph.saved_projection`): not the memo or lock."""
        return (
            self.graph,
            self.relationships,
            self.documents,
            self.neighbours,
            self.structural_parents,
            self.generation,
            self.seconds,
            self.edge_table,
            self.node_table,
            self.relationship_index,
        )

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        *tables, generation, seconds, edge_table, node_table, relationship_index = state
        self.__init__(  # type: ignore[misc]
            *tables,
            generation=generation,
            seconds=seconds,
            edge_table=edge_table,
            node_table=node_table,
            relationship_index=relationship_index,
        )

    def __repr__(self) -> str:
        return (
            f"<Projection {self.graph.number_of_nodes()} nodes, "
            f"{self.graph.number_of_edges()} edges, {len(self.relationships)} relationships>"
        )

    def view(
        self,
        *,
        as_of: date | None = None,
        kinds: Iterable[str] | None = None,
        min_per_year: float | None = None,
        structural: bool = True,
    ) -> OversightView:
        """A filtered view (see :class:`EdgeFilter`); no copy is made."""
        flt = EdgeFilter.of(
            as_of=as_of, kinds=kinds, min_per_year=min_per_year, structural=structural
        )
        return self._default_view if flt.is_trivial else OversightView(self, flt)

    def resolve(self, key_or_iri: str) -> str:
        """The node for a key or a full IRI; :class:`NodeNotFound` when absent.

        >>> from graph.examples import example_projection
        >>> example_projection().resolve("https://w3id.org/oversight/id/la/380")
        'la/380'
        """
        key = iri_to_key(key_or_iri.strip())
        if key not in self.graph:
            raise NodeNotFound(key)
        return key

    def node(self, key: str) -> dict[str, Any]:
        """The attributes of node *key*; :class:`NodeNotFound` when absent."""
        try:
            attrs: dict[str, Any] = self.graph.nodes[key]
            return attrs
        except KeyError:
            raise NodeNotFound(key) from None

    def best_edge(self, u: str, v: str) -> EdgeData | None:
        """The most frequent edge u → v in the unfiltered graph (``None`` if none)."""
        return self._default_view.best_edge(u, v)

    def memo(self, key: Hashable, compute: Callable[[], Any], *, size: int = 64) -> Any:
        """Cache a derived result (a materialised view, dominators...) on this projection."""
        with self._memo_lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = compute()
        with self._memo_lock:
            self._memo[key] = value
            while len(self._memo) > size:
                self._memo.popitem(last=False)
        return value


class OversightView:
    """A projection seen through an :class:`EdgeFilter`.

    Neighbour iteration tests each edge against the filter, so upward searches
    touch only the edges they use; :meth:`subgraph` materialises the whole view.
    """

    __slots__ = ("filter", "graph", "projection")

    def __init__(self, projection: Projection, flt: EdgeFilter) -> None:
        self.projection = projection
        self.filter = flt
        self.graph: nx.MultiDiGraph = projection.graph

    def __repr__(self) -> str:
        return f"<OversightView {self.filter}>"

    def valid_nodes(self) -> Container[str]:
        """Every node valid on the view's date (computed once per date).

        For scans of the whole graph, where testing each node's dates again and
        again would cost more than this one pass.

        >>> from graph.examples import example_projection
        >>> "la/380" in example_projection().view(as_of=date(2024, 1, 1)).valid_nodes()
        True
        """
        day = self.filter.as_of
        nodes = self.graph._node
        if day is None:
            return nodes

        def compute() -> frozenset[str]:
            return self.projection.node_table.valid_on(day)

        valid: frozenset[str] = self.projection.memo(("valid-nodes", day), compute)
        return valid

    def has_node(self, key: str) -> bool:
        """True when *key* is in the graph and valid on the view's date."""
        attrs = self.graph._node.get(key)
        return attrs is not None and self.filter.accepts_node(attrs)

    def overseers(self, node: str) -> Iterator[tuple[str, str, EdgeData]]:
        """``(overseer, edge key, data)`` for every accepted edge into *node* (no self-loops)."""
        flt, nodes = self.filter, self.graph._node
        for u, keyed in self.graph._pred[node].items():
            if u == node or not flt.accepts_node(nodes[u]):
                continue
            for k, data in keyed.items():
                if flt.accepts(data):
                    yield u, k, data

    def overseen(self, node: str) -> Iterator[tuple[str, str, EdgeData]]:
        """``(overseen, edge key, data)`` for every accepted edge out of *node*."""
        flt, nodes = self.filter, self.graph._node
        for v, keyed in self.graph._succ[node].items():
            if v == node or not flt.accepts_node(nodes[v]):
                continue
            for k, data in keyed.items():
                if flt.accepts(data):
                    yield v, k, data

    def best_edge(self, u: str, v: str) -> EdgeData | None:
        """The accepted edge u → v guaranteeing most meetings (structural first)."""
        keyed = self.graph._succ.get(u, {}).get(v)
        if not keyed:
            return None
        best: EdgeData | None = None
        for data in keyed.values():
            if self.filter.accepts(data) and (best is None or data["width"] > best["width"]):
                best = data
        return best

    def subgraph(self) -> nx.MultiDiGraph:
        """The whole view materialised as a new graph (cached per filter on the projection)."""
        if self.filter.is_trivial:
            return self.graph
        return self.projection.memo(("subgraph", self.filter), self._materialise)

    def _materialise(self) -> nx.MultiDiGraph:
        flt = self.filter
        out = nx.MultiDiGraph()
        out.add_nodes_from((n, a) for n, a in self.graph.nodes(data=True) if flt.accepts_node(a))
        out.add_edges_from(
            (u, v, k, d)
            for u, v, k, d in self.graph.edges(keys=True, data=True)
            if u in out and v in out and flt.accepts(d)
        )
        return out


@lru_cache(maxsize=64)
def _direction(kind: str) -> str:
    known = KINDS.get(kind)
    return known.direction if known else "NoOversight"


# --------------------------------------------------------------------------- building


def build_projection(store: Store) -> Projection:
    """Read every fact the projection needs from the store and build it (see
    :mod:`graph.projection_builder`; :class:`ProjectionCache` rebuilds incrementally).

    >>> from graph.examples import example_store
    >>> p = build_projection(example_store())
    >>> sorted(p.graph.predecessors("group/1001"))
    ['la/380/deputy-director', 'rsc/yorkshire-and-the-humber']
    """
    from graph.projection_builder import ProjectionBuilder

    return ProjectionBuilder()(store)


# --------------------------------------------------------------------------- caching

FREEZE_AFTER = 0.2
"""Builds shorter than this (seconds) leave the heap alone: small graphs cost the
collector little, and a full collection would cost more than it saves."""


def settle_heap() -> None:
    """Collect the garbage once, then move every live object out of the collector's reach.

    A long-lived projection of millions of objects makes each full collection of
    Python's cyclic garbage collector walk all of them: pauses of hundreds of
    milliseconds in the middle of requests. :func:`gc.freeze` moves what is alive
    (the new projection, the app) to the permanent generation, which collections
    skip; objects made later are collected as usual. The previous projection holds
    reference cycles, so the heap is first unfrozen and collected once — its
    garbage is freed, not frozen for ever.

    >>> settle_heap()
    >>> gc.get_freeze_count() > 0
    True
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class ProjectionCache:
    """Keeps one projection per store, rebuilt only when the store's generation changes.

    With ``freeze_heap`` (the service sets it), a big build ends with
    :func:`settle_heap`, so the garbage collector no longer walks the projection's
    millions of objects during requests. The replaced projection is freed then,
    unless a request is still reading it: it is then freed at the next rebuild.

    Thread-safe: concurrent callers wait for one rebuild. A small graph is rebuilt
    before :meth:`get` returns. When the last build took longer than
    ``background_after`` seconds (England-scale data), a change starts a rebuild in
    a background thread and :meth:`get` keeps answering from the previous
    projection until the new one is ready — requests never wait seconds for a
    rebuild; ``projection.generation`` says which store state an answer reflects.
    :meth:`wait` blocks until no rebuild is running.

    By default builds go through one :class:`~graph.projection_builder.ProjectionBuilder`,
    so a rebuild re-reads only the sources that changed; a write wrapped in
    :meth:`writing` makes the next build read everything.

    With *saved* (a folder, see :mod:`graph.saved_projection`), each build is
    also saved there, and a store whose generation has a saved copy is read from
    it instead of built: a restart or a command-line call costs a fraction of a
    second, not a build. (A projection read from its saved copy has no builder
    state: the first change after it is a full build.)

    >>> from graph.examples import example_store
    >>> cache = ProjectionCache(example_store())
    >>> cache.get() is cache.get()
    True
    >>> cache.builds
    1
    """

    def __init__(
        self,
        store: Store,
        *,
        builder: Callable[[Store], Projection] | None = None,
        background_after: float = 0.5,
        freeze_heap: bool = False,
        saved: Path | None = None,
    ) -> None:
        from graph.projection_builder import ProjectionBuilder

        self.store = store
        self.builder: Callable[[Store], Projection] = builder or ProjectionBuilder()
        self.background_after = background_after
        self.freeze_heap = freeze_heap
        self.saved = saved
        self.builds = 0
        self.reads = 0
        """How many projections came from a saved copy (in *saved*) instead of a build."""
        self.last_error: BaseException | None = None
        self._projection: Projection | None = None
        self._built_for: tuple[str | None, int] = (None, -1)
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._writes = 0  # writes seen by :meth:`writing`
        self._writing = 0  # writes under way: nothing is saved meanwhile
        self._saving = threading.Lock()

    def _state(self) -> tuple[str | None, int]:
        """What the current projection must have been built from: generation, writes."""
        return self.store.generation(), self._writes

    def get(self) -> Projection:
        """The current projection, rebuilt if the store changed since the last build."""
        current = self._projection
        if not self._stale():
            assert current is not None
            return current
        if current is not None and current.seconds >= self.background_after:
            self._rebuild_in_background()
            return current
        del current  # no reference to the old projection while the new one is built
        with self._lock:
            return self._build() if self._stale() else self._current()

    def _stale(self) -> bool:
        """True when there is no projection, or the store changed since it was built."""
        return self._projection is None or self._built_for != self._state()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Wrap a write that changes no provenance (a SPARQL update), so it is not missed.

        Loads and removals change the store's generation; an update does not. So
        the next :meth:`get` rebuilds after the block, saved copies are deleted
        before it, and none is saved while it runs (a build that read the store
        before the write ends must not be kept as the store's current state).

        >>> from graph.examples import example_store
        >>> cache = ProjectionCache(example_store())
        >>> first = cache.get()
        >>> with cache.writing():
        ...     cache.store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
        >>> cache.get() is first, cache.builds
        (False, 2)
        """
        with self._saving:
            self._writing += 1
            if self.saved is not None:
                from graph.saved_projection import forget_saved

                forget_saved(self.saved)
        try:
            yield
        finally:
            reset = getattr(self.builder, "reset", None)
            if reset is not None:  # an update changes no source version: read everything
                reset()
            with self._saving:
                self._writing -= 1
                self._writes += 1

    def _current(self) -> Projection:
        projection = self._projection
        assert projection is not None
        return projection

    def _build(self) -> Projection:
        writes = self._writes
        self._projection = self._read_or_build(writes)
        self._built_for = (self._projection.generation, writes)
        if self.freeze_heap and self._current().seconds >= FREEZE_AFTER:
            settle_heap()
        return self._current()

    def _read_or_build(self, writes: int) -> Projection:
        """The saved copy of the store's current state if there is one, else a new build.

        A build is saved only if no write began or ended while it read the store.
        """
        from graph.saved_projection import load_saved, save

        if self.saved is not None:
            found = load_saved(self.saved, self.store.generation())
            if found is not None:
                self.reads += 1
                return found
        self.builds += 1
        built = self.builder(self.store)
        with self._saving:
            if self.saved is not None and self._writing == 0 and self._writes == writes:
                save(self.saved, built)
        return built

    def _rebuild_in_background(self) -> None:
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                return

            def run() -> None:
                try:
                    with self._lock:
                        if self._stale():  # the old one is freed by the build's heap settling
                            self._build()
                    self.last_error = None
                except Exception as error:  # keep answering from the old projection
                    self.last_error = error

            self._worker = threading.Thread(target=run, name="projection-rebuild", daemon=True)
            self._worker.start()

    @property
    def status(self) -> Literal["building", "ready", "none"]:
        """``building`` while a build runs, ``ready`` once one exists, else ``none``.

        >>> from graph.examples import example_store
        >>> cache = ProjectionCache(example_store())
        >>> cache.status, cache.get() is not None, cache.status
        ('none', True, 'ready')
        """
        if self._worker is not None and self._worker.is_alive():
            return "building"
        return "none" if self._projection is None else "ready"

    def warm(self) -> None:
        """Start the first build in a background thread, so no request waits for all of it.

        A :meth:`get` that comes before the build ends waits for it (it does not
        start a second one); a failed build is retried by the next :meth:`get`.

        >>> from graph.examples import example_store
        >>> cache = ProjectionCache(example_store())
        >>> cache.warm()
        >>> cache.wait()
        >>> cache.builds, cache.get() is cache.get(), cache.builds
        (1, True, 1)
        """
        if self._projection is None:
            self._rebuild_in_background()

    def wait(self, timeout: float | None = None) -> None:
        """Block until a background rebuild (if any) has finished."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def invalidate(self) -> None:
        """Forget the projection; the next :meth:`get` rebuilds it."""
        self.wait()
        with self._lock:
            self._projection = None
            self._built_for = (None, -1)
