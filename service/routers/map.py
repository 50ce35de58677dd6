"""The accountability map at ``/map`` and the JSON it reads (nothing else).

* ``GET /map`` — the page: Cytoscape.js from ``/vendor``, our modules from
  ``/static/map``; its state (focus, filters, layout, as-of, overlay) is its URL.
* ``GET /api/map/neighbourhood/{id}`` — the nodes and edges around a body (a
  council: its bodies and their partners), nearest first, capped by ``limit``
  with ``total`` and ``next_limit`` for "show more"; ``expand`` adds the
  neighbours of clicked nodes, ``include`` adds single bodies (a highlighted
  chain). Filters: ``kinds`` (relationship kinds, statements included),
  ``min_frequency`` / ``min_per_year``, ``body_kinds``, ``as_of``, ``structural``.
* ``GET /api/map/timeline/{id}`` — the validity dates present in that view and
  the dates at which it changes (the stops of the page's "as of" slider).
* ``GET /api/map/export/{id}?format=graphml|json`` — the same view as GraphML or
  node-link JSON (Gephi, networkx, other tools).
* ``GET /api/map/vocabulary`` — relationship kinds, frequencies and kinds of body
  with their labels (the page's legend and filters).
* ``GET /api/relationships/{id}`` — one relationship: kind, parties, stated and
  observed frequency, validity, notes, and every source with its evidence
  sentence, document and date.

See :mod:`graph.neighbourhood` for how a neighbourhood is chosen.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path
from string import Template
from typing import Annotated, Literal

import networkx as nx
from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from pyoxigraph import QuerySolutions

from graph.errors import NodeNotFound
from graph.neighbourhood import (
    GROUPS,
    MAX_DEPTH,
    STATEMENT_KINDS,
    MapEdge,
    Neighbourhood,
    body_group,
    neighbourhood,
    timeline,
)
from graph.projection import STRUCTURAL_KINDS, Projection
from ontology.identifiers import key_to_iri
from ontology.namespaces import OV, RDFS
from ontology.vocabulary import FREQUENCIES, KINDS
from service.deps import ServiceState, get_state, get_store, require_reader
from service.routers.bodies import EvidenceOut, RelationshipOut, _evidence, _relationship_out
from service.routers.oversight_common import (
    BodyRef,
    FrequencyName,
    SourceRef,
    body_ref,
    get_projection,
    parse_key,
    per_year_or_none,
    source_ref,
)
from service.routers.paths import oversight_view
from service.routers.vendor import vendor_url

__all__ = [
    "GROUP_NAMES",
    "MAP_KINDS",
    "Citation",
    "MapEdgeOut",
    "MapNode",
    "MapView",
    "RelationshipDetail",
    "TimelineOut",
    "VocabularyOut",
    "edge_label",
    "export_graph",
    "render_map_page",
    "router",
]

STATIC_DIR = Path(__file__).resolve().parents[1] / "static" / "map"
DEFAULT_LIMIT = 60
"""Nodes a map shows at first; "show more" adds as many again."""

MapKind = Literal[
    "attends",
    "chairs",
    "commissions",
    "declaredInterestIn",
    "funds",
    "hasNoInfluenceOver",
    "inspects",
    "issuesNoticeTo",
    "meetsWith",
    "memberOf",
    "monitors",
    "reportsTo",
    "scrutinises",
]
"""Every relationship kind (kinds.ttl; a test keeps them in step), statements included."""

MAP_KINDS: tuple[str, ...] = MapKind.__args__  # type: ignore[attr-defined]

GroupName = Literal[
    "council",
    "committee",
    "board",
    "trust",
    "school",
    "hub",
    "diocese",
    "regulator",
    "post",
    "person",
    "other",
]
"""Kinds of body the map styles and filters by (:data:`graph.neighbourhood.GROUPS`)."""

GROUP_NAMES: tuple[str, ...] = GroupName.__args__  # type: ignore[attr-defined]

STRUCTURAL_LABELS = {
    "subOrganizationOf": "part of",
    "postIn": "post in",
    "holds": "holds",
    "memberOfOrganisation": "member of",
}

router = APIRouter(tags=["map"])
api = APIRouter(prefix="/api", tags=["map"], dependencies=[Depends(require_reader)])

_BRADFORD = "la/380"
_EISB = "la/380/education-improvement-strategy-board"


# --------------------------------------------------------------------------- models


class MapNode(BodyRef):
    """A node of the map: a body, post or person, its kind of body and what is hidden."""

    group: GroupName = Field(description="Kind of body the map styles it by.")
    alt_labels: list[str] = Field(default_factory=list)
    distance: int = Field(description="Steps from the focus (a council's own bodies: 0).")
    hidden_neighbours: int = Field(
        description="Neighbours under these filters not in the view (expand it to see them)."
    )
    valid_from: date | None = None
    valid_until: date | None = None


class MapEdgeOut(BaseModel):
    """An edge of the map, overseer → overseen (statements: actor → target)."""

    id: str = Field(description="Unique in the view: relationship (or structural kind)|from|to.")
    source: str
    target: str
    kind: str = Field(description="Relationship kind, or a structural link (subOrganizationOf…).")
    kind_label: str
    label: str = Field(description="What the map writes on the edge: kind · frequency.")
    relationship: str | None = Field(description="Key of the relationship (null: structural).")
    structural: bool
    oversight: bool = Field(description="False for statements (has no influence over…).")
    mutual: bool = Field(description="A meeting: one edge for both directions.")
    reversed: bool = Field(
        description="The actor is the target end (reports to): draw the arrow to the source."
    )
    frequency: str | None = Field(description="Stated frequency concept, e.g. termly.")
    frequency_label: str | None = None
    observed_frequency: str | None = None
    observed_label: str | None = None
    per_year: float | None = Field(description="Meetings a year of the stated frequency.")
    guaranteed_per_year: float | None = Field(
        description="Meetings a year guaranteed (0: as required or unknown; null: structural)."
    )
    dashed: bool = Field(description="As required, unspecified or no frequency (not structural).")
    valid_from: date | None = None
    valid_until: date | None = None
    sources: list[str] = Field(default_factory=list)


class MapFilters(BaseModel):
    """The parameters a view was computed with."""

    depth: int
    limit: int
    as_of: date | None = None
    kinds: list[str] | None = None
    min_per_year: float | None = None
    body_kinds: list[str] | None = None
    structural: bool = True
    expand: list[str] = Field(default_factory=list)
    include: list[str] = Field(default_factory=list)


class MapView(BaseModel):
    """A map: the focus, its nodes (nearest first) and the edges between them."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "focus": {
                        "id": _BRADFORD,
                        "iri": key_to_iri(_BRADFORD),
                        "label": "Bradford",
                        "kind": "LocalAuthority",
                        "category": "body",
                        "council": _BRADFORD,
                    },
                    "filters": {"depth": 2, "limit": 60, "structural": True},
                    "nodes": [
                        {
                            "id": _EISB,
                            "iri": key_to_iri(_EISB),
                            "label": "Education Improvement Strategy Board",
                            "kind": "EducationImprovementBoard",
                            "category": "body",
                            "council": _BRADFORD,
                            "group": "board",
                            "alt_labels": ["EISB"],
                            "distance": 0,
                            "hidden_neighbours": 0,
                        }
                    ],
                    "edges": [
                        {
                            "id": f"relationship/bradford-eisb-questions-la-tsas-mats|{_EISB}"
                            "|la/380/multi-academy-trusts",
                            "source": _EISB,
                            "target": "la/380/multi-academy-trusts",
                            "kind": "scrutinises",
                            "kind_label": "scrutinises",
                            "label": "scrutinises · half-termly",
                            "relationship": "relationship/bradford-eisb-questions-la-tsas-mats",
                            "structural": False,
                            "oversight": True,
                            "mutual": False,
                            "reversed": False,
                            "frequency": "halfTermly",
                            "frequency_label": "half-termly",
                            "per_year": 6.0,
                            "guaranteed_per_year": 6.0,
                            "dashed": False,
                            "sources": [
                                "document/bradford-2017-06-27-gac-school-improvement-scrutiny"
                            ],
                        }
                    ],
                    "total": 1,
                    "truncated": False,
                    "next_limit": None,
                    "missing": [],
                }
            ]
        }
    )

    focus: BodyRef
    filters: MapFilters
    nodes: list[MapNode]
    edges: list[MapEdgeOut]
    total: int = Field(
        description="Nodes found within the depth before the limit (a lower bound when "
        "total_exact is false: the walk stops at the first level that cannot make the cut)."
    )
    total_exact: bool = True
    truncated: bool
    next_limit: int | None = Field(description="The limit that shows more (null: all shown).")
    missing: list[str] = Field(
        default_factory=list, description="Keys in expand/include that name no node (ignored)."
    )


class TimelineStopOut(BaseModel):
    """A date at which the view changes, and how much of it is valid then."""

    date: date
    nodes: int
    edges: int


class TimelineOut(BaseModel):
    """The validity dates of a view's nodes and edges, and the stops of a date slider."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "focus": "la/856",
                    "dates": ["2015-07-31", "2015-09-01", "2015-09-30"],
                    "stops": [
                        {"date": "2015-07-30", "nodes": 40, "edges": 60},
                        {"date": "2015-07-31", "nodes": 40, "edges": 61},
                    ],
                    "undated_nodes": 40,
                    "undated_edges": 60,
                }
            ]
        }
    )

    focus: str
    dates: list[date] = Field(description="Every validity start or end date in the view.")
    stops: list[TimelineStopOut] = Field(description="Dates at which the view changes.")
    undated_nodes: int = Field(description="Nodes valid at every date.")
    undated_edges: int = Field(description="Edges valid at every date.")


class KindOut(BaseModel):
    """A relationship kind (or a structural link)."""

    name: str
    label: str
    direction: str = Field(description="ActorOversees, TargetOversees, Mutual, NoOversight.")
    oversight: bool
    structural: bool = False


class FrequencyOut(BaseModel):
    """A meeting-frequency concept."""

    name: str
    label: str
    per_year: float | None


class GroupOut(BaseModel):
    """A kind of body the map styles and filters by."""

    name: str
    label: str


class VocabularyOut(BaseModel):
    """The words of the map's legend and filters."""

    kinds: list[KindOut]
    frequencies: list[FrequencyOut]
    groups: list[GroupOut]


class Citation(BaseModel):
    """One evidence sentence in one source document."""

    sentence: str
    locator: str | None = None
    document: SourceRef


class RelationshipDetail(RelationshipOut):
    """A relationship with labels, oversight roles, notes and every citation."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "relationship/bradford-dcs-dd-meet-ofsted-and-rsc",
                    "kind": "meetsWith",
                    "kind_label": "meets with",
                    "direction": "Mutual",
                    "actors": [],
                    "targets": [],
                    "frequency": "termly",
                    "frequency_label": "termly",
                    "per_year": 3.0,
                    "guaranteed_per_year": 3.0,
                    "sources": [
                        {
                            "id": "document/bradford-2017-06-27-gac-school-improvement-scrutiny",
                            "title": "Children's Services plan for the effective scrutiny …",
                            "date": "2017-06-27",
                        }
                    ],
                    "evidence": [],
                    "citations": [
                        {
                            "sentence": "The DCS and DD meet with the regional Ofsted inspector "
                            "and the RSC on a termly basis …",
                            "locator": "para 3.2",
                            "document": {
                                "id": "document/bradford-2017-06-27-gac-school-improvement-"
                                "scrutiny",
                                "title": "Children's Services plan …",
                                "date": "2017-06-27",
                            },
                        }
                    ],
                }
            ]
        }
    )

    kind_label: str
    frequency_label: str | None = None
    observed_label: str | None = None
    overseers: list[BodyRef] = Field(default_factory=list)
    overseen: list[BodyRef] = Field(default_factory=list)
    parties: list[BodyRef] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    confidence: float | None = None
    citations: list[Citation] = Field(
        default_factory=list, description="Every evidence sentence with its document and date."
    )


# --------------------------------------------------------------------------- helpers


def _frequency_label(name: str | None) -> str | None:
    if name is None:
        return None
    known = FREQUENCIES.get(name)
    return known.label if known else name


def _kind_label(kind: str) -> str:
    known = KINDS.get(kind)
    return known.label if known else STRUCTURAL_LABELS.get(kind, kind)


def edge_label(kind: str, frequency: str | None, observed: str | None = None) -> str:
    """What the map writes on an edge.

    >>> edge_label("meetsWith", "termly")
    'meets with · termly'
    >>> edge_label("reportsTo", "asRequired", "monthly")
    'reports to · as required (seen monthly)'
    >>> edge_label("subOrganizationOf", None)
    'part of'
    """
    text = _kind_label(kind)
    if frequency is not None:
        text += f" · {_frequency_label(frequency)}"
    if observed is not None and observed != frequency:
        text += f" (seen {_frequency_label(observed)})"
    return text


def _edge_out(edge: MapEdge) -> MapEdgeOut:
    return MapEdgeOut(
        id=edge.id,
        source=edge.source,
        target=edge.target,
        kind=edge.kind,
        kind_label=_kind_label(edge.kind),
        label=edge_label(edge.kind, edge.frequency, edge.observed),
        relationship=edge.relationship,
        structural=edge.structural,
        oversight=edge.oversight,
        mutual=edge.mutual,
        reversed=edge.reversed,
        frequency=edge.frequency,
        frequency_label=_frequency_label(edge.frequency),
        observed_frequency=edge.observed,
        observed_label=_frequency_label(edge.observed),
        per_year=per_year_or_none(edge.per_year),
        guaranteed_per_year=per_year_or_none(edge.width) if edge.oversight else 0.0,
        dashed=not edge.structural and edge.width <= 0,
        valid_from=edge.valid_from,
        valid_until=edge.valid_until,
        sources=list(edge.sources),
    )


def _node_out(projection: Projection, hood: Neighbourhood, key: str) -> MapNode:
    attrs = projection.graph.nodes[key]
    return MapNode(
        **body_ref(projection, key).model_dump(),
        group=body_group(attrs["cls"], attrs["category"]),  # type: ignore[arg-type]
        alt_labels=list(attrs["alt_labels"]),
        distance=hood.distance[key],
        hidden_neighbours=hood.hidden[key],
        valid_from=attrs["valid_from"],
        valid_until=attrs["valid_until"],
    )


KindsQuery = Annotated[
    list[MapKind | Literal["none"]] | None,
    Query(
        description=(
            "Only relationships of these kinds (repeat the parameter); default all; "
            "'none' alone: structural links only."
        ),
        openapi_examples={"no-meetings": {"value": ["scrutinises", "reportsTo", "memberOf"]}},
    ),
]
BodyKindsQuery = Annotated[
    list[GroupName] | None,
    Query(description="Only these kinds of body (repeat the parameter); the focus always shows."),
]
MinPerYear = Annotated[
    float | None,
    Query(ge=0, le=365, description="Drop relationships guaranteeing fewer meetings a year."),
]
MinFrequency = Annotated[
    FrequencyName | None,
    Query(description="Like min_per_year, as a frequency name (termly = 3 a year)."),
]
AsOf = Annotated[date | None, Query(description="Only what is valid on this date.")]
Depth = Annotated[int, Query(ge=0, le=MAX_DEPTH, description="Steps walked from the focus.")]
Limit = Annotated[int, Query(ge=1, le=500, description="Most nodes shown ('show more' raises it).")]
Structural = Annotated[
    bool, Query(description="Include structural links (committee of its council, post in body).")
]
Keys = Annotated[
    list[str] | None,
    Query(max_length=200, description="Node keys (repeat the parameter)."),
]
FocusPath = Annotated[
    str,
    PathParam(
        description="Key of the focus (slashes allowed) or its IRI.",
        openapi_examples={"bradford": {"value": _BRADFORD}, "eisb": {"value": _EISB}},
    ),
]


class _ViewArgs:
    """The parameters shared by the neighbourhood, timeline and export endpoints."""

    def __init__(
        self,
        projection: Annotated[Projection, Depends(get_projection)],
        id: FocusPath,
        depth: Depth = 2,
        limit: Limit = DEFAULT_LIMIT,
        kinds: KindsQuery = None,
        min_per_year: MinPerYear = None,
        min_frequency: MinFrequency = None,
        body_kinds: BodyKindsQuery = None,
        as_of: AsOf = None,
        structural: Structural = True,
        expand: Annotated[
            list[str] | None,
            Query(max_length=200, description="Also show the neighbours of these nodes."),
        ] = None,
        include: Annotated[
            list[str] | None,
            Query(max_length=200, description="Also show these nodes (e.g. a chain's bodies)."),
        ] = None,
    ) -> None:
        self.projection = projection
        self.focus = parse_key(id)
        if self.focus not in projection.graph:
            raise NodeNotFound(self.focus)
        self.depth = depth
        self.limit = limit
        self.kinds: list[str] | None = (
            [str(k) for k in dict.fromkeys(kinds) if k != "none"] if kinds else None
        )
        self.min_per_year = min_per_year
        self.min_frequency = min_frequency
        self.body_kinds: list[str] | None = (
            [str(g) for g in dict.fromkeys(body_kinds)] if body_kinds is not None else None
        )
        self.as_of = as_of
        self.structural = structural
        self.expand, missing_a = self._keys(expand or [], "expand")
        self.include, missing_b = self._keys(include or [], "include")
        self.missing = missing_a + missing_b

    def _keys(self, texts: Sequence[str], name: str) -> tuple[list[str], list[str]]:
        found: list[str] = []
        missing: list[str] = []
        for text in texts[:200]:
            key = parse_key(text, where="query", name=name)
            (found if key in self.projection.graph else missing).append(key)
        return list(dict.fromkeys(found)), missing

    def compute(self, *, as_of: date | Literal["view"] | None = "view") -> Neighbourhood:
        """The neighbourhood these parameters describe (``as_of=None``: every date)."""
        day = self.as_of if as_of == "view" else as_of
        oversight_kinds = None
        statement_kinds = None
        if self.kinds is not None:
            oversight_kinds = [k for k in self.kinds if k not in STATEMENT_KINDS]
            statement_kinds = [k for k in self.kinds if k in STATEMENT_KINDS]
        view = oversight_view(
            self.projection,
            as_of=day,
            kinds=oversight_kinds,
            min_per_year=self.min_per_year,
            min_frequency=self.min_frequency,
        )
        if not self.structural:
            flt = view.filter
            view = self.projection.view(
                as_of=flt.as_of, kinds=flt.kinds, min_per_year=flt.min_per_year, structural=False
            )
        if not view.has_node(self.focus):
            raise NodeNotFound(self.focus)
        return neighbourhood(
            view,
            self.focus,
            depth=self.depth,
            limit=self.limit,
            groups=self.body_kinds,
            statement_kinds=statement_kinds,
            expand=self.expand,
            include=self.include,
        )

    def filters(self, min_per_year: float | None) -> MapFilters:
        """The filters for the answer."""
        return MapFilters(
            depth=self.depth,
            limit=self.limit,
            as_of=self.as_of,
            kinds=self.kinds,
            min_per_year=min_per_year,
            body_kinds=self.body_kinds,
            structural=self.structural,
            expand=self.expand,
            include=self.include,
        )


def _map_view(args: _ViewArgs) -> MapView:
    hood = args.compute()
    projection = args.projection
    min_per_year = args.min_per_year
    if args.min_frequency is not None:
        min_per_year = FREQUENCIES[args.min_frequency].per_year or 0.0
    return MapView(
        focus=body_ref(projection, args.focus),
        filters=args.filters(min_per_year),
        nodes=[_node_out(projection, hood, key) for key in hood.nodes],
        edges=[_edge_out(e) for e in hood.edges],
        total=hood.total,
        total_exact=hood.complete,
        truncated=hood.truncated,
        next_limit=min(args.limit + DEFAULT_LIMIT, 500) if hood.truncated else None,
        missing=args.missing,
    )


# --------------------------------------------------------------------------- API


@api.get(
    "/map/neighbourhood/{id:path}",
    response_model=MapView,
    summary="The map around a body: nodes nearest first and the edges between them",
    responses={
        404: {"description": "No body has that key (on that date)."},
        422: {"description": "A malformed key or parameter."},
    },
)
def map_neighbourhood(args: Annotated[_ViewArgs, Depends()]) -> MapView:
    """A council's bodies and partners, or a body's neighbours, capped by ``limit``."""
    return _map_view(args)


@api.get(
    "/map/timeline/{id:path}",
    response_model=TimelineOut,
    summary="The validity dates present in a map, and the dates at which it changes",
    responses={404: {"description": "No body has that key."}},
)
def map_timeline(args: Annotated[_ViewArgs, Depends()]) -> TimelineOut:
    """Dates for the "as of" slider: the view's nodes and edges at every date (as_of ignored)."""
    hood = args.compute(as_of=None)
    dates, stops = timeline(hood, args.projection)
    nodes = args.projection.graph.nodes
    return TimelineOut(
        focus=args.focus,
        dates=dates,
        stops=[TimelineStopOut(date=s.day, nodes=s.nodes, edges=s.edges) for s in stops],
        undated_nodes=sum(
            1
            for n in hood.nodes
            if nodes[n]["valid_from"] is None and nodes[n]["valid_until"] is None
        ),
        undated_edges=sum(1 for e in hood.edges if e.valid_from is None and e.valid_until is None),
    )


_GRAPHML_EXAMPLE = (
    '<?xml version="1.0" encoding="utf-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/'
    'xmlns">…<node id="la/380"><data key="d0">Bradford</data>…</node>…</graphml>'
)


def export_graph(view: MapView) -> nx.MultiDiGraph:
    """A map as a networkx graph: node and edge attributes are strings and numbers.

    >>> g = export_graph(MapView.model_validate(MapView.model_config["json_schema_extra"]
    ...                  ["examples"][0]))
    >>> g.nodes["la/380/education-improvement-strategy-board"]["group"]
    'board'
    >>> g.number_of_edges()  # the example's edge runs to a node the example leaves out
    0
    """
    graph = nx.MultiDiGraph(
        focus=view.focus.id,
        title=f"Oversight map of {view.focus.label}",
        as_of=str(view.filters.as_of or ""),
    )
    for node in view.nodes:
        data = node.model_dump(mode="json", exclude={"id", "alt_labels"})
        data["alt_labels"] = "; ".join(node.alt_labels)
        graph.add_node(node.id, **{k: v for k, v in data.items() if v is not None})
    for edge in view.edges:
        if edge.source not in graph or edge.target not in graph:
            continue
        data = edge.model_dump(mode="json", exclude={"id", "source", "target", "sources"})
        data["sources"] = "; ".join(edge.sources)
        kept = {k: v for k, v in data.items() if v is not None}
        graph.add_edge(edge.source, edge.target, key=edge.id, **kept)
    return graph


@api.get(
    "/map/export/{id:path}",
    summary="A map as GraphML or node-link JSON (for Gephi and other tools)",
    response_class=Response,
    responses={
        200: {
            "description": "The view as a file to download.",
            "content": {
                "application/graphml+xml": {"example": _GRAPHML_EXAMPLE},
                "application/json": {
                    "example": {
                        "directed": True,
                        "multigraph": True,
                        "graph": {"focus": _BRADFORD},
                        "nodes": [{"id": _BRADFORD, "label": "Bradford", "group": "council"}],
                        "links": [],
                    }
                },
            },
        },
        404: {"description": "No body has that key."},
    },
)
def map_export(
    args: Annotated[_ViewArgs, Depends()],
    format: Annotated[
        Literal["graphml", "json"], Query(description="graphml (Gephi, yEd) or node-link json.")
    ] = "graphml",
) -> Response:
    """The same nodes and edges as ``/api/map/neighbourhood`` with the same parameters."""
    graph = export_graph(_map_view(args))
    name = "oversight-map-" + args.focus.replace("/", "-")
    if format == "json":
        data = nx.node_link_data(graph, edges="links")
        body = json.dumps(data, ensure_ascii=False, indent=1, default=str)
        media = "application/json"
    else:
        body = "\n".join(nx.generate_graphml(graph, prettyprint=True))
        media = "application/graphml+xml"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}.{format}"'},
    )


@api.get("/map/vocabulary", response_model=VocabularyOut, summary="Words of the map's legend")
def map_vocabulary() -> VocabularyOut:
    """Relationship kinds, frequencies (most frequent first) and kinds of body, with labels."""
    kinds = [
        KindOut(
            name=k.name,
            label=k.label,
            direction=k.direction,
            oversight=k.direction != "NoOversight",
        )
        for k in sorted(KINDS.values(), key=lambda k: k.label)
    ]
    kinds += [
        KindOut(
            name=k,
            label=STRUCTURAL_LABELS[k],
            direction="Structural",
            oversight=True,
            structural=True,
        )
        for k in STRUCTURAL_KINDS
    ]
    return VocabularyOut(
        kinds=kinds,
        frequencies=[
            FrequencyOut(name=f.name, label=f.label, per_year=f.per_year)
            for f in FREQUENCIES.values()
        ],
        groups=[GroupOut(name=name, label=label) for name, label in GROUPS.items()],
    )


_NOTES_QUERY = """
SELECT ?note ?confidence WHERE {{
  {{ <{rel}> <{comment}> ?note }} UNION {{ <{rel}> <{ov}confidence> ?confidence }}
}}
"""


def _notes(request: Request, key: str) -> tuple[list[str], float | None]:
    result = get_store(request).query(
        _NOTES_QUERY.format(rel=key_to_iri(key), comment=str(RDFS.comment), ov=str(OV._NS))
    )
    notes: list[str] = []
    confidence: float | None = None
    if not isinstance(result, QuerySolutions):  # pragma: no cover - a SELECT
        return notes, confidence
    for row in result:
        if row["note"] is not None:
            notes.append(row["note"].value)
        if row["confidence"] is not None:
            try:
                confidence = float(row["confidence"].value)
            except ValueError:
                confidence = None
    return sorted(set(notes)), confidence


def _citations(projection: Projection, evidence: list[EvidenceOut]) -> list[Citation]:
    found = [
        Citation(sentence=ev.sentence, locator=ev.locator, document=source_ref(projection, doc))
        for ev in evidence
        for doc in (ev.documents or [""])
        if doc
    ]
    return sorted(
        found,
        key=lambda c: (c.document.date or date.min, c.document.id, c.locator or "", c.sentence),
    )


@api.get(
    "/relationships/{id:path}",
    response_model=RelationshipDetail,
    summary="One relationship with every source's evidence sentence, document and date",
    responses={
        404: {"description": "No relationship has that key."},
        422: {"description": "The key is malformed."},
    },
)
def relationship_detail(
    request: Request,
    projection: Annotated[Projection, Depends(get_projection)],
    id: Annotated[
        str,
        PathParam(
            description="relationship/<name>, <name> alone, or the IRI.",
            openapi_examples={
                "rsc-dcs": {"value": "relationship/bradford-dcs-dd-meet-ofsted-and-rsc"}
            },
        ),
    ],
) -> RelationshipDetail:
    """Kind, parties, stated and observed frequency, validity, notes and every citation."""
    key = parse_key(id)
    if not key.startswith("relationship/"):
        key = parse_key("relationship/" + key)
    rel = projection.relationships.get(key)
    if rel is None:
        raise RelationshipNotFound(key)
    evidence = _evidence(request, [key]).get(key, [])
    base = _relationship_out(projection, rel, evidence)
    notes, confidence = _notes(request, key)
    graph = projection.graph

    def refs(keys: tuple[str, ...]) -> list[BodyRef]:
        return [body_ref(projection, k) for k in keys if k in graph]

    return RelationshipDetail(
        **base.model_dump(),
        kind_label=_kind_label(rel.kind),
        frequency_label=_frequency_label(rel.frequency),
        observed_label=_frequency_label(rel.observed),
        overseers=refs(rel.overseers),
        overseen=refs(rel.overseen),
        parties=refs(rel.parties),
        notes=notes,
        confidence=confidence,
        citations=_citations(projection, evidence),
    )


class RelationshipNotFound(NodeNotFound):
    """A key that names no relationship (404)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.args = (f"no relationship with key {key!r} in the graph",)


# --------------------------------------------------------------------------- the page


@cache
def _template() -> Template:
    return Template((STATIC_DIR / "index.html").read_text(encoding="utf-8"))


def render_map_page(*, vendor_dir: Path, token_required: bool = False) -> str:
    """The map page's HTML, with versioned URLs of the vendor libraries.

    *token_required* shows the access-token field (a private service).

    >>> page = render_map_page(vendor_dir=Path("node_modules"))
    >>> "<title>Accountability map" in page and "/vendor/cytoscape/" in page
    True
    >>> '<form id="token-form" class="token-form" hidden' in page
    True
    """
    return _template().substitute(
        token_hidden="" if token_required else "hidden",
        cytoscape_js=html.escape(vendor_url(vendor_dir, "cytoscape", "dist/cytoscape.min.js")),
        dagre_js=html.escape(
            vendor_url(vendor_dir, "cytoscape-dagre", "dist/cytoscape-dagre.min.js")
        ),
        svg_js=html.escape(vendor_url(vendor_dir, "cytoscape-svg", "cytoscape-svg.js")),
        map_css="/static/map/map.css",
        map_js="/static/map/main.js",
    )


@router.get("/map", response_class=HTMLResponse, include_in_schema=False)
def map_page(state: Annotated[ServiceState, Depends(get_state)]) -> HTMLResponse:
    """The accountability map; its state is in the query string (read by the page)."""
    page = render_map_page(
        vendor_dir=state.settings.vendor_dir, token_required=state.policy.private
    )
    return HTMLResponse(page)


router.include_router(api)
