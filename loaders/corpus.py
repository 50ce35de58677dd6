"""Check evidence sentences against the texts of their source documents.

Council documents come as extracted text with noise: HTML table fragments,
Markdown emphasis, bullet glyphs, non-breaking spaces, typographic quotes and
line breaks in mid-sentence. :func:`normalise_text` removes that noise the same
way from a document and from an evidence sentence, so "verbatim" can be checked
with a plain substring test.

>>> normalise_text("<b>Name</b>\\tFrances  Craven\\n· The DD’s   call")
"Name Frances Craven The DD's call"
>>> contains_sentence("- 3.2 The DCS and DD meet\\nwith the RSC.",
...                   "The DCS and DD meet with the RSC.")
True
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from loaders.records import Body, Document, Evidence, Holding, Post, Record, Relationship

__all__ = [
    "EvidenceIssue",
    "check_evidence",
    "contains_sentence",
    "normalise_text",
    "read_documents",
]

_TAG = re.compile(r"<[^>]{1,200}>")
_BULLET_LINE = re.compile(r"(?m)^[ \t\u00a0]*(?:[-*·§•\u2022\uf0b7\uf0a7]|\\\*)[ \t\u00a0]+")
_MARKUP = re.compile(r"(?m)\*\*|__|^#{1,6}[ \t]+|\\(?=[*_#])")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalise_text(text: str) -> str:
    """Text with markup noise removed and whitespace collapsed (see module doc).

    >>> normalise_text("**2. DECLARATIONS**\\n\\n- Councillor   Senior")
    '2. DECLARATIONS Councillor Senior'
    """
    text = html.unescape(_TAG.sub("", text)).translate(_QUOTES)
    text = _BULLET_LINE.sub("", text)
    text = _MARKUP.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def contains_sentence(text: str, sentence: str) -> bool:
    """True when *sentence* occurs in *text*, both normalised."""
    return normalise_text(sentence) in normalise_text(text)


@dataclass(frozen=True, slots=True)
class EvidenceIssue:
    """An evidence sentence that its document does not contain (or cites wrongly)."""

    subject: str
    document: str
    sentence: str
    message: str

    def __str__(self) -> str:
        short = self.sentence if len(self.sentence) <= 80 else self.sentence[:77] + "..."
        return f"{self.subject}: {self.document}: {self.message}: {short!r}"


def read_documents(documents: Iterable[Document], folder: str | Path) -> dict[str, str]:
    """Document key → normalised text, for every document whose ``file_name`` is in *folder*."""
    folder = Path(folder)
    texts: dict[str, str] = {}
    for doc in documents:
        if doc.file_name and (folder / doc.file_name).is_file():
            raw = (folder / doc.file_name).read_text(encoding="utf-8")
            texts[doc.key] = normalise_text(raw)
    return texts


def _evidence_of(record: Record) -> tuple[str, tuple[Evidence, ...]]:
    if isinstance(record, Relationship | Body | Post):
        return record.key, record.evidence
    if isinstance(record, Holding):
        return f"{record.person} holds {record.post}", record.evidence
    return "", ()


def check_evidence(records: Iterable[Record], folder: str | Path) -> list[EvidenceIssue]:
    """Every evidence sentence that is not verbatim in its documents.

    A sentence must occur in its ``document`` and in each ``also_in`` document.
    A sentence cited from an extract (``extract_of``) that the full document
    also contains must cite the full document, with the extract in ``also_in``:
    the same statement is never counted twice. Documents without a file in
    *folder* are skipped.
    """
    records = list(records)
    documents = {r.key: r for r in records if isinstance(r, Document)}
    texts = read_documents(documents.values(), folder)
    issues: list[EvidenceIssue] = []
    for record in records:
        subject, evidence = _evidence_of(record)
        for ev in evidence:
            wanted = normalise_text(ev.sentence)
            for doc in (ev.document, *ev.also_in):
                if doc in texts and wanted not in texts[doc]:
                    issues.append(EvidenceIssue(subject, doc, ev.sentence, "sentence not found"))
            issues.extend(_extract_issue(subject, ev, wanted, documents, texts))
    return issues


def _extract_issue(
    subject: str,
    ev: Evidence,
    wanted: str,
    documents: Mapping[str, Document],
    texts: Mapping[str, str],
) -> list[EvidenceIssue]:
    doc = documents.get(ev.document)
    full = doc.extract_of if doc else None
    if full and full in texts and wanted in texts[full]:
        return [
            EvidenceIssue(
                subject,
                ev.document,
                ev.sentence,
                f"an extract of {full}, which states the same: cite {full} and put "
                f"{ev.document} in also_in",
            )
        ]
    return []
