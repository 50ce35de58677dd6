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
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from pyoxigraph import Quad

from bench.council import council_records
from bench.world import (
    F_DIOCESE,
    F_HUB_SCHOOL,
    F_LA_SCHOOL,
    F_NATIONAL,
    F_RSC_TRUST,
    F_TRUST_SCHOOL,
    REFERENCE_DATE,
    Emitter,
    GeneratorError,
    Plan,
    Probes,
    Sizes,
    choose,
    day,
    phrase,
    sizes_for,
)
from loaders.mapper import to_ntriples, to_quads
from loaders.records import Document, Membership, Record
from ontology.identifiers import source_iri

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
    "generate_sources",
    "main",
    "probes",
    "sizes_for",
    "write_ntriples",
]

GENERATOR_VERSION = "1"
"""Bumped whenever the generated graph changes, so cached files are rebuilt."""

BENCH_SOURCE = "bench"
"""Name of the source (named graph) the benchmarks load the graph into."""

_T = TypeVar("_T")


def _national(em: Emitter) -> Iterator[Record]:
    plan = em.plan
    yield em.body("national/dfe", "GovernmentDepartment", "Department for Education")
    yield em.body("national/ofsted", "Inspectorate", "Ofsted")
    yield em.body("national/parliament", "Parliament", "Parliament")
    yield em.body("national/lga", "LocalGovernmentAssociation", "Local Government Association")
    yield em.post(
        "national/dfe/secretary-of-state",
        "Minister",
        "Secretary of State for Education",
        "national/dfe",
        None,
    )
    yield Document(
        key="document/gias-extract-2025-08",
        title="GIAS extract, August 2025",
        date=date(2025, 8, 1),
        kind="data",
    )
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
            region.rsc,
            "RegionalSchoolsCommissioner",
            f"DfE Regional Director, {region.name}",
            part_of="national/dfe",
            region=region.key,
            valid_from=date(2014, 9, 1),
        )
        yield em.post(region.director_post, "Director", "Regional Director", region.rsc, None)
        yield em.post(
            region.inspector_post,
            "Inspector",
            f"Ofsted Regional Director, {region.name}",
            "national/ofsted",
            None,
        )
        yield em.rel(
            "reportsTo",
            [region.rsc],
            ["national/dfe"],
            "quarterly",
            f"The Regional Director for {region.name} reports quarterly to the Department.",
            report,
        )
    yield em.rel(
        "reportsTo",
        ["national/dfe/secretary-of-state"],
        ["national/parliament"],
        "asRequired",
        "The Secretary of State answers to Parliament as required.",
        report,
    )
    for actor, freq in (("national/dfe", "annual"), ("national/ofsted", "annual")):
        yield em.rel(
            "reportsTo",
            [actor],
            ["national/parliament"],
            freq,
            f"{em.label(actor)} lays an annual report before Parliament.",
            report,
        )
    yield em.rel(
        "meetsWith",
        ["national/lga"],
        ["national/dfe"],
        choose(rng, F_NATIONAL),
        "The LGA meets DfE officials to discuss children's services.",
        report,
    )
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
        yield em.body(
            key,
            "TeachingSchoolHub",
            name,
            part_of=lead.key,
            region=region.key,
            valid_from=date(2021, 9, 1),
        )
        yield em.rel(
            "funds",
            ["national/dfe"],
            [key],
            "annual",
            f"The Department funds {name} through an annual grant.",
            report,
            start=date(2021, 9, 1),
        )
        yield em.rel(
            "monitors",
            [region.rsc],
            [key],
            "termly",
            f"The Regional Director reviews the delivery of {name} each term.",
            report,
            start=date(2021, 9, 1),
        )


def _trusts(em: Emitter) -> Iterator[Record]:
    plan = em.plan
    rng = random.Random(f"oversight-bench/{plan.seed}/trusts")
    for trust in plan.trusts:
        region = trust.council.region
        year = rng.randrange(2016, 2025)
        trust.document = f"document/trust-{trust.uid}-scheme-of-delegation-{year}"
        yield Document(
            key=trust.document,
            title=f"{trust.name}: scheme of delegation {year}",
            date=date(year, 9, 1),
            kind="governance",
        )
        yield em.body(
            trust.key,
            trust.kind,
            trust.name,
            council=trust.council.key,
            region=region.key,
            identifiers={
                "groupUid": str(trust.uid),
                "companiesHouseNumber": f"{rng.randrange(10**7, 10**8):08d}",
            },
            valid_from=day(rng, 2011, date(2020, 1, 1)),
        )
        doc = f"document/dfe-regions-annual-report-{rng.randrange(2016, 2026)}"
        roll = rng.random()
        if roll < 0.88:  # the rest are left with no recorded arrangement with the RSC
            freq = choose(rng, F_RSC_TRUST)
            yield em.rel(
                "scrutinises",
                [region.rsc],
                [trust.key],
                freq,
                f"The Regional Director holds {trust.name} to account{phrase(freq)}.",
                doc,
            )
        if roll < 0.4:
            yield em.rel(
                "meetsWith",
                [region.rsc],
                [trust.key],
                "termly",
                f"The Regional Director meets the CEO of {trust.name} on a termly basis.",
                doc,
            )
        yield em.rel(
            "funds",
            ["national/dfe"],
            [trust.key],
            "annual",
            f"{trust.name} is funded under its funding agreement with the Secretary of State.",
            "document/gias-extract-2025-08",
            locator=f"group {trust.uid}",
        )


def _schools(em: Emitter) -> Iterator[Record]:
    plan = em.plan
    rng = random.Random(f"oversight-bench/{plan.seed}/schools")
    hub_names = {k: n for k, n, _ in plan.hubs}
    for school in plan.schools:
        council, trust = school.council, school.trust
        yield em.body(
            school.key,
            "School",
            school.name,
            council=council.key,
            region=council.region.key,
            identifiers={"urn": str(school.urn)},
            valid_from=school.opened,
        )
        if trust:
            yield Membership(
                member=school.key,
                organization=trust.key,
                valid_from=day(rng, 2011, date(2025, 1, 1)),
            )
        # Ofsted: the latest inspection, and for most schools the one before it.
        latest = day(rng, 2019)
        yield em.rel(
            "inspects",
            ["national/ofsted"],
            [school.key],
            "unspecified",
            f"Ofsted inspected {school.name} on {latest.isoformat()}.",
            f"document/ofsted-inspection-outcomes-{min(latest.year, 2025)}",
            start=latest,
            locator=f"URN {school.urn}",
        )
        if rng.random() < 0.7:
            before = latest - timedelta(days=rng.randrange(900, 1_800))
            yield em.rel(
                "inspects",
                ["national/ofsted"],
                [school.key],
                "unspecified",
                f"Ofsted inspected {school.name} on {before.isoformat()}.",
                f"document/ofsted-inspection-outcomes-{max(before.year, 2015)}",
                start=before,
                end=latest,
                locator=f"URN {school.urn}",
            )
        if trust:
            freq = choose(rng, F_TRUST_SCHOOL)
            yield em.rel(
                "scrutinises",
                [trust.key],
                [school.key],
                freq,
                f"The trust board reviews the performance of {school.name}{phrase(freq)}.",
                trust.document,
                locator=f"section {rng.randrange(2, 9)}",
            )
        else:
            freq = choose(rng, F_LA_SCHOOL)
            doc, when = rng.choice(council.documents)
            yield em.rel(
                "monitors",
                [council.key],
                [school.key],
                freq,
                f"The school improvement adviser visits {school.name}{phrase(freq)}.",
                doc,
                start=when,
            )
            yield em.rel(
                "funds",
                [council.key],
                [school.key],
                "annual",
                f"{school.name} is funded through its delegated budget share.",
                doc,
                start=when,
                locator="Schools Block allocations",
            )
        if school.hub and rng.random() < 0.3:
            freq = choose(rng, F_HUB_SCHOOL)
            yield em.rel(
                "meetsWith",
                [school.hub],
                [school.key],
                freq,
                f"{hub_names[school.hub]} works with {school.name}{phrase(freq)}.",
                "document/dfe-regions-annual-report-2024",
                start=date(2021, 9, 1),
            )
        if school.diocese:
            freq = choose(rng, F_DIOCESE)
            yield em.rel(
                "monitors",
                [school.diocese],
                [school.key],
                freq,
                f"The diocesan schools adviser reviews {school.name}{phrase(freq)}.",
                f"document/{school.diocese.replace('/', '-')}-schools-report-2023",
            )


def generate(*, seed: int = 1, scale: float = 1.0) -> Iterator[Record]:
    """Yield the records of the England-scale graph for *seed* at *scale*.

    >>> from collections import Counter
    >>> counts = Counter(type(r).__name__ for r in generate(seed=1, scale=0.01))
    >>> counts["Body"] > 250 and counts["Relationship"] > 700 and counts["Holding"] > 20
    True
    """
    for _, records in generate_sources(seed=seed, scale=scale):
        yield from records


def generate_sources(
    *, seed: int = 1, scale: float = 1.0
) -> Iterator[tuple[str, Iterator[Record]]]:
    """The same records as :func:`generate`, in the sources a real deployment has.

    ``bench-national`` (national bodies and regions), ``bench-trusts``, one
    ``bench-council-<LA code>`` per council (its papers) and ``bench-schools``
    (every school and its links). Each source's records must be consumed before
    the next source is asked for (they share one random stream).

    >>> [name for name, records in generate_sources(seed=1, scale=0.01) if not list(records)]
    []
    >>> names = [name for name, records in generate_sources(seed=1, scale=0.01)
    ...          if list(records)]
    >>> names[:2], names[-1], names[2].startswith("bench-council-")
    (['bench-national', 'bench-trusts'], 'bench-schools', True)
    """
    plan = Plan(seed=seed, scale=scale)
    em = Emitter(plan)
    yield "bench-national", _national(em)
    yield "bench-trusts", _trusts(em)
    for council in plan.councils:  # council papers first: school relationships cite them
        yield f"bench-council-{council.key.rsplit('/', 1)[-1]}", council_records(em, council)
    yield "bench-schools", _schools(em)


def probes(*, seed: int = 1, scale: float = 1.0) -> Probes:
    """The identifiers benchmarks query, for *seed* and *scale* (cheap: no records built).

    >>> p = probes(seed=1, scale=0.01)
    >>> p.committee.startswith(p.council + "/") and p.school.startswith("school/")
    True
    """
    return Plan(seed=seed, scale=scale).probes()


def generate_quads(
    *, seed: int = 1, scale: float = 1.0, source: str = BENCH_SOURCE
) -> Iterator[Quad]:
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

    try:
        with tmp.open("w", encoding="utf-8", newline="") as out:
            recs = _counting(generate(seed=seed, scale=scale), records)
            for chunk in to_ntriples(recs, chunk_lines=100_000):
                out.write(chunk)
                triples[0] += chunk.count("\n")
                if progress and triples[0] % 100_000 == 0:
                    progress(triples[0])
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
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n")[0]
    )
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
