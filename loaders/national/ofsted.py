"""Ofsted's judgements of each council's children's services (ILACS), since 2018.

Reads Ofsted's "local authority inspection outcomes" official statistics: the
``.ods`` workbook itself (every sheet whose header matches: latest judgements,
in-year activity, inspection history) or CSV copies of its sheets. Each
council inspected gets one relationship "Ofsted inspects <council>" (kind
``inspects``, actor ``national/ofsted``, target ``la/<code>``), carrying one
:class:`~loaders.records.Inspection` per inspection or visit, with dates,
judgements and report URL; the latest judged inspection is ``ov:latestInspection``.

Councils are found by GSS code first: Ofsted's report URLs of abolished councils
point at their successors (Bournemouth's 2018 report sits under 839), while the
area code still names the council inspected (E06000028, Bournemouth, 837).

>>> council_from_url("https://reports.ofsted.gov.uk/provider/44/380")
'380'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from loaders.national.base import Context, Inputs, NationalSource, document_key, documents
from loaders.national.councils import CouncilIndex, UnknownCouncil
from loaders.national.specs import JUDGEMENT_FIELDS, OFSTED_OUTCOMES
from loaders.national.tables import BadRow, Row, RowLog, parse_date, parse_url
from loaders.records import Body, Evidence, Inspection, Record, Relationship
from ontology.identifiers import relationship_key

__all__ = ["OFSTED", "SOURCE", "council_from_url", "ofsted_body"]

OFSTED = "national/ofsted"
_URL_CODE = re.compile(r"/provider/\d+/(\d{3})\b")
_NOT_INSPECTED = re.compile(r"not yet inspected", re.IGNORECASE)


def council_from_url(url: str) -> str | None:
    """The DfE LA code in an Ofsted report page URL."""
    match = _URL_CODE.search(url)
    return match[1] if match else None


def ofsted_body() -> Body:
    """Ofsted, the inspectorate."""
    return Body(
        key=OFSTED,
        kind="Inspectorate",
        name="Ofsted",
        alt_names=("Office for Standards in Education, Children's Services and Skills",),
    )


@dataclass
class _Visit:
    code: str
    start: date
    published: date | None = None
    kind: str | None = None
    judgements: dict[str, str] = field(default_factory=dict)
    url: str | None = None
    theme: str | None = None
    where: tuple[str, int] | None = None

    def merge(self, other: _Visit) -> None:
        self.published = self.published or other.published
        self.kind = self.kind or other.kind
        self.url = self.url or other.url
        self.theme = self.theme or other.theme
        for prop, grade in other.judgements.items():
            self.judgements.setdefault(prop, grade)


def _council(row: Row, index: CouncilIndex) -> str:
    try:
        if row["gss"]:
            return index.code_for_gss(row["gss"])
        code = row["dfe_code"] or council_from_url(row["url"]) or ""
        if not code:
            raise BadRow("missing Local authority area code")
        return index.check_code(code)
    except UnknownCouncil as exc:
        raise BadRow(str(exc)) from None


def _visit(row: Row, index: CouncilIndex) -> _Visit | None:
    if _NOT_INSPECTED.search(row["date"]):
        return None
    code = _council(row, index)
    start = parse_date(row["date"], "Inspection date")
    if start is None:
        raise BadRow("missing Inspection date")
    url = parse_url(row["url"], "Ofsted report URL")
    judgements = {prop: row[prop] for prop in JUDGEMENT_FIELDS if row[prop]}
    return _Visit(
        code=code,
        start=start,
        published=parse_date(row["published"], "Publication date"),
        kind=row["type"] or None,
        judgements=judgements,
        url=url,
        theme=row["theme"] or None,
        where=(row.file, row.line),
    )


def _build(inputs: Inputs, context: Context, log: RowLog) -> Iterator[Record]:
    index = context.councils
    if index is None:  # pragma: no cover - the pipeline checks needs_councils
        return
    tables = inputs.of(OFSTED_OUTCOMES.role)
    yield from documents(tables)
    yield ofsted_body()
    visits: dict[tuple[str, date], _Visit] = {}
    for found in tables:
        for row in found.rows(log):
            try:
                visit = _visit(row, index)
            except BadRow as exc:
                log.reject(row, str(exc))
                continue
            if visit is None:
                log.skip("not yet inspected")
                continue
            log.loaded()
            known = visits.get((visit.code, visit.start))
            if known is None:
                visits[(visit.code, visit.start)] = visit
            else:
                known.merge(visit)
    by_council: dict[str, list[_Visit]] = {}
    for visit in sorted(visits.values(), key=lambda v: (v.code, v.start)):
        by_council.setdefault(visit.code, []).append(visit)
    for code, council_visits in by_council.items():
        yield from _council_records(code, council_visits, index)
    log.expected["inspections and visits"] = len(visits)
    log.expected["councils inspected"] = len(by_council)
    log.expected["current councils with a latest judgement"] = len(index.current())


def _council_records(code: str, visits: list[_Visit], index: CouncilIndex) -> Iterator[Record]:
    target = f"la/{code}"
    rel = relationship_key([OFSTED], "inspects", [target])
    judged = [v for v in visits if "overallEffectiveness" in v.judgements]
    latest = judged[-1] if judged else None
    evidence: tuple[Evidence, ...] = ()
    if latest is not None and latest.where is not None:
        name = index.councils[code].label
        grade = latest.judgements["overallEffectiveness"]
        evidence = (
            Evidence(
                document=document_key(latest.where[0]),
                sentence=(
                    f"Ofsted judged the overall effectiveness of {name}'s children's services "
                    f"'{grade}' (inspection of {latest.start.isoformat()})."
                ),
                locator=f"{latest.where[0]} line {latest.where[1]}",
            ),
        )
    yield Relationship(
        key=rel,
        kind="inspects",
        actors=(OFSTED,),
        targets=(target,),
        valid_from=visits[0].start,
        evidence=evidence,
    )
    for visit in visits:
        where = visit.where
        yield Inspection(
            key=f"{target}/inspection/{visit.start.isoformat()}",
            relationship=rel,
            inspector=OFSTED,
            inspected=target,
            start_date=visit.start,
            inspection_type=visit.kind,
            publication_date=visit.published,
            judgements=visit.judgements,
            report_url=visit.url,
            latest=visit is latest,
            theme=visit.theme,
            document=document_key(where[0]) if where else None,
            locator=f"{where[0]} line {where[1]}" if where else None,
        )


SOURCE = NationalSource(
    name="national-ofsted",
    title="Ofsted inspections of local authority children's services (ILACS)",
    roles=(OFSTED_OUTCOMES.role,),
    build=_build,
)
"""The Ofsted ILACS source."""
