"""``/sparql`` served ahead of FastAPI's middleware and dependency layers.

Look-ups are the SPARQL endpoint's busiest traffic and its answers are
computed in worker processes, so the service process's own cost per request
bounds its throughput. FastAPI's layers (exception and exit-stack middleware,
route matching, dependency solving) took about 50 of the 130 µs the handler
cost in process, so :class:`SparqlFirst`, placed in front of them by
:class:`service.app.OversightApp`, hands ``GET`` and ``POST /sparql`` straight to
the endpoint's handler, :func:`service.routers.sparql.sparql_endpoint` — the
same function the FastAPI route calls (that route stays registered: it is what
the OpenAPI document describes). Domain errors become responses through
:func:`service.errors.error_response`, as FastAPI's handlers do; any other
error propagates to the server, which answers 500 and logs it. CORS, when
configured, wraps this path as it wraps the app.

>>> import asyncio
>>> seen = []
>>> async def inner(scope, receive, send):
...     seen.append(scope["path"])
>>> asyncio.run(SparqlFirst(inner, inner)({"type": "http", "method": "GET", "path": "/api"},
...                                       None, None))
>>> seen
['/api']
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from service.errors import error_response, status_of
from service.routers.sparql import sparql_endpoint

__all__ = ["SPARQL_PATH", "SparqlFirst", "answer_sparql"]

SPARQL_PATH = "/sparql"


async def answer_sparql(scope: Scope, receive: Receive, send: Send) -> None:
    """ASGI: answer one ``/sparql`` request with the endpoint's handler."""
    request = Request(scope, receive)
    try:
        response = await sparql_endpoint(request)
    except Exception as error:
        if status_of(error) is None:
            raise
        response = error_response(request, error)
    await response(scope, receive, send)


class SparqlFirst:
    """ASGI: ``GET``/``POST /sparql`` go to *sparql*, everything else to *app*."""

    def __init__(self, app: ASGIApp, sparql: ASGIApp) -> None:
        self.app = app
        self.sparql = sparql

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"] == SPARQL_PATH
            and scope["method"] in ("GET", "POST")
        ):
            await self.sparql(scope, receive, send)
        else:
            await self.app(scope, receive, send)
