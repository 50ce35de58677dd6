"""Rule ``single-overseer``: a body that ought to be scrutinised has exactly one overseer.

Counts distinct overseers through scrutiny relationships (the kinds of
``[unscrutinised] kinds``), structural links aside. A body with none is the
``unscrutinised`` rule's business. Severity **medium**; **high** when that one
overseer's scrutiny is not guaranteed (as required or unspecified).

>>> from graph.examples import example_projection
>>> from graph.gaps.report import run_rule
>>> [(g.bodies, g.severity) for g in run_rule(example_projection(), "single-overseer")]
[(('la/380/teaching-school-alliances', 'la/380/deputy-director'), 'high')]
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.gaps.base import Gap, GapContext, Rule, describe, frequency_phrase
from graph.projection import EdgeData

__all__ = ["RULE", "check"]


def check(ctx: GapContext) -> Iterator[Gap]:
    """A gap for every scrutinisable body with a single overseer."""
    nodes = ctx.view.graph._node
    for node, incoming in ctx.scrutiny().items():
        attrs = nodes[node]
        by: dict[str, list[EdgeData]] = {}
        for u, data in incoming:
            by.setdefault(u, []).append(data)
        if len(by) != 1:
            continue
        ((overseer, edges),) = by.items()
        best = max(edges, key=lambda d: float(d["width"]))
        guaranteed = best["width"] > 0
        rels = sorted({str(d["relationship"]) for d in edges})
        yield Gap.make(
            "single-overseer",
            "medium" if guaranteed else "high",
            f"{attrs['label']} has a single overseer",
            f"{ctx.label(overseer)} is the only body recorded as overseeing "
            f"{attrs['label']} ({describe(best['kind'], ctx.label(overseer), 'it')}, "
            f"{frequency_phrase(best['frequency'])}). If that arrangement lapsed, nobody "
            "would be looking.",
            bodies=[node, overseer],
            relationships=rels,
            sources=ctx.sources(rels),
            councils=ctx.councils([node]),
        )


RULE = Rule(
    name="single-overseer",
    title="Single overseer",
    description=(
        "A body that ought to be scrutinised has exactly one overseer: one lapsed "
        "arrangement from no oversight at all."
    ),
    severity="medium",
    check=check,
)
