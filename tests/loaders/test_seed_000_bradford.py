"""Document 000: Bradford's plan for scrutiny of external school-improvement bodies (2017)."""

from __future__ import annotations

DOC = "document/bradford-2017-06-27-gac-school-improvement-scrutiny"
LA = "la/380"
DCS = "la/380/strategic-director-of-childrens-services"
DD = "la/380/deputy-director-childrens-services"
EISB = "la/380/education-improvement-strategy-board"
RSC = "rsc/lancashire-and-west-yorkshire"
INSPECTOR = "national/ofsted/regional-inspector-north-east-yorkshire-and-the-humber"
DFE_REP = "national/dfe/representative-bradford"
TSAS = "la/380/teaching-school-alliances"
MATS = "la/380/multi-academy-trusts"


def only(found):
    assert len(found) == 1, found
    return found[0]


def test_the_document_with_its_date_and_council(seed_rows) -> None:
    (row,) = seed_rows(f"""
        SELECT ?date ?council ?file WHERE {{
          <https://w3id.org/oversight/id/{DOC}> a ov:SourceDocument ; dcterms:date ?date ;
              ov:council ?council ; ov:fileName ?file }}""")
    assert row["date"] == "2017-06-27"
    assert row["council"].endswith("/id/la/380")
    assert row["file"] == "000_d4e04ef4cb128a1e.txt"


def test_termly_meetings_with_the_rsc_and_the_regional_ofsted_inspector(find) -> None:
    rel = only(find(kind="meetsWith", actors={DCS, DD}, targets={INSPECTOR, RSC}))
    assert rel.stated == "termly"
    assert rel.evidence == {
        "The DCS and DD meet with the regional Ofsted inspector and the RSC on a termly basis "
        "to discuss concerns and successes and the strategies in place for school improvement.": {
            DOC
        }
    }


def test_a_meeting_is_seen_from_every_party(seed_rows) -> None:
    rows = seed_rows(f"""
        SELECT ?party WHERE {{
          <https://w3id.org/oversight/id/{RSC}> ov:meetsWith ?party }}""")
    parties = {r["party"].rsplit("/id/", 1)[1] for r in rows}
    assert {DCS, DD} <= parties


def test_half_termly_eisb_with_the_rsc_as_member(find) -> None:
    member = only(find(kind="memberOf", actors={RSC}, targets={EISB}))
    assert member.stated == "halfTermly"
    assert any("is a member of the EISB" in s for s in member.sentences)
    presents = only(find(kind="reportsTo", actors={DCS, DD}, targets={EISB}))
    assert presents.stated == "halfTermly"
    assert any("half-termly Education Improvement Strategy Board" in s for s in presents.sentences)


def test_the_eisb_questions_the_la_the_tsas_and_the_mats(find, seed_rows) -> None:
    rel = only(find(kind="scrutinises", actors={EISB}))
    assert rel.targets == {LA, TSAS, MATS}
    assert rel.stated == "halfTermly"
    assert any(
        s.startswith("Members of the Board asked searching questions") for s in rel.sentences
    )
    overseen = seed_rows(f"""
        SELECT ?x WHERE {{ ?r ov:overseer <https://w3id.org/oversight/id/{EISB}> ;
                               ov:overseen ?x }}""")
    assert {r["x"].rsplit("/id/", 1)[1] for r in overseen} >= {LA, TSAS, MATS}


def test_the_monthly_call_with_the_dfe_representative(find, seed_rows) -> None:
    rel = only(find(kind="meetsWith", actors={DD}, targets={DFE_REP}))
    assert rel.stated == "monthly"
    assert rel.sentences == {
        "The DD has a monthly telephone conversation with the DFE representative about the "
        "progress of the LA maintained schools and academies causing concerns.."
    }
    assert seed_rows(f"""
        SELECT ?b WHERE {{ <https://w3id.org/oversight/id/{DFE_REP}> org:postIn ?b }}""") == [
        {"b": "https://w3id.org/oversight/id/national/dfe"}
    ]


def test_the_no_influence_hand_off_to_the_rsc(find, seed_rows) -> None:
    sentence = (
        "It is important to note that the LA has no influence on the quality of the school "
        "improvement support brokered and delivered by the TSAs and MATs. This scrutiny role "
        "is undertaken by the RSC"
    )
    hand_off = only(find(kind="hasNoInfluenceOver", actors={LA}))
    assert hand_off.targets == {TSAS, MATS}
    assert hand_off.handed_to == {RSC}
    assert hand_off.sentences == {sentence}
    rsc = only(find(kind="scrutinises", actors={RSC}))
    assert rsc.targets == {TSAS, MATS}
    assert rsc.stated == "unspecified"
    assert rsc.sentences == {sentence}
    # a "no influence" statement is never a route of oversight
    assert (
        seed_rows("""
        SELECT ?r WHERE { ?r ov:kind kind:hasNoInfluenceOver ;
                              ov:overseer|ov:overseen|ov:party ?x }""")
        == []
    )


def test_the_tsas_only_la_oversight_is_as_and_when_required(find, seed_rows) -> None:
    challenge = only(find(kind="scrutinises", actor=DD, target=TSAS))
    assert challenge.actors == {DD, "la/380/deputy-directors-management-team"}
    assert challenge.stated == "asRequired"
    officers = seed_rows(f"""
        SELECT DISTINCT ?r ?f WHERE {{
          ?r ov:overseen <https://w3id.org/oversight/id/{TSAS}> ; ov:overseer ?o ;
             ov:statedFrequency ?f .
          ?o org:postIn <https://w3id.org/oversight/id/{LA}> }}""")
    assert [r["f"].rsplit("/", 1)[1] for r in officers] == ["asRequired"]


def test_termly_meetings_with_mat_ceos_and_diocesan_representatives(find) -> None:
    ceos = only(
        find(
            kind="meetsWith",
            actors={DD},
            targets={"la/380/multi-academy-trusts/chief-executive-officers"},
        )
    )
    assert ceos.stated == "termly"
    dioceses = only(find(kind="meetsWith", actors={DD, "la/380/primary-strategy-manager"}))
    assert dioceses.targets == {"la/380/dioceses/diocesan-representatives"}
    assert dioceses.stated == "termly"


def test_regional_dcs_group_lead_member_inspections_and_audit_committee(find) -> None:
    group = "region/E12000003/regional-dcs-group"
    assert only(find(kind="memberOf", actors={LA}, targets={group})).stated == "annual"
    peer = only(find(kind="scrutinises", actors={group}, targets={LA}))
    assert peer.stated == "annual" and len(peer.sentences) == 2
    lmcs = only(find(kind="scrutinises", actors={"la/380/lead-member-for-childrens-services"}))
    assert lmcs.targets == {DCS}
    assert any("support and challenge to the SDCS" in s for s in lmcs.sentences)
    assert only(find(kind="inspects", actors={"la/380/inspection-regimes"}, targets={LA}))
    gac = only(
        find(kind="reportsTo", actors={DCS}, targets={"la/380/governance-and-audit-committee"})
    )
    assert len(gac.sentences) == 2
    assert (
        only(find(kind="monitors", actors={"la/380/key-strategic-partnerships"})).stated
        == "unspecified"
    )


def test_structure_posts_people_and_the_two_lead_members(seed_rows) -> None:
    def parent(k: str, prop: str) -> str:
        (row,) = seed_rows(f"SELECT ?p WHERE {{ <https://w3id.org/oversight/id/{k}> {prop} ?p }}")
        return row["p"].rsplit("/id/", 1)[1]

    assert parent(EISB, "org:subOrganizationOf") == LA
    assert parent("la/380/governance-and-audit-committee", "org:subOrganizationOf") == LA
    assert parent(RSC, "org:subOrganizationOf") == "national/dfe"
    assert parent(DD, "org:postIn") == LA
    holders = seed_rows("""
        SELECT ?name ?post WHERE { ?p foaf:name ?name ; org:holds ?post .
          FILTER(STRSTARTS(STR(?p), "https://w3id.org/oversight/id/la/380/")) }""")
    assert {(r["name"], r["post"].rsplit("/id/", 1)[1]) for r in holders} == {
        ("Michael Jameson", DCS),
        ("Judith Kirk", DD),
    }
    lead_members = seed_rows("""
        SELECT ?label WHERE { ?p a ov:LeadMember ; rdfs:label ?label ;
          org:postIn <https://w3id.org/oversight/id/la/380> }""")
    assert {r["label"] for r in lead_members} >= {
        "Lead Member for Education, Employment and Skills",
        "Lead Member for Health and Well Being",
    }


def test_no_contact_details_reach_the_store(seed_rows) -> None:
    assert (
        seed_rows("""
        SELECT ?o WHERE { GRAPH <https://w3id.org/oversight/id/source/seed> { ?s ?p ?o }
          FILTER(isLiteral(?o) &&
          (CONTAINS(STR(?o), "@") || CONTAINS(STR(?o), "01274") || CONTAINS(STR(?o), "7683"))) }""")
        == []
    )
