"""Evidence checking against document texts (loaders.corpus) on the fixture texts."""

from __future__ import annotations

import shutil
from pathlib import Path

from loaders.arrangements import parse_arrangements
from loaders.corpus import check_evidence, contains_sentence, normalise_text
from loaders.records import Document, Evidence, Relationship


def test_noise_is_removed_the_same_way_from_text_and_sentence() -> None:
    text = "<td><b>Name</b>\tFrances Craven</td>\n·\u00a0\u00a0 The DD’s\ncall **here**\n\\* \\*"
    assert normalise_text(text) == "Name Frances Craven The DD's call here *"
    assert contains_sentence(
        "- 3.2 The DCS and DD meet\nwith the RSC.", "The DCS and DD meet with the RSC."
    )
    assert not contains_sentence("The DCS and DD meet with the RSC.", "The DCS meets the RSC.")


def test_the_good_fixture_is_verbatim_in_its_texts(arrangements_dir: Path) -> None:
    records = parse_arrangements(arrangements_dir / "good").records
    assert check_evidence(records, arrangements_dir / "texts") == []


def test_a_paraphrase_is_reported(tmp_path: Path, arrangements_dir: Path) -> None:
    shutil.copytree(arrangements_dir / "good", tmp_path / "f")
    path = tmp_path / "f" / "relationships.csv"
    path.write_text(
        path.read_text().replace("The DCS reported to the Committee.", "The DCS reports.")
    )
    issues = check_evidence(parse_arrangements(tmp_path / "f").records, arrangements_dir / "texts")
    assert [(i.document, i.sentence, i.message) for i in issues] == [
        ("document/example-minutes", "The DCS reports.", "sentence not found")
    ]


def test_citing_an_extract_for_what_the_full_document_says_is_reported(
    arrangements_dir: Path,
) -> None:
    docs = parse_arrangements(arrangements_dir / "good").documents
    sentence = "The Committee holds the DCS to account, on a termly basis."
    rel = Relationship(
        key="relationship/x",
        kind="scrutinises",
        actors=("council/example/scrutiny",),
        targets=("council/example/dcs",),
        evidence=(Evidence(document="document/example-extract", sentence=sentence),),
    )
    (issue,) = check_evidence([*docs, rel], arrangements_dir / "texts")
    assert issue.document == "document/example-extract"
    assert "cite document/example-minutes and put document/example-extract in also_in" in str(issue)


def test_documents_without_a_text_are_skipped(tmp_path: Path) -> None:
    doc = Document(key="document/d", title="D", file_name="absent.txt")
    rel = Relationship(
        key="relationship/y",
        kind="funds",
        actors=("national/dfe",),
        targets=("la/380",),
        evidence=(Evidence(document="document/d", sentence="Anything."),),
    )
    assert check_evidence([doc, rel], tmp_path) == []
