"""``/api/gaps``, on the real app over the seed graph."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from graph.gaps import RULES
from ontology.vocabulary import FREQUENCIES, KINDS
from service.app import create_app
from service.routers.gaps import RuleName
from service.routers.oversight_common import FREQUENCY_NAMES, OVERSIGHT_KINDS
from service.settings import Settings


@pytest.fixture(scope="module")
def api() -> Iterator[TestClient]:
    settings = Settings(store_backend="memory", load_seed=True, query_workers=1)
    with TestClient(create_app(settings)) as client:
        yield client


def test_typed_names_follow_the_vocabulary() -> None:
    assert set(RuleName.__args__) == set(RULES)  # type: ignore[attr-defined]
    assert set(OVERSIGHT_KINDS) == {k for k, v in KINDS.items() if v.direction != "NoOversight"}
    assert set(FREQUENCY_NAMES) == set(FREQUENCIES)


def test_gaps_for_bradford_on_the_report_date(api: TestClient) -> None:
    page = api.get("/api/gaps", params={"council": "380", "as_of": "2017-06-27"}).json()
    assert page["as_of"] == "2017-06-27" and page["total"] == len(page["items"])
    assert page["expectations"] == "expectations.toml"  # its name, not the server's path
    assert all("la/380" in g["councils"] for g in page["items"])
    assert page["counts"]["uncovered-handoff"] == 0  # the RSC's scrutiny is recorded
    infrequent = [g for g in page["items"] if g["rule"] == "infrequent"]
    tsa = [
        g
        for g in infrequent
        if any(b["id"] == "la/380/teaching-school-alliances" for b in g["bodies"])
    ]
    assert tsa and tsa[0]["severity"] == "high"
    assert tsa[0]["sources"][0]["id"] == (
        "document/bradford-2017-06-27-gac-school-improvement-scrutiny"
    )
    order = {"high": 0, "medium": 1, "low": 2}
    assert [order[g["severity"]] for g in page["items"]] == sorted(
        order[g["severity"]] for g in page["items"]
    )


def test_gaps_filters_and_pagination(api: TestClient) -> None:
    high = api.get("/api/gaps", params={"severity": "high", "as_of": "2017-06-27"}).json()
    assert high["items"] and {g["severity"] for g in high["items"]} == {"high"}
    rules = api.get(
        "/api/gaps", params={"rule": ["mutual-oversight", "infrequent"], "as_of": "2017-06-27"}
    ).json()
    assert {g["rule"] for g in rules["items"]} <= {"mutual-oversight", "infrequent"}
    assert set(rules["counts"]) == {"mutual-oversight", "infrequent"}
    first = api.get("/api/gaps", params={"limit": 2, "as_of": "2017-06-27"}).json()
    second = api.get("/api/gaps", params={"limit": 2, "offset": 2, "as_of": "2017-06-27"}).json()
    assert first["total"] == second["total"]
    assert not {g["id"] for g in first["items"]} & {g["id"] for g in second["items"]}


def test_gap_ids_are_stable(api: TestClient) -> None:
    one = api.get("/api/gaps", params={"as_of": "2017-06-27"}).json()
    two = api.get("/api/gaps", params={"as_of": "2017-06-27"}).json()
    assert [g["id"] for g in one["items"]] == [g["id"] for g in two["items"]]


def test_gaps_errors(api: TestClient) -> None:
    assert api.get("/api/gaps", params={"rule": "nope"}).status_code == 422
    assert api.get("/api/gaps", params={"severity": "urgent"}).status_code == 422
    assert api.get("/api/gaps", params={"council": "999"}).status_code == 404
    assert api.get("/api/gaps", params={"council": "la/380/schools"}).status_code == 422


def test_rules_listing(api: TestClient) -> None:
    rules = api.get("/api/gaps/rules").json()
    assert [r["name"] for r in rules] == list(RULES)
    assert all(r["description"] for r in rules)
