"""A SPARQL 1.1 server reached over HTTP (the protocol, plus Graph Store uploads).

Results come back as the same pyoxigraph objects the embedded store returns:
solutions and booleans are parsed with ``pyoxigraph.parse_query_results``;
graphs (CONSTRUCT, DESCRIBE) are parsed and replayed through a throw-away
in-memory store so the caller gets a real ``QueryTriples``.

A load streams N-Triples into a staging graph in ONE request (a Graph Store
Protocol POST when ``store_url`` is set, otherwise one ``INSERT DATA``), so blank
nodes keep their identity, then one update swaps the staging graph in.

>>> cfg = RemoteConfig("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
...                    username="analyst", password="s3cret")
>>> store = RemoteStore(cfg)
>>> "s3cret" in repr(store)
False
>>> store.close()
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice

import httpx
import pyoxigraph
from pyoxigraph import (
    NamedNode,
    QueryResultsFormat,
    RdfFormat,
    parse,
    parse_query_results,
    serialize,
)

from graph.backends.base import SparqlBackedStore, StagedQuads
from graph.store import NTriples, QueryResult, RemoteConfig, SourceData, StoreError

__all__ = ["RemoteError", "RemoteStore"]

ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, "
    "application/sparql-results+xml;q=0.5, text/turtle;q=0.5"
)
CHUNK = 20_000
"""Quads serialised per piece of a streamed upload."""


class RemoteError(StoreError):
    """The SPARQL server could not be reached or answered with an error."""


def _public(url: str) -> str:
    """*url* without any user name or password in it.

    >>> _public("http://bob:pw@example.org/sparql")
    'http://example.org/sparql'
    """
    return str(httpx.URL(url).copy_with(username=None, password=None))


def _as_triples(body: bytes, fmt: RdfFormat) -> QueryResult:
    scratch = pyoxigraph.Store()
    scratch.extend(parse(body, format=fmt))
    result: QueryResult = scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
    return result


class RemoteStore(SparqlBackedStore):
    """A store on a SPARQL 1.1 server (Oxigraph, Fuseki, GraphDB...).

    ``union_default_graph`` is asked for with Oxigraph's ``union-default-graph``
    parameter; other servers should be configured to use the union by default.
    """

    backend = "remote"

    def __init__(self, config: RemoteConfig) -> None:
        self.config = config
        auth = (
            httpx.BasicAuth(config.username, config.password or "")
            if config.username is not None
            else None
        )
        self._client = httpx.Client(auth=auth, timeout=config.timeout)

    def __repr__(self) -> str:
        return f"RemoteStore({_public(self.config.query_url)})"

    def _post(self, url: str, *, what: str, **kwargs: object) -> httpx.Response:
        try:
            response = self._client.post(url, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise RemoteError(f"cannot reach the SPARQL server at {_public(url)}: {exc}") from exc
        if response.status_code == 400:
            raise SyntaxError(response.text.strip() or f"the server refused the {what}")
        if response.status_code >= 300:
            raise RemoteError(
                f"{_public(url)} answered {response.status_code} to a {what}: "
                f"{response.text.strip()[:500]}"
            )
        return response

    def query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query on the server; ``SyntaxError`` when it answers 400."""
        params: list[tuple[str, str]] = []
        if default_graphs is None and named_graphs is None:
            if union_default_graph:
                params.append(("union-default-graph", "true"))
        else:
            params += [("default-graph-uri", g) for g in default_graphs or ()]
            params += [("named-graph-uri", g) for g in named_graphs or ()]
        response = self._post(
            self.config.query_url,
            what="query",
            params=params,
            content=sparql.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT},
        )
        media = response.headers.get("content-type", "").split(";")[0].strip()
        results_format = QueryResultsFormat.from_media_type(media)
        if results_format is not None:
            result: QueryResult = parse_query_results(response.content, format=results_format)
            return result
        rdf_format = RdfFormat.from_media_type(media)
        if rdf_format is not None:
            return _as_triples(response.content, rdf_format)
        raise RemoteError(f"{_public(self.config.query_url)} answered with {media!r}")

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update on the server (one request, one transaction on Oxigraph)."""
        self._post(
            self.config.update_url,
            what="update",
            content=sparql.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )

    def _stage(self, staging: NamedNode, quads: SourceData, *, keep: bool) -> StagedQuads | None:
        local = pyoxigraph.Store() if keep else None

        def pieces() -> Iterator[bytes]:
            if isinstance(quads, NTriples):  # already N-Triples: sent as it is
                for piece in quads:
                    text = piece.encode() if isinstance(piece, str) else piece
                    if local is not None:
                        local.bulk_load(text, RdfFormat.N_TRIPLES)
                    yield text
                return
            it = iter(quads)
            while chunk := list(islice(it, CHUNK)):
                if local is not None:
                    local.bulk_extend(chunk)
                yield serialize([q.triple for q in chunk], format=RdfFormat.N_TRIPLES) or b""

        if self.config.store_url:
            self._post(
                self.config.store_url,
                what="graph upload",
                params={"graph": staging.value},
                content=pieces(),
                headers={"Content-Type": "application/n-triples"},
            )
        else:
            head = f"INSERT DATA {{ GRAPH {staging} {{\n".encode()
            self._post(
                self.config.update_url,
                what="staging update",
                content=chain([head], pieces(), [b"} }\n"]),
                headers={"Content-Type": "application/sparql-update"},
            )
        if local is None:
            return None
        return lambda: local.quads_for_pattern(None, None, None, None)

    def _graph_names(self) -> Iterable[str]:
        rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return [str(row["g"].value) for row in rows if row["g"] is not None]

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()
