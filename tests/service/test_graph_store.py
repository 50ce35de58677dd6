"""Read-only Graph Store HTTP Protocol at /graph-store."""

from __future__ import annotations

from pyoxigraph import RdfFormat, parse

ALPHA = "https://w3id.org/oversight/id/source/alpha"
BETA = "https://w3id.org/oversight/id/source/beta"


def _triples(response, fmt=RdfFormat.TURTLE) -> list:
    return list(parse(response.content, format=fmt))


def test_get_a_named_graph(client) -> None:
    r = client.get("/graph-store", params={"graph": BETA})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    triples = _triples(r)
    assert len(triples) == 4
    assert {str(t.subject.value) for t in triples} == {"http://example.org/board1"}


def test_get_the_default_graph_is_the_union(client) -> None:
    r = client.get("/graph-store?default", headers={"accept": "application/n-triples"})
    count = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
    every = client.get("/sparql", params={"query": count}).json()
    total = int(every["results"]["bindings"][0]["n"]["value"])
    assert total > 16  # the two sources and their provenance
    assert len(_triples(r, RdfFormat.N_TRIPLES)) == total


def test_negotiated_formats(client) -> None:
    r = client.get("/graph-store", params={"graph": ALPHA, "format": "jsonld"})
    assert r.headers["content-type"].startswith("application/ld+json")
    assert len(_triples(r, RdfFormat.JSON_LD)) == 12
    assert (
        client.get(
            "/graph-store", params={"graph": ALPHA}, headers={"accept": "text/csv"}
        ).status_code
        == 406
    )


def test_unknown_graph_is_404(client) -> None:
    r = client.get("/graph-store", params={"graph": "http://example.org/no-such-graph"})
    assert r.status_code == 404
    assert "no graph" in r.text


def test_bad_requests(client) -> None:
    assert client.get("/graph-store").status_code == 400
    assert client.get("/graph-store", params={"graph": "not an iri"}).status_code == 400
    assert client.get("/graph-store", params={"graph": "http://x/>{}"}).status_code == 400
    assert client.get(f"/graph-store?default&graph={BETA}").status_code == 400


def test_writes_are_405(client) -> None:
    for method in ("put", "post", "delete"):
        r = getattr(client, method)("/graph-store", params={"graph": BETA})
        assert r.status_code == 405
        assert r.headers["allow"] == "GET, HEAD"
        assert "read-only" in r.text
    assert len(_triples(client.get("/graph-store", params={"graph": BETA}))) == 4


def test_row_cap_applies(make_client) -> None:
    client = make_client(max_rows=5)
    r = client.get(
        "/graph-store", params={"graph": ALPHA}, headers={"accept": "application/n-triples"}
    )
    assert len(_triples(r, RdfFormat.N_TRIPLES)) == 5
    assert r.headers["oversight-truncated"] == "true"


def test_health(client) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["backend"] == "memory"
    assert (body["sources"], body["triples"]) == (2, 16)
    assert body["updates_enabled"] is False
    client.app.state.oversight.projections.wait(timeout=60)
    assert client.get("/health").json()["projection"] == "ready"  # built at start
