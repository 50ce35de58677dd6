"""The arrangements format on small fixture folders (tests/data/arrangements)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from pyoxigraph import Quad

from graph.store import Store, open_store
from loaders.arrangements import (
    FILES,
    ArrangementsError,
    contact_details,
    folder_sha256,
    infer_frequency,
    load_arrangements,
    parse_arrangements,
)
from loaders.records import Evidence
from ontology.identifiers import relationship_key

# --------------------------------------------------------------------------- good


def test_good_folder_parses_into_records(arrangements_dir: Path) -> None:
    arr = parse_arrangements(arrangements_dir / "good")
    assert arr.summary() == {
        "documents": 2,
        "bodies": 4,
        "posts": 2,
        "people": 1,
        "holdings": 1,
        "relationships": 4,
        "evidence": 5,
        "meetings": 3,
    }
    council = next(b for b in arr.bodies if b.key == "council/example")
    assert council.alt_names == ("Example", "The Council")
    assert council.identifiers == {"gssCode": "E06000999"}
    assert council.region == "region/E12000003"
    panel = next(b for b in arr.bodies if b.key == "council/example/old-panel")
    assert (panel.valid_from, panel.valid_until) == (date(2010, 1, 1), date(2019, 12, 31))
    assert panel.succeeded_by == "council/example/scrutiny"
    chair = next(p for p in arr.posts if p.key == "council/example/scrutiny/chair")
    assert (chair.kind, chair.post_in) == ("Chair", "council/example/scrutiny")
    extract = next(d for d in arr.documents if d.key == "document/example-extract")
    assert extract.extract_of == "document/example-minutes"
    assert extract.note == "One agenda item only."


def test_continuation_rows_add_evidence(arrangements_dir: Path) -> None:
    arr = parse_arrangements(arrangements_dir / "good")
    scrutiny = next(b for b in arr.bodies if b.key == "council/example/scrutiny")
    assert [e.locator for e in scrutiny.evidence] == ["item 1", "item 2"]
    assert scrutiny.evidence[1].also_in == ("document/example-extract",)
    (holding,) = arr.holdings
    assert holding.valid_from == date(2023, 5, 1)
    assert len(holding.evidence) == 2


def test_rows_with_an_empty_key_share_the_derived_key(arrangements_dir: Path) -> None:
    arr = parse_arrangements(arrangements_dir / "good")
    key = relationship_key(["council/example/scrutiny"], "scrutinises", ["council/example/dcs"])
    rel = next(r for r in arr.relationships if r.key == key)
    assert rel.stated_frequency == "termly"
    assert rel.observed_frequency == "bimonthly"  # three meeting dates about 8 weeks apart
    assert rel.evidence == (
        Evidence(
            document="document/example-minutes",
            sentence="The Committee holds the DCS to account, on a termly basis.",
            locator="item 2",
            also_in=("document/example-extract",),
        ),
        Evidence(
            document="document/example-minutes",
            sentence="The DCS reported to the Committee.",
            locator="item 3",
        ),
    )


def test_kind_labels_keys_and_other_cells(arrangements_dir: Path) -> None:
    arr = parse_arrangements(arrangements_dir / "good")
    by_key = {r.key: r for r in arr.relationships}
    call = by_key["relationship/example-dfe-call"]
    assert call.kind == "meetsWith"  # written "meets with"
    assert call.stated_frequency == "monthly"  # written "Monthly"
    assert call.targets == ("national/dfe", "rsc/east-midlands")
    assert call.confidence == pytest.approx(0.9)
    assert (call.valid_from, call.valid_until) == (date(2023, 9, 1), date(2024, 8, 31))
    hand_off = by_key["relationship/example-no-influence"]
    assert hand_off.handed_to == ("rsc/east-midlands",)
    assert hand_off.stated_frequency is None
    assert by_key["relationship/example-interest"].targets == ("school/100000",)


def test_friendly_headers_and_excel_bom(tmp_path: Path, arrangements_dir: Path) -> None:
    shutil.copytree(arrangements_dir / "good", tmp_path / "f")
    path = tmp_path / "f" / "meetings.csv"
    text = path.read_text(encoding="utf-8").replace(
        "body,date,document,locator", "Body,Date,Document,Locator"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert len(parse_arrangements(tmp_path / "f").meetings) == 3


def test_other_files_in_the_folder_are_ignored(tmp_path: Path, arrangements_dir: Path) -> None:
    shutil.copytree(arrangements_dir / "good", tmp_path / "f")
    (tmp_path / "f" / "minutes.pdf").write_bytes(b"%PDF-1.4")
    assert parse_arrangements(tmp_path / "f").summary()["relationships"] == 4


def test_every_column_is_documented() -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "arrangements.md").read_text()
    for spec in FILES:
        assert f"## {spec.name}" in guide
        for column in spec.columns:
            assert f"| `{column.name}` |" in guide, (spec.name, column.name)


def test_the_guides_template_is_a_valid_folder(tmp_path: Path) -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "arrangements.md").read_text()
    template = guide.split("## Template", 1)[1].split("# Reference", 1)[0]
    files = re.findall(r"`(\w+\.csv)`\n```\n(.*?)```", template, flags=re.S)
    assert [name for name, _ in files] == [spec.name for spec in FILES]
    for name, text in files:
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert parse_arrangements(tmp_path).summary()["relationships"] == 1


# --------------------------------------------------------------------------- bad


def _problems(folder: Path) -> list[str]:
    with pytest.raises(ArrangementsError) as caught:
        parse_arrangements(folder)
    lines = str(caught.value).splitlines()
    assert lines[0].endswith(f"refused: {len(caught.value.problems)} problem(s)")
    assert lines[1:] == [f"  {p}" for p in caught.value.problems]
    return [str(p) for p in caught.value.problems]


def test_bad_columns_are_all_reported(arrangements_dir: Path) -> None:
    problems = _problems(arrangements_dir / "bad-columns")
    assert problems[0].startswith("documents.csv:1: dated: unknown column (known: key, title")
    assert problems[1:] == [
        "bodies.csv:1: name: required column is missing",
        "relationships.csv:1: kind: column appears twice",
        "meetings.csv:1: (file): columns are separated by ';': use commas (CSV UTF-8)",
        "notes.csv:0: (file): unknown file (expected: documents.csv, bodies.csv, "
        "people.csv, relationships.csv, meetings.csv)",
    ]


def test_bad_cells_are_all_reported_with_file_line_and_field(arrangements_dir: Path) -> None:
    problems = _problems(arrangements_dir / "bad-cells")
    where = [p.split(": ", 2)[0] + ": " + p.split(": ", 2)[1] for p in problems]
    assert where == [
        "bodies.csv:2: identifiers",  # laCode '12'
        "bodies.csv:2: identifiers",  # postcode=
        "bodies.csv:3: key",  # 'Council Example/Scrutiny'
        "bodies.csv:4: kind",  # ImprovementBord
        "bodies.csv:4: valid_from",  # 2024-02-30
        "bodies.csv:5: valid_until",  # from after until
        "bodies.csv:6: part_of",  # a post with no body
        "bodies.csv:7: note",  # telephone number
        "bodies.csv:7: note",  # e-mail address
        "bodies.csv:8: evidence",  # document without sentence
        "bodies.csv:8: name",  # missing
        "bodies.csv:8: part_of",  # council/nowhere
        "people.csv:2: document",  # document/missing
        "people.csv:2: post",  # a body, not a post
        "relationships.csv:2: kind",  # oversees
        "relationships.csv:3: confidence",
        "relationships.csv:3: handed_to",
        "relationships.csv:3: observed_frequency",
        "relationships.csv:3: stated_frequency",
        "relationships.csv:3: valid_until",
        "relationships.csv:4: document",
        "relationships.csv:4: evidence",
        "relationships.csv:4: target",
        "meetings.csv:2: date",
        "meetings.csv:3: body",
    ]
    text = "\n".join(problems)
    for fragment in (
        "laCode '12' does not look like a real laCode",
        "unknown identifier 'postcode'",
        "malformed key 'Council Example/Scrutiny'",
        "unknown class 'ImprovementBord' (did you mean ImprovementBoard",
        "'2024-02-30' is not an ISO date",
        "validFrom 2024-05-01 is after validUntil 2024-01-31",
        "contains contact details ('0116 496 0123')",
        "contains contact details ('officer@example.org')",
        "unknown key council/nowhere",
        "unknown document document/missing",
        "council/example/forum is a body, not a post",
        "unknown relationship kind 'oversees'",
        "'1.5' is not a number in 0-1",
        "only a hasNoInfluenceOver row hands a role",
        "no meetings of council/example/forum in meetings.csv",
        "unknown frequency 'every blue moon'",
        "'05/03/2024' is not an ISO date",
        "council/example/dcs is a post, not a body",
    ):
        assert fragment in text


def test_duplicate_keys_with_conflicting_data(arrangements_dir: Path) -> None:
    assert _problems(arrangements_dir / "bad-duplicates") == [
        "bodies.csv:4: name: duplicate key council/example/scrutiny with conflicting data: "
        "'Childrens Scrutiny Committee' here, \"Children's Scrutiny Committee\" at bodies.csv:3",
        "bodies.csv:6: kind: duplicate key council/example/chair with conflicting data: "
        "'ScrutinyCommittee' here, 'Chair' at bodies.csv:5",
        "bodies.csv:7: key: document/example-minutes is already a document (documents.csv:2)",
        "people.csv:3: name: duplicate key council/example/person/jo with conflicting data: "
        "'Joanne Bloggs' here, 'Jo Bloggs' at people.csv:2",
        "relationships.csv:3: stated_frequency: duplicate key relationship/r1 with "
        "conflicting data: 'monthly' here, 'termly' at relationships.csv:2",
    ]


def test_a_file_that_is_not_utf8(arrangements_dir: Path) -> None:
    assert _problems(arrangements_dir / "bad-encoding") == [
        "documents.csv:2: (file): not UTF-8: save it as 'CSV UTF-8 (Comma delimited)'"
    ]


def test_empty_and_missing_folders(tmp_path: Path) -> None:
    assert _problems(tmp_path) == [f"{tmp_path.name}:0: (folder): no arrangements CSV files"]
    assert _problems(tmp_path / "nope") == ["nope:0: (folder): not a folder"]


def test_a_multi_line_cell_keeps_line_numbers(tmp_path: Path) -> None:
    (tmp_path / "bodies.csv").write_text(
        'key,kind,name,note\nla/380,LocalAuthority,Bradford,"two\nlines"\nla/380/x,Nope,X,\n'
    )
    assert _problems(tmp_path) == ["bodies.csv:4: kind: unknown class 'Nope'"]


def test_a_cell_with_extra_values_beyond_the_header(tmp_path: Path) -> None:
    (tmp_path / "meetings.csv").write_text("body,date\nla/380,2024-01-01,oops\n")
    assert _problems(tmp_path) == ["meetings.csv:2: (row): 3 cells but the header has 2 columns"]


# --------------------------------------------------------------------------- contact details


@pytest.mark.parametrize(
    "text",
    [
        "Phone: (01632) 960 123",
        "Tel: 024 7696 0123",
        "call 0116 4960123",
        "+44 116 496 0123",
        "E-mail: a.officer@example.org",
    ],
)
def test_contact_details_are_found(text: str) -> None:
    assert contact_details(text)


@pytest.mark.parametrize(
    "text",
    [
        "gssCode=E08000032",
        "URN 120017",
        "2017-06-27",
        "£1.5 million of grant monies",
        "laCode=380;registerCode=BRD",
        "Regulation 44 of the Children’s Homes (England) Act 2015",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ],
)
def test_codes_dates_and_checksums_are_not_contact_details(text: str) -> None:
    assert contact_details(text) == []


# --------------------------------------------------------------------------- frequency


def test_infer_frequency_from_meeting_dates() -> None:
    assert infer_frequency(date(2024, 1, 1 + 7 * i) for i in range(4)) == "weekly"
    assert infer_frequency([date(2024, m, 10) for m in range(1, 13)]) == "monthly"
    assert infer_frequency([date(2023, 1, 5), date(2023, 4, 5), date(2023, 7, 5)]) == "quarterly"
    termly = [date(2022, 10, 1), date(2023, 2, 1), date(2023, 6, 1), date(2023, 10, 1)]
    assert infer_frequency(termly) == "termly"
    assert infer_frequency([date(2020, 6, 1), date(2021, 6, 1), date(2022, 6, 1)]) == "annual"
    assert infer_frequency([date(2024, 1, 1), date(2024, 1, 1), date(2024, 2, 1)]) is None


# --------------------------------------------------------------------------- loading


def _dump(store: Store) -> set[Quad]:
    result = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {(r["s"], r["p"], r["o"], r["g"]) for r in result}  # type: ignore[index,union-attr,misc]


def test_load_writes_the_folder_as_one_source(arrangements_dir: Path) -> None:
    store = open_store(memory=True)
    seen: list[tuple[int, int]] = []
    report = load_arrangements(
        store, arrangements_dir / "good", name="example", progress=lambda d, t: seen.append((d, t))
    )
    info = report.source
    assert (info.name, info.loader, info.loader_version) == ("example", "loaders.arrangements", "1")
    assert info.sha256 == folder_sha256(arrangements_dir / "good")
    assert seen and seen[-1] == (report.triples, report.triples)
    ask = (
        "ASK { GRAPH <https://w3id.org/oversight/id/source/example> {"
        " <https://w3id.org/oversight/id/council/example/dcs>"
        " <https://w3id.org/oversight/def#meetsWith>"
        " <https://w3id.org/oversight/id/national/dfe> } }"
    )
    assert bool(store.query(ask))


@pytest.mark.parametrize("bad", ["bad-columns", "bad-cells", "bad-duplicates", "bad-encoding"])
def test_a_refused_load_leaves_the_store_as_it_was(arrangements_dir: Path, bad: str) -> None:
    store = open_store(memory=True)
    load_arrangements(store, arrangements_dir / "good", name="example")
    before, sources = _dump(store), store.sources()
    with pytest.raises(ArrangementsError):
        load_arrangements(store, arrangements_dir / bad, name="example")
    assert _dump(store) == before
    assert store.sources() == sources


def test_reloading_replaces_the_source(tmp_path: Path, arrangements_dir: Path) -> None:
    shutil.copytree(arrangements_dir / "good", tmp_path / "f")
    store = open_store(memory=True)
    first = load_arrangements(store, tmp_path / "f", name="example")
    (tmp_path / "f" / "relationships.csv").write_text(
        (tmp_path / "f" / "relationships.csv").read_text().splitlines()[0] + "\n"
    )
    second = load_arrangements(store, tmp_path / "f", name="example")
    assert second.replaced and second.triples < first.triples
    assert not bool(store.query("ASK { ?r a <https://w3id.org/oversight/def#Relationship> }"))
