"""The map's JSON API in the real app over the seed graph: neighbourhood, timeline,
export, vocabulary, relationship details, and the ``/map`` page with its files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from graph.neighbourhood import GROUPS, STATEMENT_KINDS
from ontology.vocabulary import FREQUENCIES, KINDS
from service.app import create_app
from service.routers.map import GROUP_NAMES, MAP_KINDS
from service.settings import Settings

BRADFORD = "la/380"
EISB = "la/380/education-improvement-strategy-board"
RSC = "rsc/lancashire-and-west-yorkshire"
DCS = "la/380/strategic-director-of-childrens-services"
DD = "la/380/deputy-director-childrens-services"
MATS = "la/380/multi-academy-trusts"
TSAS = "la/380/teaching-school-alliances"
RSC_DCS = "relationship/bradford-dcs-dd-meet-ofsted-and-rsc"
RSC_DCS_SENTENCE = (
    "The DCS and DD meet with the regional Ofsted inspector and the RSC on a termly basis"
)
BRADFORD_REPORT = "document/bradford-2017-06-27-gac-school-improvement-scrutiny"
TASK_GROUP_REVIEW = "relationship/leicester-task-group-review"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on an in-memory store holding the ontology and the seed graph."""
    settings = Settings(
        store_backend="memory",
        load_seed=True,
        query_workers=1,
        data_dir=tmp_path_factory.mktemp("map") / "store",
    )
    with TestClient(create_app(settings)) as started:
        yield started


def _map(client: TestClient, focus: str, **params: Any) -> dict[str, Any]:
    r = client.get(f"/api/map/neighbourhood/{focus}", params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def _edges(view: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    return [e for e in view["edges"] if kind is None or e["kind"] == kind]


def _between(view: dict[str, Any], a: str, b: str, kind: str) -> dict[str, Any]:
    found = [e for e in _edges(view, kind) if {e["source"], e["target"]} == {a, b}]
    assert len(found) == 1, (a, b, kind, found)
    return found[0]


# --- the neighbourhood -----------------------------------------------------------------


def test_bradfords_map_holds_its_bodies_partners_and_their_arrangements(
    client: TestClient,
) -> None:
    view = _map(client, BRADFORD)
    ids = {n["id"] for n in view["nodes"]}
    assert view["focus"]["id"] == BRADFORD and view["nodes"][0]["id"] == BRADFORD
    for key in (EISB, RSC, MATS, TSAS, "la/380/dioceses", "national/ofsted", "national/dfe"):
        assert key in ids, key
    groups = {n["id"]: n["group"] for n in view["nodes"]}
    assert groups[BRADFORD] == "council"
    assert groups[EISB] == "board"
    assert groups[MATS] == "trust"
    assert groups[TSAS] == "hub"
    assert groups["la/380/dioceses"] == "diocese"
    assert groups[RSC] == groups["national/ofsted"] == "regulator"
    assert groups[DCS] == "post"
    # the arrangements, with the labels the map writes on them
    eisb_mats = _between(view, EISB, MATS, "scrutinises")
    assert (eisb_mats["source"], eisb_mats["label"]) == (EISB, "scrutinises · half-termly")
    assert eisb_mats["guaranteed_per_year"] == 6.0 and not eisb_mats["dashed"]
    rsc_dcs = _between(view, RSC, DCS, "meetsWith")
    assert rsc_dcs["label"] == "meets with · termly" and rsc_dcs["mutual"]
    assert rsc_dcs["source"] == DCS  # the actor of the sentence
    assert rsc_dcs["relationship"] == RSC_DCS
    rsc_tsas = _between(view, RSC, TSAS, "scrutinises")
    assert rsc_tsas["label"] == "scrutinises · unspecified" and rsc_tsas["dashed"]
    assert _between(view, DD, TSAS, "scrutinises")["label"] == "scrutinises · as required"
    monthly = _between(view, DD, "national/dfe/representative-bradford", "meetsWith")
    assert monthly["guaranteed_per_year"] == 12.0
    # reports to: the Board oversees, the arrow leaves the actor
    reports = _between(view, EISB, DCS, "reportsTo")
    assert (reports["source"], reports["target"], reports["reversed"]) == (EISB, DCS, True)
    # a statement is drawn but is no oversight
    no_influence = _between(view, BRADFORD, MATS, "hasNoInfluenceOver")
    assert not no_influence["oversight"] and no_influence["label"] == "has no influence over"
    # structural links carry no frequency limit
    part_of = _between(view, BRADFORD, EISB, "subOrganizationOf")
    assert part_of["structural"] and part_of["guaranteed_per_year"] is None
    assert part_of["label"] == "part of"


def test_a_meeting_joins_actors_and_targets_not_co_actors(client: TestClient) -> None:
    view = _map(client, BRADFORD)
    pairs = {frozenset((e["source"], e["target"])) for e in _edges(view, "meetsWith")}
    assert frozenset((DCS, RSC)) in pairs
    assert frozenset((DCS, DD)) not in pairs  # "the DCS and DD meet with …"
    ids = [e["id"] for e in view["edges"]]
    assert len(ids) == len(set(ids))


def test_every_edge_joins_two_nodes_of_the_view(client: TestClient) -> None:
    view = _map(client, "la/856", limit=20)
    ids = {n["id"] for n in view["nodes"]}
    assert len(ids) == 20
    assert all(e["source"] in ids and e["target"] in ids for e in view["edges"])


def test_the_limit_caps_the_map_and_offers_more(client: TestClient) -> None:
    full = _map(client, BRADFORD)
    capped = _map(client, BRADFORD, limit=5)
    assert [n["id"] for n in capped["nodes"]] == [n["id"] for n in full["nodes"]][:5]
    assert full["total"] == len(full["nodes"]) and full["total_exact"]
    # the walk stopped at the first level that could not make the cut: a lower bound
    assert 5 < capped["total"] < full["total"] and not capped["total_exact"]
    assert capped["truncated"] and capped["next_limit"] == 65
    assert not full["truncated"] and full["next_limit"] is None
    # nearest first
    distances = [n["distance"] for n in full["nodes"][1:]]
    assert distances == sorted(distances)


def test_hidden_neighbours_and_expanding_a_node(client: TestClient) -> None:
    small = _map(client, EISB, depth=1)
    ids = {n["id"] for n in small["nodes"]}
    assert RSC in ids and "national/dfe" not in ids
    rsc = next(n for n in small["nodes"] if n["id"] == RSC)
    assert rsc["hidden_neighbours"] > 0
    grown = _map(client, EISB, depth=1, expand=[RSC])
    grown_ids = {n["id"] for n in grown["nodes"]}
    assert "national/dfe" in grown_ids and ids < grown_ids
    assert next(n for n in grown["nodes"] if n["id"] == RSC)["hidden_neighbours"] == 0
    assert grown["filters"]["expand"] == [RSC]
    # an expanded node brings its neighbours past the limit, the nearest others stay
    capped = _map(client, BRADFORD, limit=5, expand=[RSC])
    first_five = [n["id"] for n in _map(client, BRADFORD, limit=5)["nodes"]]
    ids = [n["id"] for n in capped["nodes"]]
    assert ids[:5] == first_five and RSC in ids and len(ids) > 6
    assert next(n for n in capped["nodes"] if n["id"] == RSC)["hidden_neighbours"] == 0


def test_include_adds_a_body_alone_and_unknown_keys_are_reported(client: TestClient) -> None:
    view = _map(client, EISB, depth=0, include=["national/lga", "la/999/nobody"])
    ids = [n["id"] for n in view["nodes"]]
    assert ids == [EISB, "national/lga"]
    assert view["missing"] == ["la/999/nobody"]


def test_filtering_out_meetings_removes_them(client: TestClient) -> None:
    everything = _map(client, BRADFORD)
    kinds = [k for k in MAP_KINDS if k != "meetsWith"]
    filtered = _map(client, BRADFORD, kinds=kinds)
    assert _edges(everything, "meetsWith") and not _edges(filtered, "meetsWith")
    assert len(_edges(filtered, "scrutinises")) == len(_edges(everything, "scrutinises"))
    only_structure = _map(client, BRADFORD, kinds=["none"])
    assert only_structure["edges"] and all(e["structural"] for e in only_structure["edges"])
    no_structure = _map(client, BRADFORD, structural="false")
    assert no_structure["edges"] and not any(e["structural"] for e in no_structure["edges"])


def test_a_minimum_frequency_drops_rarer_and_unstated_arrangements(client: TestClient) -> None:
    view = _map(client, BRADFORD, min_frequency="termly")
    assert view["filters"]["min_per_year"] == 3.0
    oversight = [e for e in view["edges"] if not e["structural"]]
    assert oversight and all(e["guaranteed_per_year"] >= 3 for e in oversight)
    assert not any(e["dashed"] for e in view["edges"])
    assert not _edges(view, "hasNoInfluenceOver")  # statements guarantee nothing
    both = client.get(
        f"/api/map/neighbourhood/{BRADFORD}", params={"min_frequency": "termly", "min_per_year": 2}
    )
    assert both.status_code == 422


def test_kinds_of_body_keep_the_focus(client: TestClient) -> None:
    view = _map(client, EISB, body_kinds=["trust", "hub"])
    groups = {n["id"]: n["group"] for n in view["nodes"]}
    assert groups.pop(EISB) == "board"
    assert set(groups.values()) == {"trust", "hub"}


def test_as_of_shows_what_was_valid_on_that_date(client: TestClient) -> None:
    def review(day: str) -> list[dict[str, Any]]:
        view = _map(client, "la/856", limit=200, as_of=day)
        return [e for e in view["edges"] if e["relationship"] == TASK_GROUP_REVIEW]

    assert review("2015-08-15")
    assert not review("2015-07-01") and not review("2015-10-01")
    # Coventry's reinspection is Ofsted's only link: Ofsted leaves the map with it
    during = {n["id"] for n in _map(client, "la/331", as_of="2017-03-15")["nodes"]}
    after = {n["id"] for n in _map(client, "la/331", as_of="2017-04-01")["nodes"]}
    assert "national/ofsted" in during and "national/ofsted" not in after


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/map/neighbourhood/la/999", 404),
        ("/api/map/neighbourhood/la/ 380", 422),
        ("/api/map/neighbourhood/la/380?kinds=likes", 422),
        ("/api/map/neighbourhood/la/380?body_kinds=castle", 422),
        ("/api/map/neighbourhood/la/380?depth=9", 422),
        ("/api/map/neighbourhood/la/380?limit=0", 422),
        ("/api/map/timeline/la/999", 404),
        ("/api/map/export/la/380?format=pdf", 422),
        ("/api/relationships/relationship/nothing-like-this", 404),
    ],
)
def test_bad_requests_name_what_is_wrong(client: TestClient, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status, r.text
    assert r.json()["detail"]


# --- the timeline ----------------------------------------------------------------------


def test_the_timeline_lists_the_dates_at_which_a_view_changes(client: TestClient) -> None:
    r = client.get("/api/map/timeline/la/331")
    assert r.status_code == 200
    body = r.json()
    assert body["dates"] == ["2017-03-07", "2017-03-30"]
    assert [s["date"] for s in body["stops"]] == ["2017-03-06", "2017-03-07", "2017-03-31"]
    edges = [s["edges"] for s in body["stops"]]
    assert edges[1] == edges[0] + 1 == edges[2] + 1  # the reinspection comes and goes
    assert body["undated_edges"] == edges[0]
    assert client.get("/api/map/timeline/la/380").json()["stops"] == []


# --- relationship details --------------------------------------------------------------


def test_a_relationship_with_every_citation(client: TestClient) -> None:
    r = client.get(f"/api/relationships/{RSC_DCS}")
    assert r.status_code == 200
    rel = r.json()
    assert (rel["kind"], rel["kind_label"]) == ("meetsWith", "meets with")
    assert (rel["frequency"], rel["frequency_label"], rel["per_year"]) == ("termly", "termly", 3.0)
    assert rel["observed_frequency"] is None
    assert {p["id"] for p in rel["parties"]} == {
        DCS,
        DD,
        RSC,
        next(t["id"] for t in rel["targets"] if t["id"].startswith("national/ofsted")),
    }
    [citation] = rel["citations"]
    assert citation["sentence"].startswith(RSC_DCS_SENTENCE)
    assert citation["document"] == {
        "id": BRADFORD_REPORT,
        "title": rel["sources"][0]["title"],
        "date": "2017-06-27",
    }
    assert citation["locator"]
    # the short key and the IRI name the same relationship
    short = client.get("/api/relationships/bradford-dcs-dd-meet-ofsted-and-rsc").json()
    iri = client.get(f"/api/relationships/https://w3id.org/oversight/id/{RSC_DCS}").json()
    assert short == iri == rel


def test_a_relationship_with_several_sentences_and_a_hand_off(client: TestClient) -> None:
    rel = client.get("/api/relationships/bradford-la-no-influence-over-tsas-mats").json()
    assert rel["direction"] == "NoOversight" and rel["frequency"] is None
    assert [b["id"] for b in rel["handed_to"]] == [RSC]
    eisb = client.get("/api/relationships/bradford-rsc-member-of-eisb").json()
    assert len(eisb["citations"]) == 2
    assert eisb["overseers"][0]["id"] == RSC and eisb["overseen"][0]["id"] == EISB
    assert eisb["notes"]  # the seed's note on where "half-termly" is stated


# --- export ----------------------------------------------------------------------------


def test_graphml_export_is_the_same_view(client: TestClient) -> None:
    view = _map(client, BRADFORD, min_frequency="termly")
    r = client.get(
        f"/api/map/export/{BRADFORD}", params={"format": "graphml", "min_frequency": "termly"}
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/graphml+xml")
    assert 'filename="oversight-map-la-380.graphml"' in r.headers["content-disposition"]
    graph = nx.parse_graphml(r.text, force_multigraph=True)
    assert set(graph.nodes) == {n["id"] for n in view["nodes"]}
    assert graph.number_of_edges() == len(view["edges"])
    assert graph.nodes[EISB]["label"] == "Education Improvement Strategy Board"
    assert graph.nodes[EISB]["group"] == "board"
    labels = {d["label"] for _, _, d in graph.edges(data=True)}
    assert "meets with · termly" in labels


def test_json_export_reads_back_as_a_graph(client: TestClient) -> None:
    r = client.get(f"/api/map/export/{BRADFORD}", params={"format": "json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    data = json.loads(r.text)
    graph = nx.node_link_graph(data, edges="links")
    view = _map(client, BRADFORD)
    assert graph.number_of_nodes() == len(view["nodes"])
    assert graph.number_of_edges() == len(view["edges"])
    assert graph.graph["focus"] == BRADFORD


# --- vocabulary and documentation ------------------------------------------------------


def test_the_vocabulary_is_the_ontologys(client: TestClient) -> None:
    body = client.get("/api/map/vocabulary").json()
    named = {k["name"]: k for k in body["kinds"]}
    assert set(KINDS) <= set(named)
    assert named["meetsWith"]["label"] == "meets with"
    assert not named["hasNoInfluenceOver"]["oversight"]
    assert named["subOrganizationOf"]["structural"]
    assert [f["name"] for f in body["frequencies"]] == list(FREQUENCIES)
    assert [g["name"] for g in body["groups"]] == list(GROUPS)


def test_the_typed_parameters_keep_in_step_with_the_vocabulary() -> None:
    assert set(MAP_KINDS) == set(KINDS)
    assert set(STATEMENT_KINDS) == {k for k, v in KINDS.items() if v.direction == "NoOversight"}
    assert tuple(GROUPS) == GROUP_NAMES


def test_the_endpoints_are_documented_with_typed_responses(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/map/neighbourhood/{id}",
        "/api/map/timeline/{id}",
        "/api/map/export/{id}",
        "/api/map/vocabulary",
        "/api/relationships/{id}",
    ):
        operation = spec["paths"][path]["get"]
        assert operation["summary"] and operation.get("description"), path
        assert "200" in operation["responses"], path
    schemas = spec["components"]["schemas"]
    for name in ("MapView", "TimelineOut", "RelationshipDetail"):
        assert schemas[name].get("examples"), name
    export = spec["paths"]["/api/map/export/{id}"]["get"]["responses"]["200"]["content"]
    assert {"application/graphml+xml", "application/json"} <= set(export)
    assert "/map" not in spec["paths"]


# --- the page --------------------------------------------------------------------------


def test_the_page_loads_its_libraries_from_this_service(client: TestClient) -> None:
    r = client.get("/map")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    scripts = [
        "/vendor/cytoscape/dist/cytoscape.min.js",
        "/vendor/cytoscape-dagre/dist/cytoscape-dagre.min.js",
        "/vendor/cytoscape-svg/cytoscape-svg.js",
    ]
    for script in scripts:
        assert f'src="{script}?v=' in page
        assert client.get(script).status_code == 200
    assert "https://" not in page.replace("https://w3id.org", "")
    static = Path(__file__).resolve().parents[2] / "service" / "static" / "map"
    modules = sorted(p.name for p in static.glob("*.js"))
    assert "main.js" in modules
    for name in modules:
        js = client.get(f"/static/map/{name}")
        assert js.status_code == 200 and "javascript" in js.headers["content-type"]
        # no URL of another host (the SVG namespace is a name, not a request)
        text = js.text.replace("http://www.w3.org/2000/svg", "")
        assert "http://" not in text and "https://" not in text, name
