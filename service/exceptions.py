"""The errors the service raises, by what went wrong (not by HTTP code).

:mod:`service.errors` maps each class to its HTTP status in one place; the
modules that raise them know nothing about HTTP.

>>> issubclass(RemoteAccessRefused, PermissionDenied)
True
>>> str(MalformedQuery("expected '}'", line=1, column=6))
"expected '}'"
"""

from __future__ import annotations

__all__ = [
    "AuthenticationRequired",
    "DatasetConflict",
    "GraphNotFound",
    "MalformedQuery",
    "NotAcceptable",
    "PermissionDenied",
    "ProtocolError",
    "QueryFailed",
    "QueryTimeout",
    "RemoteAccessRefused",
    "ServerBusy",
    "ServiceError",
    "UnsupportedMediaType",
    "UpdatesDisabled",
]


class ServiceError(Exception):
    """Base of every error the service reports to its clients."""


class ProtocolError(ServiceError):
    """The request does not follow the SPARQL protocol (e.g. two ``query`` values)."""


class DatasetConflict(ProtocolError):
    """``using-graph-uri``/``using-named-graph-uri`` given with ``USING``/``WITH`` in the update."""


class MalformedQuery(ServiceError):
    """The query or update does not parse; carries the parser's message and position."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


class UnsupportedMediaType(ServiceError):
    """The request body has a media type (or charset) the endpoint does not take."""


class NotAcceptable(ServiceError):
    """None of the formats the client accepts can carry this result."""


class AuthenticationRequired(ServiceError):
    """The operation needs a bearer token and none (or an unknown one) was sent."""


class PermissionDenied(ServiceError):
    """The operation is not allowed for this client or on this server."""


class UpdatesDisabled(PermissionDenied):
    """SPARQL Update is off because no write token is configured."""


class RemoteAccessRefused(PermissionDenied):
    """A ``SERVICE`` or ``LOAD`` would make the server call a host not on the allow-list."""


class QueryTimeout(ServiceError):
    """The query ran past the time limit and was stopped."""


class ServerBusy(ServiceError):
    """Every query worker stayed busy for longer than the time limit."""


class QueryFailed(ServiceError):
    """The engine failed while evaluating a query (not the client's syntax)."""


class GraphNotFound(ServiceError):
    """No graph of that name is in the store."""
