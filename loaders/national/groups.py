"""GIAS groups: academy trusts, sponsors, federations and other groups of schools.

Reads GIAS's ``allgroupsdata`` (and the NEU re-write of it). Every group is
kept, open or closed: a closed group is end-dated (``schema:validThrough`` its
Closed Date), never dropped. Leaders' names in the file are not loaded.

>>> group_kind("Multi-academy trust", "6"), group_kind("", "10"), group_kind("Trust", "")
('MultiAcademyTrust', 'SingleAcademyTrust', 'FoundationTrust')
>>> companies_house("7953395.0"), companies_house("SC123456")
('07953395', 'SC123456')
"""

from __future__ import annotations

from collections.abc import Iterator

from loaders.national.base import Context, FoundTable, Inputs, NationalSource, documents, each_row
from loaders.national.specs import GIAS_GROUPS
from loaders.national.tables import BadRow, Row, RowLog, parse_date, parse_int
from loaders.records import Body, Record

__all__ = ["CATEGORIES", "SOURCE", "companies_house", "group_kind"]

_BY_NAME = {
    "multi-academy trust": "MultiAcademyTrust",
    "single-academy trust": "SingleAcademyTrust",
    "secure single-academy trust": "SingleAcademyTrust",
    "school sponsor": "SchoolSponsor",
    "federation": "Federation",
    "trust": "FoundationTrust",
    "umbrella trust": "UmbrellaTrust",
    "children's centres group": "ChildrensCentreGroup",
    "children's centres collaboration": "ChildrensCentreGroup",
}
_BY_CODE = {
    "1": "Federation",
    "2": "FoundationTrust",
    "5": "SchoolSponsor",
    "6": "MultiAcademyTrust",
    "7": "UmbrellaTrust",
    "8": "ChildrensCentreGroup",
    "9": "ChildrensCentreGroup",
    "10": "SingleAcademyTrust",
    "11": "SingleAcademyTrust",
}

CATEGORIES = {
    "MultiAcademyTrust": "multi-academy trusts",
    "SingleAcademyTrust": "single-academy trusts",
    "SchoolSponsor": "school sponsors",
    "Federation": "federations",
    "FoundationTrust": "foundation trusts",
    "UmbrellaTrust": "umbrella trusts",
    "ChildrensCentreGroup": "children's centre groups",
}
"""ov: class → the category name used in coverage."""


def group_kind(type_name: str, type_code: str) -> str | None:
    """The ``ov:`` class of a GIAS group type (by name, else by code)."""
    kind = _BY_NAME.get(type_name.strip().casefold().replace("’", "'"))
    return kind or _BY_CODE.get(type_code.strip().removesuffix(".0"))


def companies_house(text: str) -> str | None:
    """A Companies House number as registered: eight characters, zero-padded."""
    text = text.strip().removesuffix(".0")
    if not text:
        return None
    if text.isdigit():
        return text.zfill(8)
    if text.isalnum():
        return text.upper()
    raise BadRow(f"malformed Companies House Number {text!r}")


def _rows(found: FoundTable, seen: set[int], log: RowLog) -> Iterator[Record]:
    def handle(row: Row) -> Iterator[Record]:
        kind = group_kind(row["type"], row["type_code"])
        if kind is not None:
            log.expected[CATEGORIES[kind]] += 1
        uid = parse_int(row["uid"], "Group UID")
        if kind is None:
            raise BadRow(f"unknown Group Type {row['type']!r}")
        if not row["name"]:
            raise BadRow("missing Group Name")
        opened = parse_date(row["incorporated"], "Incorporated on (open date)") or parse_date(
            row["open"], "Open date"
        )
        closed = parse_date(row["closed"], "Closed Date")
        if opened and closed and closed < opened:
            raise BadRow(f"Closed Date {closed} is before the open date {opened}")
        if uid in seen:
            log.skip("duplicate Group UID")
            return
        seen.add(uid)
        identifiers = {"groupUid": str(uid)}
        if row["gid"]:
            identifiers["groupId"] = row["gid"]
        number = companies_house(row["companies_house"])
        if number:
            identifiers["companiesHouseNumber"] = number
        attributes = {"groupType": row["type"]} if row["type"] else {}
        if row["status"]:
            attributes["status"] = row["status"]
        yield Body(
            key=f"group/{uid}",
            kind=kind,
            name=row["name"],
            valid_from=opened,
            valid_until=closed,
            identifiers=identifiers,
            attributes=attributes,
        )

    return each_row(found, log, handle)


def _build(inputs: Inputs, context: Context, log: RowLog) -> Iterator[Record]:
    tables = inputs.of(GIAS_GROUPS.role)
    yield from documents(tables)
    seen: set[int] = set()
    for found in tables:
        yield from _rows(found, seen, log)
    context.group_uids = seen


SOURCE = NationalSource(
    name="national-groups",
    title="GIAS groups: academy trusts, sponsors, federations",
    roles=(GIAS_GROUPS.role,),
    build=_build,
    needs_councils=False,
)
"""The GIAS groups source."""
