"""Rule ``infrequent``: oversight less frequent than expected for that kind of arrangement.

The expectations are the ``[[expectation]]`` entries of the expectations file
(e.g. children's services leaders meet the regional schools commissioner at
least termly). "As required" and "unspecified" guarantee no meeting, so they fall
short of any expectation.

* **high**: "as required", or fewer than half the expected meetings;
* **medium**: below the expectation;
* **low**: no frequency stated, so the expectation cannot be confirmed.

>>> from graph.examples import example_projection
>>> from graph.gaps.report import run_rule
>>> [(g.relationships[0], g.severity) for g in run_rule(example_projection(), "infrequent")]
[('relationship/dd-tsa', 'high')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from graph.gaps.base import (
    Gap,
    GapContext,
    Rule,
    Severity,
    class_table,
    describe,
    frequency_phrase,
)
from graph.gaps.config import Expectation
from graph.projection import RelationshipInfo

__all__ = ["RULE", "check"]

_Wanted = tuple[Expectation, frozenset[str], frozenset[str]]
"""An expectation with the classes present on its overseer and overseen sides."""


def _pairs(rel: RelationshipInfo) -> list[tuple[str, str]]:
    if rel.direction == "Mutual":
        return [(a, b) for a in rel.parties for b in rel.parties if a != b]
    return [(a, b) for a in rel.overseers for b in rel.overseen if a != b]


def _severity(width: float, frequency: str | None, wanted: float) -> Severity:
    if frequency in (None, "unspecified") and width == 0:
        return "low"
    if frequency == "asRequired" and width == 0:
        return "high"
    return "high" if width < wanted / 2 else "medium"


def check(ctx: GapContext) -> Iterator[Gap]:
    """Gaps for relationships that meet less often than an expectation asks.

    Expectation ``i`` is bit ``i`` of two masks per node: one set when the node
    can be its overseer, one when it can be overseen. A relationship whose pairs'
    masks share no bit with the expectations it falls short of is passed over
    without testing each expectation in turn (the great majority are).
    """
    wanted_by_kind: dict[str, list[tuple[int, _Wanted]]] = defaultdict(list)
    sides: list[tuple[frozenset[str], frozenset[str]]] = []
    for bit, exp in enumerate(ctx.expectations.expectations):
        overseers, overseen = ctx.matching_classes(exp.overseer), ctx.matching_classes(exp.overseen)
        sides.append((overseers, overseen))
        for kind in exp.kinds:
            wanted_by_kind[kind].append((1 << bit, (exp, overseers, overseen)))
    valid, classes = ctx.view.valid_nodes(), class_table(ctx.view)
    masks: dict[tuple[str, ...], tuple[int, int]] = {}

    def masks_of(node: str) -> tuple[int, int]:
        """(can oversee, can be overseen) masks of a node, worked out once per set of classes."""
        found = classes[node]
        known = masks.get(found)
        if known is None:
            over = under = 0
            for bit, (overseers, overseen) in enumerate(sides):
                if not overseers.isdisjoint(found):
                    over |= 1 << bit
                if not overseen.isdisjoint(found):
                    under |= 1 << bit
            known = masks[found] = (over, under)
        return known

    # the expectations a relationship falls short of depend on its kind and frequencies only
    short_of: dict[tuple[str, str | None, str | None], tuple[int, list[_Wanted], bool]] = {}
    for rel in ctx.valid_relationships(wanted_by_kind):
        said = (rel.kind, rel.frequency, rel.observed)
        known = short_of.get(said)
        if known is None:
            width = rel.width
            falls = [(b, w) for b, w in wanted_by_kind[rel.kind] if width < w[0].min_per_year]
            bits = sum(b for b, _ in falls)
            known = short_of[said] = (bits, [w for _, w in falls], rel.direction == "Mutual")
        wanted_bits, wanted, mutual = known
        if not wanted_bits:
            continue
        if mutual:
            above = below = rel.parties
        else:
            above, below = rel.overseers, rel.overseen
        met = 0
        for a in above:
            over = masks_of(a)[0] & wanted_bits if a in valid else 0
            for b in below if over else ():
                if b != a and b in valid:
                    met |= over & masks_of(b)[1]
        if not met & wanted_bits:
            continue
        pairs = _pairs(rel)
        for exp, overseers, overseen in wanted:
            for a, b in pairs:
                if (
                    a in valid
                    and b in valid
                    and not overseers.isdisjoint(classes[a])
                    and not overseen.isdisjoint(classes[b])
                ):
                    yield _gap(ctx, rel, exp, a, b)
                    break


def _gap(ctx: GapContext, rel: RelationshipInfo, exp: Expectation, a: str, b: str) -> Gap:
    width = rel.width
    said = frequency_phrase(rel.frequency)
    if rel.observed:
        said += f" (observed: {frequency_phrase(rel.observed)})"
    return Gap.make(
        "infrequent",
        _severity(width, rel.frequency, exp.min_per_year),
        f"{ctx.label(a)} and {ctx.label(b)}: {said}, expected {exp.min_per_year:g} a year",
        f"Expected: {exp.title.lower()} ({exp.min_per_year:g} meetings a year). "
        f"Recorded: {describe(rel.kind, ctx.label(a), ctx.label(b))} {said}, which "
        f"guarantees {width:g} a year. {exp.why}".strip(),
        bodies=[a, b],
        relationships=[rel.key],
        sources=rel.sources,
        councils=ctx.councils([a, b]),
        details={"expectation": exp.name, "min_per_year": exp.min_per_year, "per_year": width},
    )


RULE = Rule(
    name="infrequent",
    title="Infrequent oversight",
    description=(
        "An oversight relationship that meets less often than the expectation for that "
        "kind of arrangement in the expectations file (for example, children's services "
        "leaders and the regional schools commissioner at least termly)."
    ),
    severity="medium",
    check=check,
)
