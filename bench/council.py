"""One council's records for the benchmark graph: its papers, committees and boards,
posts and (fake) post-holders, members, meetings and oversight arrangements.

Every council has a children's scrutiny committee, cabinet, full council,
governance and audit committee, corporate parenting forum, safeguarding
partnership and children in care council; some also have an education
improvement board, a children's improvement board, a scrutiny task group or a
staff reference group overseen only "as required". The first council of a plan
has every optional body and gap; the second has none, and no recorded meeting
with its Regional Director, so even tiny graphs contain both.

>>> from loaders.records import Body, Relationship
>>> from bench.world import Emitter, Plan
>>> em = Emitter(Plan(seed=1, scale=0.01))
>>> records = list(council_records(em, em.plan.councils[0]))
>>> sorted({r.kind for r in records if isinstance(r, Body)})[:3]
['Cabinet', 'ChildrenInCareCouncil', 'CorporateParentingForum']
>>> len([r for r in records if isinstance(r, Relationship)]) > 60
True
"""

from __future__ import annotations

import random
from collections.abc import Generator, Iterator, Sequence
from datetime import date, timedelta

from bench.world import (
    F_ANNUAL,
    F_AUDIT,
    F_BOARD,
    F_CABINET,
    F_EIB,
    F_FORUM,
    F_PROVIDER,
    F_REPORTS,
    F_RSC_COUNCIL,
    F_SCRUTINY,
    F_VOICE,
    FIRST_NAMES,
    REFERENCE_DATE,
    SURNAMES,
    Council,
    Emitter,
    FreqTable,
    Trust,
    choose,
    day,
    phrase,
)
from loaders.records import Document, Evidence, Holding, Meeting, Person, Record, Relationship
from ontology.identifiers import slugify

__all__ = ["council_records"]

SCRUTINY = "childrens-scrutiny-committee"
EIB = "education-improvement-board"
CIB = "childrens-improvement-board"
TASK_GROUP = "education-scrutiny-task-group"
STAFF_GROUP = "staff-reference-group"

# Bodies every council has: slug, ov: class, names seen in council papers.
_BODIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (SCRUTINY, "ScrutinyCommittee", (
        "Children and Young People Scrutiny Committee",
        "Children, Young People and Schools Scrutiny Commission",
        "Education and Children's Services Scrutiny Board",
        "Children's Services Overview and Scrutiny Committee")),
    ("cabinet", "Cabinet", ("Cabinet", "Executive")),
    ("full-council", "FullCouncil", ("Full Council", "Council")),
    ("governance-and-audit-committee", "GovernanceAndAuditCommittee",
     ("Governance and Audit Committee", "Audit and Governance Committee")),
    ("corporate-parenting-forum", "CorporateParentingForum",
     ("Corporate Parenting Forum", "Corporate Parenting Board")),
    ("safeguarding-partnership", "SafeguardingBoard",
     ("Safeguarding Children Partnership", "Local Safeguarding Children Board")),
    ("children-in-care-council", "ChildrenInCareCouncil", ("Children in Care Council",)),
)  # fmt: skip

# Bodies some councils have: slug, class, name, parent slug ("" = the council), share.
_OPTIONAL: tuple[tuple[str, str, str, str, float], ...] = (
    (EIB, "EducationImprovementBoard", "Education Improvement Strategy Board", "", 0.7),
    (CIB, "ImprovementBoard", "Children's Improvement Board", "", 0.35),
    (TASK_GROUP, "TaskGroup", "Education Outcomes Task Group", SCRUTINY, 0.3),
    (STAFF_GROUP, "WorkingGroup", "Staff Reference Group", "", 0.2),
)

# How often the bodies with minuted meetings meet.
_MEETS: dict[str, FreqTable] = {
    SCRUTINY: F_SCRUTINY,
    "governance-and-audit-committee": F_AUDIT,
    "corporate-parenting-forum": F_FORUM,
    EIB: F_EIB,
    CIB: F_BOARD,
}
_PER_YEAR = {"fortnightly": 20, "fourWeekly": 12, "monthly": 10, "halfTermly": 6,
             "bimonthly": 6, "quarterly": 4, "termly": 3}  # fmt: skip

_PAPERS = (
    ("scrutiny-minutes", "minutes", "Children's scrutiny committee minutes"),
    ("cabinet-report", "report", "Cabinet report: children's services"),
    ("improvement-plan", "report", "Children's services improvement plan"),
    ("school-improvement-strategy", "report", "School improvement strategy"),
    ("corporate-parenting-minutes", "minutes", "Corporate parenting forum minutes"),
)

# Posts: slug → (class, titles, the body it is in; "" = the council).
_POSTS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "dcs": ("DirectorOfChildrensServices", ("Strategic Director of Children's Services",
            "Director of Children's Services", "Director for Children and Families"), ""),
    "deputy-director": ("DeputyDirector", ("Deputy Director, Education and Learning",), ""),
    "lead-member": ("LeadMember", ("Cabinet Member for Children and Families",
                    "Lead Member for Children's Services",
                    "Assistant Mayor – Children, Young People and Schools"), "cabinet"),
    "virtual-head-teacher": ("VirtualHeadTeacher", ("Virtual School Head Teacher",), ""),
    "chief-executive": ("ChiefExecutive", ("Chief Executive",), ""),
    "scrutiny-officer": ("ScrutinyOfficer", ("Scrutiny Officer",), SCRUTINY),
    f"{SCRUTINY}/vice-chair": ("ViceChair", ("Vice-Chair",), SCRUTINY),
}  # fmt: skip
_CHAIRED = (SCRUTINY, "governance-and-audit-committee", "corporate-parenting-forum",
            "safeguarding-partnership", EIB, CIB)  # fmt: skip
_COMMITTEE_SIZES = ((SCRUTINY, 8), ("governance-and-audit-committee", 6),
                    ("corporate-parenting-forum", 6))  # fmt: skip

# The council's own arrangements: (body needed, kind, actor, target, frequency, sentence).
# Parties: a slug of the council, "la", a national key, "@rsc", "@inspector" or
# "@holder:<post slug>". Frequency: a table, a concept name, None, or "=<body>" for
# the frequency the body meets at. In sentences {a}/{t} are names and {f} the frequency.
_F_TASK: FreqTable = (("asRequired", 50), ("quarterly", 50))
_ARRANGEMENTS: tuple[tuple[str, str, str, str, FreqTable | str | None, str], ...] = (
    ("", "scrutinises", SCRUTINY, "dcs", f"={SCRUTINY}",
     "The Committee holds the {t} to account{f}."),
    ("", "scrutinises", SCRUTINY, "lead-member", f"={SCRUTINY}",
     "The Committee holds the {t} to account{f}."),
    ("", "reportsTo", "dcs", SCRUTINY, F_REPORTS,
     "The {a} presents a performance report to the Committee{f}."),
    ("", "reportsTo", "cabinet", "full-council", F_CABINET,
     "The Leader reports the Cabinet's decisions to Council{f}."),
    ("", "scrutinises", "governance-and-audit-committee", "la", "=governance-and-audit-committee",
     "The Committee reviews the Council's governance and risk{f}."),
    ("", "chairs", "lead-member", "corporate-parenting-forum", None, "The {a} chairs the Forum."),
    ("", "attends", "virtual-head-teacher", "corporate-parenting-forum",
     "=corporate-parenting-forum", "The Virtual School Head Teacher attends the Forum{f}."),
    ("", "meetsWith", "children-in-care-council", "corporate-parenting-forum", F_VOICE,
     "Representatives of the Children in Care Council meet the Forum{f}."),
    ("", "scrutinises", SCRUTINY, "corporate-parenting-forum", F_ANNUAL,
     "The Committee reviews the work of the Forum{f}."),
    ("", "reportsTo", "safeguarding-partnership", SCRUTINY, "annual",
     "The Partnership presents its annual report to the Committee."),
    (EIB, "chairs", "dcs", EIB, None, "The {a} chairs the Board."),
    (EIB, "reportsTo", "deputy-director", EIB, f"={EIB}",
     "The Deputy Director reports progress to the Board{f}."),
    (EIB, "memberOf", "@rsc", EIB, f"={EIB}",
     "The Regional Director is a member of the Board, which meets{f}."),
    (EIB, "reportsTo", EIB, SCRUTINY, "sixMonthly",
     "The Board reports to the Committee every six months."),
    (CIB, "chairs", f"@holder:{CIB}/chair", CIB, None, "The Board is independently chaired."),
    (CIB, "reportsTo", "dcs", CIB, f"={CIB}",
     "The Director presents a progress and exception report to the Board{f}."),
    (CIB, "attends", f"@holder:{SCRUTINY}/chair", CIB, f"={CIB}",
     "The Chair of the Scrutiny Committee attends the Board as an observer."),
    (CIB, "attends", "national/dfe", CIB, f"={CIB}",
     "A DfE adviser attends each meeting of the Board."),
    (CIB, "reportsTo", CIB, "cabinet", "quarterly", "The Board reports to Cabinet quarterly."),
    (TASK_GROUP, "reportsTo", TASK_GROUP, SCRUTINY, _F_TASK,
     "The Task Group reports its findings to the Committee{f}."),
    (STAFF_GROUP, "monitors", "dcs", STAFF_GROUP, "asRequired",
     "The Director meets the Staff Reference Group as and when required."),
)  # fmt: skip

_HANDOFF = (
    "The LA has no influence on the quality of the school improvement support brokered "
    "and delivered by the MATs. This scrutiny role is undertaken by the RSC."
)


class _CouncilWriter:
    """Emits one council; a class only to share its random stream and look-ups."""

    def __init__(self, em: Emitter, council: Council) -> None:
        self.em, self.council, self.la = em, council, council.key
        self.rng = random.Random(f"oversight-bench/{em.plan.seed}/{council.key}")
        self.used: set[str] = set()
        self.holders: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        self.meets: dict[str, tuple[str | None, str | None]] = {}
        self.first = council is em.plan.councils[0]
        self.second = council is em.plan.councils[1]

    def key(self, party: str) -> str:
        if party == "la":
            return self.la
        if party == "@rsc":
            return self.council.region.rsc
        if party == "@inspector":
            return self.council.region.inspector_post
        if party.startswith("@holder:"):
            return self.holders[party.removeprefix("@holder:")]
        return party if party.startswith("national/") else f"{self.la}/{party}"

    def paper(self) -> tuple[str, date]:
        # Recent papers are cited more often than old ones.
        return max(self.rng.sample(self.council.documents, 2), key=lambda kd: kd[1])

    def person(self) -> Person:
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"
        slug, n = slugify(name), 1
        while slug in self.used:
            n += 1
            slug = f"{slugify(name)}-{n}"
        self.used.add(slug)
        return Person(key=f"{self.la}/person/{slug}", name=name)

    def rel(
        self,
        kind: str,
        actors: Sequence[str],
        targets: Sequence[str],
        freq: str | None,
        text: str,
        **extra: object,
    ) -> Relationship:
        document, when = self.paper()
        start = extra.pop("start", when)
        return self.em.rel(kind, actors, targets, freq, text, document, start=start, **extra)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ parts

    def records(self) -> Iterator[Record]:
        yield from self.papers()
        present = yield from self.bodies()
        yield from self.posts(present)
        yield from self.committee_members()
        yield from self.meetings(present)
        yield from self.arrangements(present)
        yield from self.national_oversight()
        yield from self.providers()
        yield from self.trusts()

    def papers(self) -> Iterator[Record]:
        council, rng = self.council, self.rng
        for slug, kind, title in _PAPERS:
            for year in rng.sample(range(2014, 2026), 5):
                when = date(year, rng.randrange(1, 13), rng.randrange(1, 29))
                if when >= REFERENCE_DATE:
                    when = date(year - 1, when.month, when.day)
                key = f"document/{council.slug}-{when.isoformat()}-{slug}"
                council.documents.append((key, when))
                yield Document(key=key, title=f"{council.name}: {title} ({when.isoformat()})",
                               date=when, council=self.la, kind=kind,
                               file_name=f"{slug}-{when.isoformat()}.pdf")  # fmt: skip
        council.documents.sort(key=lambda kd: kd[0])

    def bodies(self) -> Generator[Record, None, set[str]]:
        em, la, rng, council = self.em, self.la, self.rng, self.council
        yield em.body(la, "LocalAuthority", council.name, region=council.region.key,
                      identifiers={"laCode": council.code, "gssCode": council.gss})  # fmt: skip
        for slug, kind, names in _BODIES:
            yield em.body(self.key(slug), kind, rng.choice(names), council=la, part_of=la)
        present = {slug for slug, _, _ in _BODIES}
        for slug, kind, name, parent, share in _OPTIONAL:
            wanted = rng.random() < share
            if self.first or self.second:
                wanted = self.first
            if wanted:
                present.add(slug)
                part_of = self.key(parent) if parent else la
                yield em.body(self.key(slug), kind, name, council=la, part_of=part_of)
        return present

    def posts(self, present: set[str]) -> Iterator[Record]:
        rng = self.rng
        posts = dict(_POSTS)
        for body in _CHAIRED:
            if body in present:
                posts[f"{body}/chair"] = ("Chair", ("Chair",), body)
        for slug, (kind, titles, body) in posts.items():
            key, title = self.key(slug), rng.choice(titles)
            yield self.em.post(key, kind, title, self.key(body) if body else self.la, self.la)
            start = day(rng, 2015, date(2024, 1, 1))
            if rng.random() < 0.3:  # a predecessor, with the dates of the hand-over
                before = self.person()
                start = day(rng, 2018, date(2023, 1, 1))
                yield before
                yield Holding(person=before.key, post=key, valid_until=start,
                              valid_from=day(rng, 2012, date(2018, 1, 1)),
                              evidence=(self.named(before, title),))  # fmt: skip
            holder = self.person()
            self.holders[slug] = holder.key
            yield holder
            yield Holding(person=holder.key, post=key, valid_from=start,
                          evidence=(self.named(holder, title),))  # fmt: skip

    def named(self, person: Person, title: str) -> Evidence:
        return Evidence(document=self.paper()[0], sentence=f"{person.name}, {title}.")

    def committee_members(self) -> Iterator[Record]:
        for body, size in _COMMITTEE_SIZES:
            self.members[body] = [self.holders[f"{body}/chair"]]
            for _ in range(size - 1):
                person = self.person()
                yield person
                self.members[body].append(person.key)
            document, when = self.paper()
            for member in self.members[body]:
                yield self.em.rel("memberOf", [member], [self.key(body)], None,
                                  f"Members present: {self.em.label(self.key(body))}.",
                                  document, start=when)  # fmt: skip

    def meetings(self, present: set[str]) -> Iterator[Record]:
        rng, papers = self.rng, [d for d, _ in self.council.documents]
        for body, table in _MEETS.items():
            if body not in present:
                continue
            stated = choose(rng, table)
            observed = stated if rng.random() < 0.8 else choose(rng, table)
            self.meets[body] = (stated, observed)
            per_year = _PER_YEAR.get(observed or "", 0)
            for offset in sorted({rng.randrange(0, 730) for _ in range(2 * per_year)}):
                yield Meeting(body=self.key(body), date=date(2023, 9, 1) + timedelta(offset),
                              document=rng.choice(papers))  # fmt: skip

    def arrangements(self, present: set[str]) -> Iterator[Record]:
        label = self.em.label
        for needs, kind, actor, target, frequency, sentence in _ARRANGEMENTS:
            if needs and needs not in present:
                continue
            observed = None
            if isinstance(frequency, str) and frequency.startswith("="):
                freq, observed = self.meets[frequency[1:]]
            elif isinstance(frequency, tuple):
                freq = choose(self.rng, frequency)
            else:
                freq = frequency
            a, t = self.key(actor), self.key(target)
            text = sentence.format(a=label(a), t=label(t), f=phrase(freq))
            yield self.rel(kind, [a], [t], freq, text, observed=observed)

    def national_oversight(self) -> Iterator[Record]:
        rng, region, la = self.rng, self.council.region, self.la
        freq = choose(rng, F_RSC_COUNCIL)
        freq = "termly" if self.first else None if self.second else freq
        if freq is not None:  # some councils have no recorded meeting with the RSC at all
            yield self.rel("meetsWith", [self.key("dcs"), self.key("deputy-director")],
                           [region.rsc, region.inspector_post], freq,
                           "The DCS and DD meet with the regional Ofsted inspector and the RSC"
                           f"{phrase(freq)}.")  # fmt: skip
        inspected = day(rng, 2022)
        before = inspected - timedelta(days=rng.randrange(900, 1_400))
        for start, end in ((inspected, None), (before, inspected)):
            yield self.rel("inspects", ["national/ofsted"], [la], "unspecified",
                           "Ofsted inspected the Council's children's services on "
                           f"{start.isoformat()}.", start=start, end=end)  # fmt: skip
        if rng.random() < 0.1 or self.first:  # under a DfE improvement notice
            notice = day(rng, 2016, date(2023, 1, 1))
            lifted = notice + timedelta(days=rng.randrange(365, 1_100))
            yield self.rel("issuesNoticeTo", ["national/dfe"], [la], "sixMonthly",
                           "The Department issued a non-statutory improvement notice, "
                           "reviewed every six months.", start=notice, end=lifted)  # fmt: skip
            grant = "The Department provides improvement grant funding."
            yield self.rel("funds", ["national/dfe"], [la], "annual", grant, start=notice)

    def providers(self) -> Iterator[Record]:
        em, rng, la = self.em, self.rng, self.la
        for n in range(1, em.plan.sizes.providers_per_council + 1):
            provider = self.key(f"provider-{n}")
            name = f"{self.council.slug.title()} Family Support Provider {n}"
            kind = "ServiceProvider" if n % 2 else "ExternalOrganisation"
            yield em.body(provider, kind, name, council=la)
            yield self.rel("commissions", [la], [provider], "annual",
                           f"The Council commissions family support from {name}.")  # fmt: skip
            freq = choose(rng, F_PROVIDER)
            confidence = round(rng.uniform(0.6, 0.99), 3) if rng.random() < 0.3 else None
            yield self.rel("monitors", [la], [provider], freq,
                           f"Commissioners monitor {name} through visits{phrase(freq)}.",
                           confidence=confidence)  # fmt: skip

    def trusts(self) -> Iterator[Record]:
        """The committee scrutinises a few trusts, some councils hand oversight of others
        to the RSC, and members declare interests (a third in trusts scrutinised)."""
        rng, la, council = self.rng, self.la, self.council
        scrutiny = self.key(SCRUTINY)
        local: list[Trust] = sorted(
            {s.trust.key: s.trust for s in council.schools if s.trust}.values(),
            key=lambda t: t.uid,
        )
        scrutinised = rng.sample(local, min(3, len(local)))
        for trust in scrutinised:
            freq = "annual" if rng.random() < 0.5 else "asRequired"
            yield self.rel("scrutinises", [scrutiny], [trust.key], freq,
                           f"The Committee invites the CEO of {trust.name} to account for "
                           f"outcomes{phrase(freq)}.")  # fmt: skip
        if local and (rng.random() < 0.35 or self.first):
            handed = rng.sample(local, min(6, len(local)))
            yield self.rel("hasNoInfluenceOver", [la], [t.key for t in handed], None, _HANDOFF,
                           handed_to=[council.region.rsc])  # fmt: skip
        targets = [s.key for s in council.schools] + [t.key for t in local]
        committee = self.members[SCRUTINY]
        for n in range(self.em.plan.sizes.interests_per_council):
            pool = committee if n % 2 else self.members[rng.choice(list(self.members))]
            member = rng.choice(pool)
            if n % 3 == 0 and scrutinised and member in committee:
                target = rng.choice(scrutinised).key
            elif targets:
                target = rng.choice(targets)
            else:
                continue
            yield self.rel("declaredInterestIn", [member], [target], None,
                           "Councillor declared an interest as a governor of "
                           f"{self.em.label(target)}.")  # fmt: skip


def council_records(em: Emitter, council: Council) -> Iterator[Record]:
    """Every record of *council*, drawn from its own random stream (seed + LA code).

    Fills ``council.documents``, which the school emitter cites afterwards.
    """
    return _CouncilWriter(em, council).records()
