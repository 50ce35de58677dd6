"""Path algorithms on small graphs with known answers, and against brute force."""

from __future__ import annotations

import itertools
import math
import random
from datetime import date

import networkx as nx
import pytest

from graph import paths
from graph.errors import InvalidQuery, NodeNotFound, NoPath
from graph.examples import example_projection
from graph.projection import Projection
from loaders.records import Body, Record, Relationship

TOP = "national/dfe"


def body(key: str, kind: str = "PartnershipBoard", **extra: object) -> Body:
    return Body(key=key, kind=kind, name=key, **extra)  # type: ignore[arg-type]


def scr(
    a: str, b: str, freq: str | None = "termly", kind: str = "scrutinises", **extra: object
) -> Relationship:
    """*a* oversees *b* (for reportsTo, pass the overseen first as the source says it)."""
    return Relationship(
        key=f"relationship/{a.replace('/', '-')}--{kind}--{b.replace('/', '-')}",
        kind=kind,
        actors=(a,),
        targets=(b,),
        stated_frequency=freq,
        **extra,
    )  # type: ignore[arg-type]


def project(*records: Record) -> Projection:
    return example_projection(list(records))


@pytest.fixture(scope="module")
def diamond() -> Projection:
    """DfE → x (monthly) → z (annual) → w; DfE → y (quarterly) → z2 (quarterly) → w.

    The shortest chains from w tie at three steps; the widest goes through y
    (weakest step 4 a year), not x (weakest 1 a year).
    """
    return project(
        body(TOP, "GovernmentDepartment"),
        *(body(k) for k in ("b/x", "b/y", "b/z", "b/z2", "b/w")),
        scr(TOP, "b/x", "monthly"),
        scr("b/x", "b/z", "annual"),
        scr("b/z", "b/w", "weekly"),
        scr(TOP, "b/y", "quarterly"),
        scr("b/y", "b/z2", "quarterly"),
        scr("b/z2", "b/w", "monthly"),
    )


def test_weakest_link_is_the_widest_path(diamond: Projection) -> None:
    link = paths.weakest_link(diamond, "b/w", TOP)
    assert link.chain.nodes == ("b/w", "b/z2", "b/y", TOP)
    assert link.per_year == 4.0
    assert link.step is not None and link.step.per_year == 4.0
    down = paths.weakest_link(diamond, TOP, "b/w", direction="down")
    assert down.chain.nodes == (TOP, "b/y", "b/z2", "b/w") and down.per_year == 4.0
    # to the top without naming it: the same answer
    assert paths.weakest_link(diamond, "b/w").chain.nodes == link.chain.nodes


def test_weakest_link_prefers_fewer_steps_on_ties() -> None:
    g = project(
        body(TOP, "GovernmentDepartment"),
        body("b/a"),
        body("b/b"),
        body("b/c"),
        scr(TOP, "b/a", "termly"),
        scr("b/a", "b/c", "termly"),
        scr(TOP, "b/b", "termly"),
        scr("b/b", "b/a", "termly"),
    )
    assert paths.weakest_link(g, "b/c", TOP).chain.nodes == ("b/c", "b/a", TOP)


def test_weakest_link_of_a_structural_chain_has_no_limit() -> None:
    g = project(body("la/1", "LocalAuthority"), body("la/1/c", "ScrutinyCommittee", part_of="la/1"))
    link = paths.weakest_link(g, "la/1/c")
    assert link.per_year is None and link.step is None and link.chain.nodes == ("la/1/c", "la/1")


def test_as_required_and_unspecified_count_as_no_meetings(diamond: Projection) -> None:
    g = project(
        body(TOP, "GovernmentDepartment"),
        body("b/a"),
        body("b/b"),
        scr(TOP, "b/a", "asRequired"),
        scr("b/a", "b/b", "weekly"),
    )
    assert paths.weakest_link(g, "b/b", TOP).per_year == 0.0
    with pytest.raises(NoPath):
        paths.weakest_link(g.view(min_per_year=1), "b/b", TOP)


def test_all_chains_shortest_first_with_cutoff_and_limit(diamond: Projection) -> None:
    chains = paths.all_chains(diamond, "b/w", TOP)
    assert [c.nodes for c in chains] == [
        ("b/w", "b/z2", "b/y", TOP),  # same length: the more frequent first
        ("b/w", "b/z", "b/x", TOP),
    ]
    assert [c.per_year for c in chains] == [4.0, 1.0]
    assert paths.all_chains(diamond, "b/w", TOP, cutoff=2) == []
    assert len(paths.all_chains(diamond, "b/w", TOP, limit=1)) == 1
    down = paths.all_chains(diamond, TOP, "b/w", direction="down")
    assert {c.nodes for c in down} == {(TOP, "b/y", "b/z2", "b/w"), (TOP, "b/x", "b/z", "b/w")}
    assert all(c.direction == "down" for c in down)
    # steps read overseer → overseen whatever the direction
    assert chains[0].steps[0].overseer == "b/z2" and chains[0].steps[0].overseen == "b/w"
    assert down[0].steps[0].overseer == TOP


def test_shortest_chain_and_no_path(diamond: Projection) -> None:
    assert paths.shortest_chain(diamond, "b/w", TOP).length == 3
    with pytest.raises(NoPath, match="'b/x' and 'b/y'"):
        paths.shortest_chain(diamond, "b/x", "b/y")
    with pytest.raises(NoPath):
        paths.shortest_chain(diamond, "b/w", TOP, cutoff=2)


def test_kinds_and_dates_change_the_answers() -> None:
    g = project(
        body(TOP, "GovernmentDepartment"),
        body("b/a"),
        body("b/b"),
        scr(TOP, "b/a", "monthly", valid_until=date(2019, 12, 31)),
        scr(TOP, "b/b", "termly", kind="meetsWith"),
        scr("b/a", "b/b", "monthly", kind="monitors"),
    )
    assert {c.nodes for c in paths.all_chains(g, "b/b", TOP)} == {("b/b", TOP), ("b/b", "b/a", TOP)}
    assert {c.nodes for c in paths.all_chains(g.view(as_of=date(2021, 1, 1)), "b/b", TOP)} == {
        ("b/b", TOP)
    }
    assert paths.all_chains(g.view(kinds=["monitors", "scrutinises"]), "b/b", TOP)[0].nodes == (
        "b/b",
        "b/a",
        TOP,
    )


def test_chains_to_the_top_end_at_the_first_top() -> None:
    g = project(
        body("national/parliament", "Parliament"),
        body(TOP, "GovernmentDepartment"),
        body("la/1", "LocalAuthority"),
        body("la/1/c", "ScrutinyCommittee", part_of="la/1"),
        body("group/1", "MultiAcademyTrust"),
        body("rsc/r", "RegionalSchoolsCommissioner", part_of=TOP),
        scr("national/parliament", TOP, "annual"),
        scr("rsc/r", "group/1", "termly"),
    )
    # the council is a top (no department above it); the DfE is not (Parliament is)
    assert paths.tops(g) == ["la/1", "national/parliament"]
    assert [c.nodes for c in paths.accountability_chains(g, "la/1/c")] == [("la/1/c", "la/1")]
    assert [c.nodes for c in paths.accountability_chains(g, "group/1")] == [
        ("group/1", "rsc/r", TOP, "national/parliament")
    ]
    assert paths.accountability_chains(g, "la/1")[0].nodes == ("la/1",)
    # an improvement notice puts a department above the council
    notice = project(
        body(TOP, "GovernmentDepartment"),
        body("la/1", "LocalAuthority"),
        scr(TOP, "la/1", "sixMonthly", kind="issuesNoticeTo"),
    )
    assert not paths.is_top(notice, "la/1")


def test_dead_ends_are_flagged() -> None:
    g = project(body("b/orphan"), body("b/under"), scr("b/orphan", "b/under", "monthly"))
    chains = paths.accountability_chains(g, "b/under")
    assert [(c.nodes, c.reaches_top) for c in chains] == [(("b/under", "b/orphan"), False)]
    with pytest.raises(NoPath):
        paths.weakest_link(g, "b/under")
    assert paths.accountability_chains(g, "b/orphan") == []


def test_cycle_rule_a_body_is_never_its_own_overseer() -> None:
    g = project(
        body(TOP, "GovernmentDepartment"),
        body("b/a"),
        body("b/b"),
        body("b/c"),
        scr(TOP, "b/a"),
        scr("b/a", "b/b"),
        scr("b/b", "b/c"),
        scr("b/c", "b/a"),
        scr("b/b", "b/b"),
    )
    assert "b/a" not in paths.overseers(g, "b/a", transitive=True)
    assert set(paths.overseers(g, "b/a", transitive=True)) == {TOP, "b/c", "b/b"}
    assert "b/b" not in paths.overseen(g, "b/b", transitive=True)
    for chain in paths.accountability_chains(g, "b/c", cutoff=8):
        assert len(set(chain.nodes)) == len(chain.nodes)
    assert paths.overseers(g, "b/b") == {"b/a": 1}


def test_overseers_and_overseen_with_distances() -> None:
    g = example_projection()
    assert paths.overseers(g, "school/900001", transitive=True, cutoff=2) == {
        "group/1001": 1,
        "la/380/deputy-director": 2,
        "rsc/yorkshire-and-the-humber": 2,
    }
    assert paths.overseen(g, "national/dfe") == {
        "la/380/deputy-director": 1,
        "rsc/yorkshire-and-the-humber": 1,
    }


def test_single_points_of_failure_and_dominators() -> None:
    g = project(
        body(TOP, "GovernmentDepartment"),
        body("la/1", "LocalAuthority"),
        body("rsc/r", "RegionalSchoolsCommissioner", part_of=TOP),
        body("group/1", "MultiAcademyTrust"),
        body("group/2", "MultiAcademyTrust"),
        body("school/1", "School", part_of="group/1"),
        scr("rsc/r", "group/1"),
        scr("rsc/r", "group/2"),
        scr("la/1", "group/2", kind="meetsWith"),
    )
    # group/1 hangs on the RSC alone; group/2 also meets the council; the trust's own school
    # does not make the trust a single point of failure, but the RSC is one for it
    assert paths.single_points_of_failure(g) == {"rsc/r": ["group/1", "school/1"]}
    assert paths.dominators_of(g, "school/1") == ["group/1", "rsc/r"]
    assert paths.dominators_of(g, "group/2") == []


def test_immediate_dominators_match_networkx_on_random_graphs() -> None:
    rng = random.Random(11)
    for _ in range(40):
        n = rng.randint(2, 25)
        edges = {(rng.randrange(n), rng.randrange(n)) for _ in range(rng.randint(1, 3 * n))}
        successors: list[list[int]] = [[] for _ in range(n)]
        for u, v in sorted(edges):
            successors[u].append(v)
        ours = paths.immediate_dominators(successors, 0)
        graph = nx.DiGraph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from(edges)
        expected = {k: v for k, v in nx.immediate_dominators(graph, 0).items() if k != 0}
        assert ours[0] == 0
        assert {i: d for i, d in enumerate(ours) if d != -1 and i != 0} == expected


def _random_projection(seed: int) -> Projection:
    rng = random.Random(seed)
    keys = [TOP, *(f"b/n{i}" for i in range(9))]
    freqs = ["weekly", "monthly", "termly", "annual", "asRequired", "unspecified"]
    records: list[Record] = [body(TOP, "GovernmentDepartment"), *(body(k) for k in keys[1:])]
    for i in range(22):
        a, b = rng.sample(keys, 2)
        records.append(
            Relationship(
                key=f"relationship/r{i}",
                kind="scrutinises",
                actors=(a,),
                targets=(b,),
                stated_frequency=rng.choice(freqs),
            )
        )
    return project(*records)


@pytest.mark.parametrize("seed", range(8))
def test_all_chains_and_weakest_link_match_brute_force(seed: int) -> None:
    g = _random_projection(seed)
    simple = nx.DiGraph(g.graph)
    for source, target in itertools.product(["b/n1", "b/n5", "b/n8"], [TOP, "b/n3"]):
        if source == target:
            continue
        # upward chains from source to target = downward simple paths target → source
        expected = {tuple(reversed(p)) for p in nx.all_simple_paths(simple, target, source, 4)}
        found = paths.all_chains(g, source, target, cutoff=4, limit=10_000)
        assert {c.nodes for c in found} == expected
        lengths = [c.length for c in found]
        assert lengths == sorted(lengths)
        if not expected:
            with pytest.raises(NoPath):
                paths.weakest_link(g, source, target, cutoff=4)
            continue
        link = paths.weakest_link(g, source, target, cutoff=4)
        best = max(c.per_year for c in found)
        assert link.per_year == best
        assert link.chain.length == min(c.length for c in found if c.per_year == best)


def test_errors_name_the_problem() -> None:
    g = example_projection()
    with pytest.raises(NodeNotFound):
        paths.accountability_chains(g, "group/404")
    with pytest.raises(InvalidQuery, match="cutoff"):
        paths.all_chains(g, "group/1001", TOP, cutoff=0)
    with pytest.raises(InvalidQuery, match="direction"):
        paths.all_chains(g, "group/1001", TOP, direction="sideways")  # type: ignore[arg-type]
    with pytest.raises(NodeNotFound):
        paths.all_chains(g.view(as_of=date(2020, 1, 1)), "group/404", TOP)


def test_chain_per_year_and_weakest_step() -> None:
    chain = paths.accountability_chains(example_projection(), "school/900001")[0]
    assert [s.structural for s in chain.steps] == [True, False, True]
    assert chain.per_year == 3.0 and chain.weakest is not None
    assert chain.weakest.frequency == "termly"
    assert not math.isinf(chain.per_year)
