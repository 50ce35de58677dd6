"""A seeded generator of an England-scale oversight graph, for benchmarks.

It yields :mod:`loaders.records`, so the graph goes through the one mapper
(:func:`loaders.mapper.to_quads`) and has exactly the production shape. At
``scale=1.0`` it makes about 150 councils with their committees, boards, posts
and (fake) post-holders, the nine DfE regions with their Regional Director
offices, the DfE, Ofsted, the LGA and Parliament, about 2,700 academy trusts,
22,000 schools, 87 teaching school hubs, 40 dioceses and about 100,000 oversight
relationships of every kind in ``ontology/kinds.ttl`` with frequencies, validity
intervals and evidence sentences in fake documents — well over a million triples.

Deliberate gaps are planted for the analyst queries to find: bodies overseen
only "as required", councils with no termly meeting with their Regional
Director, hand-offs ("has no influence over ... undertaken by the RSC") to an
overseer with no arrangement with some of the trusts, stale evidence, and
committee members with declared interests in what their committee scrutinises.

The same seed and scale always give the same records in the same order:

>>> from loaders.records import Body, Relationship
>>> records = list(generate(seed=7, scale=0.01))
>>> records == list(generate(seed=7, scale=0.01))
True
>>> sum(isinstance(r, Relationship) for r in records) > 500
True
>>> p = probes(seed=7, scale=0.01)
>>> any(isinstance(r, Body) and r.key == p.committee for r in records)
True
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from pyoxigraph import Quad, RdfFormat, Triple, serialize

from loaders.mapper import to_quads
from loaders.records import (
    Body,
    Document,
    Evidence,
    Holding,
    Meeting,
    Membership,
    Person,
    Post,
    Record,
    Relationship,
)
from ontology.identifiers import slugify, source_iri

__all__ = [
    "BENCH_SOURCE",
    "GENERATOR_VERSION",
    "REFERENCE_DATE",
    "GenerationReport",
    "GeneratorError",
    "Probes",
    "Sizes",
    "generate",
    "generate_quads",
    "main",
    "probes",
    "sizes_for",
    "write_ntriples",
]

GENERATOR_VERSION = "1"
"""Bumped whenever the generated graph changes, so cached files are rebuilt."""

BENCH_SOURCE = "bench"
"""Name of the source (named graph) the benchmarks load the graph into."""

REFERENCE_DATE = date(2025, 9, 1)
"""The generator's "today": every date lies before it, so output never drifts."""

_T = TypeVar("_T")


class GeneratorError(ValueError):
    """Bad generator arguments (a scale out of range, a negative seed...)."""


# --------------------------------------------------------------------------- sizes


@dataclass(frozen=True, slots=True)
class Sizes:
    """How many of each thing the generator makes at a given scale."""

    councils: int
    trusts: int
    schools: int
    hubs: int
    dioceses: int
    providers_per_council: int = 8
    interests_per_council: int = 12


def sizes_for(scale: float) -> Sizes:
    """Counts at *scale* (1.0 is England); at least a handful of each at tiny scales.

    >>> sizes_for(1.0)
    Sizes(councils=150, trusts=2700, schools=22000, hubs=87, dioceses=40, \
providers_per_council=8, interests_per_council=12)
    >>> sizes_for(0.01).councils, sizes_for(0.01).schools
    (2, 220)
    >>> sizes_for(0)
    Traceback (most recent call last):
    ...
    bench.generate.GeneratorError: scale must be in (0, 10], got 0
    """
    if not 0 < scale <= 10:
        raise GeneratorError(f"scale must be in (0, 10], got {scale}")
    return Sizes(
        councils=max(2, round(150 * scale)),
        trusts=max(4, round(2_700 * scale)),
        schools=max(20, round(22_000 * scale)),
        hubs=max(2, round(87 * scale)),
        dioceses=max(2, round(40 * scale)),
    )


# --------------------------------------------------------------------------- words

# The nine ONS regions (= the 2022+ DfE regions): code, name, share of councils.
_REGIONS: tuple[tuple[str, str, int], ...] = (
    ("E12000001", "North East", 12),
    ("E12000002", "North West", 23),
    ("E12000003", "Yorkshire and the Humber", 15),
    ("E12000004", "East Midlands", 9),
    ("E12000005", "West Midlands", 14),
    ("E12000006", "East of England", 11),
    ("E12000007", "London", 33),
    ("E12000008", "South East", 19),
    ("E12000009", "South West", 15),
)
_STEMS = (
    "Ash", "Brack", "Cold", "Dun", "Elm", "Fen", "Glen", "Hart", "Ivy", "Kings", "Lang",
    "Mill", "Nor", "Oak", "Pen", "Red", "Stan", "Thorn", "Wal", "Wood", "Bram", "Cran",
    "Dale", "Ever", "Fair", "Gold", "Holm", "Kirk", "Lyn", "Marl", "Ned", "Orch", "Pit",
    "Rush", "Sel", "Tarn", "Ux", "Whit", "Yar", "Beck",
)  # fmt: skip
_SUFFIXES = ("bury", "ford", "ham", "ley", "ton", "wick", "field", "worth", "by", "mouth")
_FIRST = (
    "Amira", "Ben", "Catherine", "David", "Eleanor", "Farid", "Grace", "Harpreet", "Imran",
    "Joanna", "Kwame", "Laura", "Mohammed", "Nadia", "Owen", "Priya", "Quentin", "Rachel",
    "Samuel", "Tariq", "Una", "Victor", "Wendy", "Yusuf", "Zoe", "Alan", "Bridget", "Colin",
    "Deborah", "Edward", "Fiona", "Gareth", "Helen", "Ian", "Judith", "Kevin", "Linda",
    "Martin", "Nicola", "Peter", "Ruth", "Simon", "Tessa", "Vikram", "William", "Yvonne",
)  # fmt: skip
_SURNAMES = (
    "Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hussain", "Iqbal",
    "Jones", "Khan", "Lewis", "Morgan", "Nolan", "Okafor", "Patel", "Quinn", "Roberts",
    "Singh", "Taylor", "Underwood", "Vaughan", "Walker", "Young", "Zaman", "Atkinson",
    "Brown", "Chowdhury", "Dixon", "Edwards", "Foster", "Gill", "Hughes", "Ingram",
    "Jackson", "Kelly", "Lloyd", "Mitchell", "Nash", "Owens", "Price", "Reid", "Shah",
    "Turner", "Wright", "Begum",
)  # fmt: skip
_ADJECTIVES = (
    "Bright", "Rising", "Northern", "Southern", "Unity", "Horizon", "Summit", "Pathway",
    "Harbour", "Beacon", "Compass", "Evergreen", "Lighthouse", "Keystone", "Meadow",
    "Riverside", "Oakwood", "Greenfield", "Westfield", "Eastgate", "Kingfisher", "Phoenix",
    "Aspire", "Endeavour", "Crescent", "Heritage", "Pioneer", "Vanguard", "Willow",
    "Cedar",
)  # fmt: skip
_NOUNS = (
    "Futures", "Learning", "Schools", "Education", "Academies", "Partnership", "Alliance",
    "Community", "Collaborative", "Family", "Foundation", "Network", "Federation", "Hub",
    "Collective", "Vision", "Minds", "Stars", "Valley", "Forest", "Moor", "Coast", "Fields",
    "Hills", "Rivers", "Bridges", "Gates", "Lakes", "Meadows", "Spires",
)  # fmt: skip
_TRUST_WORDS = ("Trust", "Academy Trust", "Multi-Academy Trust", "Learning Trust", "Education Trust")
_SAINTS = ("Mary", "John", "Peter", "Paul", "Anne", "Joseph", "Michael", "Andrew", "Luke", "Mark")

# Frequency tables: (concept local name, weight). Names are checked by the mapper.
_FreqTable = tuple[tuple[str | None, int], ...]
F_SCRUTINY: _FreqTable = (
    ("monthly", 25), ("bimonthly", 35), ("halfTermly", 20), ("quarterly", 15), ("unspecified", 5)
)  # fmt: skip
F_REPORTS: _FreqTable = (("quarterly", 45), ("bimonthly", 25), ("sixMonthly", 20), ("annual", 10))
F_AUDIT: _FreqTable = (("quarterly", 70), ("bimonthly", 20), ("sixMonthly", 10))
F_CABINET: _FreqTable = (("quarterly", 40), ("annual", 40), ("sixMonthly", 20))
F_FORUM: _FreqTable = (("monthly", 45), ("bimonthly", 35), ("quarterly", 20))
F_VOICE: _FreqTable = (("quarterly", 40), ("halfTermly", 30), ("termly", 30))
F_BOARD: _FreqTable = (("fourWeekly", 50), ("monthly", 40), ("fortnightly", 10))
F_EIB: _FreqTable = (("halfTermly", 60), ("termly", 30), ("bimonthly", 10))
F_ANNUAL: _FreqTable = (("annual", 70), ("sixMonthly", 20), ("asRequired", 10))
F_PROVIDER: _FreqTable = (("quarterly", 40), ("monthly", 25), ("annual", 15), ("asRequired", 20))
F_LA_SCHOOL: _FreqTable = (("termly", 40), ("annual", 30), ("sixMonthly", 15), ("asRequired", 15))
F_TRUST_SCHOOL: _FreqTable = (
    ("halfTermly", 35), ("termly", 40), ("monthly", 10), ("unspecified", 15)
)  # fmt: skip
F_RSC_TRUST: _FreqTable = (("termly", 55), ("sixMonthly", 15), ("annual", 10), ("asRequired", 20))
F_HUB_SCHOOL: _FreqTable = (("termly", 40), ("halfTermly", 20), ("asRequired", 40))
F_DIOCESE: _FreqTable = (("annual", 60), ("termly", 25), ("asRequired", 15))
F_RSC_COUNCIL: _FreqTable = (("termly", 80), ("sixMonthly", 8), ("annual", 6), (None, 6))
F_NATIONAL: _FreqTable = (("annual", 50), ("quarterly", 30), ("asRequired", 20))


# --------------------------------------------------------------------------- plan


@dataclass(slots=True)
class _Region:
    index: int
    code: str
    name: str
    key: str
    rsc: str
    inspector_post: str
    director_post: str


@dataclass(slots=True)
class _Council:
    key: str
    code: str
    name: str
    slug: str
    region: _Region
    gss: str
    documents: list[tuple[str, date]] = field(default_factory=list)
    schools: list[_School] = field(default_factory=list)
    trusts: list[_Trust] = field(default_factory=list)


@dataclass(slots=True)
class _Trust:
    key: str
    uid: int
    name: str
    kind: str
    council: _Council
    document: str = ""
    schools: list[_School] = field(default_factory=list)


@dataclass(slots=True)
class _School:
    key: str
    urn: int
    name: str
    council: _Council
    trust: _Trust | None = None
    diocese: str | None = None
    hub: str | None = None
    opened: date | None = None


@dataclass(frozen=True, slots=True)
class Probes:
    """Identifiers (keys) the benchmarks query: present at every seed and scale."""

    council: str
    committee: str
    school: str
    trust: str
    rsc: str
    dcs: str


def _choose(rng: random.Random, table: _FreqTable) -> str | None:
    values = [v for v, _ in table]
    weights = [w for _, w in table]
    return rng.choices(values, weights)[0]


def _day(rng: random.Random, start_year: int, end: date = REFERENCE_DATE) -> date:
    start = date(start_year, 1, 1)
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


class _Plan:
    """The skeleton of the world: who exists and who belongs to whom."""

    def __init__(self, seed: int, scale: float) -> None:
        if seed < 0:
            raise GeneratorError(f"seed must be ≥ 0, got {seed}")
        self.seed = seed
        self.sizes = sizes_for(scale)
        rng = random.Random(f"oversight-bench/{seed}/plan")
        self.regions = [
            _Region(
                index=i,
                code=code,
                name=name,
                key=f"region/{code}",
                rsc=f"rsc/{slugify(name)}",
                inspector_post=f"national/ofsted/{slugify(name)}-regional-director",
                director_post=f"rsc/{slugify(name)}/regional-director",
            )
            for i, (code, name, _) in enumerate(_REGIONS)
        ]
        self.councils = self._councils(rng)
        self.trusts = self._trusts(rng)
        self.dioceses = self._dioceses(rng)
        self.hubs = self._hubs(rng)
        self.schools = self._schools(rng)

    def _places(self, rng: random.Random, count: int) -> list[str]:
        names = [s + x for s in _STEMS for x in _SUFFIXES]
        if count > len(names):
            names += [f"{a} {b}" for a in ("North", "South", "East", "West") for b in names]
        return rng.sample(names, count)

    def _councils(self, rng: random.Random) -> list[_Council]:
        n = self.sizes.councils
        codes = sorted(rng.sample(range(201, 940), n))
        places = self._places(rng, n)
        # Every region has at least one council; the rest follow England's shares.
        regions = [self.regions[i % 9] for i in range(min(n, 9))]
        regions += rng.choices(self.regions, [w for _, _, w in _REGIONS], k=n - len(regions))
        councils = []
        for code, place, region in zip(codes, places, regions, strict=True):
            if region.code == "E12000007":
                name, gss = f"London Borough of {place}", "E09"
            else:
                style, gss = rng.choice(
                    [("City Council", "E06"), ("County Council", "E10"),
                     ("Metropolitan Borough Council", "E08"), ("Borough Council", "E06")]
                )  # fmt: skip
                name = f"{place} {style}"
            councils.append(
                _Council(
                    key=f"la/{code}",
                    code=str(code),
                    name=name,
                    slug=slugify(place),
                    region=region,
                    gss=f"{gss}{rng.randrange(10**6):06d}",
                )
            )
        return councils

    def _trusts(self, rng: random.Random) -> list[_Trust]:
        n = self.sizes.trusts
        uids = sorted(rng.sample(range(2_000, 20_000), n))
        names = rng.sample(
            [f"{a} {b} {t}" for a in _ADJECTIVES for b in _NOUNS for t in _TRUST_WORDS], n
        )
        trusts = []
        for i, (uid, name) in enumerate(zip(uids, names, strict=True)):
            council = self.councils[i % len(self.councils)] if i < 2 else None
            council = council or rng.choice(self.councils)
            kind = "SingleAcademyTrust" if rng.random() < 0.25 else "MultiAcademyTrust"
            trust = _Trust(key=f"group/{uid}", uid=uid, name=name, kind=kind, council=council)
            council.trusts.append(trust)
            trusts.append(trust)
        return trusts

    def _dioceses(self, rng: random.Random) -> list[str]:
        places = self._places(rng, self.sizes.dioceses)
        return [
            f"diocese/{slugify(p)}{'' if i % 3 else '-catholic'}" for i, p in enumerate(places)
        ]

    def _hubs(self, rng: random.Random) -> list[tuple[str, str, _Region]]:
        places = self._places(rng, self.sizes.hubs)
        return [
            (f"hub/{slugify(p)}", f"{p} Teaching School Hub", self.regions[i % 9])
            for i, p in enumerate(places)
        ]

    def _schools(self, rng: random.Random) -> list[_School]:
        n = self.sizes.schools
        urns = sorted(rng.sample(range(100_000, 160_000), n))
        hubs_by_region: dict[int, list[str]] = {}
        for key, _, region in self.hubs:
            hubs_by_region.setdefault(region.index, []).append(key)
        trusts_by_region: dict[int, list[_Trust]] = {}
        for trust in self.trusts:
            trusts_by_region.setdefault(trust.council.region.index, []).append(trust)
        # Single-academy trusts take one school each; multi-academy trusts take the rest,
        # the larger ones more often (a few trusts run dozens of schools).
        free_sats: dict[int, list[_Trust]] = {}
        mats: dict[int, tuple[list[_Trust], list[float]]] = {}
        for region, trusts in sorted(trusts_by_region.items()):
            free_sats[region] = [t for t in trusts if t.kind == "SingleAcademyTrust"][::-1]
            local = [t for t in trusts if t.kind != "SingleAcademyTrust"]
            mats[region] = (local, [1.0 / (1 + i % 40) for i in range(len(local))])
        anywhere = [t for t in self.trusts if t.kind != "SingleAcademyTrust"] or self.trusts
        fallback = (anywhere, [1.0 / (1 + i % 40) for i in range(len(anywhere))])
        schools: list[_School] = []
        for i, urn in enumerate(urns):
            council = self.councils[i % len(self.councils)] if i < 2 else rng.choice(self.councils)
            phase = rng.choices(
                ["Primary School", "Secondary School", "Special School", "Academy"],
                [72, 16, 6, 6],
            )[0]
            place = rng.choice(_STEMS) + rng.choice(_SUFFIXES)
            diocese = rng.choice(self.dioceses) if rng.random() < 0.25 else None
            name = (
                f"St {rng.choice(_SAINTS)}'s {'CofE' if rng.random() < 0.6 else 'Catholic'} "
                f"{phase}"
                if diocese
                else f"{place} {phase}"
            )
            school = _School(key=f"school/{urn}", urn=urn, name=name, council=council)
            school.diocese = diocese
            hubs = hubs_by_region.get(council.region.index) or [k for k, _, _ in self.hubs]
            school.hub = rng.choice(hubs)
            if rng.random() < 0.08:
                school.opened = _day(rng, 2012)
            if rng.random() < 0.45 or i == 0:
                region = council.region.index
                sats = free_sats.get(region)
                if sats:
                    trust = sats.pop()
                else:
                    local, weights = mats.get(region) or fallback
                    if not local:
                        local, weights = fallback
                    trust = rng.choices(local, weights)[0]
                school.trust = trust
                trust.schools.append(school)
            council.schools.append(school)
            schools.append(school)
        return schools

    def probes(self) -> Probes:
        council = self.councils[0]
        return Probes(
            council=council.key,
            committee=f"{council.key}/childrens-scrutiny-committee",
            school=self.schools[0].key,
            trust=self.schools[0].trust.key if self.schools[0].trust else self.trusts[0].key,
            rsc=council.region.rsc,
            dcs=f"{council.key}/dcs",
        )


# --------------------------------------------------------------------------- emitting


class _Emitter:
    """Builds records with sequential relationship keys and evidence sentences."""

    def __init__(self, plan: _Plan) -> None:
        self.plan = plan
        self.count = 0
        self.labels: dict[str, str] = {}

    def rel(
        self,
        kind: str,
        actors: Sequence[str],
        targets: Sequence[str],
        freq: str | None,
        sentence: str,
        document: str | None,
        *,
        start: date | None = None,
        end: date | None = None,
        locator: str | None = None,
        observed: str | None = None,
        confidence: float | None = None,
        handed_to: Sequence[str] = (),
    ) -> Relationship:
        self.count += 1
        evidence = (
            (Evidence(document=document, sentence=sentence, locator=locator),) if document else ()
        )
        return Relationship(
            key=f"relationship/bench-{self.count:06d}",
            kind=kind,
            actors=tuple(actors),
            targets=tuple(targets),
            stated_frequency=freq,
            observed_frequency=observed,
            valid_from=start,
            valid_until=end,
            evidence=evidence,
            confidence=confidence,
            handed_to=tuple(handed_to),
        )

    def body(self, key: str, kind: str, name: str, **extra: object) -> Body:
        self.labels[key] = name
        return Body(key=key, kind=kind, name=name, **extra)  # type: ignore[arg-type]

    def post(self, key: str, kind: str, title: str, post_in: str, council: str | None) -> Post:
        self.labels[key] = title
        return Post(key=key, kind=kind, title=title, post_in=post_in, council=council)

    def label(self, key: str) -> str:
        return self.labels.get(key, key)


def _phrase(freq: str | None) -> str:
    return {
        None: "",
        "unspecified": " regularly",
        "asRequired": " as and when required",
        "annual": " annually",
        "sixMonthly": " every six months",
        "termly": " on a termly basis",
        "halfTermly": " every half term",
        "bimonthly": " six times a year",
        "quarterly": " quarterly",
        "monthly": " each month",
        "fourWeekly": " every four weeks",
        "fortnightly": " fortnightly",
        "weekly": " weekly",
    }[freq]


def _national(em: _Emitter) -> Iterator[Record]:
    plan = em.plan
    yield em.body("national/dfe", "GovernmentDepartment", "Department for Education")
    yield em.body("national/ofsted", "Inspectorate", "Ofsted")
    yield em.body("national/parliament", "Parliament", "Parliament")
    yield em.body("national/lga", "LocalGovernmentAssociation", "Local Government Association")
    yield em.post(
        "national/dfe/secretary-of-state", "Minister", "Secretary of State for Education",
        "national/dfe", None,
    )  # fmt: skip
    yield Document(key="document/gias-extract-2025-08", title="GIAS extract, August 2025",
                   date=date(2025, 8, 1), kind="data")  # fmt: skip
    for year in range(2015, 2026):
        yield Document(
            key=f"document/ofsted-inspection-outcomes-{year}",
            title=f"State-funded schools inspections and outcomes, {year}",
            date=date(year, 8, 31),
            kind="statistics",
        )
        yield Document(
            key=f"document/dfe-regions-annual-report-{year}",
            title=f"DfE Regions Group annual report {year}",
            date=date(year, 7, 15),
            kind="report",
        )
    rng = random.Random(f"oversight-bench/{plan.seed}/national")
    report = "document/dfe-regions-annual-report-2024"
    for region in plan.regions:
        yield em.body(region.key, "Region", region.name, identifiers={"gssCode": region.code})
        yield em.body(
            region.rsc, "RegionalSchoolsCommissioner", f"DfE Regional Director, {region.name}",
            part_of="national/dfe", region=region.key, valid_from=date(2014, 9, 1),
        )  # fmt: skip
        yield em.post(region.director_post, "Director", "Regional Director", region.rsc, None)
        yield em.post(
            region.inspector_post, "Inspector", f"Ofsted Regional Director, {region.name}",
            "national/ofsted", None,
        )  # fmt: skip
        yield em.rel(
            "reportsTo", [region.rsc], ["national/dfe"], "quarterly",
            f"The Regional Director for {region.name} reports quarterly to the Department.",
            report,
        )  # fmt: skip
    yield em.rel(
        "reportsTo", ["national/dfe/secretary-of-state"], ["national/parliament"], "asRequired",
        "The Secretary of State answers to Parliament as required.", report,
    )  # fmt: skip
    for actor, freq in (("national/dfe", "annual"), ("national/ofsted", "annual")):
        yield em.rel(
            "reportsTo", [actor], ["national/parliament"], freq,
            f"{em.label(actor)} lays an annual report before Parliament.", report,
        )  # fmt: skip
    yield em.rel(
        "meetsWith", ["national/lga"], ["national/dfe"], _choose(rng, F_NATIONAL),
        "The LGA meets DfE officials to discuss children's services.", report,
    )  # fmt: skip
    for key in plan.dioceses:
        name = key.split("/", 1)[1].replace("-catholic", "").replace("-", " ").title()
        catholic = key.endswith("-catholic")
        yield em.body(key, "Diocese", f"{'Catholic ' if catholic else ''}Diocese of {name}")
        yield Document(
            key=f"document/{key.replace('/', '-')}-schools-report-2023",
            title=f"Diocese of {name}: schools report 2023",
            date=date(2023, 10, 1),
            kind="report",
        )
    for key, name, region in plan.hubs:
        lead = next((t for t in plan.trusts if t.council.region is region), plan.trusts[0])
        yield em.body(key, "TeachingSchoolHub", name, part_of=lead.key, region=region.key,
                      valid_from=date(2021, 9, 1))  # fmt: skip
        yield em.rel(
            "funds", ["national/dfe"], [key], "annual",
            f"The Department funds {name} through an annual grant.", report,
            start=date(2021, 9, 1),
        )  # fmt: skip
        yield em.rel(
            "monitors", [region.rsc], [key], "termly",
            f"The Regional Director reviews the delivery of {name} each term.", report,
            start=date(2021, 9, 1),
        )  # fmt: skip


def _trusts(em: _Emitter) -> Iterator[Record]:
    plan = em.plan
    rng = random.Random(f"oversight-bench/{plan.seed}/trusts")
    for trust in plan.trusts:
        region = trust.council.region
        year = rng.randrange(2016, 2025)
        trust.document = f"document/trust-{trust.uid}-scheme-of-delegation-{year}"
        yield Document(key=trust.document, title=f"{trust.name}: scheme of delegation {year}",
                       date=date(year, 9, 1), kind="governance")  # fmt: skip
        yield em.body(
            trust.key, trust.kind, trust.name, council=trust.council.key, region=region.key,
            identifiers={"groupUid": str(trust.uid),
                         "companiesHouseNumber": f"{rng.randrange(10**7, 10**8):08d}"},
            valid_from=_day(rng, 2011, date(2020, 1, 1)),
        )  # fmt: skip
        doc = f"document/dfe-regions-annual-report-{rng.randrange(2016, 2026)}"
        roll = rng.random()
        if roll < 0.88:  # the rest are left with no recorded arrangement with the RSC
            freq = _choose(rng, F_RSC_TRUST)
            yield em.rel(
                "scrutinises", [region.rsc], [trust.key], freq,
                f"The Regional Director holds {trust.name} to account{_phrase(freq)}.", doc,
            )  # fmt: skip
        if roll < 0.4:
            yield em.rel(
                "meetsWith", [region.rsc], [trust.key], "termly",
                f"The Regional Director meets the CEO of {trust.name} on a termly basis.", doc,
            )  # fmt: skip
        yield em.rel(
            "funds", ["national/dfe"], [trust.key], "annual",
            f"{trust.name} is funded under its funding agreement with the Secretary of State.",
            "document/gias-extract-2025-08", locator=f"group {trust.uid}",
        )  # fmt: skip


def _schools(em: _Emitter) -> Iterator[Record]:
    plan = em.plan
    rng = random.Random(f"oversight-bench/{plan.seed}/schools")
    hub_names = {k: n for k, n, _ in plan.hubs}
    for school in plan.schools:
        council, trust = school.council, school.trust
        yield em.body(
            school.key, "School", school.name, council=council.key, region=council.region.key,
            identifiers={"urn": str(school.urn)}, valid_from=school.opened,
        )  # fmt: skip
        if trust:
            yield Membership(member=school.key, organization=trust.key,
                             valid_from=_day(rng, 2011, date(2025, 1, 1)))  # fmt: skip
        # Ofsted: the latest inspection, and for most schools the one before it.
        latest = _day(rng, 2019)
        yield em.rel(
            "inspects", ["national/ofsted"], [school.key], "unspecified",
            f"Ofsted inspected {school.name} on {latest.isoformat()}.",
            f"document/ofsted-inspection-outcomes-{min(latest.year, 2025)}",
            start=latest, locator=f"URN {school.urn}",
        )  # fmt: skip
        if rng.random() < 0.7:
            before = latest - timedelta(days=rng.randrange(900, 1_800))
            yield em.rel(
                "inspects", ["national/ofsted"], [school.key], "unspecified",
                f"Ofsted inspected {school.name} on {before.isoformat()}.",
                f"document/ofsted-inspection-outcomes-{max(before.year, 2015)}",
                start=before, end=latest, locator=f"URN {school.urn}",
            )  # fmt: skip
        if trust:
            freq = _choose(rng, F_TRUST_SCHOOL)
            yield em.rel(
                "scrutinises", [trust.key], [school.key], freq,
                f"The trust board reviews the performance of {school.name}{_phrase(freq)}.",
                trust.document, locator=f"section {rng.randrange(2, 9)}",
            )  # fmt: skip
        else:
            freq = _choose(rng, F_LA_SCHOOL)
            doc, when = rng.choice(council.documents)
            yield em.rel(
                "monitors", [council.key], [school.key], freq,
                f"The school improvement adviser visits {school.name}{_phrase(freq)}.", doc,
                start=when,
            )  # fmt: skip
            yield em.rel(
                "funds", [council.key], [school.key], "annual",
                f"{school.name} is funded through its delegated budget share.", doc,
                start=when, locator="Schools Block allocations",
            )  # fmt: skip
        if school.hub and rng.random() < 0.3:
            freq = _choose(rng, F_HUB_SCHOOL)
            yield em.rel(
                "meetsWith", [school.hub], [school.key], freq,
                f"{hub_names[school.hub]} works with {school.name}{_phrase(freq)}.",
                "document/dfe-regions-annual-report-2024", start=date(2021, 9, 1),
            )  # fmt: skip
        if school.diocese:
            freq = _choose(rng, F_DIOCESE)
            yield em.rel(
                "monitors", [school.diocese], [school.key], freq,
                f"The diocesan schools adviser reviews {school.name}{_phrase(freq)}.",
                f"document/{school.diocese.replace('/', '-')}-schools-report-2023",
            )  # fmt: skip


_COUNCIL_BODIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("childrens-scrutiny-committee", "ScrutinyCommittee", (
        "Children and Young People Scrutiny Committee",
        "Children, Young People and Schools Scrutiny Commission",
        "Education and Children's Services Scrutiny Board",
        "Children's Services Overview and Scrutiny Committee",
    )),
    ("cabinet", "Cabinet", ("Cabinet", "Executive")),
    ("full-council", "FullCouncil", ("Full Council", "Council")),
    ("governance-and-audit-committee", "GovernanceAndAuditCommittee", (
        "Governance and Audit Committee", "Audit and Governance Committee",
    )),
    ("corporate-parenting-forum", "CorporateParentingForum", (
        "Corporate Parenting Forum", "Corporate Parenting Board",
    )),
    ("safeguarding-partnership", "SafeguardingBoard", (
        "Safeguarding Children Partnership", "Local Safeguarding Children Board",
    )),
    ("children-in-care-council", "ChildrenInCareCouncil", ("Children in Care Council",)),
)  # fmt: skip
_DOC_KINDS = (
    ("scrutiny-minutes", "minutes", "Children's scrutiny committee minutes"),
    ("cabinet-report", "report", "Cabinet report: children's services"),
    ("improvement-plan", "report", "Children's services improvement plan"),
    ("school-improvement-strategy", "report", "School improvement strategy"),
    ("corporate-parenting-minutes", "minutes", "Corporate parenting forum minutes"),
)


class _People:
    """Fake names, unique within a council."""

    def __init__(self, rng: random.Random, council: str) -> None:
        self.rng, self.council, self.used = rng, council, set[str]()

    def new(self) -> Person:
        name = f"{self.rng.choice(_FIRST)} {self.rng.choice(_SURNAMES)}"
        slug, n = slugify(name), 1
        while slug in self.used:
            n += 1
            slug = f"{slugify(name)}-{n}"
        self.used.add(slug)
        return Person(key=f"{self.council}/person/{slug}", name=name)


def _meetings(rng: random.Random, body: str, freq: str | None, docs: list[str]) -> list[Meeting]:
    per_year = {"weekly": 40, "fortnightly": 20, "fourWeekly": 12, "monthly": 10,
                "halfTermly": 6, "bimonthly": 6, "quarterly": 4, "termly": 3}.get(freq or "", 0)  # fmt: skip
    start = date(2023, 9, 1)
    days = sorted({rng.randrange(0, 730) for _ in range(2 * per_year)})
    return [
        Meeting(body=body, date=start + timedelta(days=d), document=rng.choice(docs) if docs else None)
        for d in days
    ]


def _council(em: _Emitter, council: _Council) -> Iterator[Record]:  # noqa: C901 - one story
    rng = random.Random(f"oversight-bench/{em.plan.seed}/{council.key}")
    la, region = council.key, council.region
    people = _People(rng, la)
    yield em.body(
        la, "LocalAuthority", council.name, region=region.key,
        identifiers={"laCode": council.code, "gssCode": council.gss},
    )  # fmt: skip
    for slug, kind, title in _DOC_KINDS:
        for year in rng.sample(range(2014, 2026), 5):
            when = date(year, rng.randrange(1, 13), rng.randrange(1, 29))
            if when >= REFERENCE_DATE:
                when = date(year - 1, when.month, when.day)
            key = f"document/{council.slug}-{when.isoformat()}-{slug}"
            council.documents.append((key, when))
            yield Document(
                key=key, title=f"{council.name}: {title} ({when.isoformat()})", date=when,
                council=la, kind=kind, file_name=f"{slug}-{when.isoformat()}.pdf",
            )  # fmt: skip
    council.documents.sort(key=lambda kd: kd[0])

    def doc() -> tuple[str, date]:
        # Recent papers are cited more often than old ones.
        return max(rng.sample(council.documents, 2), key=lambda kd: kd[1])

    def k(slug: str) -> str:
        return f"{la}/{slug}"

    bodies = [slug for slug, _, _ in _COUNCIL_BODIES]
    for slug, kind, names in _COUNCIL_BODIES:
        yield em.body(k(slug), kind, rng.choice(names), council=la, part_of=la)
    has_eib, has_cib = rng.random() < 0.7, rng.random() < 0.35
    has_task, has_srg = rng.random() < 0.3, rng.random() < 0.2
    # The first council has every kind of board and gap; the second has none of them
    # and no recorded meeting with its Regional Director (so small graphs have both).
    first, second = council is em.plan.councils[0], council is em.plan.councils[1]
    if first or second:
        has_eib = has_cib = has_task = has_srg = first
    if has_eib:
        bodies.append("education-improvement-board")
        yield em.body(k("education-improvement-board"), "EducationImprovementBoard",
                      "Education Improvement Strategy Board", council=la, part_of=la)  # fmt: skip
    if has_cib:
        bodies.append("childrens-improvement-board")
        start = _day(rng, 2016, date(2024, 1, 1))
        yield em.body(k("childrens-improvement-board"), "ImprovementBoard",
                      "Children's Improvement Board", council=la, part_of=la,
                      valid_from=start)  # fmt: skip
    if has_task:
        yield em.body(k("education-scrutiny-task-group"), "TaskGroup",
                      "Education Outcomes Task Group", council=la,
                      part_of=k("childrens-scrutiny-committee"))  # fmt: skip
    if has_srg:
        yield em.body(k("staff-reference-group"), "WorkingGroup", "Staff Reference Group",
                      council=la, part_of=la)  # fmt: skip
    providers = [k(f"provider-{n}") for n in range(1, em.plan.sizes.providers_per_council + 1)]
    for n, provider in enumerate(providers, start=1):
        kind = "ServiceProvider" if n % 2 else "ExternalOrganisation"
        yield em.body(provider, kind, f"{council.slug.title()} Family Support Provider {n}",
                      council=la)  # fmt: skip

    # Posts and their holders (some with a predecessor).
    posts = {
        "dcs": ("DirectorOfChildrensServices", rng.choice([
            "Strategic Director of Children's Services", "Director of Children's Services",
            "Director for Children and Families"]), la),
        "deputy-director": ("DeputyDirector", "Deputy Director, Education and Learning", la),
        "lead-member": ("LeadMember", rng.choice([
            "Cabinet Member for Children and Families", "Lead Member for Children's Services",
            "Assistant Mayor – Children, Young People and Schools"]), k("cabinet")),
        "virtual-head-teacher": ("VirtualHeadTeacher", "Virtual School Head Teacher", la),
        "chief-executive": ("ChiefExecutive", "Chief Executive", la),
        "scrutiny-officer": ("ScrutinyOfficer", "Scrutiny Officer",
                             k("childrens-scrutiny-committee")),
    }  # fmt: skip
    for body in ("childrens-scrutiny-committee", "governance-and-audit-committee",
                 "corporate-parenting-forum", "safeguarding-partnership",
                 *(b for b in bodies if b.endswith("improvement-board"))):  # fmt: skip
        posts[f"{body}/chair"] = ("Chair", "Chair", k(body))
    posts["childrens-scrutiny-committee/vice-chair"] = (
        "ViceChair", "Vice-Chair", k("childrens-scrutiny-committee"),
    )  # fmt: skip
    holders: dict[str, str] = {}
    for slug, (kind, title, post_in) in posts.items():
        yield em.post(k(slug), kind, title, post_in, la)
        if rng.random() < 0.3:
            before = people.new()
            yield before
            start = _day(rng, 2012, date(2018, 1, 1))
            end = _day(rng, 2018, date(2023, 1, 1))
            d, _ = doc()
            yield Holding(person=before.key, post=k(slug), valid_from=start, valid_until=end,
                          evidence=(Evidence(document=d, sentence=f"{before.name}, {title}."),))  # fmt: skip
            start = end
        else:
            start = _day(rng, 2015, date(2024, 1, 1))
        person = people.new()
        holders[slug] = person.key
        d, _ = doc()
        yield person
        yield Holding(person=person.key, post=k(slug), valid_from=start,
                      evidence=(Evidence(document=d, sentence=f"{person.name}, {title}."),))  # fmt: skip

    # Committee members: memberOf relationships, the chair among them.
    members: dict[str, list[str]] = {}
    for body, size in (("childrens-scrutiny-committee", 8), ("governance-and-audit-committee", 6),
                       ("corporate-parenting-forum", 6)):  # fmt: skip
        chair = holders[f"{body}/chair"]
        members[body] = [chair]
        for _ in range(size - 1):
            person = people.new()
            yield person
            members[body].append(person.key)
        d, when = doc()
        for member in members[body]:
            yield em.rel(
                "memberOf", [member], [k(body)], None,
                f"Members present: {em.label(k(body))}.", d, start=when,
            )  # fmt: skip

    def rel(kind: str, actors: Sequence[str], targets: Sequence[str], freq: str | None,
            text: str, **extra: object) -> Relationship:  # fmt: skip
        d, when = doc()
        start = extra.pop("start", when)
        return em.rel(kind, actors, targets, freq, text, d, start=start, **extra)  # type: ignore[arg-type]

    scrutiny, dcs, lead = k("childrens-scrutiny-committee"), k("dcs"), k("lead-member")
    f_scrutiny = _choose(rng, F_SCRUTINY)
    meetings = _meetings(rng, scrutiny, f_scrutiny, [d for d, _ in council.documents])
    observed = f_scrutiny if rng.random() < 0.8 else _choose(rng, F_SCRUTINY)
    yield from meetings
    for post in (dcs, lead):
        yield rel("scrutinises", [scrutiny], [post], f_scrutiny,
                  f"The Committee holds the {em.label(post)} to account{_phrase(f_scrutiny)}.",
                  observed=observed)  # fmt: skip
    freq = _choose(rng, F_REPORTS)
    yield rel("reportsTo", [dcs], [scrutiny], freq,
              f"The {em.label(dcs)} presents a performance report to the Committee{_phrase(freq)}.")  # fmt: skip
    freq = _choose(rng, F_CABINET)
    yield rel("reportsTo", [k("cabinet")], [k("full-council")], freq,
              f"The Leader reports the Cabinet's decisions to Council{_phrase(freq)}.")  # fmt: skip
    freq = _choose(rng, F_AUDIT)
    yield from _meetings(rng, k("governance-and-audit-committee"), freq, [])
    yield rel("scrutinises", [k("governance-and-audit-committee")], [la], freq,
              f"The Committee reviews the Council's governance and risk{_phrase(freq)}.")  # fmt: skip
    # Corporate parenting.
    forum = k("corporate-parenting-forum")
    yield rel("chairs", [lead], [forum], None, f"The {em.label(lead)} chairs the Forum.")
    freq = _choose(rng, F_FORUM)
    yield from _meetings(rng, forum, freq, [])
    yield rel("attends", [k("virtual-head-teacher")], [forum], freq,
              f"The Virtual School Head Teacher attends the Forum{_phrase(freq)}.")  # fmt: skip
    freq = _choose(rng, F_VOICE)
    yield rel("meetsWith", [k("children-in-care-council")], [forum], freq,
              f"Representatives of the Children in Care Council meet the Forum{_phrase(freq)}.")  # fmt: skip
    freq = _choose(rng, F_ANNUAL)
    yield rel("scrutinises", [scrutiny], [forum], freq,
              f"The Committee reviews the work of the Forum{_phrase(freq)}.")  # fmt: skip
    yield rel("reportsTo", [k("safeguarding-partnership")], [scrutiny], "annual",
              "The Partnership presents its annual report to the Committee.")  # fmt: skip
    if has_eib:
        eib = k("education-improvement-board")
        freq = _choose(rng, F_EIB)
        yield from _meetings(rng, eib, freq, [])
        yield rel("chairs", [dcs], [eib], None, f"The {em.label(dcs)} chairs the Board.")
        yield rel("reportsTo", [k("deputy-director")], [eib], freq,
                  f"The Deputy Director reports progress to the Board{_phrase(freq)}.")  # fmt: skip
        yield rel("memberOf", [region.rsc], [eib], freq,
                  f"The Regional Director is a member of the Board, which meets{_phrase(freq)}.")  # fmt: skip
        yield rel("reportsTo", [eib], [scrutiny], "sixMonthly",
                  "The Board reports to the Committee every six months.")  # fmt: skip
    if has_cib:
        cib = k("childrens-improvement-board")
        freq = _choose(rng, F_BOARD)
        yield from _meetings(rng, cib, freq, [])
        yield rel("chairs", [holders["childrens-improvement-board/chair"]], [cib], None,
                  "The Board is independently chaired.")  # fmt: skip
        yield rel("reportsTo", [dcs], [cib], freq,
                  f"The Director presents a progress and exception report to the Board{_phrase(freq)}.")  # fmt: skip
        yield rel("attends", [holders["childrens-scrutiny-committee/chair"]], [cib], freq,
                  "The Chair of the Scrutiny Committee attends the Board as an observer.")  # fmt: skip
        yield rel("attends", ["national/dfe"], [cib], freq,
                  "A DfE adviser attends each meeting of the Board.")  # fmt: skip
        yield rel("reportsTo", [cib], [k("cabinet")], "quarterly",
                  "The Board reports to Cabinet quarterly.")  # fmt: skip
    if has_task:
        freq = "asRequired" if rng.random() < 0.5 else "quarterly"
        yield rel("reportsTo", [k("education-scrutiny-task-group")], [scrutiny], freq,
                  f"The Task Group reports its findings to the Committee{_phrase(freq)}.")  # fmt: skip
    if has_srg:  # a gap: overseen only "as and when required"
        yield rel("monitors", [dcs], [k("staff-reference-group")], "asRequired",
                  "The Director meets the Staff Reference Group as and when required.")  # fmt: skip
    # Regional and national oversight of the council.
    freq = "termly" if first else None if second else _choose(rng, F_RSC_COUNCIL)
    if freq is not None:  # some councils have no recorded meeting with the RSC at all
        yield rel("meetsWith", [dcs, k("deputy-director")], [region.rsc, region.inspector_post],
                  freq, f"The DCS and DD meet with the regional Ofsted inspector and the RSC"
                  f"{_phrase(freq)}.")  # fmt: skip
    inspected = _day(rng, 2022)
    yield rel("inspects", ["national/ofsted"], [la], "unspecified",
              f"Ofsted inspected the Council's children's services on {inspected.isoformat()}.",
              start=inspected)  # fmt: skip
    before = inspected - timedelta(days=rng.randrange(900, 1_400))
    yield rel("inspects", ["national/ofsted"], [la], "unspecified",
              f"Ofsted inspected the Council's children's services on {before.isoformat()}.",
              start=before, end=inspected)  # fmt: skip
    if rng.random() < 0.1 or first:  # under a DfE improvement notice
        notice = _day(rng, 2016, date(2023, 1, 1))
        yield rel("issuesNoticeTo", ["national/dfe"], [la], "sixMonthly",
                  "The Department issued a non-statutory improvement notice, reviewed every "
                  "six months.", start=notice, end=notice + timedelta(days=rng.randrange(365, 1_100)))  # fmt: skip
        yield rel("funds", ["national/dfe"], [la], "annual",
                  "The Department provides improvement grant funding.", start=notice)  # fmt: skip
    for provider in providers:
        yield rel("commissions", [la], [provider], "annual",
                  f"The Council commissions family support from {em.label(provider)}.")  # fmt: skip
        freq = _choose(rng, F_PROVIDER)
        yield rel("monitors", [la], [provider], freq,
                  f"Commissioners monitor {em.label(provider)} through visits{_phrase(freq)}.",
                  confidence=round(rng.uniform(0.6, 0.99), 3) if rng.random() < 0.3 else None)  # fmt: skip
    # Trusts: the committee scrutinises a few; some councils hand oversight to the RSC.
    local_trusts = sorted({s.trust.key: s.trust for s in council.schools if s.trust}.values(),
                          key=lambda t: t.uid)  # fmt: skip
    scrutinised = rng.sample(local_trusts, min(3, len(local_trusts)))
    for trust in scrutinised:
        freq = "annual" if rng.random() < 0.5 else "asRequired"
        yield rel("scrutinises", [scrutiny], [trust.key], freq,
                  f"The Committee invites the CEO of {trust.name} to account for outcomes{_phrase(freq)}.")  # fmt: skip
    if local_trusts and (rng.random() < 0.35 or first):
        handed = rng.sample(local_trusts, min(6, len(local_trusts)))
        yield rel("hasNoInfluenceOver", [la], [t.key for t in handed], None,
                  "The LA has no influence on the quality of the school improvement support "
                  "brokered and delivered by the MATs. This scrutiny role is undertaken by the RSC.",
                  handed_to=[region.rsc])  # fmt: skip
    # Declared interests: a third in trusts the member's committee scrutinises.
    targets = [s.key for s in council.schools] + [t.key for t in local_trusts]
    for n in range(em.plan.sizes.interests_per_council):
        member = rng.choice(members["childrens-scrutiny-committee"] if n % 2 else
                            members[rng.choice(list(members))])  # fmt: skip
        if n % 3 == 0 and scrutinised and member in members["childrens-scrutiny-committee"]:
            target = rng.choice(scrutinised).key
        elif targets:
            target = rng.choice(targets)
        else:
            continue
        yield rel("declaredInterestIn", [member], [target], None,
                  f"Councillor declared an interest as a governor of {em.label(target)}.")  # fmt: skip


def generate(*, seed: int = 1, scale: float = 1.0) -> Iterator[Record]:
    """Yield the records of the England-scale graph for *seed* at *scale*.

    >>> from collections import Counter
    >>> counts = Counter(type(r).__name__ for r in generate(seed=1, scale=0.01))
    >>> counts["Body"] > 250 and counts["Relationship"] > 700 and counts["Holding"] > 20
    True
    """
    plan = _Plan(seed, scale)
    em = _Emitter(plan)
    yield from _national(em)
    yield from _trusts(em)
    for council in plan.councils:  # council papers first: school relationships cite them
        yield from _council(em, council)
    yield from _schools(em)


def probes(*, seed: int = 1, scale: float = 1.0) -> Probes:
    """The identifiers benchmarks query, for *seed* and *scale* (cheap: no records built).

    >>> p = probes(seed=1, scale=0.01)
    >>> p.committee.startswith(p.council + "/") and p.school.startswith("school/")
    True
    """
    return _Plan(seed, scale).probes()


def generate_quads(*, seed: int = 1, scale: float = 1.0, source: str = BENCH_SOURCE) -> Iterator[Quad]:
    """The generated records mapped to quads in the named graph of *source*.

    >>> quads = generate_quads(seed=1, scale=0.01)
    >>> next(quads).graph_name.value
    'https://w3id.org/oversight/id/source/bench'
    """
    return to_quads(generate(seed=seed, scale=scale), graph=source_iri(source))


@dataclass(frozen=True, slots=True)
class GenerationReport:
    """What :func:`write_ntriples` wrote, and how fast."""

    path: Path
    records: int
    triples: int
    seconds: float

    @property
    def records_per_second(self) -> float:
        """Records generated, mapped and written per second."""
        return self.records / self.seconds if self.seconds else float("inf")

    @property
    def triples_per_second(self) -> float:
        """Triples written per second (duplicates counted as the mapper yields them)."""
        return self.triples / self.seconds if self.seconds else float("inf")


def _counting(items: Iterable[_T], counter: list[int]) -> Iterator[_T]:
    for item in items:
        counter[0] += 1
        yield item


def write_ntriples(
    path: str | Path,
    *,
    seed: int = 1,
    scale: float = 1.0,
    progress: Callable[[int], None] | None = None,
) -> GenerationReport:
    """Write the graph as N-Triples to *path* (via a temporary file, so it is never partial).

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "small.nt"
    >>> report = write_ntriples(out, seed=1, scale=0.01)
    >>> report.triples == sum(1 for _ in out.open()) and report.triples > 10_000
    True
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    started = time.perf_counter()
    records, triples = [0], [0]

    def triples_of() -> Iterator[Triple]:
        recs = _counting(generate(seed=seed, scale=scale), records)
        for quad in to_quads(recs, graph=source_iri(BENCH_SOURCE)):
            triples[0] += 1
            if progress and triples[0] % 100_000 == 0:
                progress(triples[0])
            yield quad.triple

    try:
        serialize(triples_of(), str(tmp), RdfFormat.N_TRIPLES)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return GenerationReport(path, records[0], triples[0], time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bench.generate --out FILE.nt --seed 1 --scale 1.0``.

    >>> import tempfile, os
    >>> main(["--out", os.path.join(tempfile.mkdtemp(), "g.nt"), "--scale", "0.01", "--quiet"])
    0
    """
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="N-Triples file to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = England (default)")
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    try:
        report = write_ntriples(args.out, seed=args.seed, scale=args.scale)
    except GeneratorError as exc:
        parser.error(str(exc))
    if not args.quiet:
        p = probes(seed=args.seed, scale=args.scale)
        print(
            f"wrote {report.path}: {report.records:,} records, {report.triples:,} triples "
            f"in {report.seconds:.1f} s ({report.records_per_second:,.0f} records/s, "
            f"{report.triples_per_second:,.0f} triples/s)\nprobes: {p}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
