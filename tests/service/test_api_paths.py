"""``/api/chain/{id}`` and ``/api/paths``, on the real app over the seed graph."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings

MATS = "la/380/multi-academy-trusts"
RSC = "rsc/lancashire-and-west-yorkshire"
EISB = "la/380/education-improvement-strategy-board"


@pytest.fixture(scope="module")
def api() -> Iterator[TestClient]:
    settings = Settings(store_backend="memory", load_seed=True, query_workers=1)
    with TestClient(create_app(settings)) as client:
        yield client


def ids(chain: dict) -> list[str]:
    return [b["id"] for b in chain["bodies"]]


def test_chain_to_the_top(api: TestClient) -> None:
    answer = api.get(f"/api/chain/{MATS}", params={"dominators": "true"}).json()
    assert answer["body"]["id"] == MATS and answer["reaches_top"] is True
    first = answer["chains"][0]
    assert ids(first) == [MATS, EISB, "la/380"]
    assert first["direction"] == "up" and first["length"] == 2
    assert first["weakest_per_year"] == 6.0
    step = first["steps"][0]
    assert (step["overseer"], step["overseen"], step["kind"], step["frequency"]) == (
        EISB,
        MATS,
        "scrutinises",
        "halfTermly",
    )
    structural = first["steps"][1]
    assert structural["structural"] is True and structural["guaranteed_per_year"] is None
    assert {t["id"] for t in answer["tops"]} >= {"la/380", "national/dfe"}
    assert answer["weakest_link"]["per_year"] == 6.0
    assert answer["dominators"] == []
    assert answer["filters"] == {"as_of": None, "kinds": None, "min_per_year": None, "cutoff": 6}


def test_chain_filters(api: TestClient) -> None:
    only = api.get(f"/api/chain/{MATS}", params={"kinds": ["scrutinises"]}).json()
    assert all(
        s["kind"] in ("scrutinises", "subOrganizationOf", "postIn", "holds", "memberOfOrganisation")
        for c in only["chains"]
        for s in c["steps"]
    )
    termly = api.get(f"/api/chain/{MATS}", params={"min_frequency": "termly"}).json()
    assert all(
        c["weakest_per_year"] is None or c["weakest_per_year"] >= 3 for c in termly["chains"]
    )
    assert termly["filters"]["min_per_year"] == 3.0
    both = api.get(f"/api/chain/{MATS}", params={"min_frequency": "termly", "min_per_year": 1})
    assert both.status_code == 422


def test_chain_of_a_body_nobody_oversees(api: TestClient) -> None:
    answer = api.get("/api/chain/la/856/leicester-secular-society").json()
    assert answer["chains"] == [] and answer["reaches_top"] is False
    assert answer["weakest_link"] is None
    assert "Nobody is recorded as overseeing" in answer["message"]


def test_chain_errors(api: TestClient) -> None:
    assert api.get("/api/chain/la/380/nope").status_code == 404
    assert api.get("/api/chain/la/380/nope").json()["error"] == "node not found"
    assert api.get("/api/chain/no%20spaces").status_code == 422
    assert api.get(f"/api/chain/{MATS}", params={"cutoff": 0}).status_code == 422
    assert api.get(f"/api/chain/{MATS}", params={"kinds": "likes"}).status_code == 422


def test_paths_between_two_bodies(api: TestClient) -> None:
    answer = api.get("/api/paths", params={"from": MATS, "to": "national/dfe"}).json()
    assert answer["from"]["id"] == MATS and answer["to"]["id"] == "national/dfe"
    assert answer["direction"] == "up"
    assert ids(answer["shortest"]) == [MATS, RSC, "national/dfe"]
    lengths = [c["length"] for c in answer["chains"]]
    assert lengths == sorted(lengths) and len(lengths) > 1
    weakest = answer["weakest_link"]
    assert weakest["per_year"] == 6.0 and weakest["step"]["frequency"] == "halfTermly"
    assert ids(weakest["chain"])[0] == MATS and ids(weakest["chain"])[-1] == "national/dfe"


def test_paths_auto_direction_and_no_path(api: TestClient) -> None:
    down = api.get("/api/paths", params={"from": "national/dfe", "to": MATS}).json()
    assert down["direction"] == "down" and ids(down["shortest"])[0] == "national/dfe"
    none = api.get("/api/paths", params={"from": MATS, "to": "la/856", "cutoff": 2}).json()
    assert none["chains"] == [] and none["shortest"] is None and none["weakest_link"] is None
    assert "No chain of at most 2 steps" in none["message"]


def test_paths_errors(api: TestClient) -> None:
    assert api.get("/api/paths", params={"from": MATS}).status_code == 422
    missing = api.get("/api/paths", params={"from": MATS, "to": "group/0"})
    assert missing.status_code == 404 and "'group/0'" in missing.json()["detail"]
    bad = api.get("/api/paths", params={"from": MATS, "to": "national/dfe", "direction": "left"})
    assert bad.status_code == 422
    future = api.get(
        "/api/paths", params={"from": MATS, "to": "national/dfe", "as_of": "not-a-date"}
    )
    assert future.status_code == 422


def test_openapi_documents_the_routes_with_examples(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    for path in (
        "/api/bodies",
        "/api/bodies/{id}",
        "/api/chain/{id}",
        "/api/paths",
        "/api/gaps",
        "/api/gaps/rules",
        "/api/councils/{code}/profile",
        "/api/councils/{code}/compare",
    ):
        assert path in spec["paths"], path
    schemas = spec["components"]["schemas"]
    assert schemas["ChainResponse"]["examples"]
    params = {p["name"]: p for p in spec["paths"]["/api/paths"]["get"]["parameters"]}
    assert params["from"]["examples"] and params["to"]["required"] is True
