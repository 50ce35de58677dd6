"""The SPARQL service description (``sd:``) with a VoID description of the dataset.

Served when ``/sparql`` is fetched without a query. It says where the
endpoint is, which languages, result formats and features it supports, its
limits in our own terms (``ov:queryTimeLimit`` seconds, ``ov:resultRowLimit``
rows), and describes the dataset: the default graph (the union of every named
graph) and each named graph — one per source — with its triple count and
provenance (title, loader and version, input, checksum, load time).

>>> from datetime import UTC, datetime
>>> from graph.store import SourceInfo
>>> src = SourceInfo(name="seed", graph="https://w3id.org/oversight/id/source/seed",
...                  title="Seed", loader="arrangements", loader_version="1",
...                  loaded_at=datetime(2025, 1, 1, tzinfo=UTC), triples=42)
>>> triples = describe_service(ServiceFacts(endpoint="http://h/sparql", query_timeout=30,
...                            max_rows=10_000, sources=[src]))
>>> from pyoxigraph import RdfFormat, serialize
>>> body = serialize(triples, format=RdfFormat.N_TRIPLES).decode()
>>> sd = "http://www.w3.org/ns/sparql-service-description#"
>>> f'<http://h/sparql> <{sd}endpoint> <http://h/sparql>' in body
True
>>> '"42"^^<http://www.w3.org/2001/XMLSchema#integer>' in body
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from graph.store import METADATA_GRAPH, SourceInfo
from ontology.namespaces import OV
from service.sparql_formats import GRAPH_FORMATS, RESULT_FORMATS

__all__ = ["SERVICE_PREFIXES", "ServiceFacts", "describe_service"]

_SD = "http://www.w3.org/ns/sparql-service-description#"
_VOID = "http://rdfs.org/ns/void#"
_RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DCT = "http://purl.org/dc/terms/"
_PROV = "http://www.w3.org/ns/prov#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_ENTAILMENT_SIMPLE = "http://www.w3.org/ns/entailment/Simple"


def _sd(name: str) -> NamedNode:
    return NamedNode(_SD + name)


def _void(name: str) -> NamedNode:
    return NamedNode(_VOID + name)


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(_XSD + "integer"))


@dataclass(frozen=True, slots=True)
class ServiceFacts:
    """What the description states: endpoint, limits, capabilities and sources."""

    endpoint: str
    query_timeout: float
    max_rows: int
    sources: Sequence[SourceInfo] = field(default_factory=list)
    writes_enabled: bool = False
    federation_allowed: bool = False
    stops_overruns: bool = True
    title: str = "Oversight Graph SPARQL endpoint"


def _source_graph(source: SourceInfo, out: list[Triple]) -> BlankNode:
    graph = BlankNode()
    out += [
        Triple(graph, _RDF_TYPE, _sd("Graph")),
        Triple(graph, _RDF_TYPE, _void("Dataset")),
        Triple(graph, NamedNode(_DCT + "title"), Literal(source.title)),
        Triple(graph, _void("triples"), _int(source.triples)),
        Triple(graph, NamedNode(str(OV.loader)), Literal(source.loader)),
        Triple(graph, NamedNode(str(OV.loaderVersion)), Literal(source.loader_version)),
        Triple(
            graph,
            NamedNode(_PROV + "generatedAtTime"),
            Literal(source.loaded_at.isoformat(), datatype=NamedNode(_XSD + "dateTime")),
        ),
    ]
    if source.input:
        out.append(Triple(graph, NamedNode(_DCT + "source"), Literal(source.input)))
    if source.sha256:
        out.append(Triple(graph, NamedNode(str(OV.sha256)), Literal(source.sha256)))
    return graph


def describe_service(facts: ServiceFacts) -> list[Triple]:
    """The service description of *facts* as triples."""
    service = NamedNode(facts.endpoint)
    dataset = NamedNode(facts.endpoint + "#dataset")
    default_graph = NamedNode(facts.endpoint + "#default-graph")
    out: list[Triple] = [
        Triple(service, _RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), service),
        Triple(service, NamedNode(_DCT + "title"), Literal(facts.title)),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, _sd("defaultEntailmentRegime"), NamedNode(_ENTAILMENT_SIMPLE)),
        Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        Triple(service, _sd("feature"), _sd("EmptyGraphs")),
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(
            service,
            NamedNode(str(OV.queryTimeLimit)),
            Literal(f"{facts.query_timeout:g}", datatype=NamedNode(_XSD + "decimal")),
        ),
        Triple(service, NamedNode(str(OV.resultRowLimit)), _int(facts.max_rows)),
        Triple(
            service,
            NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
            Literal(
                f"Queries are stopped after {facts.query_timeout:g} s"
                + (
                    ""
                    if facts.stops_overruns
                    else " (answered on time; the engine may finish in the background)"
                )
                + f"; answers longer than {facts.max_rows} rows are cut to that many and "
                "flagged with the X-SPARQL-MaxRows and Oversight-Truncated headers. "
                + (
                    "SPARQL Update needs a write token. "
                    if facts.writes_enabled
                    else "SPARQL Update is disabled. "
                )
                + (
                    "SERVICE and LOAD may reach allow-listed hosts only."
                    if facts.federation_allowed
                    else "SERVICE and LOAD are refused."
                ),
                language="en",
            ),
        ),
    ]
    if facts.writes_enabled:
        out.append(Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    if facts.federation_allowed:
        out.append(Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    for fmt in RESULT_FORMATS + GRAPH_FORMATS:
        out.append(Triple(service, _sd("resultFormat"), NamedNode(fmt.w3c_iri)))

    total = sum(s.triples for s in facts.sources)
    out += [
        Triple(dataset, _RDF_TYPE, _sd("Dataset")),
        Triple(dataset, _RDF_TYPE, _void("Dataset")),
        Triple(dataset, _void("sparqlEndpoint"), service),
        Triple(dataset, _void("triples"), _int(total)),
        Triple(dataset, _sd("defaultGraph"), default_graph),
        Triple(default_graph, _RDF_TYPE, _sd("Graph")),
        Triple(default_graph, _void("triples"), _int(total)),
        Triple(
            default_graph,
            NamedNode(_DCT + "description"),
            Literal("The union of every named graph (one per source).", language="en"),
        ),
    ]
    for source in facts.sources:
        named = BlankNode()
        out += [
            Triple(dataset, _sd("namedGraph"), named),
            Triple(named, _RDF_TYPE, _sd("NamedGraph")),
            Triple(named, _sd("name"), NamedNode(source.graph)),
            Triple(named, _sd("graph"), _source_graph(source, out)),
        ]
    metadata = BlankNode()
    description = BlankNode()
    out += [
        Triple(dataset, _sd("namedGraph"), metadata),
        Triple(metadata, _RDF_TYPE, _sd("NamedGraph")),
        Triple(metadata, _sd("name"), NamedNode(METADATA_GRAPH)),
        Triple(metadata, _sd("graph"), description),
        Triple(description, _RDF_TYPE, _sd("Graph")),
        Triple(
            description,
            NamedNode(_DCT + "description"),
            Literal("Provenance (PROV-O) of every source graph.", language="en"),
        ),
    ]
    return out


SERVICE_PREFIXES: dict[str, str] = {
    "sd": _SD,
    "void": _VOID,
    "dcterms": _DCT,
    "prov": _PROV,
    "xsd": _XSD,
    "ov": str(OV._NS),
    "formats": "http://www.w3.org/ns/formats/",
}
"""Prefixes that make the Turtle service description readable."""
