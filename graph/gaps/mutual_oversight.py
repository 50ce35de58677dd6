"""Rule ``mutual-oversight``: two bodies each oversee the other.

Only directed oversight counts: ``meetsWith`` (a meeting of equals, recorded
both ways by design) and structural links are left out. Typical finding: an
officer reports to a board on which the officer also sits. Severity **low**.

>>> from graph.examples import example_records, example_projection
>>> from graph.gaps.report import run_rule
>>> from loaders.records import Relationship
>>> records = example_records() + [Relationship(
...     key="relationship/tsa-dd", kind="scrutinises", actors=(
...     "la/380/teaching-school-alliances",), targets=("la/380/deputy-director",))]
>>> [g.relationships for g in run_rule(example_projection(records), "mutual-oversight")]
[('relationship/dd-tsa', 'relationship/tsa-dd')]
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.gaps.base import Gap, GapContext, Rule, describe
from graph.projection import EdgeData

__all__ = ["RULE", "check"]


def _ways(edges: list[EdgeData], overseer: str, overseen: str) -> str:
    return " and ".join(sorted({describe(d["kind"], overseer, overseen) for d in edges}))


def check(ctx: GapContext) -> Iterator[Gap]:
    """A gap for every pair of bodies with directed oversight both ways."""
    graph, accepts, valid = ctx.view.graph, ctx.view.filter.accepts, ctx.view.valid_nodes()
    succ = graph._succ

    def directed(keyed: dict[str, EdgeData]) -> list[EdgeData]:
        return [
            d
            for d in keyed.values()
            if not d["structural"] and d["kind"] != "meetsWith" and accepts(d)
        ]

    for a, before in graph._pred.items():
        after = succ[a]
        if not before or not after:
            continue
        # the nodes joined to a both ways, each pair once, from its smaller key
        for b in after.keys() & before.keys():
            if b <= a or a not in valid or b not in valid:
                continue
            forward, backward = directed(after[b]), directed(before[b])
            if not forward or not backward:
                continue
            rels = sorted({d["relationship"] for d in (*forward, *backward)})
            yield Gap.make(
                "mutual-oversight",
                "low",
                f"{ctx.label(a)} and {ctx.label(b)} oversee each other",
                f"{_ways(forward, ctx.label(a), ctx.label(b))}, and "
                f"{_ways(backward, ctx.label(b), ctx.label(a))}: neither is independent of the "
                "other.",
                bodies=[a, b],
                relationships=rels,
                sources=ctx.sources(rels),
                councils=ctx.councils([a, b]),
            )


RULE = Rule(
    name="mutual-oversight",
    title="Mutual oversight",
    description=(
        "Two bodies each oversee the other (meetings of equals aside): for example an "
        "officer who reports to a board on which the officer also sits."
    ),
    severity="low",
    check=check,
)
