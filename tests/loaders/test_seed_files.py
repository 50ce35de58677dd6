"""The seed folder itself: it parses, every sentence is verbatim, no contact details."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

from loaders.arrangements import contact_details, parse_arrangements
from loaders.bootstrap import SEED_DIR
from loaders.corpus import check_evidence

EXTRACT = "document/leicester-2015-07-22-cyps-item-education-and-childrens-services"
FULL = "document/leicester-2015-07-22-cyps-scrutiny-commission-minutes"


def test_the_seed_parses_with_every_kind_of_record() -> None:
    summary = parse_arrangements(SEED_DIR).summary()
    assert summary["documents"] == 5
    assert summary["relationships"] >= 80
    assert summary["evidence"] >= summary["relationships"]
    assert min(summary.values()) > 0


def test_every_evidence_sentence_is_verbatim_in_its_documents(corpus_dir: Path) -> None:
    records = parse_arrangements(SEED_DIR).records
    issues = check_evidence(records, corpus_dir)
    assert issues == [], "\n".join(map(str, issues))


def test_the_corpus_files_are_the_ones_curated(corpus_dir: Path) -> None:
    for doc in parse_arrangements(SEED_DIR).documents:
        assert doc.file_name and doc.sha256, doc.key
        digest = hashlib.sha256((corpus_dir / doc.file_name).read_bytes()).hexdigest()
        assert digest == doc.sha256, doc.key


def test_everything_stated_carries_evidence() -> None:
    arr = parse_arrangements(SEED_DIR)
    for record in (*arr.bodies, *arr.posts, *arr.holdings, *arr.relationships):
        assert record.evidence, record
    documents = {d.key: d for d in arr.documents}
    for rel in arr.relationships:
        for ev in rel.evidence:
            assert documents[ev.document].date and documents[ev.document].council


def test_people_are_named_as_their_evidence_prints_them() -> None:
    arr = parse_arrangements(SEED_DIR)
    names = {p.key: p.name for p in arr.people}
    for holding in arr.holdings:
        surname = names[holding.person].split()[-1]
        assert any(surname in ev.sentence for ev in holding.evidence), holding


def test_no_contact_details_anywhere_in_the_seed() -> None:
    for path in sorted(SEED_DIR.iterdir()):
        text = path.read_text(encoding="utf-8")
        assert contact_details(text) == [], path.name
        assert "@" not in text, path.name
        assert not re.search(r"\b0\d{3,4}\)?[ ]?\d{3}[ ]?\d{3,4}\b", text), path.name
        assert not re.search(r"(?i)\b(tel|phone|e-?mail)\s*:", text), path.name


def test_statements_of_the_extract_cite_the_full_minutes() -> None:
    arr = parse_arrangements(SEED_DIR)
    extract = next(d for d in arr.documents if d.key == EXTRACT)
    assert extract.extract_of == FULL
    cited = [
        ev
        for r in (*arr.bodies, *arr.posts, *arr.holdings, *arr.relationships)
        for ev in r.evidence
        if EXTRACT in (ev.document, *ev.also_in)
    ]
    assert cited
    only_in_extract = [ev for ev in cited if ev.document == EXTRACT]
    # only the agenda line, which the full minutes do not print, cites the extract itself
    assert [ev.sentence for ev in only_in_extract] == [
        "The Strategic Director Education and Children’s Services will provide an overview "
        "of the Council’s Education and Children services."
    ]
    assert all(ev.document == FULL for ev in cited if ev not in only_in_extract)


def test_the_csv_files_open_cleanly_in_a_spreadsheet() -> None:
    for path in sorted(SEED_DIR.glob("*.csv")):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw, path.name
        with path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.reader(stream))
        assert len({len(r) for r in rows}) == 1, path.name
