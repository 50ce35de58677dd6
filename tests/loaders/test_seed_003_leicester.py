"""Document 003: the full minutes of Leicester's Children, Young People and Schools
Scrutiny Commission, 22 July 2015, with the scoping document of a scrutiny review."""

from __future__ import annotations

from datetime import date

from loaders.arrangements import infer_frequency

DOC = "document/leicester-2015-07-22-cyps-scrutiny-commission-minutes"
ID = "https://w3id.org/oversight/id/"
LA = "la/856"
COM = "la/856/children-young-people-and-schools-scrutiny-commission"
FORUM = "la/856/corporate-parenting-forum"
LCCIB = "la/856/childrens-improvement-board"
SD = "la/856/strategic-director-childrens-services"
ACM = "la/856/assistant-city-mayor-children-young-people-and-schools"


def only(found):
    assert len(found) == 1, found
    return found[0]


def holders(seed_rows, post: str) -> set[str]:
    rows = seed_rows(f"SELECT ?name WHERE {{ ?p org:holds <{ID}{post}> ; foaf:name ?name }}")
    return {r["name"] for r in rows}


def test_the_commission_its_chair_vice_chair_members_and_co_opted_members(seed_rows) -> None:
    assert holders(seed_rows, COM + "/chair") == {"Councillor Dr Moore"}
    assert holders(seed_rows, COM + "/vice-chair") == {"Councillor Cole"}
    assert holders(seed_rows, COM + "/member") == {
        "Councillor Aldred",
        "Councillor Grant",
        "Councillor Chohan",
        "Councillor Gugnani",
        "Councillor Malik",
        "Councillor Senior",
    }
    assert holders(seed_rows, COM + "/parent-governor-representative") == {"Mohammed Al-Azad"}
    kinds = seed_rows(f"""
        SELECT ?k WHERE {{ <{ID}{COM}/parent-governor-representative> a ?k .
          ?k rdfs:subClassOf+ ov:Post }}""")
    assert ID.replace("/id/", "/def#") + "CoOptedMember" in {r["k"] for r in kinds}
    assert holders(seed_rows, ACM) == {"Councillor Russell"}
    assert holders(seed_rows, SD) == {"Frances Craven"}


def test_six_meeting_dates_give_a_bimonthly_observed_frequency(find, seed_rows) -> None:
    rows = seed_rows(f"""
        SELECT ?d WHERE {{ ?m a ov:Meeting ; schema:organizer <{ID}{COM}> ; dcterms:date ?d }}
        ORDER BY ?d""")
    days = [date.fromisoformat(r["d"]) for r in rows]
    assert [d for d in days if date(2015, 7, 1) <= d <= date(2016, 6, 30)] == [
        date(2015, 7, 22),
        date(2015, 9, 15),
        date(2015, 11, 10),
        date(2016, 1, 5),
        date(2016, 2, 23),
        date(2016, 4, 12),
    ]
    assert infer_frequency(days) == "bimonthly"
    scrutiny = only(find(kind="scrutinises", actors={COM}, targets={SD}))
    assert (scrutiny.stated, scrutiny.observed) == ("unspecified", "bimonthly")
    attends = only(find(kind="attends", actors={ACM}, targets={COM}))
    assert attends.observed == "bimonthly"
    assert any("as a regular participant" in s for s in attends.sentences)


def test_the_declarations_of_interest(find) -> None:
    declared = find(kind="declaredInterestIn")
    by_person: dict[str, set[str]] = {}
    for rel in declared:
        (person,) = rel.actors
        by_person.setdefault(person.rsplit("/", 1)[1], set()).update(rel.targets)
    assert {p: len(t) for p, t in by_person.items()} == {
        "councillor-moore": 1,
        "councillor-malik": 1,
        "councillor-cole": 3,
        "councillor-aldred": 1,
        "councillor-russell": 1,
    }
    assert by_person["councillor-russell"] == {"school/120017"}
    assert "la/856/de-montfort-university" in by_person["councillor-cole"]
    assert all(r.stated is None and DOC in r.documents for r in declared)


def test_king_richard_infant_school_is_its_gias_urn(seed_rows) -> None:
    (row,) = seed_rows(f"""
        SELECT ?urn ?alt WHERE {{ <{ID}school/120017> a ov:School ; ov:urn ?urn ;
                                  skos:altLabel ?alt }}""")
    assert row == {"urn": "120017", "alt": "King Richard Infant School"}


def test_the_corporate_parenting_forum(find, seed_rows) -> None:
    cicc = only(find(kind="attends", actors={"la/856/children-in-care-council"}, targets={FORUM}))
    assert (cicc.stated, cicc.valid_from) == ("monthly", "2015-09-01")
    vht = "la/856/virtual-head-teacher"
    assert only(find(kind="attends", actors={vht}, targets={FORUM})).stated == "monthly"
    assert only(find(kind="reportsTo", actors={vht}, targets={FORUM})).stated == "monthly"
    annual = only(find(kind="reportsTo", actors={FORUM}, targets={COM}))
    assert annual.stated == "annual"
    assert any("Corporate Parenting Annual Report for 2014/15" in s for s in annual.sentences)
    members = only(find(kind="memberOf", targets={FORUM}))
    assert members.actors == {"la/856/childrens-services-officers", FORUM + "/councillor-members"}
    (group,) = seed_rows(f"""
        SELECT ?parent WHERE {{ <{ID}{FORUM}/executive-group> org:subOrganizationOf ?parent }}""")
    assert group["parent"] == ID + FORUM
    (panel,) = seed_rows(f"""
        SELECT ?next WHERE {{ <{ID}la/856/safeguarding-children-panel> ov:succeededBy ?next }}""")
    assert panel["next"] == ID + FORUM


def test_the_improvement_board_meets_every_four_weeks(find, seed_rows) -> None:
    officers = only(find(kind="reportsTo", targets={LCCIB}))
    assert officers.actors == {SD, "la/856/childrens-services-officers"}
    assert officers.stated == "fourWeekly"
    assert (
        "The Improvement Board meets every four weeks and requires Officers to provide work "
        "which relates to the Improvement Action Plan."
    ) in officers.sentences
    board = only(find(kind="scrutinises", actors={LCCIB}, targets={LA}))
    assert board.stated == "fourWeekly"
    (chair,) = seed_rows(f"""
        SELECT ?note WHERE {{ <{ID}{LCCIB}/chair> org:postIn <{ID}{LCCIB}> ;
                                  rdfs:comment ?note }}""")
    assert "Independent of the Council" in chair["note"]
    contact = only(find(kind="meetsWith", actors={COM + "/chair"}))
    assert contact.targets == {LCCIB + "/chair"}
    assert any("Contact with the Chair of the LCCIB" in s for s in contact.sentences)


def test_ofsted_and_the_dfe_as_external_challengers(find) -> None:
    challenge = only(find(kind="scrutinises", actors={"national/ofsted", "national/dfe"}))
    assert challenge.targets == {LA}
    assert any(
        "external challengers (Improvement Board Chair, DfE and Ofsted)" in s
        for s in challenge.sentences
    )
    assert only(find(kind="scrutinises", actors={LCCIB + "/chair"}, targets={LA}))
    inspection = only(find(kind="inspects", actors={"national/ofsted"}, targets={LA}))
    assert any(
        "to be inadequate following a recent inspection (published in March 2015)" in s
        for s in inspection.sentences
    )
    assert only(find(kind="monitors", actors={"national/ofsted"}, targets={LA}))
    assert only(find(kind="inspects", targets={"la/856/local-safeguarding-children-board"}))


def test_the_task_group_and_other_scrutiny(find, seed_rows) -> None:
    task = "la/856/looked-after-children-ofsted-review-task-group"
    (parent,) = seed_rows(f"SELECT ?p WHERE {{ <{ID}{task}> org:subOrganizationOf ?p }}")
    assert parent["p"] == ID + COM
    assert only(find(kind="reportsTo", actors={task}, targets={"la/856/city-mayor-and-executive"}))
    review = only(find(kind="scrutinises", actors={task}))
    assert (review.valid_from, review.valid_until) == ("2015-07-31", "2015-09-30")
    edtt = only(
        find(
            kind="scrutinises",
            actors={"la/856/economic-development-transport-and-tourism-scrutiny-commission"},
        )
    )
    assert edtt.targets == {"la/856/assistant-city-mayor-jobs-and-skills"}
