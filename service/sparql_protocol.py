"""Read a SPARQL 1.1 Protocol request: which operation, its text and its dataset.

* query by ``GET ?query=``, by ``POST`` form-encoded (``query=``) or by ``POST``
  with ``Content-Type: application/sparql-query``;
* update by ``POST`` form-encoded (``update=``) or ``application/sparql-update``
  (never by ``GET``);
* ``default-graph-uri`` / ``named-graph-uri`` (queries) and ``using-graph-uri``
  / ``using-named-graph-uri`` (updates), from the URL and the form body;
* the ``format`` (or ``output``) parameter that overrides ``Accept``.

Bodies must be UTF-8: another ``charset`` is refused with 415, bytes that are
not UTF-8 with 400; an unknown or missing body media type gets 415.

>>> parse_media_type("application/sparql-query; charset=UTF-8")
('application/sparql-query', 'utf-8')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from service.exceptions import ProtocolError, UnsupportedMediaType
from service.form_encoding import parse_pairs

__all__ = [
    "FORM",
    "QUERY_MEDIA_TYPE",
    "UPDATE_MEDIA_TYPE",
    "QueryOperation",
    "UpdateOperation",
    "parse_media_type",
    "read_operation",
]

FORM = "application/x-www-form-urlencoded"
QUERY_MEDIA_TYPE = "application/sparql-query"
UPDATE_MEDIA_TYPE = "application/sparql-update"


@dataclass(frozen=True, slots=True)
class QueryOperation:
    """A query with the protocol dataset (``None``: the request named no graphs)."""

    query: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    formats: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class UpdateOperation:
    """An update with the protocol's ``USING`` graphs."""

    update: str
    using_graphs: tuple[str, ...] = ()
    using_named_graphs: tuple[str, ...] = ()


def parse_media_type(header: str | None) -> tuple[str, str | None]:
    """The media type (lower case) and charset (lower case, if any) of a header.

    >>> parse_media_type(None)
    ('', None)
    >>> parse_media_type('application/x-www-form-urlencoded;charset="utf-16"')
    ('application/x-www-form-urlencoded', 'utf-16')
    """
    if not header:
        return "", None
    media, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def _check_charset(charset: str | None, media: str) -> None:
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaType(
            f"{media} bodies must be UTF-8; charset={charset} is not supported"
        )


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(f"the {what} is not valid UTF-8 (byte {error.start})") from None


def _form(body: bytes) -> list[tuple[str, str]]:
    _decode(body, "form body")  # raw bytes that are not UTF-8: refused with their position
    try:
        return parse_pairs(body, errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError("the form body's percent-encoded text is not valid UTF-8") from None


def _values(pairs: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    return tuple(value for key, value in pairs if key == name)


def _single(pairs: list[tuple[str, str]], name: str) -> str | None:
    values = _values(pairs, name)
    if len(values) > 1:
        raise ProtocolError(f"the request has {len(values)} '{name}' parameters; send one")
    return values[0] if values else None


def _dataset(pairs: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    values = _values(pairs, name)
    for value in values:
        if not value.strip():
            raise ProtocolError(f"an empty '{name}' parameter names no graph")
    return values


def _query(pairs: list[tuple[str, str]], text: str) -> QueryOperation:
    default = _dataset(pairs, "default-graph-uri")
    named = _dataset(pairs, "named-graph-uri")
    has_dataset = bool(default or named)
    formats = _values(pairs, "format") or _values(pairs, "output")
    return QueryOperation(
        text,
        default_graphs=default if has_dataset else None,
        named_graphs=named if has_dataset else None,
        formats=formats,
    )


def _update(pairs: list[tuple[str, str]], text: str) -> UpdateOperation:
    return UpdateOperation(
        text,
        using_graphs=_dataset(pairs, "using-graph-uri"),
        using_named_graphs=_dataset(pairs, "using-named-graph-uri"),
    )


async def read_operation(
    request: Request, *, allow_query: bool = True
) -> QueryOperation | UpdateOperation | None:
    """The operation a request carries; ``None`` for a ``GET`` with no query.

    With ``allow_query=False`` (the ``/update`` endpoint) only updates are taken.
    """
    url_pairs = parse_pairs(request.scope["query_string"])
    if request.method in ("GET", "HEAD"):
        if _values(url_pairs, "update"):
            raise ProtocolError("SPARQL Update must be sent with POST, never GET")
        query = _single(url_pairs, "query")
        if query is None:
            return None
        if not allow_query:
            raise ProtocolError("this endpoint takes updates only; send queries to /sparql")
        return _query(url_pairs, query)

    media, charset = parse_media_type(request.headers.get("content-type"))
    body = await request.body()
    if media == FORM:
        _check_charset(charset, media)
        pairs = url_pairs + _form(body)
        query = _single(pairs, "query")
        update = _single(pairs, "update")
        if query is not None and update is not None:
            raise ProtocolError("send either 'query' or 'update', not both")
        if update is not None:
            return _update(pairs, update)
        if query is not None:
            if not allow_query:
                raise ProtocolError("this endpoint takes updates only; send queries to /sparql")
            return _query(pairs, query)
        raise ProtocolError("the form has neither a 'query' nor an 'update' parameter")
    if media == QUERY_MEDIA_TYPE and allow_query:
        _check_charset(charset, media)
        return _query(url_pairs, _decode(body, "query"))
    if media == UPDATE_MEDIA_TYPE:
        _check_charset(charset, media)
        return _update(url_pairs, _decode(body, "update"))
    accepted = [FORM, UPDATE_MEDIA_TYPE] + ([QUERY_MEDIA_TYPE] if allow_query else [])
    given = f"Content-Type {media}" if media else "no Content-Type"
    raise UnsupportedMediaType(
        f"a POST needs Content-Type {', '.join(sorted(accepted))}; this one has {given}"
    )
