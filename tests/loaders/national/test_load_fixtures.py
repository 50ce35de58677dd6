"""Loading the fixture folder into a store: every source, its graph, its rejects."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph.store import Store, open_store
from loaders.national import NationalSummary, SourceResult, load_national
from loaders.national.coverage import coverage
from tests.loaders.national.conftest import ID, Select, select

Loaded = tuple[Store, NationalSummary]


def _result(summary: NationalSummary, name: str) -> SourceResult:
    return next(r for r in summary.results if r.name == name)


def test_every_source_loads_into_its_own_graph(fixture_load: Loaded) -> None:
    store, summary = fixture_load
    assert summary.refused == [] and all(r.loaded for r in summary.results), [
        r.message for r in summary.results
    ]
    names = {s.name for s in store.sources()}
    assert names == {
        "national-councils",
        "national-regions",
        "national-groups",
        "national-schools",
        "national-group-memberships",
        "national-school-successions",
        "national-hubs",
        "national-ofsted",
        "national-neighbours",
    }


def test_provenance_names_the_input_files_not_the_servers_folders(
    fixture_load: Loaded, national_dir: Path
) -> None:
    store, _ = fixture_load
    inputs = {s.name: s.input or "" for s in store.sources()}
    assert inputs["national-groups"] == "allgroupsdata.csv"
    assert not any(str(national_dir) in text or "/" in text for text in inputs.values())


def test_bad_rows_are_reported_with_file_line_and_reason(fixture_load: Loaded) -> None:
    _store, summary = fixture_load
    rejects = {r.name: [str(i) for i in r.audit.rejects] for r in summary.results if r.audit}
    assert rejects["national-groups"] == [
        "allgroupsdata.csv:6: missing Group UID",
        "allgroupsdata.csv:7: unknown Group Type 'Mega trust'",
        "allgroupsdata.csv:8: malformed date in 'Incorporated on (open date)': '31/02/2020'",
        "allgroupsdata.csv:9: Closed Date 2017-04-30 is before the open date 2017-05-01",
    ]
    assert rejects["national-schools"] == [
        "edubasealldata20250301.csv:9: unknown LA code '999'",
        "edubasealldata20250301.csv:10: missing URN",
        "edubasealldata20250301.csv:11: malformed date in 'OpenDate': '32-01-2021'",
        "gias_establishments_minimal_20240617.csv:7: unknown local authority 'Atlantis'",
    ]
    assert rejects["national-group-memberships"] == [
        "alllinksdata.csv:6: unknown Group UID 55555 (not in the GIAS groups file)",
        "alllinksdata.csv:7: missing URN",
        "alllinksdata.csv:8: malformed date in 'Joined date': '2020-09-32'",
    ]
    assert rejects["national-school-successions"] == [
        "links_edubasealldata.csv:6: URN 140004 is linked to itself",
        "links_edubasealldata.csv:7: malformed date in 'LinkEstablishedDate': '2020/09/40'",
        "links_edubasealldata.csv:8: missing LinkURN",
    ]
    assert rejects["national-hubs"] == [
        "tsh_areas_lead_schools.csv:5: unknown district 'Atlantis'",
        "tsh_areas_lead_schools.csv:6: missing or malformed tsh_area_code ''",
        "tsh_areas_lead_schools.csv:7: missing lead_school_urn",
    ]
    assert rejects["national-ofsted"] == [
        "ilacs_inspection_history_2018-2025.csv:6: unknown local authority GSS code 'E06999999'",
        "ilacs_inspection_history_2018-2025.csv:7: malformed date in 'Inspection date': "
        "'2024-13-23'",
        "ilacs_inspection_history_2018-2025.csv:8: malformed web address in 'Ofsted report URL': "
        "'https://reports.ofsted.gov.uk/provider/44/331{draft}'",
    ]
    assert rejects["national-neighbours"] == [
        "New_Statistical_Neighbour_Groupings_April_2021.csv:4: unknown LA code '999'",
        "stats_neighbours_names.csv:3: unknown local authority 'Narnia'",
    ]
    schools = _result(summary, "national-schools").audit
    assert schools is not None
    assert schools.skipped == {"URN already loaded from an earlier file": 1}
    assert (schools.rows_read, schools.rows_loaded, schools.rejected_total) == (18, 13, 4)


def test_councils_current_and_former(rows: Select) -> None:
    found = rows(
        "SELECT ?code ?gss ?region ?until WHERE { GRAPH ?g { ?c a ov:LocalAuthority ; "
        "ov:laCode ?code ; ov:gssCode ?gss . OPTIONAL { ?c ov:region ?region } "
        "OPTIONAL { ?c schema:validThrough ?until } } } ORDER BY ?code"
    )
    by_code = {r["code"]: r for r in found}
    assert len(found) == 22
    assert by_code["380"]["gss"] == "E08000032"
    assert by_code["380"]["region"] == ID + "region/E12000003"
    assert by_code["836"]["until"] == "2019-03-31"
    successors = rows(f"SELECT ?s WHERE {{ <{ID}la/909> ov:succeededBy ?s }} ORDER BY ?s")
    assert [r["s"] for r in successors] == [ID + "la/942", ID + "la/943"]


def test_regional_director_monitors_each_council(rows: Select) -> None:
    found = rows(
        f"SELECT ?rsc ?parent WHERE {{ ?rsc ov:monitors <{ID}la/380> ; "
        "org:subOrganizationOf ?parent }"
    )
    assert found == [{"rsc": ID + "rsc/yorkshire-and-the-humber", "parent": ID + "national/dfe"}]
    rel = rows(
        f"SELECT ?r ?doc ?where WHERE {{ ?r ov:kind kind:monitors ; ov:overseen <{ID}la/380> ; "
        "ov:hasEvidence ?e . ?e ov:document ?doc ; ov:locator ?where }"
    )
    assert rel[0]["where"] == "la_region_current_derived.csv line 2"


def test_trusts_end_dated_not_dropped_and_no_leader_names(rows: Select) -> None:
    sat = rows(
        f"SELECT ?type ?until ?ch WHERE {{ <{ID}group/16790> a ?type ; schema:validThrough ?until ;"
        " ov:companiesHouseNumber ?ch . FILTER (?type != ov:Body) }"
    )
    assert sat == [
        {
            "type": "https://w3id.org/oversight/def#SingleAcademyTrust",
            "until": "2019-08-31",
            "ch": "07953395",
        }
    ]
    assert rows("SELECT ?s WHERE { ?s ?p ?o FILTER (CONTAINS(STR(?o), 'Example')) }") == []


def test_trust_membership_with_joined_date(rows: Select) -> None:
    found = rows(
        "SELECT ?school ?joined WHERE { ?m a org:Membership ; "
        f"org:organization <{ID}group/16789> ; org:member ?school ; schema:validFrom ?joined . "
        "?school org:memberOf "
        f"<{ID}group/16789> }} ORDER BY ?school"
    )
    assert found == [
        {"school": ID + "school/140001", "joined": "2013-09-01"},
        {"school": ID + "school/140002", "joined": "2015-04-01"},
    ]


def test_schools_councils_by_code_by_name_and_outside_england(rows: Select) -> None:
    found = rows(
        "SELECT ?urn ?council WHERE { ?s ov:urn ?urn . OPTIONAL { ?s ov:council ?council } }"
    )
    council = {r["urn"]: r.get("council") for r in found}
    assert council["140003"] == ID + "la/331"
    assert council["130001"] == ID + "la/836"  # LA code of a council abolished in 2019
    assert council["120001"] == ID + "la/835"  # GIAS name "Pre-LGR 2019 Dorset"
    assert council["120006"] == ID + "la/331"  # "coventry"
    assert council["401234"] is None and council["120004"] is None  # Wales, overseas
    name = rows(f"SELECT ?n WHERE {{ <{ID}school/150001> rdfs:label ?n }}")
    assert name == [{"n": "Aire Valley Primary"}]  # the first file read wins


def test_an_old_urn_resolves_to_the_current_school(rows: Select) -> None:
    found = rows(
        f"SELECT ?current WHERE {{ <{ID}school/100001> ov:succeededBy+ ?current . "
        "FILTER NOT EXISTS { ?current ov:succeededBy ?later } }"
    )
    assert found == [{"current": ID + "school/150001"}]


def test_hub_lead_school_and_councils_served(rows: Select) -> None:
    found = rows(
        f"SELECT ?name ?lead ?council WHERE {{ <{ID}hub/sw9> rdfs:label ?name ; "
        "ov:leadSchool ?lead ; ov:servesCouncil ?council } ORDER BY ?council"
    )
    assert [r["council"] for r in found] == [ID + "la/838", ID + "la/839"]
    assert found[0]["lead"] == ID + "school/130001"
    assert found[0]["name"] == "Wessex Teaching School Hub"


def test_ofsted_latest_judgement_and_history(rows: Select) -> None:
    found = rows(
        f"SELECT ?date ?overall ?latest WHERE {{ ?r ov:kind kind:inspects ; ov:actor <{ID}"
        f"national/ofsted> ; ov:target <{ID}la/380> ; ov:hasInspection ?i . ?i schema:startDate "
        "?date ; ov:overallEffectiveness ?overall . "
        "BIND (EXISTS { ?r ov:latestInspection ?i } AS ?latest) } ORDER BY ?date"
    )
    assert found == [
        {"date": "2018-09-17", "overall": "Inadequate", "latest": "false"},
        {"date": "2022-11-21", "overall": "Inadequate", "latest": "true"},
    ]
    shortcut = rows(f"SELECT ?x WHERE {{ <{ID}national/ofsted> ov:inspects ?x }} ORDER BY ?x")
    assert [r["x"] for r in shortcut] == [ID + "la/331", ID + "la/380", ID + "la/837"]


def test_inspection_of_an_abolished_council_targets_it_not_its_successor(rows: Select) -> None:
    found = rows(
        "SELECT ?council WHERE { ?r ov:kind kind:inspects ; ov:target ?council ; "
        "ov:hasInspection ?i . ?i schema:startDate '2018-07-16'^^xsd:date }"
    )
    assert found == [{"council": ID + "la/837"}]


def test_statistical_neighbours_ranked(rows: Select) -> None:
    found = rows(
        f"SELECT ?rank ?n ?closeness WHERE {{ ?l ov:council <{ID}la/380> ; ov:rank ?rank ; "
        "ov:neighbour ?n ; ov:closeness ?closeness } ORDER BY ?rank"
    )
    assert [r["n"].rsplit("/", 1)[-1] for r in found] == [
        "382",
        "381",
        "384",
        "383",
        "335",
        "333",
        "336",
        "330",
        "332",
        "334",
    ]
    assert {r["closeness"] for r in found} == {"Very Close"}
    by_name = rows(
        f"SELECT ?n WHERE {{ ?l ov:council <{ID}la/942> ; ov:rank 1 ; ov:neighbour ?n }}"
    )
    assert by_name == [{"n": ID + "la/943"}]


def test_coverage_counts_the_store_against_the_rows(fixture_load: Loaded) -> None:
    store, _summary = fixture_load
    lines = {
        (c.name, line.category): (line.found, line.expected)
        for c in coverage(store)
        for line in c.lines
    }
    assert lines[("national-councils", "councils")] == (18, 18)
    assert lines[("national-groups", "multi-academy trusts")] == (1, 4)
    assert lines[("national-hubs", "teaching school hubs")] == (3, 6)
    assert lines[("national-ofsted", "current councils with a latest judgement")] == (2, 18)
    rejected = {c.name: c.rows_rejected for c in coverage(store)}
    assert rejected["national-groups"] == 4
    groups = next(c for c in coverage(store) if c.name == "national-groups")
    assert groups.rejects[0].file == "allgroupsdata.csv" and groups.rejects[0].line == 6


def test_reloading_replaces_and_never_duplicates(national_dir: Path) -> None:
    with open_store(memory=True) as store:
        first = load_national(store, national_dir, validate=False)
        second = load_national(store, national_dir, validate=False)
        assert first.triples == second.triples > 0
        total = int(
            select(
                store,
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                "FILTER (STRSTARTS(STR(?g), 'https://w3id.org/oversight/id/"
                "source/national-')) }",
            )[0]["n"]
        )
        assert total == second.triples


def test_only_loads_the_named_sources(national_dir: Path) -> None:
    with open_store(memory=True) as store:
        summary = load_national(store, national_dir, validate=False, only={"national-hubs"})
        assert [r.name for r in summary.results] == ["national-hubs"]
        assert [s.name for s in store.sources()] == ["national-hubs"]


def test_new_files_alone_resolve_councils_from_the_store(
    tmp_path: Path, national_dir: Path
) -> None:
    shutil.copy(national_dir / "ilacs_inspection_history_2018-2025.csv", tmp_path)
    with open_store(memory=True) as empty:
        lonely = load_national(empty, tmp_path, validate=False)
        assert [(r.name, r.loaded) for r in lonely.results] == [("national-ofsted", False)]
        assert "needs the councils" in (lonely.results[0].message or "")
    with open_store(memory=True) as store:
        load_national(store, national_dir, validate=False, only={"national-councils"})
        summary = load_national(store, tmp_path, validate=False)
        assert [(r.name, r.loaded) for r in summary.results] == [("national-ofsted", True)]
        found = select(
            store, "SELECT ?c WHERE { ?r ov:kind kind:inspects ; ov:target ?c } ORDER BY ?c"
        )
        assert [r["c"] for r in found] == [ID + "la/331", ID + "la/380", ID + "la/837"]
