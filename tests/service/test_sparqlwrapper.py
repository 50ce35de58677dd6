"""A real client, SPARQLWrapper, against the service under uvicorn on 127.0.0.1."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from service.settings import Settings

EX = "http://example.org/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SELECT = f"SELECT ?c ?label WHERE {{ ?c a <{EX}Council> ; <{LABEL}> ?label }} ORDER BY ?c"
CONSTRUCT = f"CONSTRUCT {{ ?c <{LABEL}> ?label }} WHERE {{ ?c a <{EX}Council> ; <{LABEL}> ?label }}"
TOKEN = "w-sparqlwrapper-2718"


pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")


@pytest.fixture(scope="module")
def base(serve, tmp_path_factory) -> Iterator[str]:
    settings = Settings(
        store_backend="embedded",
        data_dir=tmp_path_factory.mktemp("sparqlwrapper") / "store",
        load_seed=False,
        query_workers=2,
        tokens={TOKEN: "write"},
    )
    with serve(settings) as (url, _app):
        yield url


def _client(base: str, fmt: str, query: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_select_in_every_format(base: str) -> None:
    councils = [f"{EX}council1", f"{EX}council2", f"{EX}council3"]

    as_json = _client(base, JSON, SELECT).queryAndConvert()
    assert [b["c"]["value"] for b in as_json["results"]["bindings"]] == councils
    assert as_json["results"]["bindings"][0]["label"]["xml:lang"] == "en"

    as_xml = _client(base, XML, SELECT).queryAndConvert()
    uris = [node.firstChild.data for node in as_xml.getElementsByTagName("uri")]
    assert uris == councils

    as_csv = _client(base, CSV, SELECT).queryAndConvert()
    rows = list(csv.reader(io.StringIO(as_csv.decode(), newline="")))
    assert rows[0] == ["c", "label"]
    assert [r[0] for r in rows[1:]] == councils
    assert rows[2][1] == 'Comma, "quoted" and\ttabbed\nname'

    as_tsv = _client(base, TSV, SELECT).queryAndConvert()
    lines = as_tsv.decode().splitlines()
    assert lines[0] == "?c\t?label"
    assert lines[1] == f'<{EX}council1>\t"Leeds City Council"@en'
    assert len(lines) == 4  # the tab and new line inside a label are escaped


def test_ask(base: str) -> None:
    assert _client(base, JSON, f"ASK {{ <{EX}council1> ?p ?o }}").queryAndConvert()["boolean"]


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
def test_construct(base: str, fmt: str) -> None:
    result = _client(base, fmt, CONSTRUCT).query()
    converted = result.convert()
    if isinstance(converted, bytes):
        graph = rdflib.Graph().parse(data=converted.decode(), format="turtle")
    else:
        graph = converted
    labels = {str(o) for _, _, o in graph.triples((None, rdflib.URIRef(LABEL), None))}
    assert "Brontë & <Sons>" in labels
    assert len(labels) == 3


def test_malformed_query_raises_bad_formed(base: str) -> None:
    with pytest.raises(QueryBadFormed, match="line 1"):
        _client(base, JSON, "SELECT * WHERE {").query()


def test_update_with_a_write_token(base: str) -> None:
    client = SPARQLWrapper(f"{base}/sparql", updateEndpoint=f"{base}/update")
    client.setMethod(POST)
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    client.setQuery(
        f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}wrapped> <{LABEL}> 'via SPARQLWrapper' }} }}"
    )
    client.query()
    check = _client(base, JSON, f"ASK {{ <{EX}wrapped> ?p ?o }}")
    assert check.queryAndConvert()["boolean"] is True
