"""Regions and regional oversight: the nine ONS regions and the DfE Regional Directors.

Since 2022 the DfE's Regions Group (successor of the Regional Schools
Commissioners) works in the nine ONS regions. For each region with councils
this source writes the region (``region/<ONS code>``), its Regional Director's
office (``rsc/<region slug>``, ``org:subOrganizationOf national/dfe``) and one
``monitors`` relationship from that office to every council in the region:
the Regional Director oversees councils' children's services improvement and
academy performance there, which is monitoring rather than formal scrutiny.

>>> rsc_key("Yorkshire and The Humber")
'rsc/yorkshire-and-the-humber'
"""

from __future__ import annotations

from collections.abc import Iterator

from loaders.national.base import Context, Inputs, NationalSource, documents
from loaders.national.specs import LA_CURRENT
from loaders.national.tables import RowLog
from loaders.records import Body, Evidence, Record, Relationship
from ontology.identifiers import relationship_key, slugify

__all__ = ["DFE", "SOURCE", "rsc_key"]

DFE = "national/dfe"


def rsc_key(region_name: str) -> str:
    """Key of the Regional Director (RSC) office of a region."""
    return "rsc/" + slugify(region_name)


def dfe_body() -> Body:
    """The Department for Education."""
    return Body(
        key=DFE,
        kind="GovernmentDepartment",
        name="Department for Education",
        alt_names=("DfE",),
    )


def _build(inputs: Inputs, context: Context, log: RowLog) -> Iterator[Record]:
    index = context.councils
    if index is None:  # pragma: no cover - the pipeline checks needs_councils
        return
    docs = list(documents(inputs.of(LA_CURRENT.role)))
    yield from docs
    yield dfe_body()
    current = index.current()
    codes = sorted({c.region_code for c in current if c.region_code})
    for code in codes:
        name = index.regions[code]
        yield Body(key=f"region/{code}", kind="Region", name=name, identifiers={"gssCode": code})
        yield Body(
            key=rsc_key(name),
            kind="RegionalSchoolsCommissioner",
            name=f"DfE Regional Director for {name}",
            alt_names=(f"Regional Schools Commissioner for {name}",),
            part_of=DFE,
            region=f"region/{code}",
        )
    for council in current:
        log.rows_read += 1
        if not council.region_code:
            log.skip("council without a region")
            continue
        region = index.regions[council.region_code]
        rsc = rsc_key(region)
        evidence: tuple[Evidence, ...] = ()
        if docs:
            evidence = (
                Evidence(
                    document=docs[0].key,
                    sentence=f"{council.label} (LA {council.code}) is in the {region} region.",
                    locator=council.where,
                ),
            )
        yield Relationship(
            key=relationship_key([rsc], "monitors", [council.key]),
            kind="monitors",
            actors=(rsc,),
            targets=(council.key,),
            evidence=evidence,
            note=f"The DfE Regional Director for {region} oversees {council.label}.",
        )
        log.loaded()
    log.files.extend(d.file_name or "" for d in docs)
    log.expected["regions"] = len(codes)
    log.expected["regional directors"] = len(codes)
    log.expected["councils monitored by a regional director"] = len(current)


SOURCE = NationalSource(
    name="national-regions",
    title="Regions and DfE Regional Directors (from dfeR's LA-region lookup)",
    roles=(LA_CURRENT.role,),
    build=_build,
)
"""The regions source."""
