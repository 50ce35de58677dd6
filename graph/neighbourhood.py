"""The oversight neighbourhood of a body: what the accountability map draws.

A map never draws the whole country. :func:`neighbourhood` walks an
:class:`~graph.projection.OversightView` outwards from a focus, both ways along
every accepted edge (who oversees it, whom it oversees, whom it meets), and
keeps the nearest ``limit`` nodes:

* the focus is at distance 0; when it is a council, every body and post of that
  council is at distance 0 too (schools and people one further), so a council's
  map is its own bodies and their partners — the "diagrammatic representation of
  scrutiny" councils draw by hand;
* nodes are walked up to ``depth`` steps; ``expand`` adds nodes whose direct
  neighbours are wanted too (a click on the map: up to :data:`EXPAND_LIMIT` of
  them, beyond the limit), ``include`` adds nodes alone (the bodies of a chain
  the map highlights);
* statements that give no oversight edge (``hasNoInfluenceOver``,
  ``declaredInterestIn``) are walked and drawn as their own edges, unless
  ``statement_kinds`` leaves them out or a minimum frequency is asked for (they
  guarantee no meeting);
* ``groups`` keeps only nodes of some kinds of body (see :data:`GROUPS`), the
  focus always;
* nodes are ranked by distance, then by kind (councils and national bodies
  before schools and people), then by label; the first ``limit`` are kept and
  ``total`` says how many were found, so the map can offer "show more". The
  walk stops at the first level that cannot make the cut (``complete`` is then
  false and ``total`` a lower bound): a council beside Ofsted does not list
  every school Ofsted inspects.

Edges are the accepted edges between kept nodes. A meeting (``meetsWith``) is
one edge per actor and target, not two, and none between co-actors ("the DCS and
the DD meet the RSC" draws no DCS–DD meeting, though the projection pairs every
party for paths). Each edge runs overseer → overseen; for a
kind whose target oversees (``reportsTo``) ``reversed`` is true, so a map can
draw the arrow from the actor ("the DCS reports to the Board") while laying the
Board out above.

>>> from graph.examples import example_projection
>>> hood = neighbourhood(example_projection().view(), "la/380/deputy-director", depth=1)
>>> hood.nodes  # doctest: +NORMALIZE_WHITESPACE
('la/380/deputy-director', 'la/380', 'group/1001', 'la/380/teaching-school-alliances',
 'national/dfe')
>>> [e.target for e in hood.edges if e.kind == "meetsWith"]
['group/1001', 'national/dfe']
>>> hood.hidden["group/1001"]  # the RSC and the school are one click away
2
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from graph.errors import InvalidQuery, NodeNotFound
from graph.gaps.config import class_ancestors
from graph.projection import EdgeData, OversightView, Projection, RelationshipInfo
from ontology.vocabulary import KINDS

__all__ = [
    "EXPAND_LIMIT",
    "GROUPS",
    "MAX_DEPTH",
    "MAX_LIMIT",
    "STATEMENT_KINDS",
    "MapEdge",
    "Neighbourhood",
    "TimelineStop",
    "body_group",
    "neighbourhood",
    "timeline",
]

GROUPS: dict[str, str] = {
    "council": "Council",
    "committee": "Committee",
    "board": "Board or partnership",
    "trust": "Academy trust",
    "school": "School",
    "hub": "Teaching school hub or alliance",
    "diocese": "Diocese",
    "regulator": "National body or regulator",
    "post": "Post",
    "person": "Person",
    "other": "Other body",
}
"""The kinds of body a map styles and filters by, with their legend labels, in rank order."""

STATEMENT_KINDS: tuple[str, ...] = tuple(
    sorted(k for k, v in KINDS.items() if v.direction == "NoOversight")
)
"""Relationship kinds that are statements, never oversight edges."""

MAX_DEPTH = 4
"""Most steps a neighbourhood walks from its focus."""

MAX_LIMIT = 1000
"""Most nodes a neighbourhood keeps."""

EXPAND_LIMIT = 40
"""Most neighbours an expanded node adds to a map (beyond its limit)."""

_RULES: tuple[tuple[str, frozenset[str]], ...] = (
    ("council", frozenset({"LocalAuthority", "FullCouncil", "CombinedAuthority"})),
    ("diocese", frozenset({"Diocese"})),
    ("hub", frozenset({"TeachingSchoolHub", "TeachingSchoolAlliance"})),
    (
        "trust",
        frozenset({"AcademyTrust", "UmbrellaTrust", "FoundationTrust", "SchoolSponsor"}),
    ),
    ("school", frozenset({"SchoolBody"})),
    ("committee", frozenset({"CouncilCommittee"})),
    ("board", frozenset({"PartnershipBoard", "HeadteacherBoard"})),
    ("regulator", frozenset({"NationalBody"})),
)
_RANK = {name: i for i, name in enumerate(GROUPS)}
_FURTHER = frozenset({"school", "person"})


@lru_cache(maxsize=512)
def body_group(cls: str, category: str) -> str:
    """The kind of body (a key of :data:`GROUPS`) of an ``ov:`` class and category.

    >>> body_group("MultiAcademyTrust", "body"), body_group("ScrutinyCommittee", "body")
    ('trust', 'committee')
    >>> body_group("RegionalSchoolsCommissioner", "body"), body_group("DeputyDirector", "post")
    ('regulator', 'post')
    >>> body_group("Person", "person"), body_group("VoiceBody", "body")
    ('person', 'other')
    """
    if category == "person":
        return "person"
    if category == "post":
        return "post"
    ancestors = class_ancestors().get(cls, frozenset({cls}))
    for group, classes in _RULES:
        if not classes.isdisjoint(ancestors):
            return group
    return "other"


@dataclass(frozen=True, slots=True)
class MapEdge:
    """One drawn edge: overseer → overseen (a statement: actor → target)."""

    id: str
    source: str
    target: str
    kind: str
    relationship: str | None
    structural: bool
    oversight: bool
    mutual: bool
    reversed: bool
    frequency: str | None
    observed: str | None
    per_year: float | None
    width: float
    valid_from: date | None
    valid_until: date | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """The nodes (nearest first) and edges of a map, with what was left out."""

    focus: str
    nodes: tuple[str, ...]
    distance: dict[str, int]
    hidden: dict[str, int]
    edges: tuple[MapEdge, ...]
    total: int
    complete: bool = True
    seeds: frozenset[str] = field(default_factory=frozenset)

    @property
    def truncated(self) -> bool:
        """True when more nodes were found than kept."""
        return self.total > len(self.nodes)


@dataclass(frozen=True, slots=True)
class TimelineStop:
    """A date at which a view changes, with how many of its nodes and edges are valid then."""

    day: date
    nodes: int
    edges: int


class _Walk:
    """Neighbours of a node under the view, the kinds of body and the statement kinds."""

    def __init__(
        self,
        view: OversightView,
        groups: frozenset[str] | None,
        statements: frozenset[str],
        focus: str,
    ) -> None:
        self.view = view
        self.projection: Projection = view.projection
        self.groups = groups
        self.statements = statements
        self.focus = focus
        self._group: dict[str, str] = {}

    def group(self, node: str) -> str:
        found = self._group.get(node)
        if found is None:
            attrs = self.view.graph.nodes[node]
            found = self._group[node] = body_group(attrs["cls"], attrs["category"])
        return found

    def keeps(self, node: str) -> bool:
        if node == self.focus:
            return True
        if not self.view.has_node(node):
            return False
        return self.groups is None or self.group(node) in self.groups

    def statement_infos(self, node: str) -> Iterator[RelationshipInfo]:
        if not self.statements:
            return
        day = self.view.filter.as_of
        for key in self.projection.relationships_of.get(node, ()):
            rel = self.projection.relationships[key]
            if rel.kind in self.statements and rel.valid_on(day):
                yield rel

    def neighbours(self, node: str) -> set[str]:
        found = {u for u, _, _ in self.view.overseers(node)}
        found.update(v for v, _, _ in self.view.overseen(node))
        for rel in self.statement_infos(node):
            if node in rel.actors:
                found.update(rel.targets)
            if node in rel.targets:
                found.update(rel.actors)
        found.discard(node)
        return {n for n in found if n in self.view.graph and self.keeps(n)}


def _by_council(projection: Projection) -> dict[str, list[str]]:
    """Every node by the council it belongs to (cached on the projection)."""

    def compute() -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for node, attrs in projection.graph.nodes(data=True):
            if attrs["council"]:
                found[attrs["council"]].append(node)
        return dict(found)

    result: dict[str, list[str]] = projection.memo(("nodes-by-council",), compute)
    return result


def _sources(
    walk: _Walk,
    focus: str,
    depth: int,
    expand: Iterable[str],
    include: Iterable[str],
) -> dict[str, tuple[int, int]]:
    """Start nodes → (distance, steps still allowed from there)."""
    starts: dict[str, tuple[int, int]] = {focus: (0, depth)}
    graph = walk.view.graph
    if graph.nodes[focus]["cls"] == "LocalAuthority":
        for node in _by_council(walk.projection).get(focus, ()):
            if node != focus and walk.keeps(node):
                further = 1 if walk.group(node) in _FURTHER else 0
                starts[node] = (further, max(depth - further, 0))
    for node in expand:
        if node in graph and walk.keeps(node):
            dist, budget = starts.get(node, (1, 0))
            starts[node] = (dist, max(budget, 1))
    for node in include:
        if node in graph and walk.keeps(node):
            starts.setdefault(node, (1, 0))
    return starts


def _walk(
    walk: _Walk, starts: dict[str, tuple[int, int]], stop_at: int
) -> tuple[dict[str, int], bool]:
    """Distance of every node reached (a breadth-first walk with a budget per start).

    Nodes come out level by level, nearest first. Once the levels walked so far
    hold *stop_at* nodes, the next levels cannot make the cut, so the walk stops
    (and says it is not complete): a council next to Ofsted need not list every
    school Ofsted inspects.
    """
    distance = {node: dist for node, (dist, _) in starts.items()}
    budget = {node: b for node, (_, b) in starts.items()}
    per_level = Counter(distance.values())
    queue = deque(sorted(starts, key=lambda n: starts[n][0]))
    while queue:
        node = queue.popleft()
        left = budget[node]
        if left <= 0:
            continue
        here = distance[node]
        if sum(n for level, n in per_level.items() if level <= here) >= stop_at:
            return distance, False
        for other in walk.neighbours(node):
            dist = here + 1
            before = distance.get(other)
            better_dist = before is None or dist < before
            better_budget = left - 1 > budget.get(other, -1)
            if better_dist:
                if before is not None:
                    per_level[before] -= 1
                per_level[dist] += 1
                distance[other] = dist
            if better_budget:
                budget[other] = left - 1
            if better_dist or better_budget:
                queue.append(other)
    return distance, True


def _orient(rel: RelationshipInfo | None, u: str, v: str) -> tuple[str, str]:
    if rel is not None:
        if u in rel.actors and v not in rel.actors:
            return u, v
        if v in rel.actors and u not in rel.actors:
            return v, u
    return (u, v) if u <= v else (v, u)


def _across(rel: RelationshipInfo | None, u: str, v: str) -> bool:
    """True when a meeting joins an actor and a target (co-actors do not meet each other)."""
    if rel is None or not rel.actors or not rel.targets:
        return True
    return (u in rel.actors and v in rel.targets) or (v in rel.actors and u in rel.targets)


def _edge(edge_id: str, u: str, v: str, data: EdgeData, mutual: bool) -> MapEdge:
    kind = data["kind"]
    known = KINDS.get(kind)
    return MapEdge(
        id=edge_id,
        source=u,
        target=v,
        kind=kind,
        relationship=data["relationship"],
        structural=data["structural"],
        oversight=True,
        mutual=mutual,
        reversed=known is not None and known.direction == "TargetOversees",
        frequency=data["frequency"],
        observed=data["observed"],
        per_year=data["per_year"],
        width=data["width"],
        valid_from=data["valid_from"],
        valid_until=data["valid_until"],
        sources=tuple(data["sources"]),
    )


def _edges(walk: _Walk, kept: tuple[str, ...]) -> tuple[MapEdge, ...]:
    shown = set(kept)
    rels = walk.projection.relationships
    edges: dict[str, MapEdge] = {}
    for u in kept:
        for v, _, data in walk.view.overseen(u):
            if v not in shown:
                continue
            key = data["relationship"] or data["kind"]
            mutual = KINDS[data["kind"]].symmetric if data["kind"] in KINDS else False
            if mutual and not _across(rels.get(key), u, v):
                continue
            a, b = _orient(rels.get(key), u, v) if mutual else (u, v)
            edge_id = f"{key}|{a}|{b}"
            if edge_id not in edges:
                edges[edge_id] = _edge(edge_id, a, b, data, mutual)
        for rel in walk.statement_infos(u):
            if u not in rel.actors:
                continue
            for v in rel.targets:
                if v in shown and v != u:
                    edge_id = f"{rel.key}|{u}|{v}"
                    edges[edge_id] = MapEdge(
                        id=edge_id,
                        source=u,
                        target=v,
                        kind=rel.kind,
                        relationship=rel.key,
                        structural=False,
                        oversight=False,
                        mutual=False,
                        reversed=False,
                        frequency=rel.frequency,
                        observed=rel.observed,
                        per_year=rel.per_year,
                        width=0.0,
                        valid_from=rel.valid_from,
                        valid_until=rel.valid_until,
                        sources=rel.sources,
                    )
    order = {node: i for i, node in enumerate(kept)}
    return tuple(sorted(edges.values(), key=lambda e: (order[e.source], order[e.target], e.id)))


def neighbourhood(
    view: OversightView,
    focus: str,
    *,
    depth: int = 2,
    limit: int = 60,
    groups: Iterable[str] | None = None,
    statement_kinds: Iterable[str] | None = None,
    expand: Iterable[str] = (),
    include: Iterable[str] = (),
) -> Neighbourhood:
    """The nearest *limit* nodes around *focus* and the edges between them.

    *statement_kinds* ``None`` keeps every statement kind (none when the view
    asks for a minimum frequency); :class:`InvalidQuery` for an unknown group or
    statement kind, a depth or limit out of range; :class:`NodeNotFound` for a
    focus not in the view.

    >>> from graph.examples import example_projection
    >>> view = example_projection().view()
    >>> hood = neighbourhood(view, "la/380", depth=1, limit=3)
    >>> hood.nodes, hood.total, hood.truncated
    (('la/380', 'la/380/teaching-school-alliances', 'la/380/deputy-director'), 5, True)
    >>> sorted(e.kind for e in hood.edges)
    ['hasNoInfluenceOver', 'postIn', 'scrutinises']
    >>> neighbourhood(view, "la/380", groups=["castle"])
    Traceback (most recent call last):
    ...
    graph.errors.InvalidQuery: unknown kind of body 'castle'; known: council, committee, ...
    """
    if not 0 <= depth <= MAX_DEPTH:
        raise InvalidQuery(f"depth must be between 0 and {MAX_DEPTH}, got {depth}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidQuery(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    chosen_groups = None if groups is None else frozenset(groups)
    for group in sorted(chosen_groups or ()):
        if group not in GROUPS:
            raise InvalidQuery(f"unknown kind of body {group!r}; known: " + ", ".join(GROUPS))
    if statement_kinds is None:
        minimum = view.filter.min_per_year
        statements = frozenset() if minimum else frozenset(STATEMENT_KINDS)
    else:
        statements = frozenset(statement_kinds)
        for kind in sorted(statements):
            if kind not in STATEMENT_KINDS:
                raise InvalidQuery(
                    f"unknown statement kind {kind!r}; known: " + ", ".join(STATEMENT_KINDS)
                )
    if focus not in view.graph or not view.has_node(focus):
        raise NodeNotFound(focus)
    walk = _Walk(view, chosen_groups, statements, focus)
    expand, include = tuple(expand), tuple(include)
    starts = _sources(walk, focus, depth, expand, include)
    asked = [n for n in dict.fromkeys((*expand, *include)) if n in starts]
    opened = {n: walk.neighbours(n) for n in expand if n in starts}
    distance, complete = _walk(walk, starts, stop_at=limit + 1)
    for node, others in opened.items():  # an expanded node's neighbours, even past the stop
        for other in others:
            distance.setdefault(other, distance[node] + 1)
    labels = view.graph.nodes

    def rank(node: str) -> tuple[int, int, int, str, str]:
        return (
            0 if node == focus else 1,
            distance[node],
            _RANK[walk.group(node)],
            str(labels[node]["label"]).lower(),
            node,
        )

    ordered = sorted(distance, key=rank)
    kept_list = ordered[:limit]
    shown_so_far = set(kept_list)
    extra: list[str] = []
    for node in asked:  # asked for by name: kept past the limit
        if node not in shown_so_far:
            extra.append(node)
            shown_so_far.add(node)
    for others in opened.values():  # and up to EXPAND_LIMIT neighbours of each
        fresh = sorted((n for n in others if n not in shown_so_far), key=rank)
        extra.extend(fresh[:EXPAND_LIMIT])
        shown_so_far.update(fresh[:EXPAND_LIMIT])
    kept_list.extend(extra[: max(MAX_LIMIT - len(kept_list), 0)])
    kept = tuple(kept_list)
    shown = set(kept)
    hidden = {node: len(walk.neighbours(node) - shown) for node in kept}
    return Neighbourhood(
        focus=focus,
        nodes=kept,
        distance={node: distance[node] for node in kept},
        hidden=hidden,
        edges=_edges(walk, kept),
        total=len(ordered),
        complete=complete,
        seeds=frozenset(starts),
    )


def timeline(hood: Neighbourhood, projection: Projection) -> tuple[list[date], list[TimelineStop]]:
    """The validity dates present in a (dateless) neighbourhood, and the stops of a slider.

    Stops are the dates at which the view changes: each start date, the day
    after each end date, and the day before the first of them; each says how
    many of the neighbourhood's nodes and edges are valid on it.

    >>> from graph.examples import example_projection
    >>> p = example_projection()
    >>> dates, stops = timeline(neighbourhood(p.view(), "la/380"), p)
    >>> dates, stops
    ([], [])
    """
    intervals: list[tuple[str, date | None, date | None]] = []
    nodes = projection.graph.nodes
    for node in hood.nodes:
        attrs = nodes[node]
        intervals.append(("node", attrs["valid_from"], attrs["valid_until"]))
    for edge in hood.edges:
        intervals.append(("edge", edge.valid_from, edge.valid_until))
    dates = sorted({d for _, a, b in intervals for d in (a, b) if d is not None})
    if not dates:
        return [], []
    days = {a for _, a, _ in intervals if a is not None}
    days.update(b + timedelta(days=1) for _, _, b in intervals if b is not None)
    days.add(dates[0] - timedelta(days=1))
    stops = []
    for day in sorted(days):
        counts = {"node": 0, "edge": 0}
        for what, start, end in intervals:
            if (start is None or start <= day) and (end is None or end >= day):
                counts[what] += 1
        stops.append(TimelineStop(day=day, nodes=counts["node"], edges=counts["edge"]))
    return dates, stops
