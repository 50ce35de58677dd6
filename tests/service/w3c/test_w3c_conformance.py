"""Replay the W3C SPARQL 1.1 Protocol, results-format and service-description tests."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree

import rdflib
from fastapi.testclient import TestClient
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Store,
    parse,
    parse_query_results,
)

RESULTS_TYPES = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/tab-separated-values": QueryResultsFormat.TSV,
    "text/csv": QueryResultsFormat.CSV,
}
RDF_TYPES = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
}
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


# --- helpers ---------------------------------------------------------------------------


def _reset(client: TestClient, headers: dict[str, str], graphs: list[tuple[str, str]]) -> None:
    """Empty the store, then load N-Triples/Turtle text into the given graphs."""
    parts = ["DROP ALL"]
    for text, graph in graphs:
        triples = " ".join(
            f"{t.subject} {t.predicate} {t.object} ." for t in parse(text, format=RdfFormat.TURTLE)
        )
        parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{ {triples} }} }}")
    r = client.post(
        "/update",
        content=" ;\n".join(parts),
        headers={**headers, "content-type": "application/sparql-update"},
    )
    assert r.status_code == 204, r.text


def _status_ok(status: int, expected: tuple[str, ...]) -> bool:
    classes = {"StatusCode2xx": 2, "StatusCode3xx": 3, "StatusCode4xx": 4, "StatusCode5xx": 5}
    return any(status // 100 == classes[name] for name in expected)


def _media(response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip()


def _boolean(response) -> bool:
    media = _media(response)
    if media == "application/sparql-results+json":
        return bool(response.json()["boolean"])
    assert media == "application/sparql-results+xml", media
    root = ElementTree.fromstring(response.content)
    return root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


def _as_stored(term):
    """*term* as the store keeps it: Oxigraph stores literals by value, so
    ``"-3"^^xsd:negativeInteger`` reads back as ``-3`` (xsd:integer) and
    ``"1.0E6"^^xsd:double`` as ``"1000000"^^xsd:double``."""
    if not isinstance(term, Literal):
        return term
    store = Store()
    store.add(Quad(NamedNode("urn:s"), NamedNode("urn:p"), term))
    return next(iter(store.quads_for_pattern(None, None, None))).object


def _equal_terms(ours, theirs, bnodes: dict[str, str]) -> bool:
    if isinstance(ours, BlankNode) or isinstance(theirs, BlankNode):
        if not (isinstance(ours, BlankNode) and isinstance(theirs, BlankNode)):
            return False
        return bnodes.setdefault(ours.value, theirs.value) == theirs.value
    return ours == theirs or ours == _as_stored(theirs)


def _same_solutions(ours: bytes, theirs: bytes, fmt: QueryResultsFormat) -> None:
    mine = parse_query_results(ours, format=fmt)
    expected = parse_query_results(theirs, format=fmt)
    assert [v.value for v in mine.variables] == [v.value for v in expected.variables]
    names = [v.value for v in expected.variables]
    rows, wanted = list(mine), list(expected)
    assert len(rows) == len(wanted)
    bnodes: dict[str, str] = {}
    for row, want in zip(rows, wanted, strict=True):
        for name in names:
            a, b = row[name], want[name]
            assert (a is None) == (b is None), (name, a, b)
            if a is not None:
                assert _equal_terms(a, b, bnodes), (name, a, b)


def _same_csv(ours: str, theirs: str) -> None:
    mine = list(csv.reader(io.StringIO(ours, newline="")))
    expected = list(csv.reader(io.StringIO(theirs, newline="")))
    assert mine[0] == expected[0]
    assert len(mine) == len(expected)
    bnodes: dict[str, str] = {}
    for row, want in zip(mine[1:], expected[1:], strict=True):
        for a, b in zip(row, want, strict=True):
            if a.startswith("_:") and b.startswith("_:"):
                assert bnodes.setdefault(a, b) == b
                continue
            if a != b:  # the store keeps numbers by value: 1.0E6 reads back as 1000000
                assert float(a) == float(b), (a, b)


# --- the 34 Protocol tests ---------------------------------------------------------------


def test_protocol(protocol_case, w3c_client: TestClient, write_headers) -> None:
    graphs = [(file.read_text(), label) for file, label in protocol_case.graph_data]
    _reset(w3c_client, write_headers, graphs)
    for request in protocol_case.requests:
        assert request.path.startswith("/sparql/")
        path = "/sparql" + request.path.removeprefix("/sparql/")  # "/sparql/?q=…" → "/sparql?q=…"
        response = w3c_client.request(
            request.method,
            path,
            content=request.body,
            headers={**write_headers, **request.headers},
            follow_redirects=False,
        )
        assert _status_ok(response.status_code, request.statuses), (
            response.status_code,
            request.statuses,
            response.text,
        )
        if response.status_code // 100 == 4:
            # a bad request must fail for its own reason, not for want of a token
            assert response.status_code not in (401, 403), response.text
        if request.expected_format == "boolean":
            assert _media(response) in (
                "application/sparql-results+json",
                "application/sparql-results+xml",
            )
            value = _boolean(response)
            if request.expected_boolean is not None:
                assert value is request.expected_boolean
        elif request.expected_format == "tabular":
            media = _media(response)
            assert media in RESULTS_TYPES, media
            if RESULTS_TYPES[media] is not QueryResultsFormat.CSV:
                list(parse_query_results(response.content, format=RESULTS_TYPES[media]))
        elif request.expected_format == "RDF":
            media = _media(response)
            assert media in RDF_TYPES, media
            list(parse(response.content, format=RDF_TYPES[media]))


# --- results formats: CSV, TSV, JSON -------------------------------------------------------


def test_results_format(results_case, w3c_client: TestClient, write_headers) -> None:
    graph = "http://example.org/w3c-results-data"
    _reset(w3c_client, write_headers, [(results_case.data.read_text(), graph)])
    accept = {
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
        "json": "application/sparql-results+json",
    }[results_case.kind]
    response = w3c_client.get(
        "/sparql", params={"query": results_case.query.read_text()}, headers={"accept": accept}
    )
    assert response.status_code == 200, response.text
    assert _media(response) == accept
    expected = results_case.result.read_bytes()
    if results_case.kind == "csv":
        assert response.content.split(b"\n")[0].endswith(b"\r")  # CRLF line ends
        _same_csv(response.text, expected.decode())
    elif results_case.kind == "tsv":
        _same_solutions(response.content, expected, QueryResultsFormat.TSV)
    else:
        theirs = json.loads(expected)
        if "boolean" in theirs:
            assert response.json()["boolean"] is theirs["boolean"]
        else:
            _same_solutions(response.content, expected, QueryResultsFormat.JSON)


# --- service description ------------------------------------------------------------------


def _description(client: TestClient) -> tuple[object, rdflib.Graph]:
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    return response, rdflib.Graph().parse(data=response.text, format="turtle")


def test_service_description(sd_check, w3c_client: TestClient) -> None:
    response, graph = _description(w3c_client)
    endpoint = rdflib.URIRef("http://testserver/sparql")
    if sd_check == "returns-rdf":
        assert response.status_code == 200
        assert _media(response) in RDF_TYPES
        assert len(graph) > 0
    elif sd_check == "has-endpoint-triple":
        assert (None, SD.endpoint, endpoint) in graph
    elif sd_check == "conforms-to-schema":
        (service,) = set(graph.subjects(SD.endpoint, endpoint))
        assert (service, rdflib.RDF.type, SD.Service) in graph
        languages = set(graph.objects(service, SD.supportedLanguage))
        assert languages and languages <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
        for prop in (SD.resultFormat, SD.feature, SD.defaultEntailmentRegime):
            assert all(isinstance(o, rdflib.URIRef) for o in graph.objects(service, prop))
        dataset = graph.value(service, SD.defaultDataset)
        assert (dataset, rdflib.RDF.type, SD.Dataset) in graph
        default = graph.value(dataset, SD.defaultGraph)
        assert (default, rdflib.RDF.type, SD.Graph) in graph
        for named in graph.objects(dataset, SD.namedGraph):
            assert (named, rdflib.RDF.type, SD.NamedGraph) in graph
            assert isinstance(graph.value(named, SD.name), rdflib.URIRef)
            assert (graph.value(named, SD.graph), rdflib.RDF.type, SD.Graph) in graph
    else:  # pragma: no cover - a new check in the manifest
        raise AssertionError(f"unknown service-description check {sd_check}")
