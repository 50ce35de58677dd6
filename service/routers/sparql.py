"""The SPARQL 1.1 Protocol endpoint: ``/sparql`` (query and update) and ``/update``.

* ``GET /sparql?query=…``, ``POST /sparql`` (form or ``application/sparql-query``)
  — answers in the negotiated format (:mod:`service.sparql_formats`), at most
  ``max_rows`` rows: a longer answer is cut and flagged with the headers
  ``X-SPARQL-MaxRows: <cap>`` and ``Oversight-Truncated: true``;
* ``POST /sparql`` or ``/update`` with an update — needs a write token, 204 on success;
* ``GET /sparql`` without a query — the service description (Turtle by default;
  a browser asking for HTML is sent to the query editor at ``/query``).
"""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from service.deps import ServiceState, endpoint_url, get_state
from service.exceptions import ProtocolError
from service.query_worker import QueryJob
from service.service_description import SERVICE_PREFIXES, ServiceFacts, describe_service
from service.sparql_formats import accepts_html, negotiate
from service.sparql_guard import check_remote_access
from service.sparql_lexer import has_dataset_clause, select_star_order
from service.sparql_protocol import QueryOperation, UpdateOperation, read_operation
from service.sparql_results import write_triples
from service.update_dataset import with_using_clauses

__all__ = ["TRUNCATED_HEADER", "answer_query", "router"]

router = APIRouter(tags=["SPARQL"])

TRUNCATED_HEADER = "Oversight-Truncated"
"""Set to ``true`` on an answer the row cap cut short (with ``X-SPARQL-MaxRows``)."""

EDITOR_PATH = "/query"


async def answer_query(
    request: Request, state: ServiceState, operation: QueryOperation
) -> Response:
    """Check, run and write one query (the caller has read the request)."""
    authorization = request.headers.get("authorization")
    state.policy.check_query(authorization)
    formats = negotiate(request.headers.get("accept"), operation.formats)
    base = endpoint_url(request)
    check_remote_access(operation.query, allowlist=state.settings.service_allowlist, base_iri=base)
    job = QueryJob(
        operation.query,
        formats=formats,
        max_rows=state.settings.max_rows,
        base_iri=base,
        default_graphs=operation.default_graphs,
        named_graphs=operation.named_graphs,
        union_default=not has_dataset_clause(operation.query),
        variable_order=select_star_order(operation.query),
    )
    written = await state.runner.run(job)
    headers = {"Vary": "Accept"}
    if written.truncated:
        headers["X-SPARQL-MaxRows"] = str(state.settings.max_rows)
        headers[TRUNCATED_HEADER] = "true"
    return Response(written.body, media_type=written.format.content_type, headers=headers)


async def _answer_update(
    request: Request, state: ServiceState, operation: UpdateOperation
) -> Response:
    state.policy.check_update(request.headers.get("authorization"))
    base = endpoint_url(request)
    check_remote_access(operation.update, allowlist=state.settings.service_allowlist, base_iri=base)
    text = with_using_clauses(
        operation.update, operation.using_graphs, operation.using_named_graphs
    )
    await state.updates.run(text, base_iri=base)
    return Response(status_code=204)


async def _describe(request: Request, state: ServiceState) -> Response:
    state.policy.check_query(request.headers.get("authorization"))
    accept = request.headers.get("accept")
    if accepts_html(accept):  # the query editor is part of every app
        return RedirectResponse(EDITOR_PATH, status_code=303)
    fmt = negotiate(accept, request.query_params.getlist("format")).for_kind("graph")
    sources = await anyio.to_thread.run_sync(state.store.sources)
    facts = ServiceFacts(
        endpoint=endpoint_url(request),
        query_timeout=state.settings.query_timeout,
        max_rows=state.settings.max_rows,
        sources=sources,
        writes_enabled=state.policy.writes_enabled,
        federation_allowed=bool(state.settings.service_allowlist),
        stops_overruns=state.runner.stops_overruns,
    )
    triples = describe_service(facts)
    written = write_triples(triples, fmt, len(triples), prefixes=SERVICE_PREFIXES)
    return Response(written.body, media_type=fmt.content_type, headers={"Vary": "Accept"})


@router.get("/sparql", summary="SPARQL 1.1 query endpoint (GET)", response_class=Response)
@router.post(
    "/sparql", summary="SPARQL 1.1 query and update endpoint (POST)", response_class=Response
)
async def sparql_endpoint(request: Request) -> Response:
    """Answer a SPARQL query or update, or describe the service when there is neither."""
    state = get_state(request)
    operation = await read_operation(request)
    if operation is None:
        return await _describe(request, state)
    if isinstance(operation, UpdateOperation):
        return await _answer_update(request, state, operation)
    return await answer_query(request, state, operation)


@router.post("/update", summary="SPARQL 1.1 update endpoint", response_class=Response)
async def update_endpoint(request: Request) -> Response:
    """Run a SPARQL update (form ``update=`` or ``application/sparql-update``)."""
    state = get_state(request)
    operation = await read_operation(request, allow_query=False)
    if not isinstance(operation, UpdateOperation):  # pragma: no cover - read_operation refuses
        raise ProtocolError("this endpoint takes updates only")
    return await _answer_update(request, state, operation)
