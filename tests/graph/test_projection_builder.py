"""The projection kept up to date incrementally: it must always equal a full build.

Each test loads small sources, builds, changes the store, and checks that the
builder's next projection (which re-reads only what changed) is the projection a
fresh builder makes from the store as it now is.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from graph.backends.base import SparqlBackedStore
from graph.backends.embedded import OxigraphStore
from graph.projection import Projection, ProjectionCache
from graph.projection_builder import CLASSES, PREDICATES, ProjectionBuilder, contribution
from graph.store import SourceSpec, Store, open_store
from loaders.mapper import to_quads
from loaders.records import Body, Membership, NeighbourLink, Post, Record, Relationship
from ontology.identifiers import key_to_iri, source_iri

COUNCIL = Body(key="la/380", kind="LocalAuthority", name="Bradford")
TRUST = Body(key="group/1", kind="MultiAcademyTrust", name="Trust One")
SCHOOL = Body(key="school/1", kind="School", name="School One")
DFE = Body(key="national/dfe", kind="GovernmentDepartment", name="Department for Education")


def scrutiny(key: str, actor: str, target: str, freq: str = "termly") -> Relationship:
    return Relationship(
        key=key, kind="scrutinises", actors=(actor,), targets=(target,), stated_frequency=freq
    )


def load(store: Store, name: str, records: list[Record]) -> None:
    spec = SourceSpec(name=name, title=name)
    store.load_source(spec, to_quads(records, graph=spec.graph), validate=False)


def signature(p: Projection) -> dict[str, Any]:
    """Everything a projection holds, in a form that compares by value."""
    return {
        "nodes": {n: dict(a) for n, a in p.graph.nodes(data=True)},
        "edges": sorted(
            (u, v, k, sorted(d.items(), key=str))
            for u, v, k, d in p.graph.edges(keys=True, data=True)
        ),
        "relationships": p.relationships,
        "documents": p.documents,
        "neighbours": p.neighbours,
        "parents": p.structural_parents,
        "generation": p.generation,
    }


def full_build(store: Store) -> Projection:
    return ProjectionBuilder()(store)


@pytest.fixture
def store() -> Store:
    s = open_store(memory=True)
    load(s, "national", [DFE, TRUST, SCHOOL, Membership(member="school/1", organization="group/1")])
    load(s, "council", [COUNCIL, scrutiny("relationship/a", "la/380", "group/1")])
    return s


def test_reloading_a_changed_source_re_reads_only_its_subjects(store: Store) -> None:
    builder = ProjectionBuilder()
    first = builder(store)
    assert builder.last.read == "all"
    assert first.best_edge("la/380", "group/1")["frequency"] == "termly"
    load(store, "council", [COUNCIL, scrutiny("relationship/a", "la/380", "group/1", "monthly")])
    after = builder(store)
    assert builder.last.read == "changed"
    assert 0 < builder.last.touched < 10
    assert after.best_edge("la/380", "group/1")["frequency"] == "monthly"
    assert signature(after) == signature(full_build(store))


def test_subjects_that_leave_a_source_leave_the_projection(store: Store) -> None:
    builder = ProjectionBuilder()
    builder(store)
    load(store, "council", [COUNCIL])  # the scrutiny relationship is gone
    after = builder(store)
    assert "relationship/a" not in after.relationships
    assert not after.graph.has_edge("la/380", "group/1")
    assert signature(after) == signature(full_build(store))


def test_a_subject_described_in_two_sources_keeps_the_other_sources_facts(
    store: Store,
) -> None:
    load(store, "hubs", [Body(key="group/1", kind="MultiAcademyTrust", name="A Trust, renamed")])
    builder = ProjectionBuilder()
    assert builder(store).node("group/1")["label"] == "A Trust, renamed"  # the smaller label
    store.remove_source("hubs")
    after = builder(store)
    assert builder.last.read == "changed"
    assert after.node("group/1")["label"] == "Trust One"
    assert signature(after) == signature(full_build(store))


def test_added_and_removed_sources_and_every_kind_of_contribution(store: Store) -> None:
    builder = ProjectionBuilder()
    builder(store)
    load(
        store,
        "more",
        [
            Post(
                key="la/380/dcs", kind="DirectorOfChildrensServices", title="DCS", post_in="la/380"
            ),
            Body(key="la/380/board", kind="ImprovementBoard", name="Board", part_of="la/380"),
            NeighbourLink(council="la/380", neighbour="la/381", rank=1),
            Relationship(
                key="relationship/handoff",
                kind="hasNoInfluenceOver",
                actors=("la/380",),
                targets=("group/1",),
                handed_to=("national/dfe",),
            ),
            Relationship(
                key="relationship/old",
                kind="meetsWith",
                actors=("la/380/dcs",),
                targets=("national/dfe",),
                stated_frequency="monthly",
                valid_until=date(2020, 1, 1),
            ),
        ],
    )
    added = builder(store)
    assert builder.last.read == "changed"
    assert signature(added) == signature(full_build(store))
    assert added.neighbours["la/380"] == ("la/381",)
    assert added.node("la/380/dcs")["council"] == "la/380"  # inherited from its body
    assert "relationship/handoff" in added.statements
    store.remove_source("more")
    removed = builder(store)
    assert signature(removed) == signature(full_build(store))
    assert "la/380/dcs" not in removed.graph and "la/381" not in removed.neighbours


def test_an_update_makes_the_cache_read_everything_again(store: Store) -> None:
    cache = ProjectionCache(store)
    assert not cache.get().graph.has_edge("national/dfe", "la/380")
    rel = key_to_iri("relationship/u")
    ov = "https://w3id.org/oversight/def#"
    with cache.writing():
        store.update(
            f"INSERT DATA {{ GRAPH <urn:extra> {{ <{rel}> <{ov}kind> "
            f"<https://w3id.org/oversight/kind/scrutinises> ; <{ov}actor> "
            f"<{key_to_iri('national/dfe')}> ; <{ov}target> <{key_to_iri('la/380')}> }} }}"
        )
    assert cache.get().graph.has_edge("national/dfe", "la/380")
    assert isinstance(cache.builder, ProjectionBuilder) and cache.builder.last.read == "all"


def test_a_large_change_reads_everything(store: Store) -> None:
    builder = ProjectionBuilder(reread_min=0)
    builder(store)
    load(store, "national", [DFE, TRUST, Body(key="school/2", kind="School", name="Two")])
    after = builder(store)
    assert builder.last.read == "all"  # most subjects changed: one scan is cheaper
    assert "school/2" in after.graph and "school/1" not in after.graph
    assert signature(after) == signature(full_build(store))


def test_the_sparql_read_of_facts_matches_the_index_read(store: Store) -> None:
    """Remote stores read facts with SPARQL; the embedded store from its indexes."""
    store.update(
        f"INSERT DATA {{ <{key_to_iri('x/1')}> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"in the default graph" }'
    )
    by_index = sorted(store.facts(PREDICATES, classes=CLASSES))
    by_sparql = sorted(SparqlBackedStore.facts(store, PREDICATES, classes=CLASSES))
    assert by_index == by_sparql
    assert ("", key_to_iri("x/1"), PREDICATES[1], "in the default graph") in by_index
    subjects = [key_to_iri("la/380"), key_to_iri("group/1")]
    graph = source_iri("council")
    assert sorted(store.facts(PREDICATES, subjects=subjects, graph=graph)) == sorted(
        SparqlBackedStore.facts(store, PREDICATES, subjects=subjects, graph=graph)
    )
    types = [f for f in by_index if f[2] == PREDICATES[0]]
    assert types and all(o in CLASSES for _, _, _, o in types)


def test_a_full_read_gets_each_subjects_facts_in_a_graph_together(store: Store) -> None:
    """The builder reads a subject at a time; both reads keep a subject's facts together."""
    for facts in (
        list(store.facts(PREDICATES, classes=CLASSES)),
        list(SparqlBackedStore.facts(store, PREDICATES, classes=CLASSES)),
    ):
        runs = [
            (g, s) for i, (g, s, _, _) in enumerate(facts) if i == 0 or facts[i - 1][:2] != (g, s)
        ]
        assert len(runs) == len(set(runs)) > 5


class ShuffledStore(OxigraphStore):
    """The embedded store, but its full read comes in no particular order."""

    def facts(self, predicates: Any, **options: Any) -> Any:
        found = list(super().facts(predicates, **options))
        random.Random(7).shuffle(found)
        return iter(found)


def test_a_full_build_does_not_depend_on_the_order_facts_come_in() -> None:
    shuffled = ShuffledStore(None)
    load(
        shuffled,
        "national",
        [DFE, TRUST, SCHOOL, Membership(member="school/1", organization="group/1")],
    )
    load(shuffled, "council", [COUNCIL, scrutiny("relationship/a", "la/380", "group/1")])
    load(shuffled, "hubs", [Body(key="group/1", kind="MultiAcademyTrust", name="A Trust, renamed")])
    ordered = open_store(memory=True)
    for quad in shuffled.db:
        ordered.db.add(quad)
    assert signature(full_build(shuffled)) == signature(full_build(ordered))
    assert full_build(shuffled).node("group/1")["label"] == "A Trust, renamed"


def test_facts_leave_out_blank_node_subjects() -> None:
    store = open_store(memory=True)
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.update(
        'INSERT DATA { GRAPH <urn:g> { [] <http://www.w3.org/2000/01/rdf-schema#label> "b" } }'
    )
    quad = Quad(NamedNode(key_to_iri("x/2")), label, Literal("named"), NamedNode("urn:g"))
    store.update(f"INSERT DATA {{ GRAPH <urn:g> {{ {quad.triple} }} }}")
    assert [f[1] for f in store.facts([label.value])] == [key_to_iri("x/2")]


def test_a_subject_with_nothing_to_project_contributes_nothing() -> None:
    assert contribution(key_to_iri("x/3"), {"urn:unrelated": ["1"]}) is None
    found = contribution(key_to_iri("x/3"), {PREDICATES[1]: ["A label but no type"]})
    assert found is None
