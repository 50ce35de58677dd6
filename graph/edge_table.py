"""The projection's edges as columns of numbers, for scans of the whole graph.

networkx keeps its edges in dictionaries of dictionaries, and each edge's data
in a dictionary of its own. A scan of every edge that tests each one's dates
(the dominator search behind the single-point-of-failure rule) spends most of
its time fetching those dictionaries from all over memory. An :class:`EdgeTable`
keeps what a date filter needs — each edge's two ends as node numbers and its
validity as day numbers (:meth:`datetime.date.toordinal`) — in flat arrays,
made with the projection (:func:`graph.projection_builder.assemble`), so such
scans read only these.

>>> from datetime import date
>>> from graph.examples import example_projection
>>> from graph.projection import EdgeFilter
>>> table = example_projection().edge_table
>>> len(table) == example_projection().graph.number_of_edges()
True
>>> after = table.successors(EdgeFilter(as_of=date(2024, 1, 1)), among=table.nodes)
>>> sorted(table.nodes[v] for v in after[table.number["la/380/deputy-director"]])
['group/1001', 'la/380/teaching-school-alliances', 'national/dfe']
"""

from __future__ import annotations

from array import array
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from graph.projection import EdgeData, EdgeFilter

__all__ = ["OPEN_END", "OPEN_START", "EdgeTable", "day_span"]

OPEN_START = 0
"""The day number of a validity with no start (before every date)."""
OPEN_END = date.max.toordinal()
"""The day number of a validity with no end (after every date)."""


def day_span(valid_from: date | None, valid_until: date | None) -> tuple[int, int]:
    """A validity interval as day numbers, open ends as :data:`OPEN_START` / :data:`OPEN_END`.

    >>> day_span(date(2024, 1, 1), None) == (date(2024, 1, 1).toordinal(), OPEN_END)
    True
    """
    return (
        OPEN_START if valid_from is None else valid_from.toordinal(),
        OPEN_END if valid_until is None else valid_until.toordinal(),
    )


@dataclass(frozen=True, slots=True, eq=False)
class EdgeTable:
    """Every edge of a graph: its ends by node number, its validity by day number, its data.

    Edge ``i`` runs from node ``overseers[i]`` to node ``overseen[i]`` (numbers
    into :attr:`nodes`), is valid from day ``starts[i]`` to day ``ends[i]``
    inclusive, and has the attributes ``data[i]``.
    """

    nodes: tuple[str, ...]
    number: dict[str, int]
    overseers: array[int]
    overseen: array[int]
    starts: array[int]
    ends: array[int]
    data: tuple[EdgeData, ...]

    @classmethod
    def build(
        cls,
        nodes: Iterable[str],
        edges: Iterable[tuple[str, str, tuple[int, int], EdgeData]],
    ) -> EdgeTable:
        """A table of *nodes* (numbered in order) and ``(overseer, overseen, span, data)`` edges.

        >>> t = EdgeTable.build(["a", "b"], [("a", "b", (0, 10), {"structural": False})])
        >>> t.nodes[t.overseers[0]], t.nodes[t.overseen[0]], t.ends[0]
        ('a', 'b', 10)
        """
        listed = tuple(nodes)
        number = {node: i for i, node in enumerate(listed)}
        overseers, overseen = array("i"), array("i")
        starts, ends = array("i"), array("i")
        data: list[EdgeData] = []
        for u, v, (start, end), d in edges:
            overseers.append(number[u])
            overseen.append(number[v])
            starts.append(start)
            ends.append(end)
            data.append(d)
        return cls(listed, number, overseers, overseen, starts, ends, tuple(data))

    @classmethod
    def of(cls, graph: nx.MultiDiGraph) -> EdgeTable:
        """The table of a projection's graph, read from the graph itself.

        >>> import networkx as nx
        >>> g = nx.MultiDiGraph()
        >>> g.add_edge("a", "b", valid_from=None, valid_until=date(2020, 1, 1))
        0
        >>> EdgeTable.of(g).ends[0] == date(2020, 1, 1).toordinal()
        True
        """
        return cls.build(
            graph._node,
            (
                (u, v, day_span(d["valid_from"], d["valid_until"]), d)
                for u, v, d in graph.edges(data=True)
            ),
        )

    def __len__(self) -> int:
        return len(self.data)

    def successors(self, flt: EdgeFilter, among: Container[str]) -> list[array[int]]:
        """For each node number, the numbers of the nodes its accepted edges lead to.

        Only edges *flt* accepts between two nodes of *among* count; self-loops never
        do. A node is listed once per edge (twice when two edges join the same pair).
        A filter by date alone reads only the arrays; any other reads each edge's data.
        The lists are arrays, so they hold numbers, not objects scattered over memory.

        >>> t = EdgeTable.build("abc", [("a", "b", (0, 5), {}), ("b", "c", (0, 5), {}),
        ...                             ("a", "c", (0, 5), {})])
        >>> from graph.projection import EdgeFilter
        >>> [list(after) for after in t.successors(EdgeFilter(), among="ab")]
        [[1], [], []]
        """
        out: list[array[int]] = [array("i") for _ in self.nodes]
        keep = bytearray(node in among for node in self.nodes)
        pairs = zip(self.overseers, self.overseen, strict=True)
        if flt.kinds is None and flt.min_per_year is None and flt.structural:
            if flt.as_of is None:  # no filter at all
                for u, v in pairs:
                    if u != v and keep[u] and keep[v]:
                        out[u].append(v)
                return out
            day = flt.as_of.toordinal()  # a filter by date alone
            for (u, v), start, end in zip(pairs, self.starts, self.ends, strict=True):
                if start <= day <= end and u != v and keep[u] and keep[v]:
                    out[u].append(v)
        else:
            accepts = flt.accepts
            for (u, v), d in zip(pairs, self.data, strict=True):
                if u != v and keep[u] and keep[v] and accepts(d):
                    out[u].append(v)
        return out
