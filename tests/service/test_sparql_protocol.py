"""The SPARQL 1.1 Protocol at /sparql, in-process: methods, media types, datasets, errors."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

EX = "http://example.org/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALPHA = "https://w3id.org/oversight/id/source/alpha"
BETA = "https://w3id.org/oversight/id/source/beta"
COUNCILS = f"SELECT ?c WHERE {{ ?c a <{EX}Council> }} ORDER BY ?c"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


def _uris(response_json: dict) -> list[str]:
    return [b["c"]["value"] for b in response_json["results"]["bindings"]]


# --- the three ways to send a query --------------------------------------------------


def test_query_by_get(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": COUNCILS})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    assert _uris(r.json()) == [f"{EX}council1", f"{EX}council2", f"{EX}council3"]


def test_query_by_form_post(client: TestClient) -> None:
    r = client.post("/sparql", data={"query": COUNCILS})
    assert r.status_code == 200
    assert len(_uris(r.json())) == 3


def test_query_by_direct_post(client: TestClient) -> None:
    r = client.post(
        "/sparql",
        content=COUNCILS.encode(),
        headers={"content-type": "application/sparql-query; charset=utf-8"},
    )
    assert r.status_code == 200
    assert len(_uris(r.json())) == 3


def test_default_graph_is_the_union_of_sources(client: TestClient) -> None:
    ask = f"ASK {{ <{EX}board1> <{EX}oversees> ?c . ?c a <{EX}Council> }}"
    assert client.get("/sparql", params={"query": ask}).json()["boolean"] is True


# --- dataset parameters ----------------------------------------------------------


def test_default_graph_uri_restricts_the_default_graph(client: TestClient) -> None:
    only_beta = client.get("/sparql", params={"query": COUNCILS, "default-graph-uri": BETA}).json()
    assert _uris(only_beta) == []
    both = client.get(
        "/sparql",
        params=[("query", COUNCILS), ("default-graph-uri", ALPHA), ("default-graph-uri", BETA)],
    ).json()
    assert len(_uris(both)) == 3


def test_named_graph_uri_limits_graph_patterns(client: TestClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = client.post(f"/sparql?named-graph-uri={BETA}", data={"query": query})
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [BETA]


def test_protocol_dataset_overrides_from_clauses(client: TestClient) -> None:
    query = f"SELECT ?c FROM <{BETA}> WHERE {{ ?c a <{EX}Council> }}"
    assert _uris(client.get("/sparql", params={"query": query}).json()) == []
    overridden = client.get("/sparql", params={"query": query, "default-graph-uri": ALPHA})
    assert len(_uris(overridden.json())) == 3


def test_from_clause_is_honoured_without_protocol_dataset(client: TestClient) -> None:
    query = f"SELECT ?c FROM <{ALPHA}> WHERE {{ ?c a <{EX}Council> }}"
    assert len(_uris(client.get("/sparql", params={"query": query}).json())) == 3


# --- formats ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media_type", "fmt"),
    [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            QueryResultsFormat.JSON,
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            QueryResultsFormat.XML,
        ),
        ("text/tab-separated-values", "text/tab-separated-values", QueryResultsFormat.TSV),
        ("application/json", "application/sparql-results+json", QueryResultsFormat.JSON),
    ],
)
def test_select_formats_parse_back(client: TestClient, accept, media_type, fmt) -> None:
    query = f"SELECT ?c ?label WHERE {{ ?c a <{EX}Council> ; <{LABEL}> ?label }} ORDER BY ?c"
    r = client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media_type
    rows = list(parse_query_results(r.content, format=fmt))
    assert [str(row["c"].value) for row in rows] == [f"{EX}council{i}" for i in (1, 2, 3)]
    labels = [row["label"].value for row in rows]
    assert labels[1] == 'Comma, "quoted" and\ttabbed\nname'
    assert labels[2] == "Brontë & <Sons>"


def test_csv_quotes_fields_and_uses_crlf(client: TestClient) -> None:
    query = f"SELECT ?label WHERE {{ <{EX}council2> <{LABEL}> ?label }}"
    r = client.get("/sparql", params={"query": query}, headers={"accept": "text/csv"})
    assert r.content.startswith(b"label\r\n")
    assert list(csv.reader(io.StringIO(r.text, newline=""))) == [
        ["label"],
        ['Comma, "quoted" and\ttabbed\nname'],
    ]


def test_xml_results_are_well_formed_with_languages_and_datatypes(client: TestClient) -> None:
    query = f"SELECT ?o WHERE {{ <{EX}council1> ?p ?o }}"
    r = client.get(
        "/sparql", params={"query": query}, headers={"accept": "application/sparql-results+xml"}
    )
    root = ElementTree.fromstring(r.content)
    literals = root.iter(f"{RESULTS_NS}literal")
    found = {
        (e.text, e.get("{http://www.w3.org/XML/1998/namespace}lang"), e.get("datatype"))
        for e in literals
    }
    assert ("Leeds City Council", "en", None) in found
    assert ("383", None, "http://www.w3.org/2001/XMLSchema#integer") in found


def test_ask_as_json_and_xml(client: TestClient) -> None:
    ask = f"ASK {{ <{EX}council1> ?p ?o }}"
    assert client.get("/sparql", params={"query": ask}).json() == {"head": {}, "boolean": True}
    xml = client.get(
        "/sparql", params={"query": ask}, headers={"accept": "application/sparql-results+xml"}
    )
    assert ElementTree.fromstring(xml.content).find(f"{RESULTS_NS}boolean").text == "true"


@pytest.mark.parametrize(
    ("accept", "media_type", "fmt"),
    [
        (None, "text/turtle", RdfFormat.TURTLE),
        ("text/turtle", "text/turtle", RdfFormat.TURTLE),
        ("application/n-triples", "application/n-triples", RdfFormat.N_TRIPLES),
        ("application/ld+json", "application/ld+json", RdfFormat.JSON_LD),
        ("application/rdf+xml", "application/rdf+xml", RdfFormat.RDF_XML),
    ],
)
def test_construct_formats_parse_back(client: TestClient, accept, media_type, fmt) -> None:
    query = f"CONSTRUCT {{ ?c ?p ?o }} WHERE {{ ?c a <{EX}Council> ; ?p ?o }}"
    headers = {"accept": accept} if accept else {}
    r = client.get("/sparql", params={"query": query}, headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"] == f"{media_type}; charset=utf-8"
    triples = list(parse(r.content, format=fmt))
    assert len(triples) == 11
    assert any(t.object.value == "Brontë & <Sons>" for t in triples)


def test_describe_returns_rdf(client: TestClient) -> None:
    r = client.get(
        "/sparql",
        params={"query": f"DESCRIBE <{EX}board1>"},
        headers={"accept": "application/n-triples"},
    )
    triples = list(parse(r.content, format=RdfFormat.N_TRIPLES))
    assert {str(t.subject.value) for t in triples} == {f"{EX}board1"}
    assert len(triples) == 4


def test_q_values_choose_the_format(client: TestClient) -> None:
    r = client.get(
        "/sparql",
        params={"query": COUNCILS},
        headers={"accept": "application/sparql-results+json;q=0.2, text/csv;q=0.9, */*;q=0.1"},
    )
    assert r.headers["content-type"].startswith("text/csv")
    # q=0 excludes a format even when a wildcard would match it
    r = client.get(
        "/sparql",
        params={"query": COUNCILS},
        headers={"accept": "*/*, application/sparql-results+json;q=0"},
    )
    assert r.headers["content-type"].startswith("application/sparql-results+xml")


def test_format_parameter_beats_accept(client: TestClient) -> None:
    r = client.get(
        "/sparql",
        params={"query": COUNCILS, "format": "tsv"},
        headers={"accept": "application/sparql-results+json"},
    )
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    assert r.text.splitlines()[0] == "?c"
    graph = client.get(
        "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "json"}
    )
    assert graph.headers["content-type"].startswith("application/ld+json")


def test_unsupported_accept_is_406(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": COUNCILS}, headers={"accept": "image/png"})
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.text


def test_select_asked_for_as_turtle_is_406(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": COUNCILS}, headers={"accept": "text/turtle"})
    assert r.status_code == 406
    assert "returns SPARQL results" in r.text


def test_unknown_format_parameter_is_406(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": COUNCILS, "format": "yaml"})
    assert r.status_code == 406
    assert "unknown format yaml" in r.text


# --- errors ----------------------------------------------------------------------


def test_malformed_query_is_400_with_parser_position(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }"})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/plain")
    assert "error at line 3, column " in r.text


def test_malformed_query_position_is_not_shifted_by_the_base(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "ASK {"})
    assert "line 1, column 6" in r.text


def test_unsupported_body_type_is_415(client: TestClient) -> None:
    r = client.post("/sparql", content=b"ASK {}", headers={"content-type": "text/plain"})
    assert r.status_code == 415
    assert "application/sparql-query" in r.text


def test_missing_body_type_is_415(client: TestClient) -> None:
    r = client.post("/sparql", content=b"query=ASK%20%7B%7D")
    assert r.status_code == 415


def test_non_utf8_charset_is_415(client: TestClient) -> None:
    r = client.post(
        "/sparql",
        content="ASK {}".encode("utf-16"),
        headers={"content-type": "application/sparql-query; charset=UTF-16"},
    )
    assert r.status_code == 415


def test_invalid_utf8_bytes_are_400(client: TestClient) -> None:
    r = client.post(
        "/sparql",
        content=b"ASK { ?s ?p '\xff' }",
        headers={"content-type": "application/sparql-query"},
    )
    assert r.status_code == 400
    assert "not valid UTF-8" in r.text


def test_two_queries_are_400(client: TestClient) -> None:
    r = client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert r.status_code == 400
    assert "2 'query' parameters" in r.text


def test_query_and_update_together_are_400(client: TestClient) -> None:
    r = client.post("/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"})
    assert r.status_code == 400


def test_update_by_get_is_400(client: TestClient) -> None:
    r = client.get("/sparql", params={"update": "CLEAR ALL"})
    assert r.status_code == 400
    assert "POST" in r.text


def test_other_methods_are_405(client: TestClient) -> None:
    assert client.put("/sparql", content=b"ASK {}").status_code == 405
    assert client.delete("/sparql").status_code == 405


def test_post_without_an_operation_is_400(client: TestClient) -> None:
    r = client.post("/sparql", data={"format": "json"})
    assert r.status_code == 400


def test_errors_on_protocol_paths_are_plain_text(client: TestClient) -> None:
    client.app.state.oversight.store.remove_source("beta")
    r = client.get("/graph-store", params={"graph": BETA})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/plain")
    assert r.text.startswith("graph not found: ")


def test_errors_elsewhere_are_json(client: TestClient) -> None:
    from graph.store import SourceNotFound
    from service.exceptions import MalformedQuery

    @client.app.get("/raises/{what}")
    def raises(what: str) -> None:
        if what == "source":
            raise SourceNotFound("gias")
        raise MalformedQuery("error at line 2, column 3: expected '}'", line=2, column=3)

    r = client.get("/raises/source")
    assert (r.status_code, r.json()) == (404, {"error": "source not found", "detail": "gias"})
    r = client.get("/raises/query")
    assert r.status_code == 400
    assert (r.json()["line"], r.json()["column"]) == (2, 3)


# --- row cap ---------------------------------------------------------------------


def test_row_cap_truncates_and_flags(make_client) -> None:
    client = make_client(max_rows=2)
    r = client.get("/sparql", params={"query": COUNCILS}, headers={"accept": "text/csv"})
    assert r.status_code == 200
    assert r.text.splitlines() == ["c", f"{EX}council1", f"{EX}council2"]
    assert r.headers["x-sparql-maxrows"] == "2"
    assert r.headers["oversight-truncated"] == "true"


def test_row_cap_applies_to_construct(make_client) -> None:
    client = make_client(max_rows=3)
    r = client.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"accept": "application/n-triples"},
    )
    assert len(list(parse(r.content, format=RdfFormat.N_TRIPLES))) == 3
    assert r.headers["oversight-truncated"] == "true"


def test_answer_within_cap_is_not_flagged(make_client) -> None:
    client = make_client(max_rows=3)
    r = client.get("/sparql", params={"query": COUNCILS})
    assert len(_uris(r.json())) == 3
    assert "oversight-truncated" not in r.headers


# --- base IRI --------------------------------------------------------------------


def test_relative_iris_resolve_against_the_endpoint(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT (<thing> AS ?x) {}"})
    assert r.json()["results"]["bindings"][0]["x"]["value"] == "http://testserver/thing"
    assert json.loads(r.content)["head"]["vars"] == ["x"]
