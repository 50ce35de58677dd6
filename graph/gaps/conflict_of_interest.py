"""Rule ``conflict-of-interest``: a member's declared interest in a body their committee oversees.

The exact rule. For every ``declaredInterestIn`` statement valid on the query
date, by a person (or post) P in a body B:

1. P's committees are every body C such that P holds a post that is
   ``org:postIn`` C, or P — or a post P holds — is ``memberOf``, ``chairs`` or
   ``attends`` C (valid on the query date);
2. the interest conflicts when C oversees B directly or through at most
   ``conflict_max_steps`` steps (expectations file) down the oversight graph,
   not passing through people (so one member's other roles do not count) and
   not through P's own posts;
3. severity **high** when C oversees B directly (one step), else **medium**.

Declarations "in the general business of the meeting" (Leicester, 2015) name
what the member is connected with (a school governing body, a youth association);
when that body is overseen by the member's committee, the rule reports it.

>>> from graph.examples import example_records, example_projection
>>> from graph.gaps.report import run_rule
>>> from loaders.records import Body, Person, Post, Holding, Relationship
>>> records = example_records() + [
...     Body(key="la/380/scrutiny", kind="ScrutinyCommittee", name="Scrutiny", part_of="la/380"),
...     Post(key="la/380/scrutiny/chair", kind="Chair", title="Chair", post_in="la/380/scrutiny"),
...     Person(key="la/380/person/a-councillor", name="A Councillor"),
...     Holding(person="la/380/person/a-councillor", post="la/380/scrutiny/chair"),
...     Relationship(key="relationship/s", kind="scrutinises", actors=("la/380/scrutiny",),
...                  targets=("la/380/teaching-school-alliances",), stated_frequency="termly"),
...     Relationship(key="relationship/i", kind="declaredInterestIn",
...                  actors=("la/380/person/a-councillor",),
...                  targets=("la/380/teaching-school-alliances",))]
>>> found = run_rule(example_projection(records), "conflict-of-interest")
>>> [(g.bodies, g.severity) for g in found]  # doctest: +NORMALIZE_WHITESPACE
[(('la/380/person/a-councillor', 'la/380/teaching-school-alliances', 'la/380/scrutiny'),
  'high')]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from graph.gaps.base import Gap, GapContext, Rule
from graph.projection import OversightView

__all__ = ["MEMBERSHIP_KINDS", "RULE", "Conflict", "check", "committees_of", "conflicts"]

MEMBERSHIP_KINDS = frozenset({"memberOf", "chairs", "attends"})
"""Relationship kinds that make someone part of a committee."""


@dataclass(frozen=True, slots=True)
class Conflict:
    """A declared interest that meets a committee's oversight."""

    statement: str
    member: str
    interest: str
    committee: str
    route: tuple[str, ...]
    relationships: tuple[str, ...]


def _posts_of(view: OversightView, member: str) -> list[str]:
    return [u for u, _, d in view.overseers(member) if d["structural"] and d["kind"] == "holds"]


def committees_of(view: OversightView, member: str) -> dict[str, list[str]]:
    """The bodies *member* sits on, each with the relationships (or posts) that say so.

    >>> from graph.examples import example_projection
    >>> committees_of(example_projection().view(), "la/380/deputy-director")
    {}
    """
    if member not in view.graph:
        return {}
    found: dict[str, list[str]] = {}
    posts = _posts_of(view, member)
    for post in posts:
        for body, _, d in view.overseers(post):
            if d["structural"] and d["kind"] == "postIn":
                found.setdefault(body, []).append(post)
    for holder in (member, *posts):
        for body, _, d in view.overseen(holder):
            if not d["structural"] and d["kind"] in MEMBERSHIP_KINDS:
                found.setdefault(body, []).append(d["relationship"])
    return found


_Ball = dict[str, tuple[int, str, str | None]]
"""node → (hops, the neighbour it was reached from, the relationship between them)."""


def _ball(view: OversightView, start: str, steps: int, up: bool, avoid: set[str]) -> _Ball:
    """Nodes within *steps* of *start* (up: its overseers; down: whom it oversees).

    People and *avoid* are never passed through (one member's other roles do
    not make a route); each step keeps its most frequent accepted edge.
    """
    graph, flt = view.graph, view.filter
    category, valid = view.projection.node_table.categories, view.valid_nodes()
    ball: _Ball = {start: (0, start, None)}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        hops = ball[node][0]
        if hops >= steps:
            continue
        adjacency = graph._pred[node] if up else graph._succ[node]
        for m, keyed in adjacency.items():
            if m in ball or m in avoid or m not in valid or category[m] == "person":
                continue
            accepted = [d for d in keyed.values() if flt.accepts(d)]
            if accepted:
                best = max(accepted, key=lambda d: float(d["width"]))
                ball[m] = (hops + 1, node, best["relationship"])
                queue.append(m)
    return ball


def _meet(down: _Ball, up: _Ball, steps: int) -> tuple[list[str], list[str]] | None:
    """The shortest route committee → interest joining a downward and an upward ball."""
    best: tuple[int, str] | None = None
    for node, (hops_down, _, _) in down.items():
        found = up.get(node)
        if found is None or hops_down + found[0] > steps or hops_down + found[0] == 0:
            continue
        total = hops_down + found[0]
        if best is None or (total, node) < best:
            best = (total, node)
    if best is None:
        return None
    middle = best[1]
    route: list[str] = [middle]
    rels: list[str] = []
    node = middle
    while down[node][0] > 0:
        _, prev, rel = down[node]
        route.insert(0, prev)
        if rel:
            rels.insert(0, rel)
        node = prev
    node = middle
    while up[node][0] > 0:
        _, nxt, rel = up[node]
        route.append(nxt)
        if rel:
            rels.append(rel)
        node = nxt
    return route, rels


def conflicts(view: OversightView, max_steps: int) -> list[Conflict]:
    """Every declared interest that meets its member's committee's oversight.

    The route is found by meeting in the middle: a committee's oversight fans out
    widely, a body has few overseers, so each side searches half the steps.
    """
    out: list[Conflict] = []
    projection = view.projection
    down_steps, up_steps = (max_steps + 1) // 2, max_steps // 2
    open_balls: dict[str, _Ball] = {}  # each committee's oversight, avoiding no one

    def down_from(committee: str, avoid: set[str]) -> _Ball:
        ball = open_balls.get(committee)
        if ball is None:
            ball = open_balls[committee] = _ball(view, committee, down_steps, False, set())
        # a search that never met the nodes to avoid is the same search as one avoiding them
        return ball if avoid.isdisjoint(ball) else _ball(view, committee, down_steps, False, avoid)

    for rel in projection.relationships_by_kind.get("declaredInterestIn", ()):
        if not rel.valid_on(view.filter.as_of):
            continue
        key = rel.key
        for member in rel.actors:
            committees = committees_of(view, member)
            if not committees:
                continue
            avoid = {member, *_posts_of(view, member)}
            downs = {c: down_from(c, avoid) for c in sorted(committees)}
            for interest in rel.targets:
                if not view.has_node(interest):
                    continue
                up = _ball(view, interest, up_steps, True, avoid)
                for committee, via in sorted(committees.items()):
                    if committee == interest:
                        continue
                    found = _meet(downs[committee], up, max_steps)
                    if found is None:
                        continue
                    route, rels = found
                    membership = [r for r in via if r in projection.relationships]
                    out.append(
                        Conflict(
                            key,
                            member,
                            interest,
                            committee,
                            tuple(route),
                            tuple(dict.fromkeys([key, *membership, *rels])),
                        )
                    )
    return out


def check(ctx: GapContext) -> Iterator[Gap]:
    """A gap for every conflict found by :func:`conflicts`."""
    for c in conflicts(ctx.view, ctx.expectations.conflict_max_steps):
        steps = len(c.route) - 1
        member, interest, committee = (
            ctx.label(c.member),
            ctx.label(c.interest),
            ctx.label(c.committee),
        )
        how = (
            "directly"
            if steps == 1
            else "through " + " → ".join(ctx.label(n) for n in c.route[1:-1])
        )
        yield Gap.make(
            "conflict-of-interest",
            "high" if steps == 1 else "medium",
            f"{member} declared an interest in {interest}, which {committee} oversees",
            f"{member} sits on {committee} and declared an interest in {interest}; "
            f"{committee} oversees {interest} {how}.",
            bodies=[c.member, c.interest, c.committee],
            relationships=c.relationships,
            sources=ctx.sources(c.relationships),
            councils=ctx.councils([c.committee, c.member]),
            details={"route": list(c.route)},
        )


RULE = Rule(
    name="conflict-of-interest",
    title="Conflict of interest",
    description=(
        "A member of a committee (holding a post in it, or a member, chair or attendee) "
        "declared an interest in a body the committee oversees, directly or within a "
        "short chain."
    ),
    severity="high",
    check=check,
)
