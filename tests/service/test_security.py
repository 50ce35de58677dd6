"""Safe by default: updates refused without tokens, roles, private servers, CORS, secrets."""

from __future__ import annotations

import logging

import pytest

from service.security import TokenPolicy
from service.settings import Settings

WRITE = "w-token-5e1f0a9c"
READ = "r-token-77b2c4d1"
INSERT = "INSERT DATA { GRAPH <http://e.org/g> { <http://example.org/new> <http://e.org/p> 1 } }"
ASK_NEW = "ASK { <http://example.org/new> ?p ?o }"
UPDATE_BODY = {"content-type": "application/sparql-update"}


def _bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def test_updates_are_refused_when_no_token_is_configured(client) -> None:
    for path in ("/sparql", "/update"):
        r = client.post(path, content=INSERT, headers=UPDATE_BODY)
        assert r.status_code == 403
        assert "SPARQL Update is disabled" in r.text
    r = client.post("/sparql", data={"update": INSERT})
    assert r.status_code == 403
    assert client.get("/sparql", params={"query": ASK_NEW}).json()["boolean"] is False


def test_write_token_enables_updates(make_client) -> None:
    client = make_client(tokens={WRITE: "write"})
    r = client.post("/update", content=INSERT, headers={**UPDATE_BODY, **_bearer(WRITE)})
    assert r.status_code == 204
    assert client.get("/sparql", params={"query": ASK_NEW}).json()["boolean"] is True


def test_update_without_or_with_wrong_token_is_401(make_client) -> None:
    client = make_client(tokens={WRITE: "write"})
    for headers in ({}, _bearer("guess"), {"authorization": f"Basic {WRITE}"}):
        r = client.post("/sparql", content=INSERT, headers={**UPDATE_BODY, **headers})
        assert r.status_code == 401
        assert r.headers["www-authenticate"].startswith("Bearer")
    assert client.get("/sparql", params={"query": ASK_NEW}).json()["boolean"] is False


def test_read_token_cannot_update(make_client) -> None:
    client = make_client(tokens={WRITE: "write", READ: "read"})
    r = client.post("/sparql", content=INSERT, headers={**UPDATE_BODY, **_bearer(READ)})
    assert r.status_code == 403
    assert "write token" in r.text


def test_queries_stay_open_with_only_write_tokens(make_client) -> None:
    client = make_client(tokens={WRITE: "write"})
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_any_read_token_makes_the_server_private(make_client) -> None:
    client = make_client(tokens={READ: "read", WRITE: "write"})
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 401
    assert client.get("/sparql").status_code == 401
    assert client.get("/graph-store", params={"default": ""}).status_code == 401
    for token in (READ, WRITE):
        r = client.get("/sparql", params={"query": "ASK {}"}, headers=_bearer(token))
        assert r.status_code == 200


def test_tokens_never_appear_in_responses_repr_or_logs(make_client, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(tokens={WRITE: "write", READ: "read"})
    wrong = WRITE[:-1] + "x"
    responses = [
        client.post("/sparql", content=INSERT, headers={**UPDATE_BODY, **_bearer(READ)}),
        client.post("/sparql", content=INSERT, headers={**UPDATE_BODY, **_bearer(wrong)}),
        client.get("/sparql", params={"query": "ASK {"}, headers=_bearer(READ)),
        client.get("/sparql", headers=_bearer(READ)),
        client.get("/health", headers=_bearer(READ)),
    ]
    for response in responses:
        for secret in (WRITE, READ, wrong):
            assert secret not in response.text
    settings = client.app.state.oversight.settings
    for secret in (WRITE, READ):
        assert secret not in repr(settings)
        assert secret not in str(settings)
        assert secret not in repr(client.app.state.oversight.policy)
        assert secret not in caplog.text


def test_tokens_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("OVERSIGHT_TOKENS", f'{{"{WRITE}": "write"}}')
    settings = Settings(store_backend="memory")
    assert settings.tokens == {WRITE: "write"}
    monkeypatch.setenv("OVERSIGHT_TOKENS", f'{{"{WRITE}": "admin"}}')
    with pytest.raises(ValueError, match="read"):
        Settings(store_backend="memory")


def test_policy_compares_tokens_exactly() -> None:
    policy = TokenPolicy({WRITE: "write"})
    assert policy.role_of(f"Bearer {WRITE}") == "write"
    for near_miss in (WRITE[:-1], WRITE + "0", WRITE.upper(), "", " "):
        assert policy.role_of(f"Bearer {near_miss}") is None


def test_cors_is_off_by_default(client) -> None:
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "https://example.com"})
    assert "access-control-allow-origin" not in r.headers
    preflight = client.options(
        "/sparql",
        headers={"origin": "https://example.com", "access-control-request-method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allows_configured_origins_only(make_client) -> None:
    client = make_client(cors_origins=["https://yasgui.example"])
    ok = client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"origin": "https://yasgui.example"}
    )
    assert ok.headers["access-control-allow-origin"] == "https://yasgui.example"
    api = client.get("/health", headers={"origin": "https://yasgui.example"})
    assert api.headers["access-control-allow-origin"] == "https://yasgui.example"
    other = client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in other.headers
    preflight = client.options(
        "/sparql",
        headers={
            "origin": "https://yasgui.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 200


def test_cors_origins_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("OVERSIGHT_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("OVERSIGHT_SERVICE_ALLOWLIST", '["Data.Example.org"]')
    settings = Settings(store_backend="memory")
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert settings.service_allowlist == ["data.example.org"]
