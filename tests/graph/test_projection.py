"""The networkx projection: edges, attributes, views, the width rule and the cache."""

from __future__ import annotations

import gc
import math
import threading
import weakref
from datetime import date

import pytest

from graph.errors import InvalidQuery, NodeNotFound
from graph.examples import example_projection, example_store
from graph.projection import (
    EdgeFilter,
    Projection,
    ProjectionCache,
    build_projection,
    edge_width,
    gc_paused,
)
from graph.store import SourceSpec, Store
from loaders.mapper import to_quads
from loaders.records import (
    Body,
    Document,
    Evidence,
    Holding,
    Membership,
    NeighbourLink,
    Person,
    Post,
    Record,
    Relationship,
)

DOC = "document/test-2017"


def rel(
    key: str,
    kind: str,
    actors: str | tuple[str, ...],
    targets: str | tuple[str, ...],
    freq: str | None = None,
    **extra: object,
) -> Relationship:
    """A relationship with one sentence of evidence in the test document."""
    return Relationship(
        key=f"relationship/{key}",
        kind=kind,
        actors=(actors,) if isinstance(actors, str) else actors,
        targets=(targets,) if isinstance(targets, str) else targets,
        stated_frequency=freq,
        evidence=(Evidence(document=DOC, sentence=f"{key}."),),
        **extra,  # type: ignore[arg-type]
    )


def bodies(*specs: tuple[str, str]) -> list[Record]:
    return [Body(key=k, kind=c, name=k.upper()) for k, c in specs]


BASE: list[Record] = [
    Document(key=DOC, title="Test report", date=date(2017, 6, 27), council="la/380"),
    *bodies(
        ("la/380", "LocalAuthority"),
        ("national/dfe", "GovernmentDepartment"),
        ("group/1", "MultiAcademyTrust"),
        ("la/380/board", "ImprovementBoard"),
    ),
    Body(key="la/380/scrutiny", kind="ScrutinyCommittee", name="Scrutiny", part_of="la/380"),
    Post(key="la/380/dcs", kind="DirectorOfChildrensServices", title="DCS", post_in="la/380"),
    Person(key="la/380/person/a-b", name="A B"),
    Holding(person="la/380/person/a-b", post="la/380/dcs"),
    Body(key="school/1", kind="School", name="School One"),
    Membership(member="school/1", organization="group/1"),
]


def project(*extra: Record):
    return example_projection([*BASE, *extra])


def test_directed_kinds_point_from_overseer_to_overseen() -> None:
    p = project(
        rel("s", "scrutinises", "la/380/scrutiny", "la/380/dcs", "bimonthly"),
        rel("r", "reportsTo", "la/380/dcs", "la/380/board", "monthly"),
    )
    assert p.graph.has_edge("la/380/scrutiny", "la/380/dcs", "relationship/s")
    # reportsTo: the target oversees the actor
    assert p.graph.has_edge("la/380/board", "la/380/dcs", "relationship/r")
    assert not p.graph.has_edge("la/380/dcs", "la/380/board")
    info = p.relationships["relationship/r"]
    assert (info.overseers, info.overseen) == (("la/380/board",), ("la/380/dcs",))


def test_meetings_go_both_ways_and_statements_give_no_edge() -> None:
    p = project(
        rel("m", "meetsWith", "la/380/dcs", ("group/1", "national/dfe"), "termly"),
        rel("n", "hasNoInfluenceOver", "la/380", "group/1", handed_to=("national/dfe",)),
        rel("i", "declaredInterestIn", "la/380/person/a-b", "group/1"),
    )
    pairs = {(u, v) for u, v, k in p.graph.edges(keys=True) if k == "relationship/m"}
    # the actor meets each target, both ways; the two targets do not meet each other
    sides = [("la/380/dcs", "group/1"), ("la/380/dcs", "national/dfe")]
    assert pairs == {*sides, *((b, a) for a, b in sides)}
    assert not any(
        k in ("relationship/n", "relationship/i") for _, _, k in p.graph.edges(keys=True)
    )
    assert sorted(p.statements) == ["relationship/i", "relationship/n"]
    assert p.relationships["relationship/n"].handed_to == ("national/dfe",)


def test_structural_edges_run_parent_to_child_with_no_limit() -> None:
    p = project()
    kinds = {(u, v): d["kind"] for u, v, d in p.graph.edges(data=True) if d["structural"]}
    assert kinds == {
        ("la/380", "la/380/scrutiny"): "subOrganizationOf",
        ("la/380", "la/380/dcs"): "postIn",
        ("la/380/dcs", "la/380/person/a-b"): "holds",
        ("group/1", "school/1"): "memberOfOrganisation",
    }
    assert all(
        math.isinf(d["width"]) and d["relationship"] is None
        for _, _, d in p.graph.edges(data=True)
        if d["structural"]
    )


def test_node_and_edge_attributes() -> None:
    p = project(
        rel(
            "m",
            "meetsWith",
            "la/380/dcs",
            "group/1",
            "asRequired",
            observed_frequency="termly",
            valid_from=date(2016, 9, 1),
            valid_until=date(2018, 8, 31),
        ),
    )
    dcs = p.graph.nodes["la/380/dcs"]
    assert (dcs["cls"], dcs["category"], dcs["council"]) == (
        "DirectorOfChildrensServices",
        "post",
        "la/380",
    )
    person = p.graph.nodes["la/380/person/a-b"]
    assert (person["category"], person["label"], person["council"]) == ("person", "A B", "la/380")
    assert p.graph.nodes["la/380/scrutiny"]["council"] == "la/380"  # from its parent
    edge = p.graph.edges["la/380/dcs", "group/1", "relationship/m"]
    assert edge["frequency"] == "asRequired" and edge["per_year"] is None
    assert edge["observed"] == "termly" and edge["width"] == 3.0
    assert (edge["valid_from"], edge["valid_until"]) == (date(2016, 9, 1), date(2018, 8, 31))
    assert edge["sources"] == (DOC,)
    assert p.documents[DOC].date == date(2017, 6, 27)
    assert p.relationships_of["group/1"] == ["relationship/m"]


def test_self_oversight_gives_no_edge() -> None:
    p = project(rel("self", "scrutinises", "la/380/board", "la/380/board", "monthly"))
    assert not p.graph.has_edge("la/380/board", "la/380/board")
    assert "relationship/self" in p.relationships


def test_unknown_nodes_are_kept_as_unknown() -> None:
    p = project(rel("x", "scrutinises", "national/nobody", "group/1", "annual"))
    assert p.graph.nodes["national/nobody"]["category"] == "unknown"
    assert p.graph.has_edge("national/nobody", "group/1")


def test_ranked_statistical_neighbours() -> None:
    p = project(
        *bodies(("la/381", "LocalAuthority"), ("la/382", "LocalAuthority")),
        NeighbourLink(council="la/380", neighbour="la/382", rank=1),
        NeighbourLink(council="la/380", neighbour="la/381", rank=2),
    )
    assert p.neighbours["la/380"] == ("la/382", "la/381")


@pytest.mark.parametrize(
    ("stated", "observed", "width"),
    [
        ("termly", None, 3.0),
        ("fourWeekly", None, 13.0),
        ("asRequired", None, 0.0),
        ("unspecified", None, 0.0),
        (None, None, 0.0),
        ("annual", "monthly", 12.0),
        ("monthly", "annual", 12.0),
    ],
)
def test_width_rule(stated: str | None, observed: str | None, width: float) -> None:
    assert edge_width(stated, observed) == width


def test_views_filter_by_date_kind_and_frequency() -> None:
    p = project(
        rel(
            "old",
            "scrutinises",
            "la/380/scrutiny",
            "la/380/dcs",
            "bimonthly",
            valid_until=date(2015, 12, 31),
        ),
        rel("new", "meetsWith", "la/380/dcs", "group/1", "termly", valid_from=date(2016, 1, 1)),
        rel("rare", "monitors", "la/380", "group/1", "asRequired"),
    )

    def keys(view, u: str, v: str) -> set[str]:
        return {k for w, k, _ in view.overseen(u) if w == v}

    assert keys(p.view(as_of=date(2015, 6, 1)), "la/380/scrutiny", "la/380/dcs") == {
        "relationship/old"
    }
    assert keys(p.view(as_of=date(2017, 6, 1)), "la/380/scrutiny", "la/380/dcs") == set()
    assert keys(p.view(as_of=date(2015, 6, 1)), "la/380/dcs", "group/1") == set()
    assert keys(p.view(kinds=["monitors"]), "la/380", "group/1") == {"relationship/rare"}
    assert keys(p.view(kinds=["monitors"]), "la/380/dcs", "group/1") == set()
    # min_per_year drops "as required" (0) but never structural edges
    strict = p.view(min_per_year=1)
    assert keys(strict, "la/380", "group/1") == set()
    assert keys(strict, "la/380", "la/380/dcs") == {"postIn:la/380/dcs"}
    assert keys(p.view(structural=False), "la/380", "la/380/dcs") == set()


def test_views_respect_body_validity() -> None:
    p = project(
        Body(
            key="la/380/tsa",
            kind="TeachingSchoolAlliance",
            name="TSA",
            valid_until=date(2021, 8, 31),
        ),
        rel("t", "scrutinises", "la/380/dcs", "la/380/tsa", "termly"),
    )
    assert p.view(as_of=date(2020, 1, 1)).has_node("la/380/tsa")
    later = p.view(as_of=date(2022, 1, 1))
    assert not later.has_node("la/380/tsa")
    assert "la/380/tsa" not in [v for v, _, _ in later.overseen("la/380/dcs")]
    assert "la/380/tsa" in [v for v, _, _ in p.view().overseen("la/380/dcs")]


def test_filter_refuses_unknown_kinds_and_negative_frequencies() -> None:
    with pytest.raises(InvalidQuery, match="unknown relationship kind 'likes'"):
        EdgeFilter.of(kinds=["likes"])
    with pytest.raises(InvalidQuery, match="declaredInterestIn"):
        EdgeFilter.of(kinds=["declaredInterestIn"])
    with pytest.raises(InvalidQuery, match="zero or more"):
        EdgeFilter.of(min_per_year=-1)
    assert EdgeFilter.of().is_trivial


def test_resolve_and_node_lookups() -> None:
    p = project()
    assert p.resolve(" https://w3id.org/oversight/id/group/1 ") == "group/1"
    with pytest.raises(NodeNotFound, match="'group/999'"):
        p.resolve("group/999")
    with pytest.raises(NodeNotFound):
        p.node("group/999")


def _load(store: Store, name: str, records: list[Record]) -> None:
    spec = SourceSpec(name=name, title=name)
    store.load_source(spec, list(to_quads(records, graph=spec.graph)), validate=False)


def test_cache_rebuilds_only_when_the_store_changes() -> None:
    store = example_store()
    cache = ProjectionCache(store)
    first = cache.get()
    assert cache.get() is first and cache.builds == 1
    _load(store, "more", [Body(key="group/77", kind="MultiAcademyTrust", name="Trust 77")])
    second = cache.get()
    assert second is not first and cache.builds == 2
    assert "group/77" in second.graph and "group/77" not in first.graph
    assert second.generation == store.generation()


def test_cache_rebuilds_big_graphs_in_the_background() -> None:
    store = example_store()
    cache = ProjectionCache(store, background_after=0.0)
    first = cache.get()
    _load(store, "more", [Body(key="group/78", kind="MultiAcademyTrust", name="Trust 78")])
    assert cache.get() is first  # the old projection answers while the new one builds
    cache.wait(timeout=60)
    assert "group/78" in cache.get().graph
    assert cache.builds == 2 and cache.last_error is None


def test_warm_builds_once_in_the_background_and_get_waits_for_it() -> None:
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow_builder(store: Store) -> Projection:
        calls.append(threading.current_thread().name)
        started.set()
        release.wait(timeout=60)
        return build_projection(store)

    cache = ProjectionCache(example_store(), builder=slow_builder)
    cache.warm()
    assert started.wait(timeout=60)
    answers: list[Projection] = []
    asking = threading.Thread(target=lambda: answers.append(cache.get()))
    asking.start()
    asking.join(timeout=0.2)
    assert asking.is_alive()  # the request waits for the build under way
    release.set()
    asking.join(timeout=60)
    cache.warm()  # a built cache is not rebuilt
    cache.wait(timeout=60)
    assert calls == ["projection-rebuild"] and cache.builds == 1
    assert answers == [cache.get()] and "la/380" in answers[0].graph


def test_a_frozen_heap_still_frees_the_replaced_projection() -> None:
    def big_builder(store: Store) -> Projection:
        projection = build_projection(store)
        projection.seconds = 5.0  # as if England-scale: the cache settles the heap
        return projection

    store = example_store()
    cache = ProjectionCache(store, builder=big_builder, freeze_heap=True, background_after=60)
    try:
        first = weakref.ref(cache.get().graph)
        assert gc.get_freeze_count() > 0  # the live projection is out of the collector's way
        _load(store, "more", [Body(key="group/79", kind="MultiAcademyTrust", name="Trust 79")])
        assert "group/79" in cache.get().graph
        assert first() is None  # the old graph's reference cycles were collected, not frozen
        second = weakref.ref(cache.get().graph)
        cache.background_after = 0.0  # England-scale: rebuilt in the background
        _load(store, "more", [Body(key="group/80", kind="MultiAcademyTrust", name="Trust 80")])
        cache.get()
        cache.wait(timeout=60)
        assert "group/80" in cache.get().graph and second() is None
    finally:
        gc.unfreeze()


def test_projection_is_the_same_on_every_backend(store: Store) -> None:
    _load(store, "example", example_projection.__globals__["example_records"]())
    projected = build_projection(store)
    reference = example_projection()
    assert sorted(projected.graph.edges(keys=True)) == sorted(reference.graph.edges(keys=True))
    assert dict(projected.graph.nodes(data="cls")) == dict(reference.graph.nodes(data="cls"))


def test_gc_pause_nests_and_restores() -> None:
    assert gc.isenabled()
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
