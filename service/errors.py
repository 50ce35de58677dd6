"""Domain errors → HTTP responses, in one place.

Every error the service, the store or the graph code raises is mapped here to
a status code. SPARQL protocol paths (``/sparql``, ``/update``,
``/graph-store``) answer in ``text/plain`` — what SPARQL clients show their
users — and every other path in JSON ``{"error": …, "detail": …}``.

>>> status_of(QueryTimeout("too slow"))
503
>>> status_of(SourceNotFound("gias"))
404
>>> status_of(KeyError("x")) is None
True
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from graph.backends import RemoteError
from graph.errors import ExpectationsError, GraphError, InvalidQuery, NodeNotFound, NoPath
from graph.store import SourceNotFound, StoreError, ValidationFailed
from ontology.identifiers import InvalidKey
from service.exceptions import (
    AuthenticationRequired,
    GraphNotFound,
    MalformedQuery,
    NotAcceptable,
    PermissionDenied,
    ProtocolError,
    QueryFailed,
    QueryTimeout,
    ServerBusy,
    ServiceError,
    UnsupportedMediaType,
)
from service.routers.vendor import VendorError
from service.saved_queries import InvalidParameter, SavedQueryNotFound

__all__ = ["PROTOCOL_PATHS", "STATUS", "error_response", "install_error_handlers", "status_of"]

STATUS: dict[type[Exception], int] = {
    ProtocolError: 400,
    MalformedQuery: 400,
    InvalidQuery: 400,
    InvalidKey: 400,
    InvalidParameter: 400,
    AuthenticationRequired: 401,
    PermissionDenied: 403,
    GraphNotFound: 404,
    SourceNotFound: 404,
    NodeNotFound: 404,
    NoPath: 404,
    SavedQueryNotFound: 404,
    VendorError: 404,
    NotAcceptable: 406,
    UnsupportedMediaType: 415,
    ValidationFailed: 422,
    QueryFailed: 500,
    StoreError: 500,
    GraphError: 500,
    ExpectationsError: 500,
    RemoteError: 502,
    QueryTimeout: 503,
    ServerBusy: 503,
}
"""Status code of each error class; a subclass takes its nearest listed ancestor's."""

PROTOCOL_PATHS = ("/sparql", "/update", "/graph-store")
"""Paths whose errors are written as plain text for SPARQL clients."""


def status_of(error: BaseException) -> int | None:
    """The HTTP status for *error* (``None`` if it is not a domain error)."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return None


def _title(error: BaseException) -> str:
    name = type(error).__name__
    return "".join(" " + c.lower() if c.isupper() else c for c in name).strip()


def error_response(request: Request, error: Exception) -> Response:
    """The response for a domain *error* raised while serving *request*."""
    status = status_of(error) or 500
    detail = str(error) if not isinstance(error, KeyError) else str(error.args[0])
    headers = {}
    if isinstance(error, AuthenticationRequired):
        headers["WWW-Authenticate"] = 'Bearer realm="oversight"'
    if isinstance(error, QueryTimeout | ServerBusy):
        headers["Retry-After"] = "1" if isinstance(error, ServerBusy) else "60"
    if request.url.path.startswith(PROTOCOL_PATHS):
        return PlainTextResponse(f"{_title(error)}: {detail}\n", status, headers=headers)
    body: dict[str, object] = {"error": _title(error), "detail": detail}
    if isinstance(error, MalformedQuery) and error.line is not None:
        body["line"], body["column"] = error.line, error.column
    return JSONResponse(body, status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Register :func:`error_response` for every domain error class."""

    async def handle(request: Request, error: Exception) -> Response:
        return error_response(request, error)

    for cls in (
        ServiceError,
        StoreError,
        GraphError,
        InvalidKey,
        InvalidParameter,
        SavedQueryNotFound,
        VendorError,
    ):
        app.add_exception_handler(cls, handle)
