"""SERVICE and LOAD never reach a host that is not allow-listed, however they are written."""

from __future__ import annotations

import pyoxigraph
import pytest

from service.exceptions import RemoteAccessRefused
from service.sparql_guard import check_remote_access, remote_targets

BASE = "http://testserver/sparql"
# a closed local port: the engine's attempt fails at once and nothing leaves the machine
TRAP = "http://127.0.0.1:1/"

ENGINE_EXECUTES = [
    "SELECT * { SERVICE <{t}sparql> { ?s ?p ?o } }",
    "select * { service <{t}sparql> { ?s ?p ?o } }",
    "SELECT * { SeRvIcE <{t}sparql> { ?s ?p ?o } }",
    "SELECT * { SERVICE#hidden\n<{t}sparql> { ?s ?p ?o } }",
    "SELECT * { SERVICE<{t}sparql>{ ?s ?p ?o } }",
    "PREFIX e: <{t}> SELECT * { SERVICE e:sparql { ?s ?p ?o } }",
    "PREFIX e: <{t}> SELECT * { SERVICEe:sparql { ?s ?p ?o } }",
    "PREFIX : <{t}> SELECT * { SERVICE:sparql { ?s ?p ?o } }",
]


@pytest.mark.parametrize("template", ENGINE_EXECUTES)
def test_the_engine_would_call_out_and_the_guard_refuses(template: str) -> None:
    query = template.replace("{t}", TRAP)
    with pytest.raises(OSError):  # proof that pyoxigraph really tries to reach the host
        list(pyoxigraph.Store().query(query))
    with pytest.raises(RemoteAccessRefused):
        check_remote_access(query, allowlist=[], base_iri=BASE)
    with pytest.raises(RemoteAccessRefused):
        check_remote_access(query, allowlist=["ok.example"], base_iri=BASE)


def test_load_would_call_out_and_the_guard_refuses() -> None:
    for update in (f"LOAD <{TRAP}x.ttl>", f"load<{TRAP}x.ttl>", f"PREFIX e: <{TRAP}> LOADe:x"):
        with pytest.raises(OSError):
            pyoxigraph.Store().update(update)
        with pytest.raises(RemoteAccessRefused, match="LOAD"):
            check_remote_access(update, allowlist=[], base_iri=BASE)


BYPASS_ATTEMPTS = [
    "SELECT * { SERVICE SILENT <http://evil.example/> { ?s ?p ?o } }",
    "SELECT * { SERVICESILENT<http://evil.example/> { ?s ?p ?o } }",
    "SELECT * { ?s ?p trueSERVICE<http://evil.example/> { } }",
    "SELECT * { ?s ?p 1SERVICE<http://evil.example/> { } }",
    "SELECT * { ?s ?p 'x'SERVICE<http://evil.example/> { } }",
    r"SELECT * { SERV\u0049CE <http://evil.example/> { ?s ?p ?o } }",
    "SELECT * { VALUES ?e { <http://evil.example/> } SERVICE ?e { ?s ?p ?o } }",
    "SELECT * { SERVICE undeclared:x { ?s ?p ?o } }",
    "SELECT * { SERVICE <http://ok.example@evil.example/> { } }",
    "SELECT * { SERVICE <//evil.example/sparql> { } }",
    "BASE <http://evil.example/> SELECT * { SERVICE <sparql> { } }",
    "PREFIX e: <http://ok.example/> PREFIX e: <http://evil.example/> SELECT * { SERVICE e:x { } }",
    r"SELECT * { SERVICE <http://evil.ex\u0061mple/> { } }",
    "SELECT * { SERVICE <file:///etc/passwd> { } }",
    "SELECT * { SERVICE <http://ok.example.evil.example/> { } }",
    "LOAD SILENT <http://evil.example/data.ttl> INTO GRAPH <http://g>",
    "PREFIX loadx: <http://ok.example/> SELECT * { ?s loadx:p ?o }",
]


@pytest.mark.parametrize("text", BYPASS_ATTEMPTS)
def test_bypass_attempts_are_refused_even_with_an_allow_list(text: str) -> None:
    with pytest.raises(RemoteAccessRefused):
        check_remote_access(text, allowlist=["ok.example"], base_iri=BASE)


HARMLESS = [
    "SELECT ?service WHERE { ?service ?p 'SERVICE <http://evil.example/>' }",
    "SELECT * { ?s ?p ?o } # SERVICE <http://evil.example/> { }",
    'SELECT * { ?s ?p """two\nlines SERVICE <http://evil.example/> LOAD""" }',
    "SELECT * { ?s <http://example.org/service/load> ?o }",
    "PREFIX ov: <https://w3id.org/oversight/def#> SELECT * { ?s ov:loader ?l ; ov:loaderVersion 1}",
    "SELECT * { ?s ?p 'load'@en . ?s ?p $loadCount }",
    "SELECT * { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
]


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_mentions_pass(text: str) -> None:
    check_remote_access(text, allowlist=[], base_iri=BASE)
    assert remote_targets(text, base_iri=BASE) == []


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://ok.example/sparql> { ?s ?p ?o } }",
        "SELECT * { SERVICE SILENT <https://OK.example:8443/sparql> { ?s ?p ?o } }",
        "PREFIX e: <http://ok.example/> SELECT * { SERVICE e:sparql { ?s ?p ?o } }",
        "LOAD <http://ok.example/data.ttl> INTO GRAPH <http://g>",
    ],
)
def test_allow_listed_hosts_pass(text: str) -> None:
    check_remote_access(text, allowlist=["ok.example"], base_iri=BASE)


def test_relative_targets_resolve_against_the_endpoint() -> None:
    (target,) = remote_targets("SELECT * { SERVICE <other> { } }", base_iri=BASE)
    assert target.iri == "http://testserver/other"


def test_service_is_refused_over_http(client) -> None:
    query = "SELECT * { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 403
    assert "never calls other hosts" in r.text


def test_load_is_refused_even_for_writers(make_client) -> None:
    client = make_client(tokens={"w": "write"})
    r = client.post(
        "/update",
        content="LOAD <http://evil.example/x.ttl>",
        headers={"content-type": "application/sparql-update", "authorization": "Bearer w"},
    )
    assert r.status_code == 403
    assert "LOAD" in r.text


def test_allow_listed_service_reaches_the_engine(make_client) -> None:
    client = make_client(service_allowlist=["127.0.0.1"])
    query = f"SELECT * {{ SERVICE SILENT <{TRAP}sparql> {{ ?s ?p ?o }} }}"
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 200
    refused = client.get("/sparql", params={"query": query.replace("127.0.0.1", "localhost")})
    assert refused.status_code == 403
    assert "not on the allow-list" in refused.text
