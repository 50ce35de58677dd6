"""Paths and gaps on the curated seed graph, with answers taken from the five documents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import networkx as nx
import pytest

from graph import paths
from graph.gaps import handoffs, run_rule
from graph.gaps.conflict_of_interest import committees_of
from graph.projection import Projection, build_projection
from graph.store import Store, open_store
from loaders.bootstrap import ensure_bundled_data
from ontology.identifiers import key_to_iri

BRADFORD_DAY = date(2017, 6, 27)  # the Governance and Audit Committee meeting
LEICESTER_DAY = date(2015, 7, 22)  # the scrutiny commission meeting
TSAS = "la/380/teaching-school-alliances"
MATS = "la/380/multi-academy-trusts"
RSC = "rsc/lancashire-and-west-yorkshire"
HANDOFF = "relationship/bradford-la-no-influence-over-tsas-mats"
RSC_SCRUTINY = "relationship/bradford-rsc-scrutinises-tsas-mats"
LCCIB = "la/856/childrens-improvement-board"
COMMISSION = "la/856/children-young-people-and-schools-scrutiny-commission"


@pytest.fixture(scope="module")
def seed_store() -> Iterator[Store]:
    store = open_store(memory=True)
    ensure_bundled_data(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def seed(seed_store: Store) -> Projection:
    return build_projection(seed_store)


def test_bradford_handoff_is_covered_by_the_recorded_rsc_scrutiny(seed: Projection) -> None:
    found = {h.target: h for h in handoffs(seed.view(as_of=BRADFORD_DAY)) if h.statement == HANDOFF}
    assert set(found) == {TSAS, MATS}
    assert all(h.handed_to == RSC and h.actor == "la/380" for h in found.values())
    assert all(RSC_SCRUTINY in h.covered_by for h in found.values())
    gaps = run_rule(seed, "uncovered-handoff", as_of=BRADFORD_DAY)
    assert [g for g in gaps if HANDOFF in g.relationships] == []


def test_bradford_handoff_is_uncovered_without_the_rsc_relationship(seed_store: Store) -> None:
    store = open_store(memory=True)
    ensure_bundled_data(store)
    iri = key_to_iri(RSC_SCRUTINY)
    store.update(f"DELETE WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}")
    without = build_projection(store)
    gaps = [
        g
        for g in run_rule(without, "uncovered-handoff", as_of=BRADFORD_DAY)
        if HANDOFF in g.relationships
    ]
    assert sorted(g.bodies[0] for g in gaps) == [MATS, TSAS]
    assert all(g.severity == "high" and g.bodies[1] == RSC for g in gaps)
    assert all(
        g.sources == ("document/bradford-2017-06-27-gac-school-improvement-scrutiny",) for g in gaps
    )
    assert "no influence over" in gaps[0].explanation
    store.close()


def test_the_tsas_only_council_oversight_is_as_required(seed: Projection) -> None:
    graph = seed.graph
    view = seed.view(as_of=BRADFORD_DAY)

    def council_side(node: str) -> bool:
        # the council itself, its posts and its officer teams (not partnership boards)
        attrs = graph.nodes[node]
        return node == "la/380" or (
            attrs["council"] == "la/380"
            and attrs["cls"] in ("DeputyDirector", "WorkingGroup", "DirectorOfChildrensServices")
        )

    council = [d for u, _, d in view.overseers(TSAS) if not d["structural"] and council_side(u)]
    assert council, "the seed records the Deputy Director's challenge of the TSAs"
    assert {d["frequency"] for d in council} == {"asRequired"}
    assert {d["width"] for d in council} == {0.0}
    infrequent = [
        g for g in run_rule(seed, "infrequent", as_of=BRADFORD_DAY) if g.bodies[1] == TSAS
    ]
    assert infrequent and all("only 'as required'" in g.title for g in infrequent)


def test_leicester_improvement_board_meets_every_four_weeks(seed: Projection) -> None:
    out = [d for _, _, d in seed.view().overseen(LCCIB) if not d["structural"]]
    assert out and {d["frequency"] for d in out} == {"fourWeekly"}
    assert {d["per_year"] for d in out} == {13.0}
    # so the improvement-board expectation (at least monthly) is met
    assert [g for g in run_rule(seed, "infrequent", as_of=LEICESTER_DAY) if LCCIB in g.bodies] == []


def test_weakest_link_from_bradford_mats_to_the_dfe(seed: Projection) -> None:
    link = paths.weakest_link(seed, MATS, "national/dfe", cutoff=4)
    chains = paths.all_chains(seed, MATS, "national/dfe", cutoff=4, limit=1000)
    assert link.per_year == max(c.per_year for c in chains)
    # half-termly: the EISB questions the MATs and the RSC sits on the EISB (paragraph 3.1);
    # the RSC's own scrutiny of the MATs (paragraph 3.7) states no frequency at all
    assert link.per_year == 6.0
    assert link.chain.nodes[0] == MATS and link.chain.nodes[-1] == "national/dfe"
    assert link.step is not None and link.step.frequency == "halfTermly"
    direct = [c for c in chains if c.nodes == (MATS, RSC, "national/dfe")]
    assert direct and direct[0].per_year == 0.0


def test_chains_from_bradford_mats_reach_the_top(seed: Projection) -> None:
    chains = paths.accountability_chains(seed, MATS)
    assert chains and all(c.reaches_top for c in chains)
    shortest = {c.nodes: c.per_year for c in chains if c.length == chains[0].length}
    # two steps either way: through the EISB to the council (half-termly), or through
    # the RSC to the DfE (no stated frequency, so no guaranteed meeting): frequent first
    assert shortest == {
        (MATS, "la/380/education-improvement-strategy-board", "la/380"): 6.0,
        (MATS, RSC, "national/dfe"): 0.0,
    }
    assert chains[0].nodes[1] == "la/380/education-improvement-strategy-board"


def test_conflict_rule_reads_leicester_declarations(seed: Projection) -> None:
    view = seed.view(as_of=LEICESTER_DAY)
    declarations = [
        seed.relationships[k]
        for k in seed.statements
        if seed.relationships[k].kind == "declaredInterestIn"
        and seed.relationships[k].actors[0].startswith("la/856/person/")
    ]
    assert len({r.actors[0] for r in declarations}) >= 5  # Moore, Malik, Cole, Aldred, Russell
    for declaration in declarations:
        member = declaration.actors[0]
        if member != "la/856/person/councillor-russell":
            assert COMMISSION in committees_of(view, member)
    # the rule agrees with an independent search over the recorded oversight
    simple = nx.DiGraph(
        (u, v)
        for u, v, d in seed.graph.edges(data=True)
        if seed.graph.nodes[u]["category"] != "person"
    )
    expected = set()
    for declaration in declarations:
        for committee in committees_of(view, declaration.actors[0]):
            for interest in declaration.targets:
                try:
                    steps = nx.shortest_path_length(simple, committee, interest)
                except (nx.NetworkXNoPath, nx.NodeNotFound):
                    continue
                if steps <= 2:
                    expected.add((declaration.actors[0], interest))
    gaps = run_rule(seed, "conflict-of-interest", as_of=LEICESTER_DAY)
    assert {(g.bodies[0], g.bodies[1]) for g in gaps if g.bodies[0].startswith("la/856")} == (
        expected
    )
    # the minutes: Moore's company teaches looked-after children, Malik's association
    # offers services the Council uses, Russell chairs a Leicester school's governors
    assert expected == {
        ("la/856/person/councillor-moore", "la/856/company-of-councillor-moore"),
        (
            "la/856/person/councillor-malik",
            "la/856/youth-and-community-association-councillor-malik",
        ),
        ("la/856/person/councillor-russell", "school/120017"),
    }


def test_conflict_found_where_a_member_interest_meets_the_commissions_oversight(
    seed: Projection,
) -> None:
    """Councillor Dr Moore chairs the commission; her company teaches two children the
    council looks after, a service of the Strategic Director the commission scrutinises."""
    gaps = run_rule(seed, "conflict-of-interest", as_of=LEICESTER_DAY)
    [gap] = [g for g in gaps if g.bodies[0] == "la/856/person/councillor-moore"]
    assert gap.bodies[1:] == ("la/856/company-of-councillor-moore", COMMISSION)
    assert gap.details["route"] == [
        COMMISSION,
        "la/856/strategic-director-childrens-services",
        "la/856/company-of-councillor-moore",
    ]
    assert gap.severity == "medium"
    assert "relationship/leicester-interest-moore" in gap.relationships


def test_council_profiles_on_the_seed(seed: Projection) -> None:
    from graph.gaps import compare_councils, council_profile, load_expectations

    exp = load_expectations()
    bradford = council_profile(seed.view(as_of=BRADFORD_DAY), "380", exp)
    assert {"rsc-meetings", "trust-meetings", "teaching-schools", "ofsted-meetings"} <= set(
        bradford.present
    )
    leicester = council_profile(seed.view(as_of=LEICESTER_DAY), "856", exp)
    assert {"improvement-board", "corporate-parenting", "scrutiny-committee"} <= set(
        leicester.present
    )
    assert "trust-meetings" in leicester.missing
    compared = compare_councils(seed.view(), "380", exp)
    if not seed.neighbours.get("la/380"):
        assert compared.basis in ("region", "none") and "No statistical neighbours" in compared.note
