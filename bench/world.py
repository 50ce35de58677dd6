"""The skeleton of the benchmark graph: who exists, who belongs to whom, and the
record builder shared by :mod:`bench.generate` and :mod:`bench.council`.

A :class:`Plan` is drawn from a seed: councils with DfE-style LA codes in the
nine ONS regions, academy trusts, schools (some in trusts, some church schools),
teaching school hubs and dioceses. It holds no relationships; the emitters walk
it and yield :mod:`loaders.records`.

>>> plan = Plan(seed=1, scale=0.01)
>>> len(plan.councils), len(plan.regions), len(plan.schools)
(2, 9, 220)
>>> plan.probes().committee == plan.councils[0].key + "/childrens-scrutiny-committee"
True
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from loaders.records import Body, Evidence, Post, Relationship
from ontology.identifiers import slugify

__all__ = [
    "FIRST_NAMES",
    "F_ANNUAL",
    "F_AUDIT",
    "F_BOARD",
    "F_CABINET",
    "F_DIOCESE",
    "F_EIB",
    "F_FORUM",
    "F_HUB_SCHOOL",
    "F_LA_SCHOOL",
    "F_NATIONAL",
    "F_PROVIDER",
    "F_REPORTS",
    "F_RSC_COUNCIL",
    "F_RSC_TRUST",
    "F_SCRUTINY",
    "F_TRUST_SCHOOL",
    "F_VOICE",
    "REFERENCE_DATE",
    "SURNAMES",
    "Council",
    "Emitter",
    "FreqTable",
    "GeneratorError",
    "Plan",
    "Probes",
    "Region",
    "School",
    "Sizes",
    "Trust",
    "choose",
    "day",
    "phrase",
    "sizes_for",
]

REFERENCE_DATE = date(2025, 9, 1)
"""The generator's "today": every date lies before it, so output never drifts."""


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
    bench.world.GeneratorError: scale must be in (0, 10], got 0
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
FIRST_NAMES = (
    "Amira", "Ben", "Catherine", "David", "Eleanor", "Farid", "Grace", "Harpreet", "Imran",
    "Joanna", "Kwame", "Laura", "Mohammed", "Nadia", "Owen", "Priya", "Quentin", "Rachel",
    "Samuel", "Tariq", "Una", "Victor", "Wendy", "Yusuf", "Zoe", "Alan", "Bridget", "Colin",
    "Deborah", "Edward", "Fiona", "Gareth", "Helen", "Ian", "Judith", "Kevin", "Linda",
    "Martin", "Nicola", "Peter", "Ruth", "Simon", "Tessa", "Vikram", "William", "Yvonne",
)  # fmt: skip
SURNAMES = (
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
_TRUST_WORDS = (
    "Trust",
    "Academy Trust",
    "Multi-Academy Trust",
    "Learning Trust",
    "Education Trust",
)
_SAINTS = ("Mary", "John", "Peter", "Paul", "Anne", "Joseph", "Michael", "Andrew", "Luke", "Mark")

# Frequency tables: (concept local name, weight). Names are checked by the mapper.
FreqTable = tuple[tuple[str | None, int], ...]
F_SCRUTINY: FreqTable = (
    ("monthly", 25), ("bimonthly", 35), ("halfTermly", 20), ("quarterly", 15), ("unspecified", 5)
)  # fmt: skip
F_REPORTS: FreqTable = (("quarterly", 45), ("bimonthly", 25), ("sixMonthly", 20), ("annual", 10))
F_AUDIT: FreqTable = (("quarterly", 70), ("bimonthly", 20), ("sixMonthly", 10))
F_CABINET: FreqTable = (("quarterly", 40), ("annual", 40), ("sixMonthly", 20))
F_FORUM: FreqTable = (("monthly", 45), ("bimonthly", 35), ("quarterly", 20))
F_VOICE: FreqTable = (("quarterly", 40), ("halfTermly", 30), ("termly", 30))
F_BOARD: FreqTable = (("fourWeekly", 50), ("monthly", 40), ("fortnightly", 10))
F_EIB: FreqTable = (("halfTermly", 60), ("termly", 30), ("bimonthly", 10))
F_ANNUAL: FreqTable = (("annual", 70), ("sixMonthly", 20), ("asRequired", 10))
F_PROVIDER: FreqTable = (("quarterly", 40), ("monthly", 25), ("annual", 15), ("asRequired", 20))
F_LA_SCHOOL: FreqTable = (("termly", 40), ("annual", 30), ("sixMonthly", 15), ("asRequired", 15))
F_TRUST_SCHOOL: FreqTable = (
    ("halfTermly", 35),
    ("termly", 40),
    ("monthly", 10),
    ("unspecified", 15),
)
F_RSC_TRUST: FreqTable = (("termly", 55), ("sixMonthly", 15), ("annual", 10), ("asRequired", 20))
F_HUB_SCHOOL: FreqTable = (("termly", 40), ("halfTermly", 20), ("asRequired", 40))
F_DIOCESE: FreqTable = (("annual", 60), ("termly", 25), ("asRequired", 15))
F_RSC_COUNCIL: FreqTable = (("termly", 80), ("sixMonthly", 8), ("annual", 6), (None, 6))
F_NATIONAL: FreqTable = (("annual", 50), ("quarterly", 30), ("asRequired", 20))


# --------------------------------------------------------------------------- plan


@dataclass(slots=True)
class Region:
    """An ONS region (= DfE region) with its Regional Director office and posts."""

    index: int
    code: str
    name: str
    key: str
    rsc: str
    inspector_post: str
    director_post: str


@dataclass(slots=True)
class Council:
    """A local authority (``la/NNN``); ``documents`` fills as its papers are emitted."""

    key: str
    code: str
    name: str
    slug: str
    region: Region
    gss: str
    documents: list[tuple[str, date]] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    trusts: list[Trust] = field(default_factory=list)


@dataclass(slots=True)
class Trust:
    """An academy trust (``group/UID``) with its home council and its schools."""

    key: str
    uid: int
    name: str
    kind: str
    council: Council
    document: str = ""
    schools: list[School] = field(default_factory=list)


@dataclass(slots=True)
class School:
    """A school (``school/URN``): its council, and its trust, diocese and hub if any."""

    key: str
    urn: int
    name: str
    council: Council
    trust: Trust | None = None
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


def choose(rng: random.Random, table: FreqTable) -> str | None:
    """Draw a frequency from a weighted table.

    >>> choose(random.Random(1), (("termly", 1), ("annual", 0)))
    'termly'
    """
    values = [v for v, _ in table]
    weights = [w for _, w in table]
    return rng.choices(values, weights)[0]


def day(rng: random.Random, start_year: int, end: date = REFERENCE_DATE) -> date:
    """A random day from 1 January *start_year* up to (not including) *end*.

    >>> date(2020, 1, 1) <= day(random.Random(1), 2020, date(2020, 2, 1)) < date(2020, 2, 1)
    True
    """
    start = date(start_year, 1, 1)
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


class Plan:
    """The skeleton of the world: who exists and who belongs to whom."""

    def __init__(self, *, seed: int, scale: float) -> None:
        if seed < 0:
            raise GeneratorError(f"seed must be ≥ 0, got {seed}")
        self.seed = seed
        self.sizes = sizes_for(scale)
        rng = random.Random(f"oversight-bench/{seed}/plan")
        self.regions = [
            Region(
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

    def _councils(self, rng: random.Random) -> list[Council]:
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
                    [
                        ("City Council", "E06"),
                        ("County Council", "E10"),
                        ("Metropolitan Borough Council", "E08"),
                        ("Borough Council", "E06"),
                    ]
                )
                name = f"{place} {style}"
            councils.append(
                Council(
                    key=f"la/{code}",
                    code=str(code),
                    name=name,
                    slug=slugify(place),
                    region=region,
                    gss=f"{gss}{rng.randrange(10**6):06d}",
                )
            )
        return councils

    def _trusts(self, rng: random.Random) -> list[Trust]:
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
            trust = Trust(key=f"group/{uid}", uid=uid, name=name, kind=kind, council=council)
            council.trusts.append(trust)
            trusts.append(trust)
        return trusts

    def _dioceses(self, rng: random.Random) -> list[str]:
        places = self._places(rng, self.sizes.dioceses)
        return [f"diocese/{slugify(p)}{'' if i % 3 else '-catholic'}" for i, p in enumerate(places)]

    def _hubs(self, rng: random.Random) -> list[tuple[str, str, Region]]:
        places = self._places(rng, self.sizes.hubs)
        return [
            (f"hub/{slugify(p)}", f"{p} Teaching School Hub", self.regions[i % 9])
            for i, p in enumerate(places)
        ]

    def _schools(self, rng: random.Random) -> list[School]:
        n = self.sizes.schools
        urns = sorted(rng.sample(range(100_000, 160_000), n))
        hubs_by_region: dict[int, list[str]] = {}
        for key, _, region in self.hubs:
            hubs_by_region.setdefault(region.index, []).append(key)
        trusts_by_region: dict[int, list[Trust]] = {}
        for trust in self.trusts:
            trusts_by_region.setdefault(trust.council.region.index, []).append(trust)
        # Single-academy trusts take one school each; multi-academy trusts take the rest,
        # the larger ones more often (a few trusts run dozens of schools).
        free_sats: dict[int, list[Trust]] = {}
        mats: dict[int, tuple[list[Trust], list[float]]] = {}
        for index, trusts in sorted(trusts_by_region.items()):
            free_sats[index] = [t for t in trusts if t.kind == "SingleAcademyTrust"][::-1]
            local = [t for t in trusts if t.kind != "SingleAcademyTrust"]
            mats[index] = (local, [1.0 / (1 + i % 40) for i in range(len(local))])
        anywhere = [t for t in self.trusts if t.kind != "SingleAcademyTrust"] or self.trusts
        fallback = (anywhere, [1.0 / (1 + i % 40) for i in range(len(anywhere))])
        schools: list[School] = []
        for i, urn in enumerate(urns):
            council = self.councils[i % len(self.councils)] if i < 2 else rng.choice(self.councils)
            phase = rng.choices(
                ["Primary School", "Secondary School", "Special School", "Academy"],
                [72, 16, 6, 6],
            )[0]
            place = rng.choice(_STEMS) + rng.choice(_SUFFIXES)
            diocese = rng.choice(self.dioceses) if rng.random() < 0.25 else None
            name = (
                f"St {rng.choice(_SAINTS)}'s {'CofE' if rng.random() < 0.6 else 'Catholic'} {phase}"
                if diocese
                else f"{place} {phase}"
            )
            school = School(key=f"school/{urn}", urn=urn, name=name, council=council)
            school.diocese = diocese
            hubs = hubs_by_region.get(council.region.index) or [k for k, _, _ in self.hubs]
            school.hub = rng.choice(hubs)
            if rng.random() < 0.08:
                school.opened = day(rng, 2012)
            if rng.random() < 0.45 or i == 0:
                index = council.region.index
                sats = free_sats.get(index)
                if sats:
                    trust = sats.pop()
                else:
                    local, weights = mats.get(index) or fallback
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


class Emitter:
    """Builds records with sequential relationship keys and evidence sentences."""

    def __init__(self, plan: Plan) -> None:
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
        """A relationship with the next key and, when *document* is given, one evidence.

        >>> em = Emitter(Plan(seed=1, scale=0.01))
        >>> em.rel("scrutinises", ["a/1"], ["b/2"], "termly", "A scrutinises B.", None).key
        'relationship/bench-000001'
        """
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
        """A body, remembering its name for later sentences."""
        self.labels[key] = name
        return Body(key=key, kind=kind, name=name, **extra)  # type: ignore[arg-type]

    def post(self, key: str, kind: str, title: str, post_in: str, council: str | None) -> Post:
        """A post, remembering its title for later sentences."""
        self.labels[key] = title
        return Post(key=key, kind=kind, title=title, post_in=post_in, council=council)

    def label(self, key: str) -> str:
        """The name given to *key* so far (the key itself if none)."""
        return self.labels.get(key, key)


def phrase(freq: str | None) -> str:
    """How a council paper words a frequency, for evidence sentences.

    >>> "Meets" + phrase("termly")
    'Meets on a termly basis'
    """
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
