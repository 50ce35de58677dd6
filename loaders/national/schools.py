"""GIAS establishments: every school (and children's centre) by URN.

Reads GIAS's ``edubasealldata`` / ``edubaseallchildrencentre`` downloads
(``LA (code)``, ``EstablishmentName``...) and the minimal gh-pages extract
(``urn``, ``name``, ``local_authority_name``...). A school's council is found by
LA code when the file has one, else by LA name (GIAS's "Pre-LGR 2019 Dorset"
names resolve to the former council). Establishments outside England's
councils (Welsh, offshore, overseas, "Does not apply") are loaded without a
council. The same URN in a later file is skipped: files are read in name order.

>>> establishment_kind("Children's centre linked site"), establishment_kind("Academy converter")
('ChildrensCentre', 'School')
"""

from __future__ import annotations

from collections.abc import Iterator

from loaders.national.base import Context, FoundTable, Inputs, NationalSource, documents, each_row
from loaders.national.councils import CouncilIndex, UnknownCouncil
from loaders.national.specs import GIAS_ESTABLISHMENTS
from loaders.national.tables import BadRow, Row, RowLog, parse_date, parse_int
from loaders.records import Body, Record

__all__ = ["SOURCE", "establishment_kind"]

_ATTRIBUTES = (("phase", "phase"), ("status", "status"), ("type", "establishmentType"))


def establishment_kind(type_name: str) -> str:
    """``ChildrensCentre`` for GIAS's children's centre types, else ``School``."""
    return "ChildrensCentre" if type_name.casefold().startswith("children's centre") else "School"


def _council(row: Row, index: CouncilIndex) -> str | None:
    code, name = row["la_code"], row["la_name"]
    try:
        if code:
            if index.is_outside_england(code=code):
                return None
            return "la/" + index.check_code(code)
        if not name:
            raise BadRow("missing LA (name)")
        if index.is_outside_england(name=name):
            return None
        return "la/" + index.code_for_name(name)
    except UnknownCouncil as exc:
        raise BadRow(str(exc)) from None


def _rows(found: FoundTable, index: CouncilIndex, seen: set[int], log: RowLog) -> Iterator[Record]:
    councils: dict[tuple[str, str], str | None] = {}

    def handle(row: Row) -> Iterator[Record]:
        kind = establishment_kind(row["type"])
        urn = parse_int(row["urn"], "URN")
        if urn in seen:
            log.skip("URN already loaded from an earlier file")
            return
        log.expected["children's centres" if kind == "ChildrensCentre" else "schools"] += 1
        if not row["name"]:
            raise BadRow("missing EstablishmentName")
        where = (row["la_code"], row["la_name"])
        council = councils[where] if where in councils else _council(row, index)
        councils[where] = council
        opened = parse_date(row["open"], "OpenDate")
        closed = parse_date(row["close"], "CloseDate")
        if opened and closed and closed < opened:
            raise BadRow(f"CloseDate {closed} is before OpenDate {opened}")
        seen.add(urn)
        attributes = {prop: row[field] for field, prop in _ATTRIBUTES if row[field]}
        yield Body(
            key=f"school/{urn}",
            kind=kind,
            name=row["name"],
            council=council,
            valid_from=opened,
            valid_until=closed,
            identifiers={"urn": str(urn)},
            attributes=attributes,
        )

    return each_row(found, log, handle)


def _build(inputs: Inputs, context: Context, log: RowLog) -> Iterator[Record]:
    index = context.councils
    if index is None:  # pragma: no cover - the pipeline checks needs_councils
        return
    tables = inputs.of(GIAS_ESTABLISHMENTS.role)
    yield from documents(tables)
    seen: set[int] = set()
    for found in tables:
        yield from _rows(found, index, seen, log)


SOURCE = NationalSource(
    name="national-schools",
    title="GIAS establishments: schools and children's centres",
    roles=(GIAS_ESTABLISHMENTS.role,),
    build=_build,
)
"""The GIAS establishments source."""
