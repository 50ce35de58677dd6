"""``/api/bodies``: find bodies, posts and people; one body with its overseers and evidence.

* ``GET /api/bodies?q=&kind=&council=&category=&limit=&offset=`` — search by
  name (labels and alternative names, case-insensitive), ``ov:`` class (with
  subclasses: ``kind=AcademyTrust`` finds multi- and single-academy trusts) and
  council (``380`` or ``la/380``); paginated.
* ``GET /api/bodies/{id}`` — details, direct overseers and overseen (each with
  the relationships and frequencies that link them), and every relationship that
  names the body, with its sources and the evidence sentences. ``{id}`` is a key
  such as ``la/380/education-improvement-strategy-board`` (slashes allowed) or a
  full IRI.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from pyoxigraph import QuerySolutions

from graph.errors import NodeNotFound
from graph.gaps.config import class_ancestors, is_a
from graph.projection import Projection, RelationshipInfo
from ontology.identifiers import key_to_iri
from ontology.namespaces import OV
from service.deps import get_store, require_reader
from service.routers.oversight_common import (
    NOT_FOUND,
    BodyRef,
    CouncilParam,
    SourceRef,
    StepOut,
    body_ref,
    council_key,
    get_projection,
    invalid,
    parse_key,
    per_year_or_none,
    source_ref,
)

__all__ = ["BodyDetail", "BodyPage", "router"]

router = APIRouter(prefix="/api", tags=["bodies"], dependencies=[Depends(require_reader)])

MAX_RELATED = 500
"""Most overseers, overseen or relationships listed in one body's details."""


class BodyPage(BaseModel):
    """One page of search results."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "total": 1,
                    "limit": 50,
                    "offset": 0,
                    "items": [
                        {
                            "id": "la/380/teaching-school-alliances",
                            "iri": "https://w3id.org/oversight/id/la/380/teaching-school-alliances",
                            "label": "Teaching school alliances in Bradford",
                            "kind": "TeachingSchoolAlliance",
                            "category": "body",
                            "council": "la/380",
                        }
                    ],
                }
            ]
        }
    )

    total: int
    limit: int
    offset: int
    items: list[BodyRef]


class Link(BaseModel):
    """A directly linked node and the steps between them (most frequent first)."""

    body: BodyRef
    steps: list[StepOut]


class EvidenceOut(BaseModel):
    """A sentence that states a relationship, and where."""

    sentence: str
    documents: list[str]
    locator: str | None = None


class RelationshipOut(BaseModel):
    """A relationship naming the body: its parties, frequency, validity and sources."""

    id: str
    kind: str
    direction: str = Field(description="ActorOversees, TargetOversees, Mutual or NoOversight.")
    actors: list[BodyRef]
    targets: list[BodyRef]
    handed_to: list[BodyRef] = Field(default_factory=list)
    frequency: str | None
    per_year: float | None
    observed_frequency: str | None = None
    guaranteed_per_year: float = Field(
        description="Meetings a year guaranteed ('as required' and 'unspecified' give 0)."
    )
    valid_from: date | None = None
    valid_until: date | None = None
    sources: list[SourceRef]
    evidence: list[EvidenceOut]


class BodyDetail(BodyRef):
    """A body, post or person with its oversight."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "la/380/teaching-school-alliances",
                    "iri": "https://w3id.org/oversight/id/la/380/teaching-school-alliances",
                    "label": "Teaching school alliances in Bradford",
                    "kind": "TeachingSchoolAlliance",
                    "category": "body",
                    "council": "la/380",
                    "alt_labels": ["TSAs"],
                    "overseers": [],
                    "overseen": [],
                    "relationships": [],
                }
            ]
        }
    )

    alt_labels: list[str] = Field(default_factory=list)
    region: str | None = None
    la_code: str | None = None
    serves: list[str] = Field(default_factory=list)
    valid_from: date | None = None
    valid_until: date | None = None
    overseers: list[Link] = Field(default_factory=list)
    overseen: list[Link] = Field(default_factory=list)
    overseers_total: int = 0
    overseen_total: int = 0
    relationships: list[RelationshipOut] = Field(default_factory=list)
    relationships_total: int = 0


Category = Literal["body", "post", "person", "any"]


def _index(projection: Projection) -> list[tuple[str, str, str, str | None, tuple[str, ...], str]]:
    def compute() -> list[tuple[str, str, str, str | None, tuple[str, ...], str]]:
        rows = []
        for key, a in projection.graph.nodes(data=True):
            text = " | ".join([a["label"], *a["alt_labels"], key]).lower()
            rows.append((key, text, a["cls"], a["council"], a["serves"], a["category"]))
        rows.sort(key=lambda r: (projection.graph.nodes[r[0]]["label"].lower(), r[0]))
        return rows

    result: list[tuple[str, str, str, str | None, tuple[str, ...], str]] = projection.memo(
        ("search-index",), compute
    )
    return result


@router.get(
    "/bodies",
    response_model=BodyPage,
    summary="Search bodies, posts and people",
    responses=NOT_FOUND,
)
def search_bodies(
    projection: Annotated[Projection, Depends(get_projection)],
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Words in the name or an alternative name.",
            openapi_examples={"tsa": {"value": "teaching school"}},
        ),
    ] = None,
    kind: Annotated[
        str | None,
        Query(
            max_length=100,
            description="An ov: class; subclasses match too.",
            openapi_examples={"trusts": {"value": "AcademyTrust"}},
        ),
    ] = None,
    council: CouncilParam = None,
    category: Annotated[Category, Query(description="Bodies, posts, people, or any.")] = "body",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> BodyPage:
    """Bodies matching every given filter, by name."""
    classes: frozenset[str] | None = None
    if kind is not None:
        if kind not in class_ancestors() and kind not in _known_classes(projection):
            invalid("query", "kind", f"unknown kind of body {kind!r} (an ov: class name)", kind)
        classes = frozenset({kind})
    wanted_council = council_key(projection, council) if council is not None else None
    words = [w for w in (q or "").lower().split() if w]
    matches = []
    for key, text, cls, own, serves, cat in _index(projection):
        if category != "any" and cat != category:
            continue
        if classes is not None and not is_a(cls, classes):
            continue
        if wanted_council is not None and own != wanted_council and wanted_council not in serves:
            continue
        if words and not all(w in text for w in words):
            continue
        matches.append(key)
    page = matches[offset : offset + limit]
    return BodyPage(
        total=len(matches),
        limit=limit,
        offset=offset,
        items=[body_ref(projection, k) for k in page],
    )


def _known_classes(projection: Projection) -> set[str]:
    def compute() -> set[str]:
        return {a["cls"] for _, a in projection.graph.nodes(data=True)}

    result: set[str] = projection.memo(("classes",), compute)
    return result


def _links(
    projection: Projection, edges: list[tuple[str, str, dict[str, Any]]], up: bool, key: str
) -> list[Link]:
    from graph.paths import Step
    from service.routers.oversight_common import step_out

    grouped: dict[str, list[StepOut]] = {}
    for other, _, data in edges:
        step = Step.of(other, key, data) if up else Step.of(key, other, data)
        grouped.setdefault(other, []).append(step_out(step))
    links = []
    for other, steps in grouped.items():
        steps.sort(
            key=lambda s: (
                -(s.guaranteed_per_year if s.guaranteed_per_year is not None else float("inf"))
            )
        )
        links.append(Link(body=body_ref(projection, other), steps=steps))
    links.sort(key=lambda link: (link.body.label.lower(), link.body.id))
    return links


_EVIDENCE_QUERY = """
SELECT ?rel ?ev ?sentence ?doc ?locator WHERE {{
  VALUES ?rel {{ {values} }}
  ?rel <{ov}hasEvidence> ?ev .
  ?ev <{ov}sentence> ?sentence .
  OPTIONAL {{ ?ev <{ov}document> ?doc }}
  OPTIONAL {{ ?ev <{ov}locator> ?locator }}
}}
"""


def _evidence(request: Request, keys: list[str]) -> dict[str, list[EvidenceOut]]:
    if not keys:
        return {}
    values = " ".join(f"<{key_to_iri(k)}>" for k in keys)
    result = get_store(request).query(_EVIDENCE_QUERY.format(values=values, ov=str(OV._NS)))
    found: dict[str, dict[str, EvidenceOut]] = {}
    if not isinstance(result, QuerySolutions):  # pragma: no cover - a SELECT
        return {}
    from ontology.identifiers import iri_to_key

    for row in result:
        rel = iri_to_key(row["rel"].value)
        ev = row["ev"].value
        doc, locator = row["doc"], row["locator"]
        item = found.setdefault(rel, {}).get(ev)
        if item is None:
            item = EvidenceOut(
                sentence=row["sentence"].value,
                documents=[],
                locator=locator.value if locator is not None else None,
            )
            found[rel][ev] = item
        if doc is not None and iri_to_key(doc.value) not in item.documents:
            item.documents.append(iri_to_key(doc.value))
    return {rel: [found[rel][ev] for ev in sorted(found[rel])] for rel in found}


def _relationship_out(
    projection: Projection, rel: RelationshipInfo, evidence: list[EvidenceOut]
) -> RelationshipOut:
    graph = projection.graph

    def refs(keys: tuple[str, ...]) -> list[BodyRef]:
        return [body_ref(projection, k) for k in keys if k in graph]

    return RelationshipOut(
        id=rel.key,
        kind=rel.kind,
        direction=rel.direction,
        actors=refs(rel.actors),
        targets=refs(rel.targets),
        handed_to=refs(rel.handed_to),
        frequency=rel.frequency,
        per_year=per_year_or_none(rel.per_year),
        observed_frequency=rel.observed,
        guaranteed_per_year=rel.width,
        valid_from=rel.valid_from,
        valid_until=rel.valid_until,
        sources=[source_ref(projection, s) for s in rel.sources],
        evidence=evidence,
    )


@router.get(
    "/bodies/{id:path}",
    response_model=BodyDetail,
    summary="One body with its overseers, overseen and evidence",
    responses=NOT_FOUND,
)
def get_body(
    request: Request,
    projection: Annotated[Projection, Depends(get_projection)],
    id: Annotated[
        str,
        Path(
            description="A key such as la/380/education-improvement-strategy-board, or an IRI.",
            openapi_examples={"eisb": {"value": "la/380/education-improvement-strategy-board"}},
        ),
    ],
    as_of: Annotated[date | None, Query(description="Only what is valid on this date.")] = None,
) -> BodyDetail:
    """Details, direct overseers and overseen, relationships with sources and evidence."""
    key = parse_key(id)
    if key not in projection.graph:
        raise NodeNotFound(key)
    view = projection.view(as_of=as_of)
    ref = body_ref(projection, key)
    attrs = projection.graph.nodes[key]
    overseers = (
        _links(projection, list(view.overseers(key)), True, key) if view.has_node(key) else []
    )
    overseen = (
        _links(projection, list(view.overseen(key)), False, key) if view.has_node(key) else []
    )
    rel_keys = [
        k
        for k in projection.relationships_of.get(key, [])
        if projection.relationships[k].valid_on(as_of)
    ]
    shown = rel_keys[:MAX_RELATED]
    evidence = _evidence(request, shown)
    return BodyDetail(
        **ref.model_dump(),
        alt_labels=list(attrs["alt_labels"]),
        region=attrs["region"],
        la_code=attrs["la_code"],
        serves=list(attrs["serves"]),
        valid_from=attrs["valid_from"],
        valid_until=attrs["valid_until"],
        overseers=overseers[:MAX_RELATED],
        overseen=overseen[:MAX_RELATED],
        overseers_total=len(overseers),
        overseen_total=len(overseen),
        relationships=[
            _relationship_out(projection, projection.relationships[k], evidence.get(k, []))
            for k in shown
        ],
        relationships_total=len(rel_keys),
    )
