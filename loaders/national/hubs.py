"""Teaching school hubs: each hub area, its lead school and the councils it serves.

Reads DfE's hub-area table (``tsh_area_code``, ``districts_served``,
``lead_school_urn``, ``teaching_school_hub_name``). A hub is keyed by its DfE
area code (``hub/ee1``): hub names are shared between areas (one brand can run
several hubs), area codes are not. Districts served are lower-tier districts;
each resolves to the council(s) whose area holds it (``ov:servesCouncil``),
through the dfeR geography or the ONS LTLA–UTLA lookup. A row naming a
district that matches no council is rejected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from loaders.national.base import Context, FoundTable, Inputs, NationalSource, documents, each_row
from loaders.national.councils import CouncilIndex, UnknownCouncil
from loaders.national.names import name_key
from loaders.national.specs import GEO_HIERARCHY, LTLA_UTLA, TSH_AREAS
from loaders.national.tables import BadRow, Row, RowLog, parse_int
from loaders.records import Body, Record

__all__ = ["SOURCE"]

_AREA = re.compile(r"^[A-Z]{1,3}\d{1,2}$")


def _region(index: CouncilIndex, name: str) -> str | None:
    wanted = name_key(name)
    for code, region in index.regions.items():
        if name_key(region) == wanted:
            return f"region/{code}"
    return None


def _rows(found: FoundTable, index: CouncilIndex, seen: set[str], log: RowLog) -> Iterator[Record]:
    def handle(row: Row) -> Iterator[Record]:
        log.expected["teaching school hubs"] += 1
        area = row["area"].upper()
        if not _AREA.match(area):
            raise BadRow(f"missing or malformed tsh_area_code {row['area']!r}")
        if not row["name"]:
            raise BadRow("missing teaching_school_hub_name")
        urn = parse_int(row["urn"], "lead_school_urn")
        districts = [d.strip() for d in row["districts"].split(";") if d.strip()]
        if not districts:
            raise BadRow("missing districts_served")
        councils: set[str] = set()
        for district in districts:
            try:
                councils |= index.councils_for_district(district)
            except UnknownCouncil as exc:
                raise BadRow(str(exc)) from None
        if area in seen:
            log.skip("duplicate hub area")
            return
        seen.add(area)
        region = _region(index, row["region"]) if row["region"] else None
        yield Body(
            key=f"hub/{area.lower()}",
            kind="TeachingSchoolHub",
            name=row["name"],
            region=region,
            attributes={"hubArea": area},
            links={
                "leadSchool": (f"school/{urn}",),
                "servesCouncil": tuple(f"la/{c}" for c in sorted(councils)),
            },
        )

    return each_row(found, log, handle)


def _build(inputs: Inputs, context: Context, log: RowLog) -> Iterator[Record]:
    index = context.councils
    if index is None:  # pragma: no cover - the pipeline checks needs_councils
        return
    tables = inputs.of(TSH_AREAS.role)
    yield from documents(tables)
    seen: set[str] = set()
    for found in tables:
        yield from _rows(found, index, seen, log)


SOURCE = NationalSource(
    name="national-hubs",
    title="Teaching school hubs (DfE hub areas)",
    roles=(TSH_AREAS.role,),
    optional_roles=(GEO_HIERARCHY.role, LTLA_UTLA.role),
    build=_build,
)
"""The teaching school hubs source."""
