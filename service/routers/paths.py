"""``/api/chain/{id}`` and ``/api/paths``: chains of accountability and the weakest link.

* ``GET /api/chain/{id}`` — every chain from the body up to the top (DfE,
  full council, Parliament where present), shortest first, and the weakest link:
  the chain whose least frequent step is most frequent;
* ``GET /api/paths?from=&to=`` — the chains between two bodies (``direction``
  ``up``: *to* oversees *from*; ``down``: *from* oversees *to*; ``auto``: up,
  else down), the shortest and the weakest link.

Both take ``kinds`` (repeatable), ``min_per_year`` or ``min_frequency`` (drop
steps guaranteeing fewer meetings a year; "as required" and "unspecified"
guarantee 0; structural steps are never dropped), ``as_of`` and ``cutoff``.
See :mod:`graph.paths` for the definitions (the top, the cycle rule).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from graph import paths
from graph.errors import NodeNotFound, NoPath
from graph.projection import OversightView, Projection
from ontology.vocabulary import FREQUENCIES
from service.deps import require_reader
from service.routers.oversight_common import (
    NOT_FOUND,
    BodyRef,
    ChainOut,
    FrequencyName,
    OversightKind,
    WeakestLinkOut,
    body_ref,
    chain_out,
    get_projection,
    invalid,
    parse_key,
    weakest_out,
)

__all__ = ["ChainResponse", "PathsResponse", "router"]

router = APIRouter(prefix="/api", tags=["paths"], dependencies=[Depends(require_reader)])


class Filters(BaseModel):
    """The filters an answer was computed under."""

    as_of: date | None = None
    kinds: list[str] | None = None
    min_per_year: float | None = None
    cutoff: int


class ChainResponse(BaseModel):
    """Chains of accountability from a body to the top."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "body": {
                        "id": "la/380/multi-academy-trusts",
                        "iri": "https://w3id.org/oversight/id/la/380/multi-academy-trusts",
                        "label": "Multi-academy trusts serving Bradford",
                        "kind": "MultiAcademyTrust",
                        "category": "body",
                        "council": "la/380",
                    },
                    "filters": {"cutoff": 6},
                    "reaches_top": True,
                    "chains": [],
                    "weakest_link": None,
                    "tops": [],
                    "dominators": None,
                    "message": None,
                }
            ]
        }
    )

    body: BodyRef
    filters: Filters
    reaches_top: bool = Field(description="False when no chain within the cutoff reaches a top.")
    chains: list[ChainOut]
    weakest_link: WeakestLinkOut | None
    tops: list[BodyRef] = Field(description="The tops the chains reach.")
    dominators: list[BodyRef] | None = Field(
        default=None,
        description=(
            "With dominators=true: bodies every route from the top to this body passes "
            "through (its single points of failure), nearest first."
        ),
    )
    message: str | None = None


class PathsResponse(BaseModel):
    """Chains between two bodies, the shortest and the weakest link."""

    model_config = ConfigDict(populate_by_name=True)

    source: BodyRef = Field(alias="from")
    target: BodyRef = Field(alias="to")
    direction: Literal["up", "down"] = Field(
        description="up: 'to' oversees 'from' through the chains; down: the reverse."
    )
    filters: Filters
    chains: list[ChainOut]
    shortest: ChainOut | None
    weakest_link: WeakestLinkOut | None
    message: str | None = None


KindsQuery = Annotated[
    list[OversightKind] | None,
    Query(
        description="Only relationships of these kinds (repeat the parameter).",
        openapi_examples={"scrutiny": {"value": ["scrutinises", "meetsWith"]}},
    ),
]
MinPerYear = Annotated[
    float | None,
    Query(ge=0, le=365, description="Drop steps guaranteeing fewer meetings a year."),
]
MinFrequency = Annotated[
    FrequencyName | None,
    Query(description="Like min_per_year, as a frequency name (termly = 3 a year)."),
]
AsOf = Annotated[date | None, Query(description="Only relationships valid on this date.")]


def oversight_view(
    projection: Projection,
    *,
    as_of: date | None,
    kinds: Sequence[str] | None,
    min_per_year: float | None,
    min_frequency: str | None,
) -> OversightView:
    """The view the filters describe (422 when both frequency filters are given).

    >>> from graph.examples import example_projection
    >>> view = oversight_view(example_projection(), as_of=None, kinds=None,
    ...                       min_per_year=None, min_frequency="termly")
    >>> view.filter.min_per_year
    3.0
    """
    if min_per_year is not None and min_frequency is not None:
        invalid(
            "query", "min_frequency", "give min_per_year or min_frequency, not both", min_frequency
        )
    if min_frequency is not None:
        min_per_year = FREQUENCIES[min_frequency].per_year or 0.0
    return projection.view(as_of=as_of, kinds=kinds, min_per_year=min_per_year)


def _filters(view: OversightView, kinds: Sequence[str] | None, cutoff: int) -> Filters:
    flt = view.filter
    return Filters(
        as_of=flt.as_of,
        kinds=list(kinds) if kinds else None,
        min_per_year=flt.min_per_year,
        cutoff=cutoff,
    )


def _node(
    projection: Projection,
    view: OversightView,
    text: str,
    name: str,
    where: Literal["path", "query"],
) -> str:
    key = parse_key(text, where=where, name=name)
    if not view.has_node(key):
        raise NodeNotFound(key)
    return key


@router.get(
    "/chain/{id:path}",
    response_model=ChainResponse,
    summary="Chains of accountability from a body up to the top",
    responses=NOT_FOUND,
)
def chain(
    projection: Annotated[Projection, Depends(get_projection)],
    id: Annotated[
        str,
        Path(
            description="Key of the body, post or person (slashes allowed) or its IRI.",
            openapi_examples={"mats": {"value": "la/380/multi-academy-trusts"}},
        ),
    ],
    kinds: KindsQuery = None,
    min_per_year: MinPerYear = None,
    min_frequency: MinFrequency = None,
    as_of: AsOf = None,
    cutoff: Annotated[int, Query(ge=1, le=paths.MAX_CUTOFF, description="Most steps.")] = 6,
    limit: Annotated[int, Query(ge=1, le=200, description="Most chains returned.")] = 20,
    dominators: Annotated[bool, Query(description="Also list single points of failure.")] = False,
) -> ChainResponse:
    """Chains up to the top, shortest first, with the weakest link."""
    view = oversight_view(
        projection, as_of=as_of, kinds=kinds, min_per_year=min_per_year, min_frequency=min_frequency
    )
    key = _node(projection, view, id, "id", "path")
    chains = paths.accountability_chains(view, key, cutoff=cutoff, limit=limit)
    reaches = any(c.reaches_top for c in chains)
    link = None
    if reaches:
        try:
            link = paths.weakest_link(view, key, cutoff=cutoff)
        except NoPath:  # pragma: no cover - a chain to the top exists
            link = None
    tops = sorted({c.nodes[-1] for c in chains if c.reaches_top})
    message = None
    if not chains:
        message = "Nobody is recorded as overseeing this body (under these filters)."
    elif not reaches:
        message = f"No chain of at most {cutoff} steps reaches the top; dead ends are shown."
    return ChainResponse(
        body=body_ref(projection, key),
        filters=_filters(view, kinds, cutoff),
        reaches_top=reaches,
        chains=[chain_out(projection, c) for c in chains],
        weakest_link=weakest_out(projection, link) if link else None,
        tops=[body_ref(projection, t) for t in tops],
        dominators=[body_ref(projection, d) for d in paths.dominators_of(view, key)]
        if dominators
        else None,
        message=message,
    )


@router.get(
    "/paths",
    response_model=PathsResponse,
    response_model_by_alias=True,
    summary="Chains between two bodies, the shortest and the weakest link",
    responses=NOT_FOUND,
)
def paths_between(
    projection: Annotated[Projection, Depends(get_projection)],
    source: Annotated[
        str,
        Query(
            alias="from",
            max_length=500,
            description="Key of the first body.",
            openapi_examples={"mats": {"value": "la/380/multi-academy-trusts"}},
        ),
    ],
    target: Annotated[
        str,
        Query(
            alias="to",
            max_length=500,
            description="Key of the second body.",
            openapi_examples={"dfe": {"value": "national/dfe"}},
        ),
    ],
    direction: Annotated[
        Literal["auto", "up", "down"],
        Query(description="up: 'to' oversees 'from'; down: 'from' oversees 'to'; auto: either."),
    ] = "auto",
    kinds: KindsQuery = None,
    min_per_year: MinPerYear = None,
    min_frequency: MinFrequency = None,
    as_of: AsOf = None,
    cutoff: Annotated[int, Query(ge=1, le=paths.MAX_CUTOFF, description="Most steps.")] = 4,
    limit: Annotated[int, Query(ge=1, le=200, description="Most chains returned.")] = 20,
) -> PathsResponse:
    """All chains within the cutoff (shortest, then most frequent, first)."""
    view = oversight_view(
        projection, as_of=as_of, kinds=kinds, min_per_year=min_per_year, min_frequency=min_frequency
    )
    a = _node(projection, view, source, "from", "query")
    b = _node(projection, view, target, "to", "query")
    tried: list[Literal["up", "down"]] = ["up", "down"] if direction == "auto" else [direction]
    found: list[paths.Chain] = []
    chosen: Literal["up", "down"] = tried[0]
    for way in tried:
        found = paths.all_chains(view, a, b, direction=way, cutoff=cutoff, limit=limit)
        if found:
            chosen = way
            break
    link = paths.weakest_link(view, a, b, direction=chosen, cutoff=cutoff) if found else None
    message = None
    if not found:
        message = (
            f"No chain of at most {cutoff} steps joins these bodies"
            + (" in either direction" if direction == "auto" else f" ({direction})")
            + " under these filters."
        )
    return PathsResponse.model_validate(
        {
            "from": body_ref(projection, a),
            "to": body_ref(projection, b),
            "direction": chosen,
            "filters": _filters(view, kinds, cutoff),
            "chains": [chain_out(projection, c) for c in found],
            "shortest": chain_out(projection, found[0]) if found else None,
            "weakest_link": weakest_out(projection, link) if link else None,
            "message": message,
        }
    )
