"""DfE statistical neighbours: the ten councils most like each council, ranked.

Reads DfE's "statistical neighbour groupings" (``LA number``, ``SN1``…``SN10``
by LA code, each followed by ``SNP``, how close) and, for councils those
groupings lack (Cumberland and Westmorland and Furness, created 2023), a
by-name table (``LA.Name``, ``LA.number``, ``SN1``…``SN10`` names). The
groupings also list the neighbours of councils abolished since 2019 ("Old
SNs"): those load too, against the former councils' IRIs.
"""

from __future__ import annotations

from collections.abc import Iterator

from loaders.national.base import Context, FoundTable, Inputs, NationalSource, documents, each_row
from loaders.national.councils import CouncilIndex, UnknownCouncil
from loaders.national.specs import SN_CODES, SN_NAMES
from loaders.national.tables import BadRow, Row, RowLog
from loaders.records import NeighbourLink, Record

__all__ = ["SOURCE"]

RANKS = range(1, 11)


def _closeness(row: Row, rank: int) -> str | None:
    position = row.index.get(f"sn{rank}")
    first = row.index.get("closeness")
    if position is None or first is None or first != row.index["sn1"] + 1:
        return None
    value = row.values[position + 1].strip() if position + 1 < len(row.values) else ""
    return value or None


def _rows(
    found: FoundTable, index: CouncilIndex, done: set[str], log: RowLog, *, by_name: bool
) -> Iterator[Record]:
    def handle(row: Row) -> Iterator[Record]:
        if not row["la"] and not any(row[f"sn{k}"] for k in RANKS):
            log.skip("section heading or blank row")
            return
        try:
            council = index.check_code(row["la"]) if row["la"] else None
            if council is None:
                raise BadRow("missing LA number")
            neighbours = []
            for rank in RANKS:
                value = row[f"sn{rank}"]
                if not value:
                    raise BadRow(f"missing SN{rank}")
                code = index.code_for_name(value) if by_name else index.check_code(value)
                neighbours.append(code)
        except UnknownCouncil as exc:
            raise BadRow(str(exc)) from None
        if council in done:
            log.skip("council already given by the DfE groupings")
            return
        done.add(council)
        for rank, code in zip(RANKS, neighbours, strict=True):
            yield NeighbourLink(
                council=f"la/{council}",
                neighbour=f"la/{code}",
                rank=rank,
                closeness=None if by_name else _closeness(row, rank),
            )

    return each_row(found, log, handle)


def _build(inputs: Inputs, context: Context, log: RowLog) -> Iterator[Record]:
    index = context.councils
    if index is None:  # pragma: no cover - the pipeline checks needs_councils
        return
    yield from documents(SOURCE.tables(inputs))
    done: set[str] = set()
    for found in inputs.of(SN_CODES.role):
        yield from _rows(found, index, done, log, by_name=False)
    for found in inputs.of(SN_NAMES.role):
        yield from _rows(found, index, done, log, by_name=True)
    current = {c.code for c in index.current()}
    log.expected["current councils with ten neighbours"] = len(current)
    log.expected["councils with neighbours"] = len(done)


SOURCE = NationalSource(
    name="national-neighbours",
    title="DfE statistical neighbours of each council",
    roles=(),
    optional_roles=(SN_CODES.role, SN_NAMES.role),
    build=_build,
)
"""The statistical neighbours source (either format is enough)."""
