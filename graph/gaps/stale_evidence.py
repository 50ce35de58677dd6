"""Rule ``stale-evidence``: the newest source of an arrangement is years old on the query date.

For every relationship valid on the query date, the newest dated source
document (``prov:wasDerivedFrom`` → ``dcterms:date``) is compared with the query
date; when it is older than ``stale_after_years`` (expectations file) the
relationship's evidence is stale. Stale relationships are reported **per
document** — one gap names the document and every arrangement whose newest
source it is (re-reading or replacing that document is the fix) — **low** when
older than the threshold, **medium** when older than twice it. Relationships
with no dated source are not judged, and sources dated after the query date are
ignored (they were not yet written).

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
from itertools import chain
from operator import attrgetter
from typing import Any

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


_NAMED = attrgetter("actors", "targets", "handed_to")
"""The groups of bodies a relationship names, in the order its ``bodies`` lists them."""
_KEY = attrgetter("key")


def _stale_by_document(ctx: GapContext) -> dict[str, list[RelationshipInfo]]:
    """Relationships valid on the query date whose newest source is stale, by that source."""
    years = ctx.expectations.stale_after_years
    documents = ctx.projection.documents
    day = ctx.as_of
    stale_documents = {
        key
        for key, info in documents.items()
        if info.date is not None and info.date <= day and (day - info.date).days / 365.25 > years
    }
    # several sources: judge each set of sources once (most relationships have one)
    stale_source: dict[tuple[str, ...], str | None] = {}
    by_document: dict[str, list[RelationshipInfo]] = {}
    citing = ctx.projection.relationships_citing
    for doc in sorted(stale_documents.intersection(citing)):
        found: list[RelationshipInfo] = []
        for rel in citing[doc]:
            sources = rel.sources
            if len(sources) > 1:
                newest = stale_source.get(sources, _MISSING)
                if newest is _MISSING:
                    best = newest_source(ctx, sources)
                    newest = stale_source[sources] = best[0] if best else None
                if newest != doc:
                    continue  # a newer source supports it (or one dated after the query)
            if rel.valid_on(day):
                found.append(rel)
        if found:
            by_document[doc] = found
    return by_document


def check(ctx: GapContext) -> Iterator[Gap]:
    """A gap per stale document: the arrangements whose newest source it is."""
    years = ctx.expectations.stale_after_years
    documents = ctx.projection.documents
    day = ctx.as_of
    for doc, rels in _stale_by_document(ctx).items():
        info = documents[doc]
        assert info.date is not None
        age = (day - info.date).days / 365.25
        title = info.title or doc
        examples = "; ".join(f"'{_said(ctx, r)}'" for r in rels[:3])
        more = f" and {len(rels) - 3} more" if len(rels) > 3 else ""
        count = len(rels)
        bodies = dict.fromkeys(chain.from_iterable(chain.from_iterable(map(_NAMED, rels))))
        yield Gap.make(
            "stale-evidence",
            "medium" if age > 2 * years else "low",
            f"{count} arrangement{'s' if count != 1 else ''} rest on '{title}' "
            f"({info.date.isoformat()}), {age:.0f} years old",
            f"The newest source for {examples}{more} is '{title}', dated "
            f"{info.date.isoformat()}: {age:.1f} years before {day.isoformat()} (more than "
            f"{years:g}). The arrangement{'s' if count != 1 else ''} may no longer be in place.",
            bodies=bodies,
            relationships=list(map(_KEY, rels)),
            sources=[doc],
            councils=ctx.councils(bodies),
            details={
                "newest_source_date": info.date.isoformat(),
                "age_years": round(age, 1),
                "arrangements": count,
            },
        )


_MISSING: Any = object()


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
