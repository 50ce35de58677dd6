"""The national loaders on the real open data in ``../shared/data`` (skipped when absent).

One store holds the bundled seed graph and then every national source (SHACL
validated), so these tests also show that the two join on the same IRIs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import Store, open_store
from loaders.bootstrap import ensure_bundled_data
from loaders.national import NationalSummary, load_national
from loaders.national.coverage import coverage
from tests.loaders.national.conftest import ID, select

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]


@pytest.fixture(scope="module")
def real(shared_data_dir: Path) -> Iterator[tuple[Store, NationalSummary]]:
    store = open_store(memory=True)
    ensure_bundled_data(store)
    summary = load_national(store, shared_data_dir, validate=True)
    yield store, summary
    store.close()


def test_everything_loads_and_validates(real: tuple[Store, NationalSummary]) -> None:
    _store, summary = real
    assert summary.refused == []
    assert {r.name: r.loaded for r in summary.results} == {r.name: True for r in summary.results}
    assert len(summary.results) == 9
    assert summary.triples > 500_000


def test_coverage_is_complete_where_the_rows_are_good(real: tuple[Store, NationalSummary]) -> None:
    store, _summary = real
    lines = {
        (c.name, line.category): (line.found, line.expected)
        for c in coverage(store)
        for line in c.lines
    }
    assert lines[("national-councils", "councils")] == (153, 153)
    assert lines[("national-hubs", "teaching school hubs")] == (87, 87)
    assert lines[("national-regions", "councils monitored by a regional director")] == (153, 153)
    assert lines[("national-ofsted", "current councils with a latest judgement")] == (153, 153)
    assert lines[("national-neighbours", "current councils with ten neighbours")] == (153, 153)
    assert lines[("national-group-memberships", "school-group memberships")] == (20582, 20582)
    assert lines[("national-groups", "multi-academy trusts")] == (1689, 1689)


def test_bradford(real: tuple[Store, NationalSummary]) -> None:
    store, _summary = real
    found = select(
        store,
        f"SELECT DISTINCT ?label ?gss ?region ?rsc WHERE {{ <{ID}la/380> rdfs:label ?label ; "
        f"ov:laCode '380' ; ov:gssCode ?gss ; ov:region ?r . ?r rdfs:label ?region . "
        f"?rsc ov:monitors <{ID}la/380> ; a ov:RegionalSchoolsCommissioner }}",
    )
    assert found == [
        {
            "label": "Bradford",
            "gss": "E08000032",
            "region": "Yorkshire and The Humber",
            "rsc": ID + "rsc/yorkshire-and-the-humber",
        }
    ]


def test_seed_and_national_councils_are_one_node(real: tuple[Store, NationalSummary]) -> None:
    store, _summary = real
    nodes = select(store, "SELECT DISTINCT ?c WHERE { ?c ov:laCode '380' }")
    assert nodes == [{"c": ID + "la/380"}]
    graphs = select(
        store, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{ID}la/380> a ov:LocalAuthority }} }}"
    )
    assert {g["g"].rsplit("/", 1)[-1] for g in graphs} == {"seed", "national-councils"}
    ofsted = select(store, f"SELECT DISTINCT ?l WHERE {{ <{ID}national/ofsted> rdfs:label ?l }}")
    assert ofsted == [{"l": "Ofsted"}]


def test_a_named_trusts_schools(real: tuple[Store, NationalSummary]) -> None:
    store, _summary = real
    trust = select(
        store,
        f"SELECT ?name ?ch WHERE {{ <{ID}group/2939> a ov:MultiAcademyTrust ; rdfs:label ?name ; "
        "ov:companiesHouseNumber ?ch }",
    )
    assert trust == [{"name": "DIXONS ACADEMIES TRUST", "ch": "02303464"}]
    schools = select(
        store,
        f"SELECT ?urn ?name ?joined WHERE {{ ?m org:organization <{ID}group/2939> ; "
        "org:member ?s ; schema:validFrom ?joined . ?s ov:urn ?urn ; rdfs:label ?name }",
    )
    by_urn = {r["urn"]: (r["name"], r["joined"]) for r in schools}
    assert len(by_urn) == 15
    assert by_urn["130909"] == ("Dixons City Academy", "2005-09-01")
    assert by_urn["143704"][1] == "2019-09-02"


def test_ofsted_latest_judgement_for_bradford_and_leicester(
    real: tuple[Store, NationalSummary],
) -> None:
    store, _summary = real
    query = (
        "SELECT ?date ?published ?overall WHERE {{ ?r ov:target <{ID}la/{code}> ; "
        "ov:latestInspection ?i . ?i schema:startDate ?date ; dcterms:issued ?published ; "
        "ov:overallEffectiveness ?overall }}"
    )
    assert select(store, query.format(ID=ID, code="380")) == [
        {"date": "2022-11-21", "published": "2023-01-31", "overall": "Inadequate"}
    ]
    assert select(store, query.format(ID=ID, code="856")) == [
        {
            "date": "2024-09-23",
            "published": "2025-01-29",
            "overall": "Requires improvement to be good",
        }
    ]
    history = select(
        store, f"SELECT ?i WHERE {{ ?r ov:target <{ID}la/380> ; ov:hasInspection ?i }}"
    )
    assert len(history) >= 2


def test_coventrys_statistical_neighbours(real: tuple[Store, NationalSummary]) -> None:
    store, _summary = real
    found = select(
        store,
        f"SELECT ?name WHERE {{ ?l ov:council <{ID}la/331> ; ov:rank ?rank ; ov:neighbour ?n . "
        "GRAPH ?g { ?n rdfs:label ?name } FILTER (STRENDS(STR(?g), 'national-councils')) } "
        "ORDER BY ?rank",
    )
    assert [r["name"] for r in found] == [
        "Derby",
        "Southampton",
        "Peterborough",
        "Bolton",
        "Wolverhampton",
        "Hillingdon",
        "Rochdale",
        "Walsall",
        "Luton",
        "Stoke-on-Trent",
    ]


def test_reorganised_councils(real: tuple[Store, NationalSummary]) -> None:
    store, _summary = real
    found = select(
        store,
        "SELECT ?old ?new WHERE { GRAPH ?g { ?old a ov:LocalAuthority ; ov:succeededBy ?new } } "
        "ORDER BY ?old ?new",
    )
    pairs = [(r["old"].rsplit("/", 1)[-1], r["new"].rsplit("/", 1)[-1]) for r in found]
    assert pairs == [
        ("835", "838"),
        ("836", "839"),
        ("837", "839"),
        ("909", "942"),
        ("909", "943"),
        ("928", "940"),
        ("928", "941"),
    ]
