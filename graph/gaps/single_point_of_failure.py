"""Rule ``single-point-of-failure``: an overseer whose loss leaves bodies with no route to the top.

Uses :func:`graph.paths.single_points_of_failure` (dominators from a virtual root
joined to the tops). A body's own structural parts are not counted (a trust is
not a single point of failure for its own schools). Severity **high** when at
least ``many_dependants`` bodies (expectations file) depend on it alone, else
**medium**.

>>> from graph.examples import example_projection
>>> from graph.gaps.report import run_rule
>>> [(g.bodies, g.severity) for g in run_rule(example_projection(), "single-point-of-failure")]
[(('la/380/deputy-director', 'la/380/teaching-school-alliances'), 'medium')]
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.gaps.base import Gap, GapContext, Rule
from graph.paths import single_points_of_failure

__all__ = ["RULE", "check"]


def check(ctx: GapContext) -> Iterator[Gap]:
    """A gap for every single point of failure."""
    view = ctx.view
    many = ctx.expectations.many_dependants
    for overseer, dependants in single_points_of_failure(view).items():
        rels: set[str] = set()
        for node in dependants:
            for u, _, data in view.overseers(node):
                if u == overseer and data["relationship"]:
                    rels.add(data["relationship"])
        shown = ctx.labels(dependants[:5])
        more = f" and {len(dependants) - 5} more" if len(dependants) > 5 else ""
        count = len(dependants)
        yield Gap.make(
            "single-point-of-failure",
            "high" if count >= many else "medium",
            f"{ctx.label(overseer)} is a single point of failure for {count} "
            f"bod{'y' if count == 1 else 'ies'}",
            f"Every route of oversight from the top to {shown}{more} passes through "
            f"{ctx.label(overseer)}: if it stopped overseeing, "
            f"{'it' if count == 1 else 'they'} would have no route to the top.",
            bodies=[overseer, *dependants],
            relationships=sorted(rels),
            sources=ctx.sources(rels),
            councils=ctx.councils([overseer, *dependants]),
            details={"dependants": count},
        )


RULE = Rule(
    name="single-point-of-failure",
    title="Single point of failure",
    description=(
        "An overseer through which every route of oversight from the top to some bodies "
        "passes: if it stopped, those bodies would have no route to the top."
    ),
    severity="medium",
    check=check,
)
