"""``/api/bodies``: search and details, on the real app over the seed graph."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings

EISB = "la/380/education-improvement-strategy-board"


@pytest.fixture(scope="module")
def api() -> Iterator[TestClient]:
    settings = Settings(store_backend="memory", load_seed=True, query_workers=1)
    with TestClient(create_app(settings)) as client:
        yield client


def test_the_projection_is_built_when_the_service_starts() -> None:
    settings = Settings(store_backend="memory", load_seed=True, query_workers=1)
    with TestClient(create_app(settings)) as client:
        projections = client.app.state.oversight.projections  # type: ignore[attr-defined]
        projections.wait(timeout=60)
        assert projections.builds == 1  # before any request asked for it
        assert client.get(f"/api/bodies/{EISB}").status_code == 200
        assert projections.builds == 1


def test_search_by_name_and_alternative_name(api: TestClient) -> None:
    page = api.get("/api/bodies", params={"q": "TSAs"}).json()
    assert [b["id"] for b in page["items"]] == ["la/380/teaching-school-alliances"]
    assert page["items"][0] == {
        "id": "la/380/teaching-school-alliances",
        "iri": "https://w3id.org/oversight/id/la/380/teaching-school-alliances",
        "label": "Teaching school alliances in Bradford",
        "kind": "TeachingSchoolAlliance",
        "category": "body",
        "council": "la/380",
    }
    eisb = api.get("/api/bodies", params={"q": "eisb"}).json()
    assert [b["id"] for b in eisb["items"]] == [EISB]


def test_search_by_kind_council_and_category(api: TestClient) -> None:
    scrutiny = api.get("/api/bodies", params={"kind": "CouncilCommittee", "council": "856"}).json()
    ids = [b["id"] for b in scrutiny["items"]]
    assert "la/856/children-young-people-and-schools-scrutiny-commission" in ids
    assert all(b["council"] == "la/856" for b in scrutiny["items"])
    assert all(b["kind"] != "ImprovementBoard" for b in scrutiny["items"])
    people = api.get("/api/bodies", params={"category": "person", "q": "moore"}).json()
    assert [p["id"] for p in people["items"]] == ["la/856/person/councillor-moore"]


def test_search_is_paginated(api: TestClient) -> None:
    first = api.get("/api/bodies", params={"council": "la/856", "limit": 3}).json()
    second = api.get("/api/bodies", params={"council": "la/856", "limit": 3, "offset": 3}).json()
    assert first["total"] == second["total"] > 6
    assert len(first["items"]) == len(second["items"]) == 3
    assert not {b["id"] for b in first["items"]} & {b["id"] for b in second["items"]}


def test_search_errors(api: TestClient) -> None:
    bad_kind = api.get("/api/bodies", params={"kind": "Castle"})
    assert bad_kind.status_code == 422
    assert "unknown kind of body 'Castle'" in bad_kind.json()["detail"][0]["msg"]
    assert api.get("/api/bodies", params={"council": "999"}).status_code == 404
    not_council = api.get("/api/bodies", params={"council": EISB})
    assert not_council.status_code == 422 and "not a council" in not_council.text
    assert api.get("/api/bodies", params={"limit": 0}).status_code == 422


def test_body_details_with_overseers_frequencies_and_evidence(api: TestClient) -> None:
    body = api.get("/api/bodies/la/380/teaching-school-alliances").json()
    assert body["label"] == "Teaching school alliances in Bradford"
    assert "TSAs" in body["alt_labels"]
    overseers = {link["body"]["id"]: link["steps"] for link in body["overseers"]}
    dd = overseers["la/380/deputy-director-childrens-services"]
    assert dd[0]["kind"] == "scrutinises" and dd[0]["frequency"] == "asRequired"
    assert dd[0]["guaranteed_per_year"] == 0.0 and dd[0]["per_year"] is None
    relationships = {r["id"]: r for r in body["relationships"]}
    handoff = relationships["relationship/bradford-la-no-influence-over-tsas-mats"]
    assert handoff["direction"] == "NoOversight"
    assert [b["id"] for b in handoff["handed_to"]] == ["rsc/lancashire-and-west-yorkshire"]
    [evidence] = handoff["evidence"]
    assert evidence["sentence"].startswith("It is important to note that the LA has no influence")
    assert evidence["locator"] == "para 3.7"
    assert handoff["sources"][0]["date"] == "2017-06-27"


def test_body_id_may_be_an_iri_and_errors_are_clear(api: TestClient) -> None:
    by_iri = api.get("/api/bodies/https://w3id.org/oversight/id/la/380")
    assert by_iri.status_code == 200 and by_iri.json()["id"] == "la/380"
    missing = api.get("/api/bodies/la/380/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["detail"] == (
        "no body, post or person with key 'la/380/nothing-here' in the graph"
    )
    malformed = api.get("/api/bodies/la//380")
    assert malformed.status_code == 422
    assert "not a valid identifier key" in malformed.json()["detail"][0]["msg"]


def test_body_details_as_of_a_date(api: TestClient) -> None:
    forum = "la/856/corporate-parenting-forum"
    before = api.get(f"/api/bodies/{forum}", params={"as_of": "2015-07-22"}).json()
    after = api.get(f"/api/bodies/{forum}", params={"as_of": "2015-10-01"}).json()
    # the reconstituted forum meets monthly from September 2015
    assert before["relationships_total"] < after["relationships_total"]
    assert api.get(f"/api/bodies/{forum}", params={"as_of": "soon"}).status_code == 422
