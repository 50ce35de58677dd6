"""What the oversight routers (bodies, paths, gaps, councils) share.

* the projection dependency: the service state's
  :class:`~graph.projection.ProjectionCache`, warmed when the service starts and
  rebuilt only when the store's generation changes;
* identifier handling: ``{id}`` in a path is a key of :mod:`ontology.identifiers`
  (``la/380/education-improvement-strategy-board``, slashes and all) or a full
  IRI; a malformed one is a 422, an unknown one a 404;
* the response models every router uses (bodies, steps, chains, sources), with
  ``inf`` ("no frequency limit") written as ``null``.

>>> from graph.examples import example_projection
>>> ref = body_ref(example_projection(), "la/380")
>>> ref.id, ref.kind, ref.iri
('la/380', 'LocalAuthority', 'https://w3id.org/oversight/id/la/380')
>>> per_year_or_none(float("inf")) is None
True
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Literal, NoReturn, get_args

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from graph.paths import Chain, Step, WeakestLink
from graph.projection import Projection
from ontology.identifiers import ID_PREFIX, is_key, key_to_iri
from service.deps import get_state

__all__ = [
    "FREQUENCY_NAMES",
    "NOT_FOUND",
    "OVERSIGHT_KINDS",
    "BodyRef",
    "ChainOut",
    "CouncilParam",
    "ErrorOut",
    "FrequencyName",
    "OversightKind",
    "SourceRef",
    "StepOut",
    "WeakestLinkOut",
    "body_ref",
    "chain_out",
    "council_key",
    "get_projection",
    "invalid",
    "parse_key",
    "per_year_or_none",
    "source_ref",
    "step_out",
    "weakest_out",
]

CouncilParam = Annotated[
    str | None,
    Query(
        max_length=200,
        description="DfE LA code or council key (380, la/380).",
        openapi_examples={"bradford": {"value": "380"}},
    ),
]
"""The ``council`` query parameter shared by the search and gap routes."""


OversightKind = Literal[
    "attends",
    "chairs",
    "commissions",
    "funds",
    "inspects",
    "issuesNoticeTo",
    "meetsWith",
    "memberOf",
    "monitors",
    "reportsTo",
    "scrutinises",
]
"""Relationship kinds that give oversight edges (kinds.ttl; a test keeps them in step)."""

OVERSIGHT_KINDS: tuple[str, ...] = get_args(OversightKind)

FrequencyName = Literal[
    "weekly",
    "fortnightly",
    "fourWeekly",
    "monthly",
    "halfTermly",
    "bimonthly",
    "quarterly",
    "termly",
    "sixMonthly",
    "annual",
    "asRequired",
    "unspecified",
]
"""Meeting frequency concepts (frequencies.ttl; a test keeps them in step)."""

FREQUENCY_NAMES: tuple[str, ...] = get_args(FrequencyName)


def get_projection(request: Request) -> Projection:
    """Dependency: the projection of the app's store, rebuilt when the store changed."""
    return get_state(request).projections.get()


def invalid(where: Literal["path", "query"], name: str, message: str, value: Any) -> NoReturn:
    """Raise FastAPI's 422 for a parameter the types could not check."""
    raise RequestValidationError(
        [{"type": "value_error", "loc": (where, name), "msg": message, "input": value}]
    )


def parse_key(text: str, *, where: Literal["path", "query"] = "path", name: str = "id") -> str:
    """A key from a key or one of our IRIs; 422 when malformed.

    >>> parse_key("https://w3id.org/oversight/id/la/380")
    'la/380'
    >>> parse_key("la/ 380")
    Traceback (most recent call last):
    ...
    fastapi.exceptions.RequestValidationError: 1 validation error:
      {'type': 'value_error', 'loc': ('path', 'id'), 'msg': "not a valid identifier key: ...}
    """
    key = text.strip()
    key = key[len(ID_PREFIX) :] if key.startswith(ID_PREFIX) else key
    if not is_key(key):
        invalid(
            where,
            name,
            f"not a valid identifier key: {text!r} "
            "(expected e.g. 'la/380/education-improvement-strategy-board')",
            text,
        )
    return key


def council_key(
    projection: Projection,
    text: str,
    *,
    where: Literal["path", "query"] = "query",
    name: str = "council",
) -> str:
    """The key of a council from a DfE LA code, a key or an IRI; 404 unknown, 422 not a council.

    >>> from graph.examples import example_projection
    >>> council_key(example_projection(), "380")
    'la/380'
    """
    from graph.errors import InvalidQuery
    from graph.gaps.council_profile import resolve_council

    code = text.strip()
    if not code.isdigit():
        code = parse_key(code, where=where, name=name)
    elif len(code) > 3:
        invalid(where, name, f"a DfE LA code has three digits, got {text!r}", text)
    try:
        return resolve_council(projection.view(), code)
    except InvalidQuery as error:
        invalid(where, name, str(error), text)


def per_year_or_none(value: float | None) -> float | None:
    """Meetings a year for JSON: ``None`` for no limit (structural) or no value."""
    if value is None or math.isinf(value):
        return None
    return value


class ErrorOut(BaseModel):
    """A domain error: what kind, and a message naming the key or value at fault."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "error": "node not found",
                    "detail": "no body, post or person with key 'la/999' in the graph",
                }
            ]
        }
    )

    error: str | None = Field(
        default=None,
        description="The kind of error (absent when the URL matches no route at all).",
    )
    detail: str


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No body, post, person or council has that key."}
}
"""The documented 404 of routes that look a key up (422s are documented by FastAPI)."""


class BodyRef(BaseModel):
    """A body, post or person, as other answers name it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "la/380/education-improvement-strategy-board",
                    "iri": "https://w3id.org/oversight/id/la/380/education-improvement-strategy-board",
                    "label": "Education Improvement Strategy Board",
                    "kind": "EducationImprovementBoard",
                    "category": "body",
                    "council": "la/380",
                }
            ]
        }
    )

    id: str = Field(description="Stable key (see the identifiers table in the docs).")
    iri: str = Field(description="The full IRI of the node in the graph.")
    label: str
    kind: str = Field(description="The ov: class, e.g. MultiAcademyTrust or DeputyDirector.")
    category: Literal["body", "post", "person", "unknown"]
    council: str | None = Field(default=None, description="Key of the council it belongs to.")


class SourceRef(BaseModel):
    """A source document."""

    id: str
    title: str | None = None
    date: dt.date | None = None


class StepOut(BaseModel):
    """One step of a chain: overseer, overseen and the relationship between them."""

    overseer: str
    overseen: str
    kind: str = Field(description="Relationship kind, or a structural link (subOrganizationOf…).")
    relationship: str | None = Field(description="Key of the relationship (null: structural).")
    frequency: str | None = Field(description="Stated frequency concept, e.g. termly, asRequired.")
    per_year: float | None = Field(description="Meetings a year of the stated frequency.")
    guaranteed_per_year: float | None = Field(
        description=(
            "Meetings a year this step guarantees: 0 for 'as required' and 'unspecified'; "
            "null for structural steps (no limit)."
        )
    )
    structural: bool
    sources: list[str] = Field(default_factory=list)


class ChainOut(BaseModel):
    """A chain of bodies, read from the first: each step says who oversees whom."""

    bodies: list[BodyRef]
    steps: list[StepOut]
    direction: Literal["up", "down"]
    length: int
    weakest_per_year: float | None = Field(
        description="Meetings a year of the least frequent step (null: structural only)."
    )
    reaches_top: bool


class WeakestLinkOut(BaseModel):
    """The chain whose least frequent step is most frequent, and that step."""

    chain: ChainOut
    step: StepOut | None
    per_year: float | None = Field(description="Null when the chain has no frequency limit.")


def body_ref(projection: Projection, key: str) -> BodyRef:
    """The reference of node *key* (which must be in the graph)."""
    attrs = projection.graph.nodes[key]
    iri = key_to_iri(key) if is_key(key) else key
    return BodyRef(
        id=key,
        iri=iri,
        label=attrs["label"],
        kind=attrs["cls"],
        category=attrs["category"],
        council=attrs["council"],
    )


def source_ref(projection: Projection, key: str) -> SourceRef:
    """The reference of source document *key* (title and date when loaded)."""
    doc = projection.documents.get(key)
    if doc is None:
        return SourceRef(id=key)
    return SourceRef(id=key, title=doc.title, date=doc.date)


def step_out(step: Step) -> StepOut:
    """A step for JSON."""
    return StepOut(
        overseer=step.overseer,
        overseen=step.overseen,
        kind=step.kind,
        relationship=step.relationship,
        frequency=step.frequency,
        per_year=per_year_or_none(step.per_year),
        guaranteed_per_year=per_year_or_none(step.width),
        structural=step.structural,
        sources=list(step.sources),
    )


def chain_out(projection: Projection, chain: Chain) -> ChainOut:
    """A chain for JSON."""
    return ChainOut(
        bodies=[body_ref(projection, n) for n in chain.nodes],
        steps=[step_out(s) for s in chain.steps],
        direction=chain.direction,
        length=chain.length,
        weakest_per_year=per_year_or_none(chain.per_year),
        reaches_top=chain.reaches_top,
    )


def weakest_out(projection: Projection, link: WeakestLink) -> WeakestLinkOut:
    """A weakest link for JSON."""
    return WeakestLinkOut(
        chain=chain_out(projection, link.chain),
        step=step_out(link.step) if link.step else None,
        per_year=per_year_or_none(link.per_year),
    )
