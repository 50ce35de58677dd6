"""Document 002: an unnamed council's Children Improvement Plan progress (about 2021)."""

from __future__ import annotations

DOC = "document/unnamed-council-2021-children-improvement-plan-progress"
ID = "https://w3id.org/oversight/id/"
UN = "council/unnamed-council-2021"
BOARD = UN + "/improvement-board"
COMMITTEE = UN + "/children-and-young-people-scrutiny-committee"
DIRECTOR = UN + "/director-for-children-and-families"


def only(found):
    assert len(found) == 1, found
    return found[0]


def test_the_unnamed_council_and_the_estimated_date(seed_rows) -> None:
    (council,) = seed_rows(f"""
        SELECT ?label ?note WHERE {{ <{ID}{UN}> a ov:LocalAuthority ; rdfs:label ?label ;
                                    rdfs:comment ?note }}""")
    assert "Unnamed council" in council["label"]
    assert "do not name the council" in council["note"]
    (doc,) = seed_rows(f"""
        SELECT ?date ?council ?note WHERE {{ <{ID}{DOC}> dcterms:date ?date ;
            ov:council ?council ; rdfs:comment ?note }}""")
    assert doc["date"].startswith("2021-11")
    assert doc["council"] == ID + UN
    assert "estimated" in doc["note"] and "28 October" in doc["note"]


def test_the_dfe_notice_review_and_grant(find) -> None:
    notice = only(find(kind="issuesNoticeTo", actors={"national/dfe"}, targets={UN}))
    assert notice.valid_from == "2021-05-01"
    assert "The notice would be kept in place until the next Ofsted inspection." in notice.sentences
    assert "until the next Ofsted inspection" in (notice.note or "")
    review = only(find(kind="scrutinises", actors={"national/dfe"}, targets={UN}))
    assert review.stated == "sixMonthly"
    assert any("six month review of the non-statutory notice" in s for s in review.sentences)
    grant = only(find(kind="funds", actors={"national/dfe"}, targets={UN}))
    assert any(s.startswith("£1.5 million of grant monies") for s in grant.sentences)
    assert only(find(kind="inspects", actors={"national/ofsted"}, targets={UN}))


def test_monthly_reports_to_the_improvement_board(find, seed_rows) -> None:
    director = only(find(kind="reportsTo", actors={DIRECTOR}, targets={BOARD}))
    assert director.stated == "monthly"
    assert director.sentences == {
        "Each month the Director would present an update to the Board which would be a "
        "progress and exception report."
    }
    ad = only(find(kind="reportsTo", actors={UN + "/assistant-director-childrens-social-care"}))
    assert (ad.targets, ad.stated) == ({BOARD}, "monthly")
    staff = only(find(kind="reportsTo", actors={UN + "/staff-reference-group"}))
    assert (staff.targets, staff.stated) == ({BOARD}, "unspecified")
    (chair,) = seed_rows(f"""
        SELECT ?name WHERE {{ ?p org:holds <{ID}{BOARD}/chair> ; foaf:name ?name }}""")
    assert chair["name"] == "Ms Rhodes-White"


def test_scrutiny_attends_the_board_and_holds_officers_to_account(find) -> None:
    attend = only(find(kind="attends", targets={BOARD}))
    assert attend.actors == {COMMITTEE + "/chair", COMMITTEE + "/vice-chair"}
    assert "at least the next two meetings" in (attend.note or "").lower()
    account = only(find(kind="scrutinises", actors={COMMITTEE}, targets={DIRECTOR}))
    assert any("holding officers to account" in s for s in account.sentences)
    cabinet = only(find(kind="scrutinises", actors={COMMITTEE}, targets={UN + "/cabinet"}))
    council = only(find(kind="reportsTo", actors={COMMITTEE}, targets={UN + "/full-council"}))
    assert cabinet.sentences == council.sentences
    assert any("recommendations to Cabinet and full Council" in s for s in cabinet.sentences)
    endorsed = only(find(kind="scrutinises", actors={UN + "/cabinet"}, targets={DIRECTOR}))
    assert any("endorsed by Cabinet on 28 October" in s for s in endorsed.sentences)
    lga = only(find(kind="meetsWith", actors={"national/lga"}, targets={COMMITTEE}))
    assert lga.documents == {DOC}
