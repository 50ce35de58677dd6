"""DfE statistical neighbours: the ten councils most like each council, ranked.

Two formats, both DfE's "statistical neighbour groupings":

* by code — ``LA number``, ``SN1``…``SN10`` (LA codes), each followed by ``SNP``
  (how close: "Very Close"…"Not Close"); the April 2021 file also lists the
  neighbours of councils abolished since 2019 ("Old SNs"), which load against
  the former councils' IRIs;
* by name — ``LA.Name``, ``LA.number``, ``SN1``…``SN10`` (council names): the
  revision the DfE children's social care dashboard uses now, which covers the
  councils created in 2023 (Cumberland, Westmorland and Furness).

When both give a council's list, the by-name revision wins (it is the newer;
its links carry no closeness). Rows read count once each; a by-code row whose
council the by-name table covers is counted as skipped ("superseded").
"""

from __future__ import annotations

from collections.abc import Iterator

from loaders.national.base import Context, Inputs, NationalSource, documents
from loaders.national.councils import CouncilIndex, UnknownCouncil
from loaders.national.specs import SN_CODES, SN_NAMES
from loaders.national.tables import BadRow, Row, RowLog
from loaders.records import NeighbourLink, Record

__all__ = ["SOURCE"]

RANKS = range(1, 11)

Ranked = list[tuple[str, str | None]]
"""(neighbour LA code, closeness) by rank."""


def _closeness(row: Row, rank: int) -> str | None:
    position = row.index.get(f"sn{rank}")
    first = row.index.get("closeness")
    if position is None or first is None or first != row.index["sn1"] + 1:
        return None
    value = row.values[position + 1].strip() if position + 1 < len(row.values) else ""
    return value or None


def _parse(row: Row, index: CouncilIndex, *, by_name: bool) -> tuple[str, Ranked] | None:
    """The council and its ranked neighbours; ``None`` for a heading or blank row."""
    if not row["la"] and not any(row[f"sn{k}"] for k in RANKS):
        return None
    if not row["la"]:
        raise BadRow("missing LA number")
    try:
        council = index.check_code(row["la"])
        ranked: Ranked = []
        for rank in RANKS:
            value = row[f"sn{rank}"]
            if not value:
                raise BadRow(f"missing SN{rank}")
            code = index.code_for_name(value) if by_name else index.check_code(value)
            ranked.append((code, None if by_name else _closeness(row, rank)))
    except UnknownCouncil as exc:
        raise BadRow(str(exc)) from None
    if council in (code for code, _ in ranked):
        raise BadRow(f"LA {council} is listed as its own neighbour")
    return council, ranked


def _read(
    inputs: Inputs, role: str, index: CouncilIndex, log: RowLog, *, by_name: bool
) -> dict[str, Ranked]:
    found: dict[str, Ranked] = {}
    for table in inputs.of(role):
        for row in table.rows(log):
            try:
                parsed = _parse(row, index, by_name=by_name)
            except BadRow as exc:
                log.reject(row, str(exc))
                continue
            if parsed is None:
                log.skip("section heading or blank row")
            elif parsed[0] in found:
                log.skip("council listed twice")
            else:
                found[parsed[0]] = parsed[1]
    return found


def _links(council: str, ranked: Ranked) -> Iterator[NeighbourLink]:
    for rank, (code, closeness) in zip(RANKS, ranked, strict=True):
        yield NeighbourLink(f"la/{council}", f"la/{code}", rank, closeness)


def _build(inputs: Inputs, context: Context, log: RowLog) -> Iterator[Record]:
    index = context.councils
    if index is None:  # pragma: no cover - the pipeline checks needs_councils
        return
    yield from documents(SOURCE.tables(inputs))
    by_code = _read(inputs, SN_CODES.role, index, log, by_name=False)
    by_name = _read(inputs, SN_NAMES.role, index, log, by_name=True)
    for council, ranked in by_name.items():
        log.loaded()
        yield from _links(council, ranked)
    for council, ranked in by_code.items():
        if council in by_name:
            log.skip("council's list superseded by the by-name revision")
        else:
            log.loaded()
            yield from _links(council, ranked)
    log.expected["current councils with ten neighbours"] = len(index.current())
    log.expected["councils with neighbours"] = len(by_code.keys() | by_name.keys())


SOURCE = NationalSource(
    name="national-neighbours",
    title="DfE statistical neighbours of each council",
    roles=(),
    optional_roles=(SN_NAMES.role, SN_CODES.role),
    build=_build,
)
"""The statistical neighbours source (either format is enough)."""
