"""The edge table made with a projection must say what the graph says, for every filter."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from graph.edge_table import OPEN_END, OPEN_START, EdgeTable
from graph.examples import example_projection
from graph.projection import EdgeFilter, Projection, build_projection
from graph.store import open_store
from loaders.bootstrap import ensure_bundled_data

FILTERS = [
    EdgeFilter(),
    EdgeFilter(as_of=date(2015, 1, 1)),
    EdgeFilter(as_of=date(2017, 7, 1)),
    EdgeFilter(as_of=date(2030, 1, 1)),
    EdgeFilter(kinds=frozenset({"scrutinises", "meetsWith"})),
    EdgeFilter(as_of=date(2024, 1, 1), min_per_year=4),
    EdgeFilter(as_of=date(2024, 1, 1), structural=False),
]


@pytest.fixture(scope="module", params=["example", "seed"])
def projection(request: pytest.FixtureRequest) -> Projection:
    """The small example, and the seed graph (the bundled council documents)."""
    if request.param == "example":
        return example_projection()
    store = open_store(memory=True)
    ensure_bundled_data(store)
    return build_projection(store)


def rows(table: EdgeTable) -> Counter[tuple[str, str, int, int, str | None]]:
    return Counter(
        (table.nodes[u], table.nodes[v], s, e, d["relationship"] or d["kind"])
        for u, v, s, e, d in zip(
            table.overseers, table.overseen, table.starts, table.ends, table.data, strict=True
        )
    )


def test_the_assembled_table_holds_every_edge_of_the_graph_once(projection: Projection) -> None:
    made = projection.edge_table
    assert made.nodes == tuple(projection.graph)
    assert rows(made) == rows(EdgeTable.of(projection.graph))
    assert len(made) == projection.graph.number_of_edges() > 5
    starts = sorted(d["valid_from"].toordinal() for _, _, d in projection.graph.edges(data=True)
                    if d["valid_from"])  # fmt: skip
    assert sorted(s for s in made.starts if s != OPEN_START) == starts
    assert OPEN_END in made.ends


@pytest.mark.parametrize("flt", FILTERS, ids=str)
def test_successors_are_the_edges_the_filter_accepts(
    projection: Projection, flt: EdgeFilter
) -> None:
    table, graph = projection.edge_table, projection.graph
    among = set(list(graph)[1:])  # one node left out: its edges do not count
    expected = Counter(
        (u, v)
        for u, v, d in graph.edges(data=True)
        if u != v and u in among and v in among and flt.accepts(d)
    )
    found = table.successors(flt, among=among)
    assert Counter((table.nodes[u], table.nodes[v]) for u, vs in enumerate(found) for v in vs) == (
        expected
    )


def test_a_date_filter_keeps_edges_valid_on_their_first_and_last_days() -> None:
    table = EdgeTable.build(
        ["a", "b"], [("a", "b", (date(2020, 1, 1).toordinal(), date(2020, 12, 31).toordinal()), {})]
    )
    for day, kept in [
        (date(2019, 12, 31), False),
        (date(2020, 1, 1), True),
        (date(2020, 12, 31), True),
        (date(2021, 1, 1), False),
    ]:
        found = table.successors(EdgeFilter(as_of=day), among="ab")
        assert [list(after) for after in found] == [[1] if kept else [], []]
