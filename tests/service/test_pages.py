"""The query editor page, the saved-query API and the vendor route, in the real app."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ontology.namespaces import PREFIXES
from service.app import create_app
from service.routers.vendor import CACHE_CONTROL, allowed_packages
from service.saved_queries import load_saved_queries
from service.settings import Settings

LIBRARY = load_saved_queries()
YASGUI_JS = "/vendor/@zazuko/yasgui/build/yasgui.min.js"


def _client(tmp_path: Path, **values: Any) -> TestClient:
    settings = Settings(
        **{
            "store_backend": "memory",
            "load_seed": False,
            "query_workers": 1,
            "data_dir": tmp_path / "store",
            **values,
        }
    )
    return TestClient(create_app(settings))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on an in-memory store holding the ontology and the seed graph."""
    with _client(tmp_path_factory.mktemp("pages"), load_seed=True) as started:
        yield started


def _config(page: str) -> dict[str, Any]:
    found = re.search(r'<script id="editor-config" type="application/json">(.*?)</script>', page)
    assert found, "the page carries its settings as JSON"
    config: dict[str, Any] = json.loads(found.group(1))
    return config


# --- the page ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/query"])
def test_the_page_lists_every_saved_query(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    for query in LIBRARY.values():
        assert f'href="/query?saved={query.name}"' in page
        assert html.escape(query.description) in page
    assert page.count('class="saved-query"') == len(LIBRARY)
    config = _config(page)
    assert config["endpoint"] == "/sparql"
    assert config["prefixes"] == PREFIXES
    assert config["saved"] is None


def test_the_page_loads_nothing_from_another_host(client: TestClient) -> None:
    page = client.get("/query").text
    urls = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert urls, "the page links its scripts and styles"
    assert all(u.startswith(("/", "#")) for u in urls), urls
    assert f'src="{YASGUI_JS}?v=4.6.2"' in page
    assert 'href="/vendor/@zazuko/yasgui/build/yasgui.min.css?v=4.6.2"' in page
    for own in ("/static/query.js", "/static/query.css"):
        assert own in page
        assert client.get(own).status_code == 200


def test_controls_are_labelled(client: TestClient) -> None:
    page = client.get("/query").text
    for id_ in re.findall(r'<input id="([^"]+)"', page):
        assert f'<label for="{id_}">' in page
    for name, query in LIBRARY.items():
        assert f'aria-describedby="saved-{name}-about"' in page
        assert f'id="saved-{name}-about"' in page, query.title
    assert 'lang="en"' in page
    assert 'role="status"' in page


def test_a_saved_query_can_be_opened_by_url(client: TestClient) -> None:
    r = client.get("/query", params={"saved": "stale-evidence"})
    assert r.status_code == 200
    assert _config(r.text)["saved"] == "stale-evidence"
    assert "<title>Arrangements whose newest evidence" in r.text


def test_an_unknown_saved_query_is_a_404_page(client: TestClient) -> None:
    r = client.get("/query", params={"saved": "<script>nope"})
    assert r.status_code == 404
    assert 'role="alert"' in r.text
    assert "&lt;script&gt;nope" in r.text
    assert "<script>nope" not in r.text
    assert _config(r.text)["saved"] is None


def test_the_token_field_appears_only_when_tokens_are_configured(
    client: TestClient, tmp_path: Path
) -> None:
    assert '<form class="token-form" hidden' in client.get("/query").text
    secret = "a-write-token-4f9c1e"
    with _client(tmp_path, tokens={secret: "write"}) as private:
        page = private.get("/query").text
    assert '<form class="token-form" hidden' not in page
    assert '<label for="access-token">Access token</label>' in page
    assert _config(page)["tokenRequired"] is True
    assert secret not in page  # never sent back to anyone


# --- the saved-query API ------------------------------------------------------------------


def test_the_library_as_json(client: TestClient) -> None:
    body = client.get("/api/queries").json()
    assert [q["name"] for q in body["queries"]] == list(LIBRARY)
    first = body["queries"][0]
    assert set(first) == {
        "name", "title", "description", "parameters", "url", "text_url", "editor_url"
    }  # fmt: skip
    by_name = {q["name"]: q for q in body["queries"]}
    council = by_name["council-arrangements-by-frequency"]["parameters"]
    assert council == [
        {
            "name": "council",
            "type": "iri",
            "description": "the council (its key, e.g. la/380, or IRI)",
            "default": "<https://w3id.org/oversight/id/la/380>",
        }
    ]
    assert by_name["mutual-oversight"]["editor_url"] == "/query?saved=mutual-oversight"


def test_one_saved_query_with_and_without_parameters(client: TestClient) -> None:
    plain = client.get("/api/queries/council-arrangements-by-frequency").json()
    assert plain["query"] == LIBRARY["council-arrangements-by-frequency"].text
    bound = client.get(
        "/api/queries/council-arrangements-by-frequency", params={"council": "la/856"}
    ).json()
    assert "VALUES ?council { <https://w3id.org/oversight/id/la/856> }" in bound["query"]
    assert "la/380>" not in bound["query"]


def test_the_text_of_a_saved_query(client: TestClient) -> None:
    r = client.get("/api/queries/mutual-oversight.rq")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-query")
    assert r.text == LIBRARY["mutual-oversight"].text


def test_api_errors(client: TestClient) -> None:
    r = client.get("/api/queries/no-such-query")
    assert r.status_code == 404
    assert r.json()["detail"] == "no saved query is called 'no-such-query'"
    r = client.get("/api/queries/stale-evidence", params={"asOf": "yesterday"})
    assert r.status_code == 400
    assert "is not a date" in r.json()["detail"]
    r = client.get("/api/queries/stale-evidence", params={"colour": "red"})
    assert r.status_code == 400
    assert r.json()["detail"].startswith("saved query 'stale-evidence' has no parameter 'colour'")


def test_prefixes(client: TestClient) -> None:
    assert client.get("/api/prefixes").json() == PREFIXES


def test_a_saved_query_runs_at_the_endpoint(client: TestClient) -> None:
    text = client.get("/api/queries/councils-without-termly-rsc-meeting.rq").text
    r = client.post(
        "/sparql",
        content=text,
        headers={
            "content-type": "application/sparql-query",
            "accept": "application/sparql-results+json",
        },
    )
    assert r.status_code == 200
    names = {b["name"]["value"] for b in r.json()["results"]["bindings"]}
    assert names == {"Coventry", "Leicester", "Unnamed council (document 002)"}


# --- the vendor route ---------------------------------------------------------------------


def test_vendor_files_are_served_with_long_cache_headers(client: TestClient) -> None:
    r = client.get(YASGUI_JS, params={"v": "4.6.2"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(("text/javascript", "application/javascript"))
    assert r.headers["cache-control"] == CACHE_CONTROL
    assert len(r.content) > 100_000
    css = client.get("/vendor/@zazuko/yasgui/build/yasgui.min.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")


@pytest.mark.parametrize(
    "path",
    [
        "/vendor/jquery/dist/jquery.js",  # installed (a dependency of YASGUI) but not listed
        "/vendor/@zazuko/yasqe/build/yasqe.min.js",  # the same
        "/vendor/@zazuko/yasgui/build/no-such-file.js",
        "/vendor/@zazuko/yasgui",
        "/vendor/@zazuko",
        "/vendor/cytoscape/.bin/anything",
        "/vendor/@zazuko/yasgui/node_modules/x/index.js",
        "/vendor/@zazuko/yasgui/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
        "/vendor/@zazuko/yasgui/..%2f..%2f..%2fpyproject.toml",
        "/vendor/cytoscape/..%5c..%5cpackage.json",
        "/vendor/%2e%2e/package.json",
    ],
)
def test_vendor_refuses_unlisted_packages_and_traversal(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert "[project]" not in r.text and "dependencies" not in r.text  # no file content


def test_vendor_refuses_a_symlink_out_of_its_package(tmp_path: Path) -> None:
    vendor = tmp_path / "node_modules"
    package = vendor / "tiny-lib"
    package.mkdir(parents=True)
    (package / "tiny.js").write_text("export const tiny = 1;\n", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the browser", encoding="utf-8")
    (package / "leak.txt").symlink_to(secret)
    (vendor / "unlisted").mkdir()
    (vendor / "unlisted" / "x.js").write_text("1;\n", encoding="utf-8")
    (tmp_path / "package.json").write_text(
        json.dumps({"dependencies": {"tiny-lib": "1.0.0"}}), encoding="utf-8"
    )
    assert allowed_packages(vendor) == frozenset({"tiny-lib"})
    with _client(tmp_path, vendor_dir=vendor) as app:
        assert app.get("/vendor/tiny-lib/tiny.js").text == "export const tiny = 1;\n"
        assert app.get("/vendor/tiny-lib/leak.txt").status_code == 404
        assert app.get("/vendor/unlisted/x.js").status_code == 404


def test_vendor_serves_nothing_without_a_package_json(tmp_path: Path) -> None:
    vendor = tmp_path / "node_modules"
    (vendor / "tiny-lib").mkdir(parents=True)
    (vendor / "tiny-lib" / "tiny.js").write_text("1;\n", encoding="utf-8")
    with _client(tmp_path, vendor_dir=vendor) as app:
        assert app.get("/vendor/tiny-lib/tiny.js").status_code == 404
