"""SPARQL Update with a write token: both endpoints, USING parameters, base IRI, errors."""

from __future__ import annotations

import pytest

from service.exceptions import DatasetConflict
from service.update_dataset import with_using_clauses

TOKEN = "w-9f8e7d6c"
HEADERS = {"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"}
EX = "http://example.org/"
ALPHA = "https://w3id.org/oversight/id/source/alpha"
BETA = "https://w3id.org/oversight/id/source/beta"


@pytest.fixture
def writer(make_client):
    return make_client(tokens={TOKEN: "write"})


def _ask(client, query: str) -> bool:
    return client.get("/sparql", params={"query": query}).json()["boolean"]


def test_form_update_at_sparql(writer) -> None:
    r = writer.post(
        "/sparql",
        data={"update": f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}p> 'v' }} }}"},
        headers={"authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 204
    assert _ask(writer, f"ASK {{ <{EX}a> <{EX}p> 'v' }}")


def test_the_json_api_sees_an_update(writer) -> None:
    """The projection behind the API is rebuilt after an update, not only after a load."""
    board = "https://w3id.org/oversight/id/la/999/zeta-board"
    search = {"q": "Zeta board"}
    assert writer.get("/api/bodies", params=search).json()["total"] == 0
    update = (
        "PREFIX ov: <https://w3id.org/oversight/def#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f"INSERT DATA {{ GRAPH <{ALPHA}> {{ <{board}> a ov:ImprovementBoard, ov:Body ; "
        "rdfs:label 'Zeta board' } }"
    )
    assert writer.post("/update", content=update, headers=HEADERS).status_code == 204
    found = writer.get("/api/bodies", params=search).json()
    assert [b["id"] for b in found["items"]] == ["la/999/zeta-board"]
    # a malformed update writes nothing and changes nothing
    before = writer.get("/api/bodies", params=search).json()
    assert writer.post("/update", content="INSERT DATA {", headers=HEADERS).status_code == 400
    assert writer.get("/api/bodies", params=search).json() == before


def test_using_graph_uri_sets_the_where_dataset(writer) -> None:
    update = f"INSERT {{ GRAPH <{EX}out> {{ ?c a <{EX}Seen> }} }} WHERE {{ ?c a <{EX}Council> }}"
    # without USING the WHERE reads the store's own (empty) default graph
    assert writer.post("/update", content=update, headers=HEADERS).status_code == 204
    assert not _ask(writer, f"ASK {{ ?c a <{EX}Seen> }}")
    r = writer.post(f"/update?using-graph-uri={ALPHA}", content=update, headers=HEADERS)
    assert r.status_code == 204
    assert _ask(writer, f"ASK {{ GRAPH <{EX}out> {{ <{EX}council3> a <{EX}Seen> }} }}")


def test_using_named_graph_uri(writer) -> None:
    update = (
        f"INSERT {{ GRAPH <{EX}out> {{ ?g a <{EX}Graph> }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    r = writer.post(f"/update?using-named-graph-uri={BETA}", content=update, headers=HEADERS)
    assert r.status_code == 204
    found = writer.get(
        "/sparql", params={"query": f"SELECT ?g {{ GRAPH <{EX}out> {{ ?g a <{EX}Graph> }} }}"}
    ).json()["results"]["bindings"]
    assert [b["g"]["value"] for b in found] == [BETA]


def test_using_parameters_conflict_with_with_clause(writer) -> None:
    update = f"WITH <{EX}g> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"
    r = writer.post(f"/update?using-graph-uri={ALPHA}", content=update, headers=HEADERS)
    assert r.status_code == 400
    assert "WITH" in r.text


def test_relative_iris_in_updates_resolve_against_the_endpoint(writer) -> None:
    r = writer.post("/update", content="INSERT DATA { GRAPH <g> { <s> <p> <o> } }", headers=HEADERS)
    assert r.status_code == 204
    assert _ask(writer, "ASK { GRAPH <http://testserver/g> { <http://testserver/s> ?p ?o } }")


def test_malformed_update_is_400_with_position(writer) -> None:
    r = writer.post("/update", content="CLEAR XYZ", headers=HEADERS)
    assert r.status_code == 400
    assert "line 1, column 10" in r.text  # where the parser gave up, not shifted by BASE


def test_queries_are_not_taken_at_update(writer) -> None:
    r = writer.post(
        "/update", data={"query": "ASK {}"}, headers={"authorization": f"Bearer {TOKEN}"}
    )
    assert r.status_code == 400
    r = writer.post(
        "/update",
        content="ASK {}",
        headers={"content-type": "application/sparql-query", "authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 415
    assert writer.get("/update").status_code == 405


def test_updates_reach_the_worker_processes(make_client) -> None:
    client = make_client(store_backend="embedded", tokens={TOKEN: "write"})
    query = {"query": f"ASK {{ <{EX}fresh> ?p ?o }}"}
    assert client.get("/sparql", params=query).json()["boolean"] is False
    insert = f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}fresh> <{EX}p> 1 }} }}"
    assert client.post("/update", content=insert, headers=HEADERS).status_code == 204
    assert client.get("/sparql", params=query).json()["boolean"] is True
    delete = f"DELETE DATA {{ GRAPH <{EX}g> {{ <{EX}fresh> <{EX}p> 1 }} }}"
    assert client.post("/update", content=delete, headers=HEADERS).status_code == 204
    assert client.get("/sparql", params=query).json()["boolean"] is False


def test_with_using_clauses_inserts_before_each_modify_where() -> None:
    text = (
        "PREFIX e: <http://e/> CLEAR ALL ; INSERT DATA { <a> <b> <c> } ;\n"
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o } ;\n"
        "DELETE WHERE { ?s ?p ?o } ; INSERT { ?x a <t> } where { { ?x ?y ?z } }"
    )
    out = with_using_clauses(text, ["http://g1"], ["http://n1"])
    clause = "USING <http://g1> USING NAMED <http://n1>"
    assert out.count(clause) == 2
    assert "DELETE WHERE" in out
    assert f"{clause} WHERE {{ ?s ?p ?o }}" in out
    assert f"{clause} where {{ {{ ?x ?y ?z }} }}" in out


def test_with_using_clauses_sees_using_hidden_in_odd_spacing() -> None:
    with pytest.raises(DatasetConflict):
        with_using_clauses("DELETE{?s ?p ?o}using<http://g>WHERE{?s ?p ?o}", ["http://x"], [])
    # USING inside a string or comment is not a clause
    assert (
        with_using_clauses("INSERT { <a> <b> 'USING' } WHERE { } # WITH", ["http://x"], []).count(
            "USING <http://x>"
        )
        == 1
    )
