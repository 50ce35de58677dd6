"""Rule ``stale-evidence``: the newest source of an arrangement is years old on the query date.

For every relationship valid on the query date, the newest dated source
document (``prov:wasDerivedFrom`` → ``dcterms:date``) is compared with the query
date. Older than ``stale_after_years`` (expectations file) is **low**; older than
twice that is **medium**. Relationships with no dated source are not judged, and
sources dated after the query date are ignored (they were not yet written).

>>> from datetime import date
>>> from graph.examples import example_projection
>>> from graph.gaps.report import run_rule
>>> len(run_rule(example_projection(), "stale-evidence", as_of=date(2019, 1, 1)))
0
>>> sorted({g.severity for g in run_rule(example_projection(), "stale-evidence",
...                                       as_of=date(2024, 1, 1))})
['medium']
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from graph.gaps.base import Gap, GapContext, Rule
from graph.projection import RelationshipInfo
from ontology.vocabulary import KINDS

__all__ = ["RULE", "check", "newest_source"]


def newest_source(ctx: GapContext, sources: tuple[str, ...]) -> tuple[str, date] | None:
    """The newest dated source on or before the query date, with its date."""
    documents = ctx.projection.documents
    best: tuple[str, date] | None = None
    for key in sources:
        doc = documents.get(key)
        if doc is None or doc.date is None or doc.date > ctx.as_of:
            continue
        if best is None or doc.date > best[1]:
            best = (key, doc.date)
    return best


def _said(ctx: GapContext, rel: RelationshipInfo) -> str:
    """The relationship as its source states it: actors, kind, targets."""
    verb = KINDS[rel.kind].label if rel.kind in KINDS else rel.kind
    if rel.kind == "memberOf":
        verb = "is a member of" if len(rel.actors) == 1 else "are members of"
    return f"{ctx.labels(rel.actors)} {verb} {ctx.labels(rel.targets)}"


def check(ctx: GapContext) -> Iterator[Gap]:
    """A gap for every relationship whose newest source is too old."""
    years = ctx.expectations.stale_after_years
    for rel in ctx.valid_relationships():
        if not rel.sources:
            continue
        newest = newest_source(ctx, rel.sources)
        if newest is None:
            continue
        doc, day = newest
        age = (ctx.as_of - day).days / 365.25
        if age <= years:
            continue
        said = _said(ctx, rel)
        yield Gap.make(
            "stale-evidence",
            "medium" if age > 2 * years else "low",
            f"Evidence that {said} is {age:.0f} years old",
            f"The newest source for '{said}' is dated {day.isoformat()}, "
            f"{age:.1f} years before {ctx.as_of.isoformat()} (more than {years:g}): the "
            "arrangement may no longer be in place.",
            bodies=rel.bodies,
            relationships=[rel.key],
            sources=[doc],
            councils=ctx.councils(rel.bodies),
            details={"newest_source_date": day.isoformat(), "age_years": round(age, 1)},
        )


RULE = Rule(
    name="stale-evidence",
    title="Stale evidence",
    description=(
        "The newest source for an arrangement is older than the number of years set in "
        "the expectations file, on the query date: it may no longer describe practice."
    ),
    severity="low",
    check=check,
)
