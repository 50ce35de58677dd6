"""``/api/councils/{code}/profile`` and ``/compare``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from graph.store import SourceSpec
from loaders.mapper import to_quads
from loaders.records import Body, NeighbourLink
from service.app import create_app
from service.settings import Settings


@pytest.fixture(scope="module")
def api() -> Iterator[TestClient]:
    settings = Settings(store_backend="memory", load_seed=True, query_workers=1)
    with TestClient(create_app(settings)) as client:
        yield client


def test_profile_of_bradford(api: TestClient) -> None:
    profile = api.get("/api/councils/380/profile", params={"as_of": "2017-06-27"}).json()
    assert profile["council"]["id"] == "la/380" and profile["la_code"] == "380"
    assert profile["documented"] is True
    assert {"rsc-meetings", "trust-meetings", "teaching-schools"} <= set(profile["present"])
    assert set(profile["present"]).isdisjoint(profile["missing"])
    by_name = {a["name"]: a for a in profile["arrangements"]}
    trusts = by_name["trust-meetings"]
    # the EISB questions the trusts half-termly; the Deputy Director meets their CEOs termly
    assert trusts["present"] and trusts["frequency"] == "halfTermly" and trusts["per_year"] == 6.0
    assert len(trusts["relationships"]) >= 2
    assert "la/380/multi-academy-trusts" in [b["id"] for b in trusts["bodies"]]
    same = api.get("/api/councils/la/380/profile", params={"as_of": "2017-06-27"}).json()
    assert same == profile


def test_compare_falls_back_and_says_so(api: TestClient) -> None:
    answer = api.get("/api/councils/380/compare").json()
    assert answer["council"]["council"]["id"] == "la/380"
    assert answer["basis"] in ("region", "none")
    assert "No statistical neighbours" in answer["note"]
    assert set(answer["table"]) == set(answer["arrangements"])
    assert all("la/380" in row for row in answer["table"].values())


def test_compare_with_statistical_neighbours(api: TestClient) -> None:
    app: FastAPI = api.app  # type: ignore[assignment]
    store = app.state.oversight.store
    spec = SourceSpec(name="test-neighbours", title="Neighbours for a test")
    records = [
        Body(key="la/381", kind="LocalAuthority", name="Calderdale", identifiers={"laCode": "381"}),
        NeighbourLink(council="la/380", neighbour="la/856", rank=2),
        NeighbourLink(council="la/380", neighbour="la/381", rank=1),
    ]
    store.load_source(spec, list(to_quads(records, graph=spec.graph)), validate=False)
    try:
        answer = api.get("/api/councils/380/compare", params={"as_of": str(date(2017, 6, 27))})
        data = answer.json()
        assert data["basis"] == "statistical-neighbours"
        assert [n["council"]["id"] for n in data["neighbours"]] == ["la/381", "la/856"]
        assert data["table"]["trust-meetings"] == {"la/380": True, "la/381": False, "la/856": False}
    finally:
        store.remove_source("test-neighbours")


def test_council_errors(api: TestClient) -> None:
    assert api.get("/api/councils/999/profile").status_code == 404
    not_council = api.get("/api/councils/la/380/schools/profile")
    assert not_council.status_code == 422 and "not a council" in not_council.text
    assert api.get("/api/councils/12345/compare").status_code == 422
    assert api.get("/api/councils/380/compare", params={"limit": 0}).status_code == 422
