"""Document 001: one agenda item of the Leicester meeting that 003 records in full.

Its statements must not be counted twice: each cites 003 with 001 in ``also_in``.
"""

from __future__ import annotations

EXTRACT = "document/leicester-2015-07-22-cyps-item-education-and-childrens-services"
FULL = "document/leicester-2015-07-22-cyps-scrutiny-commission-minutes"
ID = "https://w3id.org/oversight/id/"


def test_the_extract_is_recorded_as_an_extract_of_the_full_minutes(seed_rows) -> None:
    (row,) = seed_rows(f"""
        SELECT ?full ?date ?council ?file WHERE {{
          <{ID}{EXTRACT}> ov:extractOf ?full ; dcterms:date ?date ; ov:council ?council ;
              ov:fileName ?file }}""")
    assert row == {
        "full": ID + FULL,
        "date": "2015-07-22",
        "council": ID + "la/856",
        "file": "001_edd47935b5dbff91.txt",
    }


def test_no_relationship_rests_on_the_extract_alone(seed_rows) -> None:
    rows = seed_rows(f"""
        SELECT ?r WHERE {{
          ?r a ov:Relationship ; prov:wasDerivedFrom <{ID}{EXTRACT}> .
          FILTER NOT EXISTS {{ ?r prov:wasDerivedFrom <{ID}{FULL}> }} }}""")
    assert rows == []
    evidence = seed_rows(f"""
        SELECT ?e WHERE {{ ?e ov:document <{ID}{EXTRACT}> .
          FILTER NOT EXISTS {{ ?e ov:document <{ID}{FULL}> }} }}""")
    # only the agenda line naming the "Strategic Director Education and Children's Services",
    # which the full minutes do not print, rests on the extract alone (a post's evidence)
    assert len(evidence) == 1
    assert evidence[0]["e"].startswith(
        ID + "la/856/strategic-director-childrens-services/evidence/"
    )


def test_the_adult_skills_statement_is_one_relationship_with_one_evidence(find, seed_rows) -> None:
    found = [r for r in find() if any("Tourism Scrutiny Commission" in s for s in r.sentences)]
    assert len(found) == 1
    (rel,) = found
    assert rel.kind == "scrutinises"
    assert rel.actors == {"la/856/economic-development-transport-and-tourism-scrutiny-commission"}
    assert rel.targets == {"la/856/assistant-city-mayor-jobs-and-skills"}
    assert rel.evidence == {
        "Adult skills were part of the portfolio of the Assistant City Mayor with responsibility "
        "for Jobs and Skills and were scrutinised by the Economic Development, Transport and "
        "Tourism Scrutiny Commission;": {FULL, EXTRACT}
    }
    (row,) = seed_rows("""
        SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
          ?e ov:sentence ?s . FILTER(CONTAINS(?s, "Transport and Tourism Scrutiny Commission"))
          ?r a ov:Relationship ; ov:hasEvidence ?e }""")
    assert row["n"] == "1"


def test_every_statement_shared_with_003_is_counted_once(find) -> None:
    shared = [r for r in find() if EXTRACT in r.documents]
    assert len(shared) >= 2
    for rel in shared:
        for docs in rel.evidence.values():
            if EXTRACT in docs:
                assert FULL in docs, rel
    # the strategic partnership that discusses school performance: one relationship
    partnership = find(kind="monitors", actors={"la/856/schools-strategic-partnership"})
    assert len(partnership) == 1
    assert partnership[0].documents == {FULL, EXTRACT}


def test_what_only_the_extract_says_cites_the_extract(seed_rows) -> None:
    rows = seed_rows(f"""
        SELECT ?alt WHERE {{
          <{ID}la/856/strategic-director-childrens-services> skos:altLabel ?alt ;
              ov:hasEvidence ?e . ?e ov:document <{ID}{EXTRACT}> ; ov:sentence ?s .
          FILTER(CONTAINS(?s, "will provide an overview")) }}""")
    assert "Strategic Director Education and Children's Services" in {r["alt"] for r in rows}
