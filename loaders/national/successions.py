"""GIAS establishment links: predecessors and successors, so an old URN finds today's school.

Reads GIAS's ``links_edubasealldata`` (URN, LinkURN, LinkType,
LinkEstablishedDate). "Predecessor…" and "Successor…" links become
``old ov:succeededBy new`` (each pair once, whichever side states it); other
link types (sixth-form links, amalgamation notes, children's centre links)
are skipped and counted.

>>> succession("100", "200", "Successor - merged"), succession("100", "200", "Predecessor")
(('100', '200'), ('200', '100'))
>>> succession("100", "200", "Sixth Form Centre Link") is None
True
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from loaders.national.base import Context, FoundTable, Inputs, NationalSource, documents, each_row
from loaders.national.specs import GIAS_LINKS
from loaders.national.tables import BadRow, Row, RowLog, parse_date, parse_int
from loaders.records import Record, Succession

__all__ = ["SOURCE", "succession"]

_T = TypeVar("_T")


def succession(urn: _T, link: _T, link_type: str) -> tuple[_T, _T] | None:
    """``(predecessor, successor)`` stated by a link row, or ``None`` for other links."""
    kind = link_type.strip().casefold()
    if kind.startswith("predecessor"):
        return link, urn
    if kind.startswith("successor"):
        return urn, link
    return None


def _rows(found: FoundTable, seen: set[tuple[int, int]], log: RowLog) -> Iterator[Record]:
    def handle(row: Row) -> Iterator[Record]:
        urn = parse_int(row["urn"], "URN")
        link = parse_int(row["link_urn"], "LinkURN")
        if not row["link_type"]:
            raise BadRow("missing LinkType")
        established = parse_date(row["date"], "LinkEstablishedDate")
        pair = succession(urn, link, row["link_type"])
        if pair is None:
            log.skip("not a predecessor/successor link")
            return
        if urn == link:
            raise BadRow(f"URN {urn} is linked to itself")
        if pair in seen:
            log.skip("link already stated by the other school or an earlier file")
            return
        seen.add(pair)
        log.expected["predecessor-successor links"] += 1
        yield Succession(
            predecessor=f"school/{pair[0]}", successor=f"school/{pair[1]}", valid_from=established
        )

    return each_row(found, log, handle)


def _build(inputs: Inputs, context: Context, log: RowLog) -> Iterator[Record]:
    tables = inputs.of(GIAS_LINKS.role)
    yield from documents(tables)
    seen: set[tuple[int, int]] = set()
    for found in tables:
        yield from _rows(found, seen, log)


SOURCE = NationalSource(
    name="national-school-successions",
    title="GIAS links: predecessor and successor schools",
    roles=(GIAS_LINKS.role,),
    build=_build,
    needs_councils=False,
)
"""The GIAS links source."""
