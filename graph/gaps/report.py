"""Running the gap rules: the registry of rules and the gap report.

>>> from datetime import date
>>> from graph.examples import example_projection
>>> report = gap_report(example_projection(), as_of=date(2017, 7, 1))
>>> report.counts["uncovered-handoff"]
1
>>> [g.rule for g in gap_report(example_projection(), as_of=date(2017, 7, 1),
...                             min_severity="high").gaps][:2]
['unscrutinised', 'infrequent']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.errors import InvalidQuery
from graph.gaps.base import SEVERITY_ORDER, Gap, GapContext, Rule
from graph.gaps.config import Expectations, load_expectations
from graph.gaps.conflict_of_interest import RULE as CONFLICT_OF_INTEREST
from graph.gaps.council_profile import RULE as MISSING_ARRANGEMENT
from graph.gaps.infrequent import RULE as INFREQUENT
from graph.gaps.mutual_oversight import RULE as MUTUAL_OVERSIGHT
from graph.gaps.single_overseer import RULE as SINGLE_OVERSEER
from graph.gaps.single_point_of_failure import RULE as SINGLE_POINT_OF_FAILURE
from graph.gaps.stale_evidence import RULE as STALE_EVIDENCE
from graph.gaps.uncovered_handoff import RULE as UNCOVERED_HANDOFF
from graph.gaps.unscrutinised import RULE as UNSCRUTINISED
from graph.projection import OversightView, Projection

__all__ = ["RULES", "GapReport", "gap_report", "get_rule", "run_rule"]

RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        UNSCRUTINISED,
        INFREQUENT,
        UNCOVERED_HANDOFF,
        SINGLE_OVERSEER,
        SINGLE_POINT_OF_FAILURE,
        STALE_EVIDENCE,
        CONFLICT_OF_INTEREST,
        MUTUAL_OVERSIGHT,
        MISSING_ARRANGEMENT,
    )
}
"""Every gap rule by name, in report order."""


@dataclass(frozen=True, slots=True)
class GapReport:
    """The gaps found on a date, most severe first, and how many each rule found."""

    as_of: date
    gaps: tuple[Gap, ...]
    counts: dict[str, int] = field(default_factory=dict)
    expectations: str = ""


def get_rule(name: str) -> Rule:
    """A rule by name; :class:`~graph.errors.InvalidQuery` names the known rules otherwise.

    >>> get_rule("stale-evidence").severity
    'low'
    >>> get_rule("nope")
    Traceback (most recent call last):
    ...
    graph.errors.InvalidQuery: unknown gap rule 'nope'; known rules: unscrutinised, ...
    """
    try:
        return RULES[name]
    except KeyError:
        raise InvalidQuery(f"unknown gap rule {name!r}; known rules: " + ", ".join(RULES)) from None


def _context(
    G: Projection | OversightView, as_of: date | None, expectations: Expectations | None
) -> GapContext:
    projection = G if isinstance(G, Projection) else G.projection
    day = as_of or date.today()
    return GapContext(projection.view(as_of=day), day, expectations or load_expectations())


def run_rule(
    G: Projection | OversightView,
    name: str,
    *,
    as_of: date | None = None,
    expectations: Expectations | None = None,
) -> list[Gap]:
    """Run one rule on the graph as of a date (default today)."""
    return get_rule(name).run(_context(G, as_of, expectations))


def _sort_key(gap: Gap) -> tuple[Any, ...]:
    return (-SEVERITY_ORDER[gap.severity], list(RULES).index(gap.rule), gap.title, gap.id)


def gap_report(
    G: Projection | OversightView,
    *,
    as_of: date | None = None,
    council: str | None = None,
    rules: Iterable[str] | None = None,
    min_severity: str | None = None,
    expectations: Expectations | None = None,
) -> GapReport:
    """Run the rules and filter the gaps: by council key, rule names, minimum severity.

    The full report for a date is cached on the projection, so filtering the same
    report by council or rule costs little.
    """
    names = list(rules) if rules is not None else list(RULES)
    for name in names:
        get_rule(name)
    if min_severity is not None and min_severity not in SEVERITY_ORDER:
        raise InvalidQuery(
            f"unknown severity {min_severity!r}; use one of " + ", ".join(SEVERITY_ORDER)
        )
    ctx = _context(G, as_of, expectations)
    projection = ctx.view.projection

    def run(name: str) -> list[Gap]:
        def compute() -> list[Gap]:
            return get_rule(name).run(ctx)

        result: list[Gap] = projection.memo(("gaps", name, ctx.as_of, ctx.expectations), compute)
        return result

    gaps: list[Gap] = []
    for name in names:
        gaps.extend(run(name))
    if council is not None:
        gaps = [g for g in gaps if council in g.councils]
    if min_severity is not None:
        floor = SEVERITY_ORDER[min_severity]
        gaps = [g for g in gaps if SEVERITY_ORDER[g.severity] >= floor]
    gaps.sort(key=_sort_key)
    counts = Counter(g.rule for g in gaps)
    return GapReport(
        as_of=ctx.as_of,
        gaps=tuple(gaps),
        counts={name: counts.get(name, 0) for name in names},
        expectations=ctx.expectations.source,
    )
