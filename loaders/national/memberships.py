"""GIAS group links: which schools are in which trust, sponsor or federation, since when.

Reads GIAS's ``alllinksdata`` (URN, Group UID, Joined date...). Each link is a
:class:`~loaders.records.Membership` (``org:Membership`` with ``schema:validFrom``
the joined date, and ``school org:memberOf group``): structural membership,
not an oversight relationship. A link to a group UID missing from the GIAS
groups file loaded in the same run is rejected as an unknown code; URNs are not
checked against the establishments file, whose snapshot date may differ.
"""

from __future__ import annotations

from collections.abc import Iterator

from loaders.national.base import Context, FoundTable, Inputs, NationalSource, documents, each_row
from loaders.national.specs import GIAS_GROUP_LINKS
from loaders.national.tables import BadRow, Row, RowLog, parse_date, parse_int
from loaders.records import Membership, Record

__all__ = ["SOURCE"]


def _rows(
    found: FoundTable, groups: set[int] | None, seen: set[tuple[int, int]], log: RowLog
) -> Iterator[Record]:
    def handle(row: Row) -> Iterator[Record]:
        urn = parse_int(row["urn"], "URN")
        uid = parse_int(row["uid"], "Group UID")
        if (urn, uid) in seen:
            log.skip("duplicate school-group link")
            return
        log.expected["school-group memberships"] += 1
        joined = parse_date(row["joined"], "Joined date")
        if groups is not None and uid not in groups:
            raise BadRow(f"unknown Group UID {uid} (not in the GIAS groups file)")
        seen.add((urn, uid))
        yield Membership(member=f"school/{urn}", organization=f"group/{uid}", valid_from=joined)

    return each_row(found, log, handle)


def _build(inputs: Inputs, context: Context, log: RowLog) -> Iterator[Record]:
    tables = inputs.of(GIAS_GROUP_LINKS.role)
    yield from documents(tables)
    seen: set[tuple[int, int]] = set()
    for found in tables:
        yield from _rows(found, context.group_uids, seen, log)


SOURCE = NationalSource(
    name="national-group-memberships",
    title="GIAS group links: schools in trusts, sponsors and federations",
    roles=(GIAS_GROUP_LINKS.role,),
    build=_build,
    needs_councils=False,
)
"""The GIAS group links source."""
