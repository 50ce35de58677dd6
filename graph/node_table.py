"""What whole-graph scans ask of every node, read from its attributes in one pass.

A projection's nodes each carry a dictionary of attributes. Scans of every node
(which are valid on a date? which are local authorities? what is each one
called?) that read those dictionaries again and again spend most of their time
fetching them from all over memory. A :class:`NodeTable` reads each once, when a
projection is first scanned (:attr:`graph.projection.Projection.node_table`),
and keeps the answers in dictionaries and lists the scans can share.

>>> from datetime import date
>>> from graph.examples import example_projection
>>> table = example_projection().node_table
>>> table.labels["la/380"]
'City of Bradford Metropolitan District Council'
>>> table.by_class["LocalAuthority"]
['la/380']
>>> "la/380" in table.valid_on(date(2024, 1, 1))
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = ["NodeTable"]


@dataclass(frozen=True, slots=True, eq=False)
class NodeTable:
    """Each node's label, class, category and councils, and the nodes of each class.

    * ``councils``: the council the node belongs to, then those it serves (equal
      tuples are shared);
    * ``members``: the nodes that belong to each council (not those serving it);
    * ``dated``: the validity of the nodes that have one; the others are always valid;
    * ``lineage``: the node's class and the classes of what it is structurally part
      of (so a trust's chief executive counts as the trust when rules match classes).
    """

    labels: dict[str, str]
    classes: dict[str, str]
    categories: dict[str, str]
    councils: dict[str, tuple[str, ...]]
    members: dict[str, list[str]]
    by_class: dict[str, list[str]]
    dated: dict[str, tuple[date | None, date | None]]
    lineage: dict[str, tuple[str, ...]]

    @classmethod
    def of(
        cls,
        nodes: Mapping[str, Mapping[str, Any]],
        structural_parents: Mapping[str, Iterable[str]] | None = None,
    ) -> NodeTable:
        """The table of a graph's node attributes (``graph._node``) and structural parents.

        >>> t = NodeTable.of({"la/1": {"label": "A", "cls": "LocalAuthority", "category": "body",
        ...                            "council": "la/1", "valid_from": date(2020, 1, 1)},
        ...                   "la/1/dcs": {"label": "B", "cls": "Post", "category": "post"}},
        ...                  {"la/1/dcs": ["la/1"]})
        >>> t.councils["la/1"], t.members, t.dated["la/1"]
        (('la/1',), {'la/1': ['la/1']}, (datetime.date(2020, 1, 1), None))
        >>> t.lineage["la/1/dcs"]
        ('Post', 'LocalAuthority')
        """
        labels: dict[str, str] = {}
        classes: dict[str, str] = {}
        categories: dict[str, str] = {}
        councils: dict[str, tuple[str, ...]] = {}
        members: dict[str, list[str]] = {}
        by_class: dict[str, list[str]] = {}
        dated: dict[str, tuple[date | None, date | None]] = {}
        alone: dict[str, tuple[str, ...]] = {}
        lineage: dict[str, tuple[str, ...]] = {}
        for node, attrs in nodes.items():
            labels[node] = str(attrs["label"])
            kind = classes[node] = attrs["cls"]
            lineage[node] = alone.get(kind) or alone.setdefault(kind, (kind,))
            categories[node] = attrs["category"]
            council: str | None = attrs.get("council") or None
            serves = attrs.get("serves")
            if serves:
                councils[node] = tuple(dict.fromkeys([*([council] if council else []), *serves]))
            elif council is None:
                councils[node] = ()
            else:
                councils[node] = alone.get(council) or alone.setdefault(council, (council,))
            if council is not None:
                found = members.get(council)
                if found is None:
                    members[council] = [node]
                else:
                    found.append(node)
            same = by_class.get(kind)
            if same is None:
                by_class[kind] = [node]
            else:
                same.append(node)
            start, end = attrs.get("valid_from"), attrs.get("valid_until")
            if start is not None or end is not None:
                dated[node] = (start, end)
        for node, parents in (structural_parents or {}).items():
            found = [classes[node], *map(classes.__getitem__, parents)]
            lineage[node] = tuple(dict.fromkeys(found))
        return cls(labels, classes, categories, councils, members, by_class, dated, lineage)

    def valid_on(self, day: date) -> frozenset[str]:
        """Every node valid on *day* (open ends unbounded).

        >>> t = NodeTable.of({"a": {"label": "A", "cls": "C", "category": "body",
        ...                         "valid_until": date(2020, 1, 1)},
        ...                   "b": {"label": "B", "cls": "C", "category": "body"}})
        >>> sorted(t.valid_on(date(2021, 1, 1))), sorted(t.valid_on(date(2019, 1, 1)))
        (['b'], ['a', 'b'])
        """
        invalid = [
            node
            for node, (start, end) in self.dated.items()
            if (start is not None and start > day) or (end is not None and end < day)
        ]
        return frozenset(self.labels).difference(invalid)
