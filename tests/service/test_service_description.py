"""GET /sparql without a query: the sd: service description with VoID, negotiated."""

from __future__ import annotations

import rdflib
from pyoxigraph import NamedNode, RdfFormat, parse
from rdflib import RDF, Literal, Namespace, URIRef

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
OV = Namespace("https://w3id.org/oversight/def#")
DCT = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ENDPOINT = URIRef("http://testserver/sparql")
ALPHA = URIRef("https://w3id.org/oversight/id/source/alpha")
BETA = URIRef("https://w3id.org/oversight/id/source/beta")


def _description(client, accept: str = "text/turtle", fmt: str = "turtle") -> rdflib.Graph:
    r = client.get("/sparql", headers={"accept": accept})
    assert r.status_code == 200
    return rdflib.Graph().parse(data=r.text, format=fmt)


def test_turtle_by_default(client) -> None:
    r = client.get("/sparql")
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    assert (ENDPOINT, RDF.type, SD.Service) in rdflib.Graph().parse(data=r.text, format="turtle")


def test_endpoint_languages_formats_and_limits(make_client) -> None:
    g = _description(make_client(query_timeout=12.5, max_rows=321))
    assert (ENDPOINT, SD.endpoint, ENDPOINT) in g
    assert set(g.objects(ENDPOINT, SD.supportedLanguage)) == {SD.SPARQL11Query}
    formats = {str(f).rsplit("/", 1)[1] for f in g.objects(ENDPOINT, SD.resultFormat)}
    assert formats == {
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    }
    assert SD.UnionDefaultGraph in set(g.objects(ENDPOINT, SD.feature))
    assert SD.BasicFederatedQuery not in set(g.objects(ENDPOINT, SD.feature))
    assert g.value(ENDPOINT, OV.queryTimeLimit).toPython() == 12.5
    assert g.value(ENDPOINT, OV.resultRowLimit).toPython() == 321


def test_update_and_federation_are_announced_only_when_enabled(make_client) -> None:
    g = _description(make_client(tokens={"w": "write"}, service_allowlist=["ok.example"]))
    assert SD.SPARQL11Update in set(g.objects(ENDPOINT, SD.supportedLanguage))
    assert SD.BasicFederatedQuery in set(g.objects(ENDPOINT, SD.feature))


def test_void_describes_each_source_graph(client) -> None:
    g = _description(client)
    dataset = g.value(ENDPOINT, SD.defaultDataset)
    assert (dataset, RDF.type, SD.Dataset) in g
    assert (dataset, RDF.type, VOID.Dataset) in g
    assert g.value(dataset, VOID.triples).toPython() == 16
    described = {}
    for named in g.objects(dataset, SD.namedGraph):
        graph = g.value(named, SD.graph)
        described[g.value(named, SD.name)] = graph
    assert {ALPHA, BETA} <= set(described)
    alpha = described[ALPHA]
    assert g.value(alpha, VOID.triples).toPython() == 12
    assert g.value(described[BETA], VOID.triples).toPython() == 4
    assert g.value(alpha, DCT.title) == Literal("Tiny alpha")
    assert g.value(alpha, OV.loader) == Literal("test")
    assert g.value(alpha, PROV.generatedAtTime) is not None
    assert str(g.value(alpha, DCT.source)).endswith("tiny.trig")


def test_description_follows_loads(client) -> None:
    client.app.state.oversight.store.remove_source("beta")
    g = _description(client)
    names = {g.value(n, SD.name) for n in g.objects(None, SD.namedGraph)}
    assert ALPHA in names
    assert BETA not in names


def test_other_rdf_formats(client) -> None:
    for accept, fmt in (
        ("application/ld+json", RdfFormat.JSON_LD),
        ("application/rdf+xml", RdfFormat.RDF_XML),
        ("application/n-triples", RdfFormat.N_TRIPLES),
    ):
        r = client.get("/sparql", headers={"accept": accept})
        assert r.headers["content-type"].startswith(accept)
        endpoint = NamedNode(str(ENDPOINT))
        assert any(
            t.subject == endpoint
            and t.predicate == NamedNode(str(SD.endpoint))
            and t.object == endpoint
            for t in parse(r.content, format=fmt)
        )


def test_browsers_go_to_the_editor(client) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = client.get("/sparql", headers={"accept": browser}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/query"
    assert client.get("/query", headers={"accept": browser}).status_code == 200
    # a client that prefers RDF to HTML gets the description itself
    r = client.get("/sparql", headers={"accept": "application/rdf+xml, text/html;q=0.5"})
    assert r.headers["content-type"].startswith("application/rdf+xml")


def test_description_needs_an_rdf_format(client) -> None:
    assert client.get("/sparql", headers={"accept": "text/csv"}).status_code == 406
