"""``/api/gaps``: where nobody is looking — the gap rules' findings, filtered and paginated.

* ``GET /api/gaps?council=&rule=&severity=&as_of=&limit=&offset=`` — gaps most
  severe first; ``severity`` is a floor (``medium`` gives medium and high);
  ``rule`` is repeatable; ``as_of`` defaults to today.
* ``GET /api/gaps/rules`` — every rule with its plain-English description.

See :mod:`graph.gaps` for the rules and ``graph/expectations.toml`` for the
thresholds they use.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from graph.gaps import RULES, Gap, gap_report
from graph.projection import Projection
from service.deps import require_reader
from service.routers.oversight_common import (
    NOT_FOUND,
    BodyRef,
    CouncilParam,
    SourceRef,
    body_ref,
    council_key,
    get_projection,
    source_ref,
)

__all__ = ["GapOut", "GapPage", "RuleName", "RuleOut", "router"]

router = APIRouter(prefix="/api", tags=["gaps"], dependencies=[Depends(require_reader)])

RuleName = Literal[
    "unscrutinised",
    "infrequent",
    "uncovered-handoff",
    "single-overseer",
    "single-point-of-failure",
    "stale-evidence",
    "conflict-of-interest",
    "mutual-oversight",
    "missing-arrangement",
]
"""The gap rules (a test keeps this in step with :data:`graph.gaps.RULES`)."""

SeverityName = Literal["high", "medium", "low"]


class RuleOut(BaseModel):
    """A gap rule."""

    name: str
    title: str
    description: str
    severity: SeverityName = Field(description="The rule's usual severity.")


class GapOut(BaseModel):
    """One gap: rule, severity, a plain-English explanation, and what it involves."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "uncovered-handoff:0123456789",
                    "rule": "uncovered-handoff",
                    "severity": "high",
                    "title": "Hand-off of Teaching school alliances in Bradford to the RSC is "
                    "not covered",
                    "explanation": "Bradford states it has no influence over Teaching school "
                    "alliances in Bradford and that the role is undertaken by the RSC, but no "
                    "relationship between them is recorded.",
                    "bodies": [],
                    "relationships": ["relationship/bradford-la-no-influence-over-tsas-mats"],
                    "sources": [],
                    "councils": ["la/380"],
                    "details": {},
                }
            ]
        }
    )

    id: str = Field(description="Stable across reloads for the same rule, bodies, relationships.")
    rule: str
    severity: SeverityName
    title: str
    explanation: str
    bodies: list[BodyRef]
    relationships: list[str]
    sources: list[SourceRef]
    councils: list[str]
    details: dict[str, Any] = Field(default_factory=dict)


class GapPage(BaseModel):
    """A page of gaps and the count per rule (after the council and severity filters)."""

    as_of: date
    total: int
    limit: int
    offset: int
    counts: dict[str, int]
    expectations: str = Field(
        description="The name of the expectations file the thresholds came from (not its path)."
    )
    items: list[GapOut]


def gap_out(projection: Projection, gap: Gap) -> GapOut:
    """A gap for JSON.

    >>> from datetime import date
    >>> from graph.examples import example_projection
    >>> from graph.gaps import run_rule
    >>> p = example_projection()
    >>> gap = run_rule(p, "uncovered-handoff", as_of=date(2017, 7, 1))[0]
    >>> gap_out(p, gap).bodies[0].id, gap_out(p, gap).severity
    ('la/380/teaching-school-alliances', 'high')
    """
    return GapOut(
        id=gap.id,
        rule=gap.rule,
        severity=gap.severity,
        title=gap.title,
        explanation=gap.explanation,
        bodies=[body_ref(projection, b) for b in gap.bodies if b in projection.graph],
        relationships=list(gap.relationships),
        sources=[source_ref(projection, s) for s in gap.sources],
        councils=list(gap.councils),
        details=gap.details,
    )


@router.get("/gaps/rules", response_model=list[RuleOut], summary="The gap rules")
def rules() -> list[RuleOut]:
    """Every rule with its plain-English description and usual severity."""
    return [
        RuleOut(name=r.name, title=r.title, description=r.description, severity=r.severity)
        for r in RULES.values()
    ]


@router.get(
    "/gaps",
    response_model=GapPage,
    summary="Oversight gaps, most severe first",
    responses=NOT_FOUND,
)
def gaps(
    projection: Annotated[Projection, Depends(get_projection)],
    council: CouncilParam = None,
    rule: Annotated[
        list[RuleName] | None, Query(description="Only these rules (repeat the parameter).")
    ] = None,
    severity: Annotated[
        SeverityName | None, Query(description="Minimum severity: low, medium or high.")
    ] = None,
    as_of: Annotated[
        date | None, Query(description="The date the gaps are judged on (default today).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> GapPage:
    """The gaps the rules find, filtered by council, rule and minimum severity."""
    key = council_key(projection, council) if council is not None else None
    report = gap_report(projection, as_of=as_of, council=key, rules=rule, min_severity=severity)
    page = report.gaps[offset : offset + limit]
    return GapPage(
        as_of=report.as_of,
        total=len(report.gaps),
        limit=limit,
        offset=offset,
        counts=report.counts,
        expectations=PurePath(report.expectations).name,
        items=[gap_out(projection, g) for g in page],
    )
