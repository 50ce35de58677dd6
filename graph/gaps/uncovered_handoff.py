"""Rule ``uncovered-handoff``: "X has no influence over Y; the role is undertaken by Z" — and Z
has no recorded relationship with Y.

A ``hasNoInfluenceOver`` statement with ``ov:handedTo`` hands oversight of its
targets to other bodies (Bradford 2017: the council "has no influence on the
quality of the school improvement support brokered and delivered by the TSAs and
MATs. This scrutiny role is undertaken by the RSC"). The hand-off is *covered*
when Z — or a body or post structurally part of Z — has any recorded oversight
relationship (either way, valid on the query date) with Y, or with a body
structurally part of Y; otherwise it is *uncovered* and reported (high).

>>> from graph.examples import example_projection
>>> [(h.target, h.covered_by) for h in handoffs(example_projection().view())]
[('group/1001', ('relationship/rsc-mat',)), ('la/380/teaching-school-alliances', ())]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graph.gaps.base import Gap, GapContext, Rule
from graph.projection import OversightView

__all__ = ["RULE", "Handoff", "check", "handoffs"]


@dataclass(frozen=True, slots=True)
class Handoff:
    """One hand-off: who disclaims (``actor``), over what (``target``), to whom (``handed_to``)."""

    statement: str
    actor: str
    target: str
    handed_to: str
    covered_by: tuple[str, ...]

    @property
    def covered(self) -> bool:
        """True when a relationship between the new overseer and the target is recorded."""
        return bool(self.covered_by)


def _family(view: OversightView, node: str) -> set[str]:
    """The node and every body or post structurally part of it (valid on the view's date)."""
    graph, flt = view.graph, view.filter
    seen = {node}
    stack = [node]
    while stack:
        current = stack.pop()
        for child, keyed in graph._succ.get(current, {}).items():
            if child in seen or not flt.accepts_node(graph._node[child]):
                continue
            if any(d["structural"] and flt.accepts(d) for d in keyed.values()):
                seen.add(child)
                stack.append(child)
    return seen


def _links(view: OversightView, side: set[str], other: set[str]) -> set[str]:
    """Relationships (either way, valid on the view's date) between *side* and *other*."""
    graph, flt = view.graph, view.filter
    found: set[str] = set()
    for node in side:
        if node not in graph:
            continue
        for adjacency in (graph._succ[node], graph._pred[node]):
            for m, keyed in adjacency.items():
                if m not in other:
                    continue
                for d in keyed.values():
                    if not d["structural"] and flt.accepts(d):
                        found.add(d["relationship"])
    return found


def handoffs(view: OversightView) -> list[Handoff]:
    """Every hand-off valid on the view's date, covered or not, in statement order.

    The search runs from the side handed over (a trust and its schools: few
    edges) towards the new overseer (the RSC and its parts: thousands of edges).
    """
    out: list[Handoff] = []
    projection = view.projection
    families: dict[str, set[str]] = {}

    def family(node: str) -> set[str]:
        found = families.get(node)
        if found is None:
            found = families[node] = _family(view, node) if node in view.graph else {node}
        return found

    for rel in projection.relationships_by_kind.get("hasNoInfluenceOver", ()):
        if not rel.handed_to:
            continue
        key = rel.key
        if not rel.valid_on(view.filter.as_of):
            continue
        for target in rel.targets:
            for z in rel.handed_to:
                covered = _links(view, family(target), family(z))
                for actor in rel.actors:
                    out.append(Handoff(key, actor, target, z, tuple(sorted(covered))))
    return out


def check(ctx: GapContext) -> Iterator[Gap]:
    """A gap for every uncovered hand-off."""
    for h in handoffs(ctx.view):
        if h.covered:
            continue
        actor, target, z = ctx.label(h.actor), ctx.label(h.target), ctx.label(h.handed_to)
        yield Gap.make(
            "uncovered-handoff",
            "high",
            f"Hand-off of {target} to {z} is not covered",
            f"{actor} states it has no influence over {target} and that the role is "
            f"undertaken by {z}, but no relationship between {z} and {target} is recorded "
            f"as of {ctx.as_of.isoformat()}: nobody is recorded as picking up the oversight.",
            bodies=[h.target, h.handed_to, h.actor],
            relationships=[h.statement],
            sources=ctx.sources([h.statement]),
            councils=ctx.councils([h.actor, h.target]),
        )


RULE = Rule(
    name="uncovered-handoff",
    title="Uncovered hand-off",
    description=(
        "A body says it has no influence over another and that the role is undertaken "
        "by a third, but no relationship between the third body and the other is recorded."
    ),
    severity="high",
    check=check,
)
