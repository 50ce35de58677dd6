"""Local authorities: the 153 English councils with education duties, and former ones.

Joins four publishers on their codes:

* dfeR (DfE): DfE LA code ↔ ONS GSS code, region, combined/devolved authority
  (``la_region_current_derived.csv``: the current councils; ``old_la_codes.csv``:
  every code ever used, so councils abolished since 2019 are known);
* mySociety: 3-letter register code, official and alternative names, type,
  start/end dates and ``replaced-by`` (joined on GSS code, else DfE code);
* Democracy Club LGSF: the committee portal (ModernGov, CMIS...) and its base URL
  (joined on the register code);
* dfeR geography / ONS LTLA–UTLA: which council each district lies in (used by
  the teaching school hubs).

A council's IRI is ``la/<DfE code>`` (:func:`ontology.identifiers.la_iri`), so the
seed graph's councils and these are the same nodes. Councils abolished since
2019 (Dorset County, Poole, Bournemouth, Northamptonshire, Cumbria) keep their
own IRI, end-dated, with ``ov:succeededBy`` their successor(s); a council that
kept its DfE code through reorganisation (North Yorkshire 815, Somerset 933,
Buckinghamshire 825) is one node, with its former GSS/register codes recorded.

>>> c = Council(code="380", name="Bradford", gss="E08000032", current=True)
>>> c.key
'la/380'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from loaders.national.base import Context, Inputs, NationalSource, documents
from loaders.national.names import best_label, name_key, pre_lgr_name, strip_compass
from loaders.national.specs import (
    GEO_HIERARCHY,
    LA_CODES,
    LA_CURRENT,
    LGSF_PORTALS,
    LTLA_UTLA,
    MYSOCIETY_LAS,
    MYSOCIETY_NAMES,
    REGIONS,
)
from loaders.national.tables import BadRow, Row, RowLog, parse_date, parse_url
from loaders.records import Body, Record
from ontology.identifiers import slugify, source_iri

if TYPE_CHECKING:
    from graph.store import Store

__all__ = [
    "SOURCE",
    "CombinedAuthority",
    "Council",
    "CouncilIndex",
    "UnknownCouncil",
    "build_index",
    "council_body",
    "index_from_store",
]

_LA_CODE = re.compile(r"^\d{3}$")
_GSS = re.compile(r"^[EWSN]\d{8}$")
_REORGANISED_SINCE = date(2019, 1, 1)
_OUTSIDE = re.compile(r"overseas|offshore|does not apply|not applicable", re.IGNORECASE)
_OUTSIDE_CODES = frozenset(
    ["000", *(str(c) for c in range(660, 682)), *(str(c) for c in range(700, 800))]
)
"""GIAS codes of no English council: 'Does not apply', Welsh authorities, offshore/overseas."""


class UnknownCouncil(ValueError):
    """A council code or name that matches no English local authority."""


@dataclass
class Council:
    """Everything known about one local authority, merged from the publishers."""

    code: str
    name: str
    gss: str
    current: bool
    official_name: str | None = None
    nice_name: str | None = None
    names: list[str] = field(default_factory=list)
    former_gss: list[str] = field(default_factory=list)
    register_code: str | None = None
    former_register: list[str] = field(default_factory=list)
    authority_type: str | None = None
    region_code: str | None = None
    region_name: str | None = None
    combined: str | None = None
    start: date | None = None
    end: date | None = None
    successors: list[str] = field(default_factory=list)
    replaced_by_register: list[str] = field(default_factory=list)
    portal_system: str | None = None
    portal_url: str | None = None
    where: str | None = None
    """File and line the council was read from (``la.csv line 12``)."""

    @property
    def key(self) -> str:
        """``la/<DfE code>``."""
        return f"la/{self.code}"

    @property
    def label(self) -> str:
        """Current councils by their everyday name, former ones by their official name."""
        if self.current:
            return self.nice_name or self.name
        return self.official_name or self.name


@dataclass
class CombinedAuthority:
    """A combined or devolved authority (West Yorkshire CA, Greater London Authority)."""

    gss: str
    name: str
    register_code: str | None = None
    official_name: str | None = None

    @property
    def key(self) -> str:
        """``council/<slug of its name>`` (it has no DfE code)."""
        return "council/" + slugify(self.official_name or self.name)


class CouncilIndex:
    """Look-ups from every code and name a publisher uses to the DfE LA code.

    >>> index = CouncilIndex()
    >>> index.add(Council(code="380", name="Bradford", gss="E08000032", current=True))
    >>> index.code_for_gss("E08000032"), index.code_for_name("BRADFORD")
    ('380', '380')
    >>> index.check_code("999")
    Traceback (most recent call last):
    ...
    loaders.national.councils.UnknownCouncil: unknown LA code '999'
    """

    def __init__(self) -> None:
        self.councils: dict[str, Council] = {}
        self.by_gss: dict[str, str] = {}
        self.by_register: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._former_names: dict[str, str] = {}
        self.districts: dict[str, set[str]] = defaultdict(set)
        self.outside_codes: set[str] = set()
        self.outside_names: set[str] = set()
        self.combined: dict[str, CombinedAuthority] = {}
        self.regions: dict[str, str] = {}

    # -- building --
    def add(self, council: Council) -> None:
        """Add (or replace) a council and index its code, GSS code and name."""
        self.councils[council.code] = council
        self.by_gss.setdefault(council.gss, council.code)
        self.add_name(council.code, council.name)

    def add_name(self, code: str, name: str) -> None:
        """Index another name of a council (current councils win a shared name)."""
        key = name_key(name)
        if not key:
            return
        council = self.councils[code]
        if council.current:
            self._names.setdefault(key, code)
        else:
            self._former_names.setdefault(key, code)

    # -- look-ups --
    def current(self) -> list[Council]:
        """The current councils in code order."""
        return sorted((c for c in self.councils.values() if c.current), key=lambda c: c.code)

    def check_code(self, code: str) -> str:
        """The code itself when it is a known council (current or former)."""
        code = code.strip()
        if code.endswith(".0"):
            code = code[:-2]
        if code.isdigit() and len(code) < 3:
            code = code.zfill(3)
        if code not in self.councils:
            raise UnknownCouncil(f"unknown LA code {code!r}")
        return code

    def code_for_gss(self, gss: str) -> str:
        """The DfE code of a council by any of its GSS codes."""
        code = self.by_gss.get(gss.strip())
        if code is None:
            raise UnknownCouncil(f"unknown local authority GSS code {gss!r}")
        return code

    def code_for_name(self, name: str) -> str:
        """The DfE code of a council by any of its names ('Pre-LGR 2019 Dorset' too)."""
        former = pre_lgr_name(name)
        if former is not None:
            code = self._former_names.get(name_key(former))
            if code is not None:
                return code
        key = name_key(name)
        code = self._names.get(key) or self._former_names.get(key)
        if code is None:
            raise UnknownCouncil(f"unknown local authority {name!r}")
        return code

    def is_outside_england(self, *, code: str = "", name: str = "") -> bool:
        """Welsh, offshore, overseas or 'does not apply' authorities in GIAS."""
        code = code.strip()
        if code:
            outside = code in self.outside_codes or code in _OUTSIDE_CODES
            return outside and code not in self.councils
        return bool(name) and (name_key(name) in self.outside_names or bool(_OUTSIDE.search(name)))

    def councils_for_district(self, district: str) -> set[str]:
        """The council(s) whose area holds a district (as named by hub areas)."""
        for candidate in (district, strip_compass(district)):
            codes = self.districts.get(name_key(candidate))
            if codes:
                return set(codes)
            key = name_key(candidate)
            code = self._names.get(key)
            if code:
                return {code}
        key = name_key(strip_compass(district))
        found = {code for name, code in self._names.items() if key and key in name}
        found |= {c for name, codes in self.districts.items() if key in name for c in codes}
        if len(found) == 1:
            return found
        raise UnknownCouncil(f"unknown district {district!r}")


# --------------------------------------------------------------------------- building
# Each handler returns True when the row was used, False when it was skipped on
# purpose (and logged why); it raises BadRow to reject the row.

_REGION = re.compile(r"^E1[23]\d{6}$")


def _region(row: Row, index: CouncilIndex, log: RowLog) -> bool:
    if not _REGION.match(row["region_code"]):
        log.skip("not an English region")
        return False
    index.regions.setdefault(row["region_code"], row["region_name"])
    return True


def _la_current(row: Row, index: CouncilIndex, log: RowLog) -> bool:
    country = row["country"]
    gss = row["gss"]
    if (country and country != "England") or (not country and not gss.startswith("E")):
        log.skip("outside England")
        return False
    code = row["la_code"]
    if not _LA_CODE.match(code):
        raise BadRow(f"LA code is not three digits: {code!r}")
    if not _GSS.match(gss):
        raise BadRow(f"malformed GSS code {gss!r}")
    if not row["name"]:
        raise BadRow("missing la_name")
    region_code = row["region_code"]
    if not _REGION.match(region_code):
        raise BadRow(f"unknown region code {region_code!r}")
    council = Council(
        code=code,
        name=row["name"],
        gss=gss,
        current=True,
        region_code=region_code,
        region_name=row["region_name"],
        where=f"{row.file} line {row.line}",
    )
    devolved = row["devolved_code"]
    if _GSS.match(devolved):
        index.combined.setdefault(devolved, CombinedAuthority(devolved, row["devolved_name"]))
        council.combined = devolved
    index.regions.setdefault(region_code, row["region_name"])
    index.add(council)
    return True


def _la_codes(row: Row, index: CouncilIndex, log: RowLog) -> bool:
    code, gss, name = row["la_code"], row["gss"], row["name"]
    if not _LA_CODE.match(code):
        log.skip("no DfE LA code (Scotland, Northern Ireland)")
        return False
    if not _GSS.match(gss):
        raise BadRow(f"malformed GSS code {gss!r}")
    if not gss.startswith("E"):
        index.outside_codes.add(code)
        index.outside_names.add(name_key(name))
        log.skip("outside England")
        return False
    known = index.councils.get(code)
    if known is None:
        index.add(Council(code=code, name=name, gss=gss, current=False))
    elif gss != known.gss:
        if gss not in known.former_gss:
            known.former_gss.append(gss)
        index.by_gss.setdefault(gss, code)
    return True


def _mysociety(row: Row, index: CouncilIndex, log: RowLog) -> bool:
    if row["nation"] != "England":
        log.skip("outside England")
        return False
    code, gss = row["code"], row["gss"]
    if not code:
        raise BadRow("missing local-authority-code")
    if row["type"] in ("COMB", "SRA"):
        found = index.combined.get(gss)
        if found is None:
            log.skip("combined authority without councils here")
            return False
        found.register_code = code
        found.official_name = row["official_name"] or found.name
        return True
    council_code = index.by_gss.get(gss)
    dfe = row["dfe_code"].removesuffix(".0")
    if council_code is None and dfe in index.councils:
        council_code = dfe
    if council_code is None:
        log.skip("not an education authority (district council)")
        return False
    council = index.councils[council_code]
    start, end = parse_date(row["start"], "start-date"), parse_date(row["end"], "end-date")
    ended = end is not None or row["replaced_by"] != ""
    if council.current and ended:
        # The same DfE authority under an earlier body (North Yorkshire County Council).
        council.former_register.append(code)
        if gss and gss != council.gss and gss not in council.former_gss:
            council.former_gss.append(gss)
    else:
        council.register_code = code
        council.official_name = row["official_name"]
        council.nice_name = row["nice_name"]
        council.authority_type = row["type"]
        if start and start >= _REORGANISED_SINCE:
            council.start = start
        if not council.current:
            council.end = end
            council.replaced_by_register = [c for c in row["replaced_by"].split(",") if c]
            council.region_name = council.region_name or row["region"]
    for former in row["former_gss"].split(","):
        former = former.strip()
        if _GSS.match(former):
            index.by_gss.setdefault(former, council_code)
            if former != council.gss and former not in council.former_gss:
                council.former_gss.append(former)
    index.by_register[code] = council_code
    for name in (row["official_name"], row["nice_name"], *row["alt_names"].split(",")):
        if name.strip():
            council.names.append(name.strip())
            index.add_name(council_code, name)
    return True


def _alt_name(row: Row, index: CouncilIndex, log: RowLog) -> bool:
    code = index.by_register.get(row["code"])
    if code is None:
        log.skip("not an education authority (district council)")
        return False
    name = row["name"]
    if not name:
        raise BadRow("missing la-name")
    index.councils[code].names.append(name)
    index.add_name(code, name)
    return True


def _portal(row: Row, index: CouncilIndex, log: RowLog) -> bool:
    code = index.by_register.get(row["code"])
    if code is None:
        log.skip("not an education authority (district council)")
        return False
    council = index.councils[code]
    if row["code"] != council.register_code or row["end"]:
        log.skip("portal of a former body")
        return False
    given = row["url"].strip()
    url = parse_url(given, "councillors_base_url")
    if given and url is None:  # not a web address at all
        raise BadRow(f"malformed web address in 'councillors_base_url': {given!r}")
    council.portal_system = row["cms"] or None
    council.portal_url = url
    return True


def _district_geo(row: Row, index: CouncilIndex, log: RowLog, years: dict[str, int]) -> bool:
    lad = name_key(row["lad_name"])
    if not lad:
        raise BadRow("missing lad_name")
    code = index.by_gss.get(row["gss"])
    if code is None and row["la_code"] in index.councils:
        code = row["la_code"]
    if code is None:
        log.skip("outside England")
        return False
    year = int(row["latest_year"]) if row["latest_year"].isdigit() else 0
    seen = years.get(lad, -1)
    if year > seen:
        years[lad] = year
        index.districts[lad] = {code}
    elif year == seen:
        index.districts[lad].add(code)
    return True


def _district_ons(row: Row, index: CouncilIndex, log: RowLog) -> bool:
    code = index.by_gss.get(row["gss"])
    if code is None:
        log.skip("outside England")
        return False
    index.districts[name_key(row["lad_name"])].add(code)
    return True


Handler = Callable[[Row], bool]


def build_index(inputs: Inputs, log: RowLog) -> CouncilIndex:
    """Read every council file found into a :class:`CouncilIndex`, logging bad rows."""
    index = CouncilIndex()
    years: dict[str, int] = {}
    steps: tuple[tuple[str, Handler], ...] = (
        (REGIONS.role, lambda row: _region(row, index, log)),
        (LA_CURRENT.role, lambda row: _la_current(row, index, log)),
        (LA_CODES.role, lambda row: _la_codes(row, index, log)),
        (MYSOCIETY_LAS.role, lambda row: _mysociety(row, index, log)),
        (MYSOCIETY_NAMES.role, lambda row: _alt_name(row, index, log)),
        (LGSF_PORTALS.role, lambda row: _portal(row, index, log)),
        (GEO_HIERARCHY.role, lambda row: _district_geo(row, index, log, years)),
        (LTLA_UTLA.role, lambda row: _district_ons(row, index, log)),
    )
    for role, handle in steps:
        for found in inputs.of(role):
            for row in found.rows(log):
                try:
                    used = handle(row)
                except BadRow as exc:
                    log.reject(row, str(exc))
                else:
                    if used:
                        log.loaded()
    for council in index.councils.values():
        successors = [index.by_register.get(r) for r in council.replaced_by_register]
        council.successors = sorted({s for s in successors if s and s != council.code})
    return index


# --------------------------------------------------------------------------- records


def council_body(council: Council, index: CouncilIndex) -> Body:
    """The :class:`~loaders.records.Body` of one council."""
    label = council.label
    alt = [n for n in best_label([council.name, *council.names]) if name_key(n) != name_key(label)]
    identifiers = {"laCode": council.code, "gssCode": council.gss}
    if council.register_code:
        identifiers["registerCode"] = council.register_code
    if council.former_gss:
        identifiers["formerGssCode"] = council.former_gss[0]
    if council.former_register:
        identifiers["formerRegisterCode"] = council.former_register[0]
    attributes: dict[str, str] = {}
    if council.authority_type:
        attributes["authorityType"] = council.authority_type
    if council.portal_system:
        attributes["portalSystem"] = council.portal_system
    if council.portal_url:
        attributes["portalUrl"] = council.portal_url
    links: dict[str, tuple[str, ...]] = {}
    combined = index.combined.get(council.combined or "")
    if combined is not None:
        links["combinedAuthority"] = (combined.key,)
    if council.successors:
        links["succeededBy"] = tuple(f"la/{s}" for s in council.successors)
    region = council.region_code or _region_code(index, council.region_name)
    return Body(
        key=council.key,
        kind="LocalAuthority",
        name=label,
        alt_names=tuple(alt),
        region=f"region/{region}" if region else None,
        valid_from=council.start,
        valid_until=council.end,
        identifiers=identifiers,
        attributes=attributes,
        links=links,
    )


def _region_code(index: CouncilIndex, name: str | None) -> str | None:
    if not name:
        return None
    wanted = name_key(name)
    return next((code for code, n in index.regions.items() if name_key(n) == wanted), None)


def _build(inputs: Inputs, context: Context, log: RowLog) -> Iterator[Record]:
    index = context.councils
    if index is None:  # pragma: no cover - the pipeline builds it first
        return
    yield from documents(SOURCE.tables(inputs))
    current = index.current()
    former = [c for c in index.councils.values() if not c.current]
    used = {c.combined for c in current if c.combined}
    for council in sorted(index.councils.values(), key=lambda c: c.code):
        yield council_body(council, index)
    for gss in sorted(used):
        ca = index.combined[gss]
        identifiers = {"gssCode": ca.gss}
        if ca.register_code:
            identifiers["registerCode"] = ca.register_code
        alt = (ca.name,) if ca.official_name and ca.official_name != ca.name else ()
        yield Body(
            key=ca.key,
            kind="CombinedAuthority",
            name=ca.official_name or ca.name,
            alt_names=alt,
            identifiers=identifiers,
        )
    log.expected["councils"] = len(current)
    log.expected["former councils"] = len(former)
    log.expected["combined authorities"] = len(used)


SOURCE = NationalSource(
    name="national-councils",
    title="Local authorities of England (dfeR, mySociety, Democracy Club LGSF)",
    roles=(LA_CURRENT.role,),
    optional_roles=(
        REGIONS.role,
        LA_CODES.role,
        MYSOCIETY_LAS.role,
        MYSOCIETY_NAMES.role,
        LGSF_PORTALS.role,
        GEO_HIERARCHY.role,
        LTLA_UTLA.role,
    ),
    build=_build,
)
"""The councils source; the pipeline builds its index first (other sources use it)."""


_FROM_STORE = """
SELECT ?code ?gss ?label ?alt ?former ?until ?region WHERE {{
  GRAPH <{graph}> {{
    ?c a <https://w3id.org/oversight/def#LocalAuthority> ;
       <https://w3id.org/oversight/def#laCode> ?code ;
       <https://w3id.org/oversight/def#gssCode> ?gss ;
       <http://www.w3.org/2000/01/rdf-schema#label> ?label .
    OPTIONAL {{ ?c <http://www.w3.org/2004/02/skos/core#altLabel> ?alt }}
    OPTIONAL {{ ?c <https://w3id.org/oversight/def#formerGssCode> ?former }}
    OPTIONAL {{ ?c <https://schema.org/validThrough> ?until }}
    OPTIONAL {{ ?c <https://w3id.org/oversight/def#region> ?region }}
  }}
}}"""


def index_from_store(store: Store) -> CouncilIndex | None:
    """The council index rebuilt from a store's ``national-councils`` graph, if loaded.

    Lets a folder holding only newer GIAS or Ofsted files be loaded against the
    councils already in the store. District look-ups (for hubs) are not kept in
    the store, so hubs still need the geography files.
    """
    result = store.query(_FROM_STORE.format(graph=source_iri(SOURCE.name)))
    index = CouncilIndex()
    names: dict[str, set[str]] = defaultdict(set)
    for row in result:  # type: ignore[union-attr]
        code = row["code"].value
        if code not in index.councils:
            region = row["region"].value.rsplit("/", 1)[-1] if row["region"] else None
            index.add(
                Council(
                    code=code,
                    name=row["label"].value,
                    gss=row["gss"].value,
                    current=row["until"] is None,
                    region_code=region,
                )
            )
        if row["alt"] is not None:
            names[code].add(row["alt"].value)
        if row["former"] is not None:
            index.by_gss.setdefault(row["former"].value, code)
    for code, alts in names.items():
        for name in sorted(alts):
            index.add_name(code, name)
    return index if index.councils else None
