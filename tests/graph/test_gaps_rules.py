"""Every gap rule on a small graph built to trigger it and one built not to."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from graph.errors import ExpectationsError, InvalidQuery
from graph.examples import example_projection
from graph.gaps import RULES, Gap, gap_report, handoffs, load_expectations, run_rule
from graph.gaps.config import DEFAULT_PATH, parse_expectations
from graph.projection import Projection
from loaders.records import Body, Document, Evidence, Holding, Person, Post, Record, Relationship

DAY = date(2017, 7, 1)
DOC = "document/report-2017"
OLD = "document/report-2009"


def rel(
    key: str,
    kind: str,
    actors: str | tuple[str, ...],
    targets: str | tuple[str, ...],
    freq: str | None = "termly",
    doc: str = DOC,
    **extra: object,
) -> Relationship:
    return Relationship(
        key=f"relationship/{key}",
        kind=kind,
        actors=(actors,) if isinstance(actors, str) else actors,
        targets=(targets,) if isinstance(targets, str) else targets,
        stated_frequency=freq,
        evidence=(Evidence(document=doc, sentence=f"{key}."),),
        **extra,  # type: ignore[arg-type]
    )


COMMON: list[Record] = [
    Document(key=DOC, title="Report 2017", date=date(2017, 6, 27), council="la/380"),
    Document(key=OLD, title="Report 2009", date=date(2009, 3, 1), council="la/380"),
    Body(key="national/dfe", kind="GovernmentDepartment", name="DfE"),
    Body(key="la/380", kind="LocalAuthority", name="Bradford", identifiers={"laCode": "380"}),
    Body(key="rsc/r", kind="RegionalSchoolsCommissioner", name="RSC", part_of="national/dfe"),
    Post(
        key="la/380/dd",
        kind="DeputyDirector",
        title="Deputy Director",
        post_in="la/380",
        council="la/380",
    ),
    Body(key="group/1", kind="MultiAcademyTrust", name="Trust One", council="la/380"),
    Body(key="la/380/tsa", kind="TeachingSchoolAlliance", name="TSAs", council="la/380"),
    rel("dfe-la", "inspects", "national/dfe", "la/380", "annual"),
]


def project(*extra: Record) -> Projection:
    return example_projection([*COMMON, *extra])


def found(p: Projection, rule: str, **kwargs: object) -> list[Gap]:
    return run_rule(p, rule, as_of=kwargs.pop("as_of", DAY), **kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- unscrutinised


def test_unscrutinised_triggers_for_none_and_as_required() -> None:
    p = project(rel("dd-tsa", "scrutinises", "la/380/dd", "la/380/tsa", "asRequired"))
    gaps = {g.bodies[0]: g for g in found(p, "unscrutinised")}
    assert gaps["group/1"].severity == "high"
    assert gaps["la/380/tsa"].severity == "medium"
    assert "as required" in gaps["la/380/tsa"].title
    assert gaps["la/380/tsa"].relationships == ("relationship/dd-tsa",)
    assert gaps["la/380/tsa"].sources == (DOC,)
    assert gaps["la/380/tsa"].councils == ("la/380",)


def test_unscrutinised_quiet_when_someone_looks() -> None:
    p = project(
        rel("dd-tsa", "scrutinises", "la/380/dd", "la/380/tsa", "asRequired"),
        rel("rsc-tsa", "scrutinises", "rsc/r", ("la/380/tsa", "group/1"), "termly"),
    )
    assert found(p, "unscrutinised") == []


# --------------------------------------------------------------------------- infrequent


def test_infrequent_below_expectation() -> None:
    p = project(rel("rsc-dd", "meetsWith", "la/380/dd", "rsc/r", "annual"))
    [gap] = found(p, "infrequent")
    assert gap.details["expectation"] == "dcs-meets-rsc"
    assert gap.severity == "high" and gap.details["per_year"] == 1.0
    assert "3 meetings a year" in gap.explanation


def test_infrequent_quiet_when_frequent_enough() -> None:
    p = project(rel("rsc-dd", "meetsWith", "la/380/dd", "rsc/r", "halfTermly"))
    assert found(p, "infrequent") == []


def test_infrequent_uses_the_expectations_given() -> None:
    p = project(rel("rsc-dd", "meetsWith", "la/380/dd", "rsc/r", "halfTermly"))
    base = load_expectations()
    stricter = replace(
        base,
        expectations=tuple(
            replace(e, min_per_year=12) if e.name == "dcs-meets-rsc" else e
            for e in base.expectations
        ),
    )
    assert [g.details["min_per_year"] for g in found(p, "infrequent", expectations=stricter)] == [
        12
    ]


# --------------------------------------------------------------------------- uncovered hand-off

HANDOFF = rel(
    "no-influence",
    "hasNoInfluenceOver",
    "la/380",
    ("la/380/tsa", "group/1"),
    None,
    handed_to=("rsc/r",),
)


def test_uncovered_handoff_when_the_new_overseer_has_no_relationship() -> None:
    p = project(HANDOFF, rel("rsc-trust", "scrutinises", "rsc/r", "group/1", "unspecified"))
    [gap] = found(p, "uncovered-handoff")
    assert gap.severity == "high"
    assert gap.bodies[:2] == ("la/380/tsa", "rsc/r")
    assert gap.relationships == ("relationship/no-influence",)
    covered = {h.target: h.covered for h in handoffs(p.view(as_of=DAY))}
    assert covered == {"la/380/tsa": False, "group/1": True}


def test_handoff_covered_through_a_part_of_the_new_overseer() -> None:
    p = project(
        HANDOFF,
        Body(key="rsc/r/board", kind="HeadteacherBoard", name="Headteacher board", part_of="rsc/r"),
        rel("board-tsa", "monitors", "rsc/r/board", ("la/380/tsa", "group/1"), "termly"),
    )
    assert found(p, "uncovered-handoff") == []


def test_handoff_uncovered_again_when_the_relationship_has_ended() -> None:
    p = project(
        HANDOFF,
        rel(
            "rsc-all",
            "scrutinises",
            "rsc/r",
            ("la/380/tsa", "group/1"),
            valid_until=date(2016, 8, 31),
        ),
    )
    assert found(p, "uncovered-handoff", as_of=date(2016, 1, 1)) == []
    assert len(found(p, "uncovered-handoff")) == 2


# --------------------------------------------------------------------------- single overseer


def test_single_overseer() -> None:
    p = project(rel("rsc-trust", "scrutinises", "rsc/r", "group/1", "termly"))
    [gap] = [g for g in found(p, "single-overseer") if g.bodies[0] == "group/1"]
    assert gap.bodies == ("group/1", "rsc/r") and gap.severity == "medium"


def test_two_overseers_are_not_single() -> None:
    p = project(
        rel("rsc-trust", "scrutinises", "rsc/r", "group/1", "termly"),
        rel("dd-trust", "meetsWith", "la/380/dd", "group/1", "termly"),
    )
    assert [g for g in found(p, "single-overseer") if "group/1" in g.bodies] == []


# ------------------------------------------------------------------ single point of failure


def test_single_point_of_failure() -> None:
    p = project(
        Body(key="group/2", kind="MultiAcademyTrust", name="Trust Two"),
        rel("rsc-trusts", "scrutinises", "rsc/r", ("group/1", "group/2"), "termly"),
    )
    [gap] = found(p, "single-point-of-failure")
    assert gap.bodies == ("rsc/r", "group/1", "group/2")
    assert gap.details["dependants"] == 2
    assert gap.relationships == ("relationship/rsc-trusts",)


def test_no_single_point_of_failure_with_two_routes() -> None:
    p = project(
        rel("rsc-trust", "scrutinises", "rsc/r", "group/1", "termly"),
        rel("la-trust", "meetsWith", "la/380", "group/1", "termly"),
    )
    assert found(p, "single-point-of-failure") == []


# --------------------------------------------------------------------------- stale evidence


def test_stale_evidence_groups_arrangements_by_their_newest_source() -> None:
    p = project(
        rel("old-1", "scrutinises", "rsc/r", "group/1", doc=OLD),
        rel("old-2", "meetsWith", "la/380/dd", "group/1", doc=OLD),
        rel("fresh", "scrutinises", "la/380/dd", "la/380/tsa"),
    )
    [gap] = found(p, "stale-evidence")
    assert gap.sources == (OLD,)
    assert set(gap.relationships) == {"relationship/old-1", "relationship/old-2"}
    assert gap.details["age_years"] == 8.3
    assert gap.severity == "medium"  # more than twice the three years of the expectations


def test_evidence_is_not_stale_when_recent_or_renewed() -> None:
    p = project(
        Relationship(
            key="relationship/renewed",
            kind="scrutinises",
            actors=("rsc/r",),
            targets=("group/1",),
            stated_frequency="termly",
            evidence=(
                Evidence(document=OLD, sentence="Old."),
                Evidence(document=DOC, sentence="New."),
            ),
        ),
    )
    assert found(p, "stale-evidence") == []
    # judged on a date before the old report's successor, nothing is stale either
    assert found(p, "stale-evidence", as_of=date(2010, 1, 1)) == []


# --------------------------------------------------------------------------- conflict of interest

MEMBER: list[Record] = [
    Body(key="la/380/scrutiny", kind="ScrutinyCommittee", name="Scrutiny", part_of="la/380"),
    Post(
        key="la/380/scrutiny/member",
        kind="CommitteeMember",
        title="Member",
        post_in="la/380/scrutiny",
    ),
    Person(key="la/380/person/cllr-x", name="Councillor X"),
    Holding(person="la/380/person/cllr-x", post="la/380/scrutiny/member"),
    Body(key="school/5", kind="School", name="School Five", part_of="group/1"),
    rel("interest", "declaredInterestIn", "la/380/person/cllr-x", "school/5", None),
]


def test_conflict_of_interest_within_a_short_chain() -> None:
    p = project(*MEMBER, rel("scrutiny-trust", "scrutinises", "la/380/scrutiny", "group/1"))
    [gap] = found(p, "conflict-of-interest")
    assert gap.severity == "medium"
    assert gap.details["route"] == ["la/380/scrutiny", "group/1", "school/5"]
    assert gap.bodies == ("la/380/person/cllr-x", "school/5", "la/380/scrutiny")
    assert "relationship/interest" in gap.relationships


def test_conflict_of_interest_direct_and_through_attendance() -> None:
    p = project(
        *MEMBER,
        Person(key="la/380/person/cllr-y", name="Councillor Y"),
        rel("y-attends", "attends", "la/380/person/cllr-y", "la/380/scrutiny", "bimonthly"),
        rel("y-interest", "declaredInterestIn", "la/380/person/cllr-y", "group/1", None),
        rel("scrutiny-trust", "scrutinises", "la/380/scrutiny", "group/1"),
    )
    gaps = {g.bodies[0]: g for g in found(p, "conflict-of-interest")}
    assert gaps["la/380/person/cllr-y"].severity == "high"
    assert "relationship/y-attends" in gaps["la/380/person/cllr-y"].relationships


def test_no_conflict_when_the_committee_does_not_oversee_the_interest() -> None:
    p = project(*MEMBER, rel("scrutiny-dd", "scrutinises", "la/380/scrutiny", "la/380/dd"))
    assert found(p, "conflict-of-interest") == []
    # too far: the committee reaches the school in three steps, the limit is two
    far = project(
        *MEMBER,
        rel("scrutiny-dd", "scrutinises", "la/380/scrutiny", "la/380/dd"),
        rel("dd-trust", "meetsWith", "la/380/dd", "group/1"),
    )
    assert found(far, "conflict-of-interest") == []


# --------------------------------------------------------------------------- mutual oversight


def test_mutual_oversight() -> None:
    p = project(
        Body(key="la/380/board", kind="ImprovementBoard", name="Board", council="la/380"),
        rel("dd-reports", "reportsTo", "la/380/dd", "la/380/board", "monthly"),
        rel("dd-member", "memberOf", "la/380/dd", "la/380/board", "monthly"),
    )
    [gap] = found(p, "mutual-oversight")
    assert gap.bodies == ("la/380/board", "la/380/dd")
    assert "Deputy Director reports to Board" in gap.explanation
    assert "Deputy Director is a member of Board" in gap.explanation


def test_meetings_are_not_mutual_oversight() -> None:
    p = project(rel("m", "meetsWith", "la/380/dd", "rsc/r", "termly"))
    assert found(p, "mutual-oversight") == []


# --------------------------------------------------------------------------- missing arrangement


def test_missing_arrangements_for_a_documented_council() -> None:
    p = project(rel("rsc-dd", "meetsWith", "la/380/dd", "rsc/r", "termly"))
    missing = {g.details["arrangement"] for g in found(p, "missing-arrangement")}
    assert "rsc-meetings" not in missing
    assert {"scrutiny-committee", "trust-meetings", "diocese-meetings"} <= missing


def test_no_missing_arrangements_without_the_councils_documents() -> None:
    other = [r for r in COMMON if not isinstance(r, Relationship)]
    p = example_projection(
        [*other, rel("rsc-dd", "meetsWith", "la/380/dd", "rsc/r", "termly", doc="document/x")]
    )
    assert found(p, "missing-arrangement") == []


# --------------------------------------------------------------------------- report and config


def test_report_filters_and_counts() -> None:
    p = project(HANDOFF, rel("dd-tsa", "scrutinises", "la/380/dd", "la/380/tsa", "asRequired"))
    everything = gap_report(p, as_of=DAY)
    assert set(everything.counts) == set(RULES)
    assert sum(everything.counts.values()) == len(everything.gaps)
    order = {"high": 0, "medium": 1, "low": 2}
    assert [order[g.severity] for g in everything.gaps] == sorted(
        order[g.severity] for g in everything.gaps
    )
    high = gap_report(p, as_of=DAY, min_severity="high")
    assert high.gaps and {g.severity for g in high.gaps} == {"high"}
    only = gap_report(p, as_of=DAY, rules=["uncovered-handoff"])
    assert {g.rule for g in only.gaps} == {"uncovered-handoff"}
    assert gap_report(p, as_of=DAY, council="la/999").gaps == ()
    again = gap_report(project(HANDOFF), as_of=DAY, rules=["uncovered-handoff"])
    assert [g.id for g in again.gaps] == [g.id for g in only.gaps]  # stable ids


def test_report_refuses_unknown_rules_and_severities() -> None:
    p = project()
    with pytest.raises(InvalidQuery, match="unknown gap rule 'nope'"):
        gap_report(p, rules=["nope"])
    with pytest.raises(InvalidQuery, match="unknown severity"):
        gap_report(p, min_severity="urgent")


def test_every_rule_explains_itself() -> None:
    for rule in RULES.values():
        assert rule.description.endswith(".") and len(rule.description) > 40
        assert rule.severity in ("high", "medium", "low")


def test_bundled_expectations_are_valid_and_documented() -> None:
    exp = load_expectations()
    assert exp.source == str(DEFAULT_PATH)
    assert {e.name for e in exp.expectations} >= {"dcs-meets-rsc", "improvement-board"}
    assert all(e.why for e in exp.expectations)
    text = DEFAULT_PATH.read_text()
    assert text.count("\n#") > 20  # a commented, readable file


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[general]\nstale_after_years = -1\n", ":2: [general]: field 'stale_after_years'"),
        (
            "[[expectation]]\nname = 'x'\ntitle = 't'\noverseer = ['Nope']\n",
            ":4: [[expectation]] 'x': field 'overseer' names an unknown class 'Nope'",
        ),
        (
            "[[expectation]]\nname = 'x'\ntitle = 't'\noverseer = ['Body']\noverseen = ['Body']\n"
            "kinds = ['likes']\n",
            ":6: [[expectation]] 'x': field 'kinds' names an unknown kind",
        ),
        (
            "[[expectation]]\nname = 'x'\ntitle = 't'\noverseer = ['Body']\noverseen = ['Body']\n"
            "kinds = ['monitors']\nmin_per_year = 'termly'\n",
            ":7: [[expectation]] 'x': field 'min_per_year' must be a number",
        ),
        ("[[arrangement]]\nname = 'a'\ntitle = 't'\n", "needs has_body or relates_to"),
        ("[[arrangement]]\ntitle = 't'\nhas_body = ['Body']\n", "[[arrangement]] #1: field 'name'"),
        ("[general\n", "not valid TOML"),
    ],
)
def test_bad_expectations_name_file_line_and_field(text: str, message: str) -> None:
    full = text + (
        ""
        if "[unscrutinised]" in text
        else "\n[unscrutinised]\nclasses = ['Body']\nkinds = ['scrutinises']\n"
    )
    with pytest.raises(ExpectationsError) as caught:
        parse_expectations(full, source="bad.toml")
    assert str(caught.value).startswith("bad.toml")
    assert message in str(caught.value)


def test_load_expectations_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        DEFAULT_PATH.read_text().replace("stale_after_years = 3", "stale_after_years = 30")
    )
    assert load_expectations(path).stale_after_years == 30
    p = project(rel("old", "scrutinises", "rsc/r", "group/1", doc=OLD))
    assert run_rule(p, "stale-evidence", as_of=DAY, expectations=load_expectations(path)) == []
