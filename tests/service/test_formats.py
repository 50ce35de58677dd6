"""Content negotiation and the result writers, without HTTP."""

from __future__ import annotations

import json

import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryResultsFormat,
    Store,
    Triple,
    parse_query_results,
)

from service.exceptions import NotAcceptable
from service.sparql_formats import (
    CSV,
    JSON,
    JSONLD,
    NTRIPLES,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    accepts_html,
    negotiate,
)
from service.sparql_results import term_to_tsv, write_solutions, write_triples

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("accept", "results", "graph"),
    [
        (None, JSON, TURTLE),
        ("", JSON, TURTLE),
        ("*/*", JSON, TURTLE),
        ("application/*", JSON, NTRIPLES),
        ("text/*", CSV, TURTLE),
        ("application/xml", XML, RDFXML),
        ("application/json", JSON, JSONLD),
        ("text/turtle", None, TURTLE),
        ("application/sparql-results+xml, text/turtle;q=0.5", XML, TURTLE),
        ("text/csv;q=0.4, text/tab-separated-values;q=0.6", TSV, None),
        ("text/csv;q=0.4, text/*;q=0.9", TSV, TURTLE),  # the specific range decides for CSV
        ("application/rdf+xml;q=1.0, text/turtle;q=0.3", None, RDFXML),
        ("application/xml", XML, RDFXML),
        ("*/*;q=0.1, application/n-triples", JSON, NTRIPLES),
        ("TEXT/CSV", CSV, None),
    ],
)
def test_accept_negotiation(accept, results, graph) -> None:
    chosen = negotiate(accept, [])
    assert (chosen.results, chosen.graph) == (results, graph)


def test_sparqlwrapper_style_format_parameters() -> None:
    assert negotiate(None, ["tsv", "text/tab-separated-values"]).results is TSV
    assert negotiate(None, ["rdf+xml", "application/rdf+xml"]).graph is RDFXML
    assert negotiate(None, ["json-ld", "application/ld+json"]).graph is JSONLD
    assert negotiate(None, ["n3"]).graph is TURTLE
    assert negotiate(None, ["", "csv"]).results is CSV


def test_nothing_acceptable() -> None:
    with pytest.raises(NotAcceptable, match="image/png"):
        negotiate("image/png, text/html", [])
    with pytest.raises(NotAcceptable, match="unknown format"):
        negotiate(None, ["xlsx"])


def test_html_preference() -> None:
    assert accepts_html("text/html")
    assert not accepts_html(None)
    assert not accepts_html("application/rdf+xml, text/html;q=0.9")
    assert not accepts_html("text/html;q=0")


def _solutions(query: str):
    store = Store()
    store.update(
        'INSERT DATA { <http://e/s> <http://e/p> "a\\tb\\nc\\"d\\\\e", "x"@en-GB, 42, 1.5,'
        ' "1.0E6"^^<http://www.w3.org/2001/XMLSchema#double>, "7"^^<http://e/custom>, _:b1 }'
    )
    return store.query(query)


def test_tsv_terms_round_trip() -> None:
    written = write_solutions(_solutions("SELECT ?o { ?s ?p ?o }"), TSV, 100)
    back = {row["o"] for row in parse_query_results(written.body, format=QueryResultsFormat.TSV)}
    original = {row["o"] for row in _solutions("SELECT ?o { ?s ?p ?o }")}
    assert {t for t in back if not isinstance(t, BlankNode)} == {
        t for t in original if not isinstance(t, BlankNode)
    }
    assert b"\\t" in written.body and b"\\n" in written.body
    assert all(line.count(b"\t") == 0 for line in written.body.splitlines())


@pytest.mark.parametrize(
    ("term", "text"),
    [
        (Literal("42", datatype=NamedNode(XSD + "integer")), "42"),
        (Literal("-42", datatype=NamedNode(XSD + "integer")), "-42"),
        (Literal("1.5", datatype=NamedNode(XSD + "decimal")), "1.5"),
        (Literal("1.0E6", datatype=NamedNode(XSD + "double")), "1.0E6"),
        (Literal("INF", datatype=NamedNode(XSD + "double")), f'"INF"^^<{XSD}double>'),
        (Literal("1", datatype=NamedNode(XSD + "double")), f'"1"^^<{XSD}double>'),
        (Literal("042x", datatype=NamedNode(XSD + "integer")), f'"042x"^^<{XSD}integer>'),
        (Literal("x", language="en"), '"x"@en'),
        (NamedNode("http://e/x"), "<http://e/x>"),
        (BlankNode("b0"), "_:b0"),
    ],
)
def test_tsv_term_forms(term, text) -> None:
    assert term_to_tsv(term) == text


def test_json_terms() -> None:
    body = json.loads(write_solutions(_solutions("SELECT ?o { ?s ?p ?o }"), JSON, 100).body)
    values = {json.dumps(b["o"], sort_keys=True) for b in body["results"]["bindings"]}
    assert json.dumps({"type": "literal", "value": "x", "xml:lang": "en-gb"}, sort_keys=True) in {
        v.lower() for v in values
    }
    assert (
        json.dumps({"datatype": "http://e/custom", "type": "literal", "value": "7"}, sort_keys=True)
        in values
    )
    plain = [b["o"] for b in body["results"]["bindings"] if b["o"]["value"].startswith("a\t")]
    assert plain == [{"type": "literal", "value": 'a\tb\nc"d\\e'}]


def test_unbound_variables_are_left_out() -> None:
    query = "SELECT ?o ?missing { ?s ?p ?o FILTER(isBlank(?o)) }"
    body = json.loads(write_solutions(_solutions(query), JSON, 10).body)
    assert body["head"]["vars"] == ["o", "missing"]
    assert list(body["results"]["bindings"][0]) == ["o"]
    csv_body = write_solutions(_solutions(query), CSV, 10).body
    assert csv_body.split(b"\r\n")[1].endswith(b",")


def test_xml_escapes_markup() -> None:
    store = Store()
    store.update('INSERT DATA { <http://e/s> <http://e/p> "<b>&amp;</b>" }')
    body = write_solutions(store.query("SELECT ?o { ?s ?p ?o }"), XML, 10).body
    assert b"&lt;b&gt;&amp;amp;&lt;/b&gt;" in body
    (row,) = parse_query_results(body, format=QueryResultsFormat.XML)
    assert row["o"].value == "<b>&amp;</b>"


def test_quoted_triples_are_written() -> None:
    quoted = Triple(NamedNode("http://e/a"), NamedNode("http://e/p"), Literal("v"))
    store = Store()
    rows = store.query("SELECT ?t { BIND(<<( <http://e/a> <http://e/p> 'v' )>> AS ?t) }")
    body = json.loads(write_solutions(rows, JSON, 10).body)
    assert body["results"]["bindings"][0]["t"]["type"] == "triple"
    assert term_to_tsv(quoted) == '<< <http://e/a> <http://e/p> "v" >>'


def test_triples_are_capped() -> None:
    triples = [
        Triple(NamedNode(f"http://e/{i}"), NamedNode("http://e/p"), Literal(str(i)))
        for i in range(5)
    ]
    capped = write_triples(triples, NTRIPLES, 3)
    assert (capped.rows, capped.truncated) == (3, True)
    assert capped.body.count(b"\n") == 3
    exact = write_triples(triples, NTRIPLES, 5)
    assert (exact.rows, exact.truncated) == (5, False)
