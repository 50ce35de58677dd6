"""Chains of accountability: who oversees whom, how often, and where one body is all there is.

Every function takes an oversight graph ``G`` — a :class:`~graph.projection.Projection`
or a filtered :class:`~graph.projection.OversightView` — whose edges run overseer →
overseen. A chain is a list of bodies; its *direction* says how it is read:

* ``"up"``: from a body to those who oversee it (the academy, its trust, the
  regional schools commissioner, the DfE) — each next body oversees the previous;
* ``"down"``: from an overseer to those it oversees.

The top
-------
A chain of accountability ends at a *top*: a body of one of the classes in
:data:`TOP_RANKS` (Parliament; government departments; full councils, local
authorities and the inspectorate) none of whose direct overseers ranks higher.
So a chain stops at the DfE unless Parliament is present and oversees it, and
at a council unless a department holds it to account directly (an improvement
notice): inspection by Ofsted, which ranks with councils, does not carry a
council's chain past its own democratic top. A body of any other class that
nobody oversees is a dead end: chains that reach it are returned with
``reaches_top=False``.

Cycles
------
One rule: **a body is never its own overseer in an answer.** Chains and paths
are simple (no body appears twice); a relationship in which a body oversees
itself gives no edge; transitive overseers and overseen never include the body
asked about, even when it lies on a cycle (A scrutinises B and B scrutinises A:
A's overseers are B and B's overseers, never A). Two bodies overseeing each other
are reported by the ``mutual-oversight`` gap rule instead.

Frequencies
-----------
The weakest link of a chain is its least frequent step, in guaranteed meetings
a year (the edge ``width``: "as required" and "unspecified" guarantee 0,
structural steps are unlimited; see :mod:`graph.projection`).
:func:`weakest_link` finds the chain whose weakest step is most frequent — a
widest-path search, exact for the hop ``cutoff``.

Speed
-----
Searches start from the bottom and go up first: a body has few overseers, while
the DfE oversees thousands. Chains between two bodies are enumerated best-first
over the nodes that lie on some chain within the cutoff (a bounded search from
each end), so the work follows the number of answers, not the size of England.

>>> from graph.examples import example_projection
>>> G = example_projection()
>>> [c.nodes for c in accountability_chains(G, "school/900001")]  # doctest: +NORMALIZE_WHITESPACE
[('school/900001', 'group/1001', 'la/380/deputy-director', 'la/380'),
 ('school/900001', 'group/1001', 'la/380/deputy-director', 'national/dfe'),
 ('school/900001', 'group/1001', 'rsc/yorkshire-and-the-humber', 'national/dfe')]
>>> link = weakest_link(G, "group/1001", "national/dfe")
>>> link.chain.nodes, link.per_year, link.step.frequency
(('group/1001', 'la/380/deputy-director', 'national/dfe'), 3.0, 'termly')
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

from graph.errors import InvalidQuery, NodeNotFound, NoPath
from graph.projection import EdgeData, OversightView, Projection, gc_paused

__all__ = [
    "MAX_CUTOFF",
    "TOP_RANKS",
    "Chain",
    "Direction",
    "Step",
    "WeakestLink",
    "accountability_chains",
    "all_chains",
    "as_view",
    "dominators_of",
    "immediate_dominators",
    "is_top",
    "overseen",
    "overseers",
    "shortest_chain",
    "single_points_of_failure",
    "tops",
    "weakest_link",
]

Direction = Literal["up", "down"]
Oversight = Projection | OversightView

TOP_RANKS: dict[str, int] = {
    "Parliament": 3,
    "GovernmentDepartment": 2,
    "Inspectorate": 1,
    "FullCouncil": 1,
    "LocalAuthority": 1,
}
"""Classes of body at which chains of accountability end, by rank (higher is above)."""

MAX_CUTOFF = 12
"""Largest hop cutoff a search accepts."""

_MAX_EXPANSIONS = 200_000
"""Partial chains a single enumeration may expand before it stops (answers are flagged)."""


def as_view(G: Oversight) -> OversightView:
    """The unfiltered view of a projection, or the view itself.

    >>> from graph.examples import example_projection
    >>> as_view(example_projection()).filter.is_trivial
    True
    """
    return G.view() if isinstance(G, Projection) else G


def _check(view: OversightView, node: str) -> str:
    if not view.has_node(node):
        raise NodeNotFound(node)
    return node


def _check_cutoff(cutoff: int) -> int:
    if not 1 <= cutoff <= MAX_CUTOFF:
        raise InvalidQuery(f"cutoff must be between 1 and {MAX_CUTOFF}, got {cutoff}")
    return cutoff


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a chain: an overseer, what it oversees, and the edge between them."""

    overseer: str
    overseen: str
    kind: str
    relationship: str | None
    frequency: str | None
    per_year: float | None
    width: float
    structural: bool
    sources: tuple[str, ...] = ()

    @classmethod
    def of(cls, overseer: str, overseen: str, data: EdgeData) -> Step:
        """Build a step from an edge's attributes."""
        return cls(
            overseer=overseer,
            overseen=overseen,
            kind=data["kind"],
            relationship=data["relationship"],
            frequency=data["frequency"],
            per_year=data["per_year"],
            width=data["width"],
            structural=data["structural"],
            sources=data["sources"],
        )


@dataclass(frozen=True, slots=True)
class Chain:
    """A chain of bodies and its steps, read in ``direction`` from ``nodes[0]``."""

    nodes: tuple[str, ...]
    steps: tuple[Step, ...]
    direction: Direction
    reaches_top: bool = True

    @property
    def length(self) -> int:
        """Number of steps."""
        return len(self.steps)

    @property
    def per_year(self) -> float:
        """Meetings a year of the weakest step (``inf`` when every step is structural)."""
        return min((s.width for s in self.steps), default=math.inf)

    @property
    def weakest(self) -> Step | None:
        """The least frequent non-structural step (the first, on ties), if any."""
        found = [s for s in self.steps if not s.structural]
        return min(found, key=lambda s: s.width) if found else None


@dataclass(frozen=True, slots=True)
class WeakestLink:
    """The chain whose weakest step is most frequent, that step and its meetings a year.

    ``per_year`` is ``None`` when the chain is structural only (no frequency limit).
    """

    chain: Chain
    step: Step | None
    per_year: float | None


# --------------------------------------------------------------------------- tops


def is_top(G: Oversight, node: str) -> bool:
    """True when chains of accountability end at *node* (see the module docstring).

    >>> from graph.examples import example_projection
    >>> G = example_projection()
    >>> is_top(G, "national/dfe"), is_top(G, "la/380"), is_top(G, "group/1001")
    (True, True, False)
    """
    view = as_view(G)
    rank = TOP_RANKS.get(view.graph.nodes[node]["cls"]) if node in view.graph else None
    if rank is None:
        return False
    nodes = view.graph.nodes
    return all(TOP_RANKS.get(nodes[u]["cls"], 0) <= rank for u, _, _ in view.overseers(node))


def tops(G: Oversight) -> list[str]:
    """Every top of the graph, sorted (cached per filter).

    >>> from graph.examples import example_projection
    >>> tops(example_projection())
    ['la/380', 'national/dfe']
    """
    view = as_view(G)

    def compute() -> list[str]:
        by_class, valid = view.projection.node_table.by_class, view.valid_nodes()
        return sorted(
            n for cls in TOP_RANKS for n in by_class.get(cls, ()) if n in valid and is_top(view, n)
        )

    return list(view.projection.memo(("tops", view.filter), compute))


# --------------------------------------------------------------------------- neighbours


class _Walker:
    """Filtered neighbour lists of one view, memoised (see :func:`_walker`)."""

    __slots__ = ("_down", "_up", "view")

    def __init__(self, view: OversightView) -> None:
        self.view = view
        self._up: dict[str, dict[str, float]] = {}
        self._down: dict[str, dict[str, float]] = {}

    def _compute(self, node: str, up: bool) -> dict[str, float]:
        """Neighbour → the most meetings a year of the accepted edges to it."""
        view = self.view
        adjacency = view.graph._pred[node] if up else view.graph._succ[node]
        flt, attrs = view.filter, view.graph._node
        found: dict[str, float] = {}
        if flt.is_trivial:
            for m, keyed in adjacency.items():
                if m != node:
                    found[m] = max(d["width"] for d in keyed.values())
            return found
        for m, keyed in adjacency.items():
            if m == node or not flt.accepts_node(attrs[m]):
                continue
            widths = [d["width"] for d in keyed.values() if flt.accepts(d)]
            if widths:
                found[m] = max(widths)
        return found

    def next(self, node: str, up: bool) -> dict[str, float]:
        """Neighbours in the travel direction, each with its best width."""
        cache = self._up if up else self._down
        found = cache.get(node)
        if found is None:
            found = cache[node] = self._compute(node, up)
        return found

    def next_in(self, node: str, up: bool, allowed: dict[str, int]) -> dict[str, float]:
        """Like :meth:`next`, but only neighbours in *allowed* (cheap for huge fan-outs)."""
        cache = self._up if up else self._down
        found = cache.get(node)
        if found is not None:
            return found
        view = self.view
        adjacency = view.graph._pred[node] if up else view.graph._succ[node]
        if len(adjacency) <= 4 * len(allowed):
            return self.next(node, up)
        flt, attrs = view.filter, view.graph._node
        out: dict[str, float] = {}
        for m in allowed:
            keyed = adjacency.get(m)
            if keyed is None or m == node or not flt.accepts_node(attrs[m]):
                continue
            widths = [d["width"] for d in keyed.values() if flt.accepts(d)]
            if widths:
                out[m] = max(widths)
        return out

    def edge(self, a: str, b: str, up: bool) -> EdgeData:
        """The best edge for moving from a to b in the travel direction."""
        data = self.view.best_edge(b, a) if up else self.view.best_edge(a, b)
        assert data is not None
        return data

    def step(self, a: str, b: str, up: bool) -> Step:
        data = self.edge(a, b, up)
        return Step.of(b, a, data) if up else Step.of(a, b, data)

    def bfs(
        self,
        sources: Iterable[str],
        up: bool,
        cutoff: int,
        *,
        allowed: dict[str, int] | None = None,
        budget: int | None = None,
        stop: set[str] | None = None,
    ) -> dict[str, int]:
        """Hop distances from *sources* in one direction, up to *cutoff*.

        With *allowed* (distances from the other end), only nodes on some route
        within the cutoff are kept; nodes in *stop* are reached but not expanded.
        """
        dist = {s: 0 for s in sources}
        queue = deque(dist)
        while queue:
            node = queue.popleft()
            d = dist[node]
            if d >= cutoff or (stop is not None and node in stop and d > 0):
                continue
            for m in self.next(node, up):
                if m in dist:
                    continue
                if allowed is not None:
                    other = allowed.get(m)
                    if other is None or other + d + 1 > (budget if budget is not None else cutoff):
                        continue
                dist[m] = d + 1
                queue.append(m)
        return dist


def _both(nexts: dict[str, float], remaining: dict[str, int]) -> Iterable[str]:
    """Neighbours that lie on some route: iterate the smaller of the two tables."""
    if len(nexts) <= len(remaining):
        return nexts
    return [m for m in remaining if m in nexts]


def _walker(view: OversightView) -> _Walker:
    """The neighbour lists of a view, kept on the projection across searches.

    Upward searches from different schools meet the same regional and national
    bodies within a step or two, so their filtered neighbour lists are worth
    keeping; they are computed on first use and never change (the projection is
    immutable; a store change brings a new projection).
    """
    walker: _Walker = view.projection.memo(("walker", view.filter), lambda: _Walker(view))
    return walker


def _chain(walker: _Walker, nodes: list[str], up: bool, reaches_top: bool = True) -> Chain:
    steps = tuple(walker.step(a, b, up) for a, b in pairwise(nodes))
    return Chain(tuple(nodes), steps, "up" if up else "down", reaches_top)


def _order(chain: Chain) -> tuple[int, float, tuple[str, ...]]:
    return (chain.length, -chain.per_year, chain.nodes)


def _enumerate(
    walker: _Walker,
    source: str,
    up: bool,
    remaining: dict[str, int],
    cutoff: int,
    limit: int,
    is_goal: Any,
) -> list[list[str]]:
    """Simple paths from *source* to goal nodes, best-first on length (A*-style).

    *remaining* maps a node to its hop distance to the nearest goal; it is an
    admissible bound, so paths come out shortest first. Paths end at the first
    goal they meet. Ties are broken on the paths themselves (as tuples of keys),
    so the answer does not depend on the order edges were loaded in.
    """
    if is_goal(source):
        return [[source]]
    if source not in remaining:
        return []
    found: list[list[str]] = []
    heap: list[tuple[int, tuple[str, ...]]] = [(remaining[source], (source,))]
    expansions = 0
    while heap and len(found) < limit and expansions < _MAX_EXPANSIONS:
        _, path = heapq.heappop(heap)
        last = path[-1]
        if len(path) > 1 and is_goal(last):
            found.append(list(path))
            continue
        expansions += 1
        hops = len(path)
        for m in _both(walker.next_in(last, up, remaining), remaining):
            left = remaining.get(m)
            if left is None or hops + left > cutoff or m in path:
                continue
            heapq.heappush(heap, (hops + left, (*path, m)))
    return found


# --------------------------------------------------------------------------- chains to the top


def accountability_chains(
    G: Oversight, node: str, *, cutoff: int = 6, limit: int = 50
) -> list[Chain]:
    """Chains of accountability from *node* up to the top, shortest first.

    Parameters
    ----------
    G : Projection or OversightView
        The oversight graph (a view applies its filters).
    node : str
        Key of the body, post or person to start from.
    cutoff : int, optional
        Most steps in a chain (1 to :data:`MAX_CUTOFF`).
    limit : int, optional
        Most chains returned; the shortest (then most frequent) come first.

    Returns
    -------
    list of Chain
        Read upwards (``direction="up"``). A top's only chain is itself. When no
        top is within reach, the dead-end chains up to bodies nobody oversees are
        returned with ``reaches_top=False``.

    Raises
    ------
    NodeNotFound
        If *node* is not in the graph.

    Examples
    --------
    >>> from graph.examples import example_projection
    >>> G = example_projection()
    >>> chain = accountability_chains(G, "group/1001", limit=1)[0]
    >>> chain.nodes, [s.kind for s in chain.steps]
    (('group/1001', 'la/380/deputy-director', 'la/380'), ['meetsWith', 'postIn'])
    >>> accountability_chains(G, "national/dfe")[0].nodes
    ('national/dfe',)
    """
    view = as_view(G)
    _check(view, node)
    _check_cutoff(cutoff)
    walker = _walker(view)
    top_set = set(tops(view))
    if node in top_set:
        return [Chain((node,), (), "up", True)]
    ball = walker.bfs([node], True, cutoff, stop=top_set)
    reached = [n for n in ball if n in top_set]
    if reached:
        # Chains end at the first top: distances must not run through another top.
        to_top = _distances_avoiding(walker, reached, ball, cutoff, top_set)
        paths = _enumerate(walker, node, True, to_top, cutoff, limit, top_set.__contains__)
        chains = [_chain(walker, p, True) for p in paths]
    else:
        chains = _dead_ends(walker, node, cutoff, limit)
    return sorted(chains, key=_order)[:limit]


def _distances_avoiding(
    walker: _Walker, goals: list[str], ball: dict[str, int], cutoff: int, goal_set: set[str]
) -> dict[str, int]:
    """Hops from each ball node up to the nearest goal, not passing through another goal.

    The search runs down from the goals but only inside the *ball* (distances up
    from the start), using the upward neighbour lists the ball search already
    computed — a top such as the DfE oversees thousands, the ball holds hundreds.
    """
    below: dict[str, list[str]] = {}
    for v in ball:
        if v in goal_set and ball[v] > 0:
            continue
        for u in walker.next(v, True):
            if u in ball:
                below.setdefault(u, []).append(v)
    dist = dict.fromkeys(goals, 0)
    queue = deque(goals)
    while queue:
        n = queue.popleft()
        d = dist[n]
        if d >= cutoff:
            continue
        for m in below.get(n, ()):
            if m in dist or m in goal_set or ball[m] + d + 1 > cutoff:
                continue
            dist[m] = d + 1
            queue.append(m)
    return dist


def _dead_ends(walker: _Walker, node: str, cutoff: int, limit: int) -> list[Chain]:
    chains: list[Chain] = []
    stack: list[list[str]] = [[node]]
    expansions = 0
    while stack and len(chains) < limit and expansions < _MAX_EXPANSIONS:
        path = stack.pop()
        expansions += 1
        nxt = [m for m in walker.next(path[-1], True) if m not in path]
        if not nxt or len(path) - 1 >= cutoff:
            if len(path) > 1:
                chains.append(_chain(walker, path, True, reaches_top=False))
            continue
        stack.extend([*path, m] for m in reversed(nxt))
    return chains


# --------------------------------------------------------------------------- between two bodies


def _pair_distances(
    walker: _Walker, source: str, target: str, up: bool, cutoff: int
) -> dict[str, int]:
    """Hop distance to *target* for every node on a route source → target within cutoff."""
    if up:
        # Going up from the source is cheap; keep the target-side search inside that ball.
        ball = walker.bfs([source], True, cutoff)
        if target not in ball:
            return {}
        return _distances_avoiding(walker, [target], ball, cutoff, {target})
    # Going down: search up from the target (cheap), then keep nodes reachable from the source.
    return walker.bfs([target], True, cutoff)


def all_chains(
    G: Oversight,
    source: str,
    target: str,
    *,
    direction: Direction = "up",
    cutoff: int = 4,
    limit: int = 100,
) -> list[Chain]:
    """Every simple chain from *source* to *target* with at most *cutoff* steps.

    Parameters
    ----------
    G : Projection or OversightView
        The oversight graph.
    source, target : str
        Keys of the two bodies.
    direction : {"up", "down"}
        ``"up"``: *target* oversees *source* through the chain (the chain of
        accountability from an academy to the DfE); ``"down"``: *source* oversees
        *target*.
    cutoff : int
        Most steps in a chain (1 to :data:`MAX_CUTOFF`).
    limit : int
        Most chains returned, shortest (then most frequent) first.

    Returns
    -------
    list of Chain
        Empty when no chain exists within the cutoff.

    Examples
    --------
    >>> from graph.examples import example_projection
    >>> G = example_projection()
    >>> [c.nodes for c in all_chains(G, "group/1001", "national/dfe")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('group/1001', 'la/380/deputy-director', 'national/dfe'),
     ('group/1001', 'rsc/yorkshire-and-the-humber', 'national/dfe')]
    >>> [c.nodes for c in all_chains(G, "national/dfe", "group/1001", direction="down",
    ...                               cutoff=1)]
    []
    """
    view = as_view(G)
    _check(view, source)
    _check(view, target)
    _check_cutoff(cutoff)
    if limit < 1:
        raise InvalidQuery(f"limit must be at least 1, got {limit}")
    up = _is_up(direction)
    if source == target:
        return []
    walker = _walker(view)
    remaining = _pair_distances(walker, source, target, up, cutoff)
    paths = _enumerate(walker, source, up, remaining, cutoff, limit, lambda n: n == target)
    return sorted((_chain(walker, p, up) for p in paths), key=_order)[:limit]


def _is_up(direction: str) -> bool:
    if direction not in ("up", "down"):
        raise InvalidQuery(f"direction must be 'up' or 'down', got {direction!r}")
    return direction == "up"


def shortest_chain(
    G: Oversight, source: str, target: str, *, direction: Direction = "up", cutoff: int = 8
) -> Chain:
    """The chain with fewest steps (then the most frequent weakest step).

    Raises :class:`~graph.errors.NoPath` when there is none within *cutoff*.

    Examples
    --------
    >>> from graph.examples import example_projection
    >>> shortest_chain(example_projection(), "school/900001", "la/380").nodes
    ('school/900001', 'group/1001', 'la/380/deputy-director', 'la/380')
    >>> shortest_chain(example_projection(), "la/380", "school/900001")
    Traceback (most recent call last):
    ...
    graph.errors.NoPath: no oversight chain between 'la/380' and 'school/900001' (up, ...)
    """
    view = as_view(G)
    _check(view, source)
    _check(view, target)
    _check_cutoff(cutoff)
    up = _is_up(direction)
    walker = _walker(view)
    remaining = _pair_distances(walker, source, target, up, cutoff) if source != target else {}
    best = remaining.get(source)
    if best is None:
        raise NoPath(source, target, f"{direction}, within {cutoff} steps")
    paths = _enumerate(walker, source, up, remaining, best, 50, lambda n: n == target)
    return min((_chain(walker, p, up) for p in paths), key=_order)


def weakest_link(
    G: Oversight,
    source: str,
    target: str | None = None,
    *,
    direction: Direction = "up",
    cutoff: int = 8,
) -> WeakestLink:
    """The chain whose least frequent step is most frequent, and that step.

    A widest-path search on guaranteed meetings a year, layered by hops so the
    *cutoff* is exact (the answer of a modified Dijkstra when the cutoff does not
    bind). Ties go to the chain with fewer steps. Without *target*, the search
    runs up to any top (see :func:`accountability_chains`).

    Raises
    ------
    NoPath
        When no chain exists within *cutoff*.

    Examples
    --------
    >>> from graph.examples import example_projection
    >>> G = example_projection()
    >>> link = weakest_link(G, "group/1001")
    >>> link.chain.nodes, link.per_year
    (('group/1001', 'la/380/deputy-director', 'la/380'), 3.0)
    >>> weakest_link(G.view(kinds=["scrutinises"]), "group/1001").per_year
    0.0
    """
    view = as_view(G)
    _check(view, source)
    _check_cutoff(cutoff)
    walker = _walker(view)
    if target is None:
        up = True
        top_set = set(tops(view))
        if source in top_set:
            chain = Chain((source,), (), "up")
            return WeakestLink(chain, None, None)
        ball = walker.bfs([source], True, cutoff, stop=top_set)
        goals = [n for n in ball if n in top_set]
        remaining = _distances_avoiding(walker, goals, ball, cutoff, top_set) if goals else {}
        goal_set = set(goals)
    else:
        _check(view, target)
        up = _is_up(direction)
        remaining = _pair_distances(walker, source, target, up, cutoff) if source != target else {}
        goal_set = {target}
    if source not in remaining:
        raise NoPath(source, target or "the top", f"{'up' if up else 'down'}, within {cutoff}")
    path = _widest(walker, source, up, remaining, cutoff, goal_set)
    chain = _chain(walker, path, up)
    per_year = chain.per_year
    return WeakestLink(chain, chain.weakest, None if math.isinf(per_year) else per_year)


def _widest(
    walker: _Walker,
    source: str,
    up: bool,
    remaining: dict[str, int],
    cutoff: int,
    goals: set[str],
) -> list[str]:
    """Hop-layered widest path: best (width, -hops) over walks of at most *cutoff* steps."""
    best: dict[str, tuple[float, int]] = {source: (math.inf, 0)}
    parent: dict[tuple[str, int], str] = {}
    frontier = {source}
    answer: tuple[float, int, str] | None = None
    for hops in range(1, cutoff + 1):
        reached: dict[str, float] = {}
        for node in sorted(frontier):
            width_here = best[node][0]
            if node in goals and node != source:
                continue
            nexts = walker.next_in(node, up, remaining)
            for m in _both(nexts, remaining):
                bound = remaining.get(m)
                if bound is None or hops + bound > cutoff or m == source:
                    continue
                w = min(width_here, nexts[m])
                if w > reached.get(m, -1.0):
                    reached[m] = w
                    parent[(m, hops)] = node
        frontier = set()
        for m, w in reached.items():
            previous = best.get(m)
            if previous is None or w > previous[0]:
                best[m] = (w, hops)
                frontier.add(m)
                if m in goals and (
                    answer is None
                    or w > answer[0]
                    or (w == answer[0] and hops == answer[1] and m < answer[2])
                ):
                    answer = (w, hops, m)
            else:
                parent.pop((m, hops), None)
        if not frontier:
            break
    if answer is None:  # pragma: no cover - remaining guarantees a route
        raise NoPath(source, "goal")
    _, hops, node = answer
    path = [node]
    while hops > 0:
        node = parent[(node, hops)]
        hops -= 1
        path.append(node)
    path.reverse()
    return path


# --------------------------------------------------------------------------- who oversees whom


def _reach(
    G: Oversight, node: str, up: bool, transitive: bool, cutoff: int | None
) -> dict[str, int]:
    view = as_view(G)
    _check(view, node)
    walker = _walker(view)
    depth = (
        1 if not transitive else (cutoff if cutoff is not None else view.graph.number_of_nodes())
    )
    dist = walker.bfs([node], up, depth)
    dist.pop(node, None)
    return dict(sorted(dist.items(), key=lambda kv: (kv[1], kv[0])))


def overseers(
    G: Oversight, node: str, *, transitive: bool = False, cutoff: int | None = None
) -> dict[str, int]:
    """Who oversees *node*: direct overseers, or all (``transitive``) with their distance.

    Never includes *node* itself (the cycle rule). Sorted by distance, then key.

    Examples
    --------
    >>> from graph.examples import example_projection
    >>> G = example_projection()
    >>> overseers(G, "group/1001")
    {'la/380/deputy-director': 1, 'rsc/yorkshire-and-the-humber': 1}
    >>> overseers(G, "group/1001", transitive=True)
    {'la/380/deputy-director': 1, 'rsc/yorkshire-and-the-humber': 1, 'la/380': 2, 'national/dfe': 2}
    """
    return _reach(G, node, True, transitive, cutoff)


def overseen(
    G: Oversight, node: str, *, transitive: bool = False, cutoff: int | None = None
) -> dict[str, int]:
    """Whom *node* oversees: directly, or all (``transitive``) with their distance.

    Examples
    --------
    >>> from graph.examples import example_projection
    >>> overseen(example_projection(), "rsc/yorkshire-and-the-humber")
    {'group/1001': 1}
    """
    return _reach(G, node, False, transitive, cutoff)


# ------------------------------------------------------------------ single points of failure


@dataclass(frozen=True, slots=True)
class _Dominance:
    """The dominator tree by node number (:attr:`EdgeTable.nodes`); the virtual root is ``root``."""

    idom: array[int]
    names: tuple[str, ...]
    tops: frozenset[int]

    @property
    def root(self) -> int:
        return len(self.names)

    def dominators(self, node: int) -> Iterator[int]:
        """The nodes every route from the root to *node* passes through, nearest first."""
        idom, root = self.idom, len(self.names)
        current = idom[node]
        while current not in (-1, root, node):
            yield current
            nxt = idom[current]
            if nxt == current:
                break
            current = nxt


def immediate_dominators(successors: Sequence[Sequence[int]], root: int) -> array[int]:
    """Immediate dominators of a graph of integer nodes (``-1``: unreachable from *root*).

    The iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast
    Dominance Algorithm", 2001) on arrays of numbers: the dominator of a node is
    the nearest common dominator of its already-processed predecessors, repeated
    in reverse postorder until nothing changes. (Arrays, not lists: a list of
    numbers made after a big build holds number objects scattered over memory.)

    >>> # 0 → 1 → 3, 0 → 2 → 3, 3 → 4: node 3 is reached two ways, 4 only through 3
    >>> list(immediate_dominators([[1, 2], [3], [3], [4], []], 0))
    [0, 0, 0, 0, 3]
    """
    n = len(successors)
    seen = bytearray(n)
    seen[root] = 1
    postorder = array("i")
    predecessors = [array("i") for _ in range(n)]  # of the nodes reached, made on the way
    stack = [(root, iter(successors[root]))]
    while stack:
        node, children = stack[-1]
        for child in children:
            preds = predecessors[child]
            if not preds or preds[-1] != node:  # a node listed twice is one predecessor
                preds.append(node)
            if not seen[child]:
                seen[child] = 1
                below = successors[child]
                if not below:  # a leaf finishes as soon as it is found
                    postorder.append(child)
                    continue
                stack.append((child, iter(below)))
                break
        else:
            stack.pop()
            postorder.append(node)
    rank = array("i", [-1]) * n
    for index, node in enumerate(postorder):
        rank[node] = index
    idom = array("i", [-1]) * n
    idom[root] = root

    def nearest_common(node: int) -> int:
        new = -1
        for pred in predecessors[node]:
            if idom[pred] == -1:
                continue
            if new == -1:
                new = pred
                continue
            a, b = pred, new
            while a != b:
                while rank[a] < rank[b]:
                    a = idom[a]
                while rank[b] < rank[a]:
                    b = idom[b]
            new = a
        return new

    # A node with no successors is nobody's predecessor, so no other node's
    # dominator depends on it: the passes skip these leaves (most of an oversight
    # graph: schools, people) and each is settled once, after the others converge.
    order = postorder[::-1][1:]
    inner = array("i", [node for node in order if successors[node]])
    changed = True
    while changed:
        changed = False
        for node in inner:
            new = nearest_common(node)
            if idom[node] != new:
                idom[node] = new
                changed = True
    for node in order:
        if not successors[node]:
            preds = predecessors[node]
            idom[node] = preds[0] if len(preds) == 1 else nearest_common(node)
    return idom


def _dominance(view: OversightView) -> _Dominance:
    def compute() -> _Dominance:
        table = view.projection.edge_table
        top_list = tops(view)
        if not top_list:
            return _Dominance(array("i", [-1]) * len(table.nodes), table.nodes, frozenset())
        root = len(table.nodes)  # the virtual root joined to every top
        successors = table.successors(view.filter, among=view.valid_nodes())
        top_numbers = array("i", [table.number[t] for t in top_list])
        successors.append(top_numbers)
        idom = immediate_dominators(successors, root)
        return _Dominance(idom, table.nodes, frozenset(top_numbers))

    def paused() -> _Dominance:
        with gc_paused():
            return compute()

    result: _Dominance = view.projection.memo(("dominance", view.filter), paused)
    return result


def _structural_descendants(view: OversightView, node: str) -> set[str]:
    """*node* and its structural parts on the view's date (a trust's schools...), at any depth."""
    graph, accepts, valid = view.graph, view.filter.accepts, view.valid_nodes()
    children = view.projection.structural_children
    seen = {node}
    stack = [node]
    while stack:
        parent = stack.pop()
        for child in children.get(parent, ()):
            if child in seen or child not in valid:
                continue
            if any(d["structural"] and accepts(d) for d in graph._succ[parent][child].values()):
                seen.add(child)
                stack.append(child)
    return seen


def dominators_of(G: Oversight, node: str) -> list[str]:
    """The bodies every route from the top to *node* passes through, nearest first.

    If any of them stopped overseeing, *node* would have no route to the top.
    Tops are left out (they are where routes start); a body with no route to
    the top at all has no dominators (see the ``unscrutinised`` gap rule).

    Examples
    --------
    >>> from graph.examples import example_projection
    >>> dominators_of(example_projection(), "school/900001")
    ['group/1001']
    """
    view = as_view(G)
    _check(view, node)
    dom = _dominance(view)
    number = view.projection.edge_table.number[node]
    return [dom.names[d] for d in dom.dominators(number) if d not in dom.tops]


def single_points_of_failure(
    G: Oversight, *, categories: Iterable[str] = ("body",)
) -> dict[str, list[str]]:
    """Overseers whose loss leaves other bodies with no route to the top.

    Uses the dominator tree of the graph from a virtual root joined to every top
    (Cooper–Harvey–Kennedy, :func:`immediate_dominators`). A dominator D of X is reported unless
    X is one of D's own structural parts (a trust's schools, a committee's posts:
    losing the trust is not losing an *overseer* of them). Only nodes whose
    ``category`` is in *categories* are counted as dependants.

    Returns
    -------
    dict
        Overseer → sorted list of the bodies that depend on it alone.

    Examples
    --------
    >>> from graph.examples import example_projection
    >>> G = example_projection()
    >>> single_points_of_failure(G)
    {'la/380/deputy-director': ['la/380/teaching-school-alliances']}
    """
    view = as_view(G)
    dom = _dominance(view)
    wanted = set(categories)
    category = view.projection.node_table.categories
    names, root = dom.names, dom.root
    result: dict[str, set[str]] = {}
    descendants: dict[int, set[str]] = {}
    for number, direct in enumerate(dom.idom):
        if direct == -1 or direct == root or number in dom.tops:
            continue  # unreached, or reached from two tops or more (most nodes)
        node = names[number]
        if category[node] not in wanted:
            continue
        for current in dom.dominators(number):
            if current in dom.tops:
                continue
            parts = descendants.get(current)
            if parts is None:
                parts = descendants[current] = _structural_descendants(view, names[current])
            if node not in parts:
                result.setdefault(names[current], set()).add(node)
    return {k: sorted(v) for k, v in sorted(result.items())}
