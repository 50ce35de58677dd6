"""The benchmark graph generator: deterministic, to scale, production-shaped, with gaps."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Store

from bench.generate import (
    BENCH_SOURCE,
    GeneratorError,
    generate,
    generate_quads,
    main,
    probes,
    sizes_for,
    write_ntriples,
)
from loaders.mapper import to_quads
from loaders.records import (
    Body,
    Document,
    Holding,
    Meeting,
    Membership,
    Person,
    Post,
    Record,
    Relationship,
)
from ontology.identifiers import source_iri
from ontology.namespaces import PREFIXES
from ontology.vocabulary import FREQUENCIES, KINDS

SMALL = 0.01
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


@pytest.fixture(scope="module")
def small() -> list[Record]:
    return list(generate(seed=1, scale=SMALL))


@pytest.fixture(scope="module")
def small_store() -> Store:
    store = Store()
    store.bulk_extend(generate_quads(seed=1, scale=SMALL))
    return store


def select(store: Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(PROLOGUE + query, use_default_graph_as_union=True)
    return [
        {v.value: s[v].value for v in solutions.variables if s[v] is not None}  # type: ignore[union-attr]
        for s in solutions  # type: ignore[union-attr]
    ]


def test_same_seed_gives_the_same_records(small: list[Record]) -> None:
    assert list(generate(seed=1, scale=SMALL)) == small


def test_another_seed_gives_another_graph(small: list[Record]) -> None:
    other = list(generate(seed=2, scale=SMALL))
    assert other != small
    assert probes(seed=2, scale=SMALL) != probes(seed=1, scale=SMALL)


def test_ntriples_are_byte_identical_across_runs(tmp_path: Path) -> None:
    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    report = write_ntriples(first, seed=3, scale=SMALL)
    write_ntriples(second, seed=3, scale=SMALL)
    assert first.read_bytes() == second.read_bytes()
    assert report.triples == len(first.read_bytes().splitlines())
    assert report.records == sum(1 for _ in generate(seed=3, scale=SMALL))
    assert not list(tmp_path.glob("*.partial"))


def test_counts_follow_the_scale(small: list[Record]) -> None:
    sizes = sizes_for(SMALL)
    bodies = Counter(r.kind for r in small if isinstance(r, Body))
    assert bodies["LocalAuthority"] == sizes.councils
    assert bodies["School"] == sizes.schools
    assert bodies["MultiAcademyTrust"] + bodies["SingleAcademyTrust"] == sizes.trusts
    assert bodies["TeachingSchoolHub"] == sizes.hubs
    assert bodies["Diocese"] == sizes.dioceses
    assert bodies["RegionalSchoolsCommissioner"] == 9
    double = sum(isinstance(r, Relationship) for r in generate(seed=1, scale=2 * SMALL))
    single = sum(isinstance(r, Relationship) for r in small)
    assert 1.6 < double / single < 2.4


def test_england_scale_sizes() -> None:
    sizes = sizes_for(1.0)
    assert (sizes.councils, sizes.trusts, sizes.schools) == (150, 2_700, 22_000)


@pytest.mark.parametrize("scale", [0, -1, 11])
def test_scale_out_of_range_is_refused(scale: float) -> None:
    with pytest.raises(GeneratorError, match="scale must be in"):
        list(generate(scale=scale))


def test_negative_seed_is_refused() -> None:
    with pytest.raises(GeneratorError, match="seed"):
        probes(seed=-1)


def test_every_kind_of_record_and_relationship_is_made(small: list[Record]) -> None:
    made = {type(r) for r in small}
    assert {Body, Post, Person, Holding, Relationship, Document, Meeting, Membership} <= made
    kinds = {r.kind for r in small if isinstance(r, Relationship)}
    assert kinds == set(KINDS)
    used = {r.stated_frequency for r in small if isinstance(r, Relationship)} - {None}
    assert used <= set(FREQUENCIES)
    assert {"asRequired", "termly", "halfTermly", "fourWeekly", "annual"} <= used


def test_every_reference_points_at_a_generated_thing(small: list[Record]) -> None:
    defined = {r.key for r in small if isinstance(r, Body | Post | Person | Document)}
    referenced: list[tuple[str, str]] = []
    for r in small:
        if isinstance(r, Relationship):
            for key in (*r.actors, *r.targets, *r.handed_to):
                referenced.append((r.key, key))
            referenced += [(r.key, e.document) for e in r.evidence]
        elif isinstance(r, Holding):
            referenced += [(r.post, r.person), (r.post, r.post)]
            referenced += [(r.post, e.document) for e in r.evidence]
        elif isinstance(r, Post):
            referenced.append((r.key, r.post_in))
        elif isinstance(r, Body):
            referenced += [(r.key, k) for k in (r.council, r.part_of, r.region) if k]
        elif isinstance(r, Membership):
            referenced += [(r.member, r.member), (r.member, r.organization)]
        elif isinstance(r, Meeting):
            referenced.append((r.body, r.body))
            if r.document:
                referenced.append((r.body, r.document))
    missing = [(where, key) for where, key in referenced if key not in defined]
    assert not missing, missing[:10]
    keys = [r.key for r in small if isinstance(r, Body | Post | Person | Document | Relationship)]
    assert len(keys) == len(set(keys)), "keys must be unique"


def test_probes_exist(small: list[Record]) -> None:
    p = probes(seed=1, scale=SMALL)
    bodies = {r.key: r for r in small if isinstance(r, Body)}
    posts = {r.key for r in small if isinstance(r, Post)}
    assert bodies[p.council].kind == "LocalAuthority"
    assert bodies[p.committee].kind == "ScrutinyCommittee"
    assert bodies[p.school].kind == "School"
    assert bodies[p.trust].kind in {"MultiAcademyTrust", "SingleAcademyTrust"}
    assert bodies[p.rsc].kind == "RegionalSchoolsCommissioner"
    assert p.dcs in posts
    members = {(r.member, r.organization) for r in small if isinstance(r, Membership)}
    assert (p.school, p.trust) in members


def test_records_map_to_quads_in_the_bench_graph(small_store: Store) -> None:
    graphs = {g.value for g in small_store.named_graphs()}
    assert graphs == {source_iri(BENCH_SOURCE)}
    assert len(small_store) > 10_000
    rows = select(
        small_store, "SELECT (COUNT(?r) AS ?n) WHERE { ?r a ov:Relationship ; ov:kind ?k }"
    )
    assert int(rows[0]["n"]) > 700


def test_the_probe_committee_is_overseen_and_oversees(small_store: Store) -> None:
    p = probes(seed=1, scale=SMALL)
    committee = f"<{PREFIXES['id']}{p.committee}>"
    rows = select(
        small_store,
        f"SELECT ?whom ?freq WHERE {{ ?r ov:overseer {committee} ; ov:overseen ?whom ; "
        f"ov:statedFrequency ?freq }}",
    )
    assert len(rows) >= 3
    rows = select(small_store, f"SELECT ?who WHERE {{ ?who ov:memberOf {committee} }}")
    assert len(rows) == 8


def test_planted_gaps_are_there(small_store: Store) -> None:
    # Councils with no termly meeting with the Regional Director, bodies overseen only
    # "as required", hand-offs and declared interests: the analyst queries need them.
    as_required_only = select(
        small_store,
        """SELECT DISTINCT ?b WHERE {
             ?r ov:overseen ?b ; ov:statedFrequency freq:asRequired .
             MINUS { ?r2 ov:overseen ?b ; ov:statedFrequency ?f . FILTER(?f != freq:asRequired) }
           }""",
    )
    assert as_required_only
    handoffs = select(
        small_store,
        "SELECT ?r ?to WHERE { ?r ov:kind kind:hasNoInfluenceOver ; ov:handedTo ?to }",
    )
    interests = select(small_store, "SELECT ?m ?b WHERE { ?m ov:declaredInterestIn ?b }")
    assert handoffs or interests
    assert interests


@pytest.mark.slow
def test_england_scale_has_over_a_million_triples() -> None:
    # ~6 s: the generator and mapper, counting quads without storing them.
    relationships = 0

    def counted() -> Iterator[Record]:
        nonlocal relationships
        for r in generate(seed=1, scale=1.0):
            relationships += isinstance(r, Relationship)
            yield r

    triples = sum(1 for _ in to_quads(counted(), graph=source_iri(BENCH_SOURCE)))
    assert triples > 1_000_000
    assert 90_000 < relationships < 120_000


def test_validates_against_the_shapes(small: list[Record]) -> None:
    validation = pytest.importorskip(
        "graph.validation", reason="graph.validation (SHACL) has not landed yet"
    )
    if not hasattr(validation, "validate_quads"):
        pytest.skip("graph.validation has no validate_quads yet")
    violations = validation.validate_quads(list(to_quads(small, graph=source_iri(BENCH_SOURCE))))
    assert list(violations) == []


def test_cli_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.nt"
    assert main(["--out", str(out), "--seed", "4", "--scale", str(SMALL)]) == 0
    printed = capsys.readouterr().out
    assert "records/s" in printed and "triples" in printed and str(out) in printed
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    write_ntriples(tmp_path / "again.nt", seed=4, scale=SMALL)
    assert hashlib.sha256((tmp_path / "again.nt").read_bytes()).hexdigest() == digest


def test_cli_refuses_a_bad_scale(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--out", str(tmp_path / "g.nt"), "--scale", "0"])
    assert exited.value.code == 2
