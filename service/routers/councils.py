"""``/api/councils/{code}/profile`` and ``/compare``: expected arrangements, had and lacked.

``{code}`` is a DfE LA code (``380``) or a council key (``la/380``). The
expected arrangements are the ``[[arrangement]]`` entries of
``graph/expectations.toml``. ``/compare`` sets the profile beside those of the
council's DfE statistical neighbours; when none are loaded it falls back to the
councils of its region, and says so in ``basis`` and ``note``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from graph.gaps import (
    ArrangementStatus,
    CouncilProfile,
    compare_councils,
    council_profile,
    load_expectations,
)
from graph.projection import Projection
from service.deps import require_reader
from service.routers.oversight_common import (
    NOT_FOUND,
    BodyRef,
    body_ref,
    council_key,
    get_projection,
    per_year_or_none,
)

__all__ = ["CompareOut", "ProfileOut", "router"]

router = APIRouter(prefix="/api", tags=["councils"], dependencies=[Depends(require_reader)])


class ArrangementOut(BaseModel):
    """Whether the council has one expected arrangement, and what shows it."""

    name: str
    title: str
    present: bool
    bodies: list[BodyRef] = Field(
        default_factory=list, description="The council's bodies, or the bodies it relates to."
    )
    relationships: list[str] = Field(default_factory=list)
    per_year: float | None = Field(
        default=None, description="Most meetings a year guaranteed by a matching relationship."
    )
    frequency: str | None = None


class ProfileOut(BaseModel):
    """A council's expected arrangements, present and missing."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "council": {
                        "id": "la/380",
                        "iri": "https://w3id.org/oversight/id/la/380",
                        "label": "Bradford",
                        "kind": "LocalAuthority",
                        "category": "body",
                        "council": "la/380",
                    },
                    "la_code": "380",
                    "documented": True,
                    "present": ["rsc-meetings", "trust-meetings"],
                    "missing": ["corporate-parenting"],
                    "arrangements": [],
                }
            ]
        }
    )

    council: BodyRef
    la_code: str | None
    documented: bool = Field(
        description="True when some relationship cites this council's documents."
    )
    present: list[str]
    missing: list[str]
    arrangements: list[ArrangementOut]


class CompareOut(BaseModel):
    """A council beside its comparators, arrangement by arrangement."""

    council: ProfileOut
    basis: Literal["statistical-neighbours", "region", "none"]
    note: str
    neighbours: list[ProfileOut]
    arrangements: dict[str, str] = Field(description="Arrangement name → title, in order.")
    table: dict[str, dict[str, bool]] = Field(
        description="Arrangement name → council key → present (the side-by-side view)."
    )


def _arrangement(projection: Projection, status: ArrangementStatus) -> ArrangementOut:
    return ArrangementOut(
        name=status.name,
        title=status.title,
        present=status.present,
        bodies=[body_ref(projection, b) for b in status.bodies if b in projection.graph],
        relationships=list(status.relationships),
        per_year=per_year_or_none(status.per_year),
        frequency=status.frequency,
    )


def profile_out(projection: Projection, profile: CouncilProfile) -> ProfileOut:
    """A profile for JSON.

    >>> from graph.examples import example_projection
    >>> from graph.gaps import council_profile, load_expectations
    >>> p = example_projection()
    >>> out = profile_out(p, council_profile(p.view(), "380", load_expectations()))
    >>> out.council.id, "rsc-meetings" in out.missing
    ('la/380', True)
    """
    return ProfileOut(
        council=body_ref(projection, profile.council),
        la_code=profile.la_code,
        documented=profile.documented,
        present=profile.present,
        missing=profile.missing,
        arrangements=[_arrangement(projection, a) for a in profile.arrangements],
    )


Code = Annotated[
    str,
    Path(
        description="DfE LA code (380) or council key (la/380).",
        openapi_examples={"bradford": {"value": "380"}},
    ),
]
AsOf = Annotated[date | None, Query(description="Only arrangements valid on this date.")]


@router.get(
    "/councils/{code:path}/profile",
    response_model=ProfileOut,
    summary="Which expected arrangements a council has and lacks",
    responses=NOT_FOUND,
)
def profile(
    projection: Annotated[Projection, Depends(get_projection)],
    code: Code,
    as_of: AsOf = None,
) -> ProfileOut:
    """The council's expected arrangements, each present or missing, with evidence."""
    key = council_key(projection, code, where="path", name="code")
    result = council_profile(projection.view(as_of=as_of), key, load_expectations())
    return profile_out(projection, result)


@router.get(
    "/councils/{code:path}/compare",
    response_model=CompareOut,
    summary="A council's arrangements beside its statistical neighbours'",
    responses=NOT_FOUND,
)
def compare(
    projection: Annotated[Projection, Depends(get_projection)],
    code: Code,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=20, description="Most comparators.")] = 10,
) -> CompareOut:
    """The profile beside the statistical neighbours' (or the region's, said in ``basis``)."""
    key = council_key(projection, code, where="path", name="code")
    result = compare_councils(projection.view(as_of=as_of), key, load_expectations(), limit=limit)
    profiles = [result.council, *result.neighbours]
    return CompareOut(
        council=profile_out(projection, result.council),
        basis=result.basis,
        note=result.note,
        neighbours=[profile_out(projection, p) for p in result.neighbours],
        arrangements=dict(result.arrangements),
        table={
            name: {p.council: name in p.present for p in profiles}
            for name, _ in result.arrangements
        },
    )
