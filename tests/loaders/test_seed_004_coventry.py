"""Document 004: Coventry's Education and Children's Services Scrutiny Board (2),
27 April 2017."""

from __future__ import annotations

DOC = "document/coventry-2017-04-27-ecs-scrutiny-board-2"
ID = "https://w3id.org/oversight/id/"
LA = "la/331"
BOARD = "la/331/education-and-childrens-services-scrutiny-board-2"
DELAL = "la/331/director-of-education-libraries-and-adult-learning"
DCS = "la/331/director-of-childrens-services"
CSIB = "la/331/childrens-services-improvement-board"


def only(found):
    assert len(found) == 1, found
    return found[0]


def test_the_board_and_its_reports(find, seed_rows) -> None:
    (row,) = seed_rows(f"""
        SELECT ?parent ?date WHERE {{ <{ID}{BOARD}> a ov:ScrutinyCommittee ;
            org:subOrganizationOf ?parent . <{ID}{DOC}> dcterms:date ?date }}""")
    assert row == {"parent": ID + LA, "date": "2017-04-27"}
    reporters = {a for r in find(kind="reportsTo", targets={BOARD}) for a in r.actors}
    assert reporters == {DELAL, DCS, "la/331/scrutiny-co-ordinator"}
    dcs = only(find(kind="reportsTo", actors={DCS}, targets={BOARD}))
    assert len(dcs.sentences) == 3


def test_the_board_questions_the_cabinet_member_and_officers(find) -> None:
    questioned = {t for r in find(kind="scrutinises", actors={BOARD}) for t in r.targets}
    assert questioned == {"la/331/cabinet/cabinet-member", DELAL, DCS}
    dcs = only(find(kind="scrutinises", actors={BOARD}, targets={DCS}))
    assert any("leadership and governance" in s for s in dcs.sentences)


def test_the_family_of_schools_and_six_monthly_placement_reviews(find) -> None:
    family = "la/331/coventry-family-of-schools"
    members = {a for r in find(kind="memberOf", targets={family}) for a in r.actors}
    assert members == {LA, "la/331/schools"}
    assert any(
        "Memorandum of Understanding" in s
        for r in find(kind="memberOf", targets={family})
        for s in r.sentences
    )
    placements = only(find(kind="monitors", targets={"la/331/schools"}))
    assert placements.stated == "sixMonthly"
    assert placements.sentences == {
        "Officers reassured members that school placements were reviewed every six months."
    }


def test_commissioned_services_and_their_monitoring(find) -> None:
    providers = "la/331/commissioned-service-providers"
    assert only(find(kind="commissions", actors={LA}, targets={providers}))
    monitoring = only(find(kind="monitors", actors={LA}, targets={providers}))
    assert any("Regulation 44" in s for s in monitoring.sentences)


def test_improvement_board_dates_and_the_ofsted_reinspection(find, seed_rows) -> None:
    rows = seed_rows(f"""
        SELECT ?d WHERE {{ ?m schema:organizer <{ID}{CSIB}> ; dcterms:date ?d }} ORDER BY ?d""")
    assert [r["d"] for r in rows] == ["2017-04-19", "2017-06-07"]
    assert only(find(kind="reportsTo", actors={DCS}, targets={CSIB}))
    inspection = only(find(kind="inspects", actors={"national/ofsted"}, targets={LA}))
    assert (inspection.valid_from, inspection.valid_until) == ("2017-03-07", "2017-03-30")
    assert any("re-inspection of Children" in s for s in inspection.sentences)


def test_the_contact_is_named_without_contact_details(seed_rows) -> None:
    (row,) = seed_rows(f"""
        SELECT ?name ?post WHERE {{ ?p foaf:name ?name ; org:holds ?post .
            ?post org:postIn <{ID}{BOARD}> }}""")
    assert row["name"] == "Michelle Rose"
    assert (
        seed_rows("""
        SELECT ?o WHERE { GRAPH <https://w3id.org/oversight/id/source/seed> { ?s ?p ?o }
          FILTER(isLiteral(?o) && (CONTAINS(STR(?o), "coventry.gov.uk") ||
                 CONTAINS(STR(?o), "024 7683"))) }""")
        == []
    )
