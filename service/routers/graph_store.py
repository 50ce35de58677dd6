"""Read-only SPARQL 1.1 Graph Store HTTP Protocol at ``/graph-store``.

* ``GET /graph-store?graph=<iri>`` — one named graph (a source), in the
  negotiated RDF format (Turtle by default); 404 when no such graph exists;
* ``GET /graph-store?default`` — the default graph, which here is the union
  of every named graph, as for queries;
* ``PUT``/``POST``/``DELETE`` — 405: change data with SPARQL Update (write
  token) or ``oversight load``.

Downloads obey the same time limit and row cap as queries (a cut graph
carries the ``X-SPARQL-MaxRows`` and ``Oversight-Truncated`` headers).
"""

from __future__ import annotations

import json

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from pyoxigraph import NamedNode

from service.deps import get_state
from service.exceptions import GraphNotFound, ProtocolError
from service.query_worker import QueryJob
from service.routers.sparql import TRUNCATED_HEADER
from service.sparql_formats import negotiate

__all__ = ["router"]

router = APIRouter(tags=["Graph Store"])

PATH = "/graph-store"


def _graph_iri(request: Request) -> str | None:
    """The requested graph's IRI, ``None`` for the default graph."""
    params = request.query_params
    graphs = params.getlist("graph")
    if "default" in params and graphs:
        raise ProtocolError("give either ?default or ?graph=<iri>, not both")
    if "default" in params:
        return None
    if len(graphs) != 1:
        raise ProtocolError("name one graph: ?graph=<iri> (or ?default for the default graph)")
    try:
        return NamedNode(graphs[0]).value
    except ValueError:
        raise ProtocolError(f"?graph= must be an absolute IRI, not {graphs[0]!r}") from None


@router.get(PATH, response_class=Response)
@router.head(PATH, response_class=Response)
async def get_graph(request: Request) -> Response:
    """One graph of the store as RDF."""
    state = get_state(request)
    state.policy.check_query(request.headers.get("authorization"))
    iri = _graph_iri(request)
    formats = negotiate(request.headers.get("accept"), request.query_params.getlist("format"))
    fmt = formats.for_kind("graph")
    max_rows = state.settings.max_rows
    if iri is not None:
        probe = QueryJob(
            f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}",
            formats=negotiate(None, []),
            max_rows=1,
            union_default=False,
        )
        answer = await state.runner.run(probe)
        if not json.loads(answer.body)["boolean"]:
            sources = await anyio.to_thread.run_sync(state.store.sources)
            if all(source.graph != iri for source in sources):
                raise GraphNotFound(f"no graph <{iri}> in this store")
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
    else:
        sparql = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    job = QueryJob(sparql, formats=formats, max_rows=max_rows, union_default=iri is None)
    written = await state.runner.run(job)
    headers = {"Vary": "Accept"}
    if written.truncated:
        headers["X-SPARQL-MaxRows"] = str(max_rows)
        headers[TRUNCATED_HEADER] = "true"
    return Response(written.body, media_type=fmt.content_type, headers=headers)


@router.api_route(PATH, methods=["PUT", "POST", "DELETE", "PATCH"], include_in_schema=False)
async def refuse_write(request: Request) -> Response:
    """The graph store is read-only."""
    return PlainTextResponse(
        "Method not allowed: the graph store is read-only here; change data with SPARQL "
        "Update (needs a write token) or `oversight load`.\n",
        status_code=405,
        headers={"Allow": "GET, HEAD"},
    )
