"""What every gap rule shares: the :class:`Gap` it reports and the :class:`GapContext` it reads.

A rule is a small named function from a context to gaps, with a plain-English
description and a default severity; :mod:`graph.gaps.report` runs them.

>>> gap = Gap.make("mutual-oversight", "low", "A and B oversee each other",
...                "A scrutinises B and B scrutinises A.", bodies=["la/1/a", "la/1/b"])
>>> gap.id
'mutual-oversight:5bf659849b'
>>> SEVERITY_ORDER["high"] > SEVERITY_ORDER["low"]
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import chain, repeat
from typing import Any, Literal

from graph.gaps.config import Expectations, is_a
from graph.node_table import NodeTable
from graph.projection import EdgeData, OversightView, RelationshipInfo, gc_paused

__all__ = [
    "SEVERITIES",
    "SEVERITY_ORDER",
    "Gap",
    "GapContext",
    "Rule",
    "Severity",
    "class_table",
    "classes_of",
    "describe",
    "frequency_phrase",
]

Severity = Literal["high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")
SEVERITY_ORDER: dict[str, int] = {"high": 3, "medium": 2, "low": 1}


@dataclass(frozen=True, slots=True)
class Gap:
    """One oversight gap: which rule found it, how serious, why, and on what evidence.

    ``id`` is stable: the same rule on the same bodies and relationships always
    gives the same id, so applications can track a gap across reloads.
    """

    id: str
    rule: str
    severity: Severity
    title: str
    explanation: str
    bodies: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    councils: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def make(
        cls,
        rule: str,
        severity: Severity,
        title: str,
        explanation: str,
        *,
        bodies: Iterable[str] = (),
        relationships: Iterable[str] = (),
        sources: Iterable[str] = (),
        councils: Iterable[str] = (),
        details: dict[str, Any] | None = None,
    ) -> Gap:
        """Build a gap, de-duplicating the lists and deriving its stable id."""
        b = tuple(dict.fromkeys(bodies))
        r = tuple(dict.fromkeys(relationships))
        digest = hashlib.sha1("|".join([rule, ";".join(b), ";".join(r)]).encode()).hexdigest()
        return cls(
            id=f"{rule}:{digest[:10]}",
            rule=rule,
            severity=severity,
            title=title,
            explanation=explanation,
            bodies=b,
            relationships=r,
            sources=tuple(sorted(set(sources))),
            councils=tuple(sorted(set(councils))),
            details=details or {},
        )


@dataclass
class GapContext:
    """What a rule reads: the view as of the query date, and the expectations."""

    view: OversightView
    as_of: date
    expectations: Expectations

    @property
    def projection(self) -> Any:
        """The projection behind the view."""
        return self.view.projection

    @cached_property
    def nodes(self) -> NodeTable:
        """The projection's node table: labels, classes, councils (:mod:`graph.node_table`)."""
        table: NodeTable = self.view.projection.node_table
        return table

    def label(self, key: str) -> str:
        """The label of a node, or the key itself."""
        return self.nodes.labels.get(key, key)

    def labels(self, keys: Iterable[str]) -> str:
        """Labels joined in plain English: "A", "A and B", "A, B and C"."""
        keys = list(keys)
        names = list(map(self.nodes.labels.get, keys, keys))  # a key without a label: itself
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + " and " + names[-1]

    def cls(self, key: str) -> str:
        """The ``ov:`` class of a node (``"Unknown"`` when absent)."""
        return self.nodes.classes.get(key, "Unknown")

    def is_a(self, key: str, classes: frozenset[str]) -> bool:
        """True when the node's class is one of *classes* or a subclass of one."""
        return is_a(self.cls(key), classes)

    def councils(self, keys: Iterable[str]) -> list[str]:
        """The councils the nodes belong to or serve."""
        found = chain.from_iterable(map(self.nodes.councils.get, keys, repeat(())))
        return list(dict.fromkeys(found))

    def relationship(self, key: str) -> RelationshipInfo:
        """A relationship by key."""
        return self.view.projection.relationships[key]

    def sources(self, relationship_keys: Iterable[str]) -> list[str]:
        """The source documents of the relationships."""
        rels = self.view.projection.relationships
        out: list[str] = []
        for key in relationship_keys:
            if key in rels:
                out.extend(rels[key].sources)
        return out

    def matching_classes(self, classes: frozenset[str]) -> frozenset[str]:
        """The classes present in the graph that are *classes* or subclasses of them."""

        def compute() -> frozenset[str]:
            return frozenset(c for c in self.nodes.by_class if is_a(c, classes))

        found: frozenset[str] = self.projection.memo(("classes", classes), compute)
        return found

    def classes_of(self, key: str) -> tuple[str, ...]:
        """The node's class and the classes of what it is structurally part of.

        So the chief executives of the trusts (a post in a trust) count as the
        trust, and diocesan representatives as the diocese, when rules match classes.
        """
        return classes_of(self.view, key)

    def bodies_of(self, classes: frozenset[str]) -> list[str]:
        """Bodies valid on the query date whose class is one of *classes* (or a subclass)."""
        by_class, category = self.nodes.by_class, self.nodes.categories
        valid = self.view.valid_nodes()
        return [
            node
            for cls in sorted(self.matching_classes(classes))
            for node in by_class[cls]
            if category[node] == "body" and node in valid
        ]

    def scrutiny_in(self, node: str, kinds: frozenset[str]) -> list[tuple[str, EdgeData]]:
        """``(overseer, edge)`` for each accepted relationship edge into *node* of *kinds*."""
        return self._scrutiny_in(node, kinds, self.view.filter.accepts, self.view.valid_nodes())

    def _scrutiny_in(
        self,
        node: str,
        kinds: frozenset[str],
        accepts: Callable[[EdgeData], bool],
        valid: Container[str],
    ) -> list[tuple[str, EdgeData]]:
        out: list[tuple[str, EdgeData]] = []
        for u, keyed in self.view.graph._pred[node].items():
            if u == node or u not in valid:
                continue
            for data in keyed.values():
                if not data["structural"] and data["kind"] in kinds and accepts(data):
                    out.append((u, data))
        return out

    def scrutiny(self) -> dict[str, list[tuple[str, EdgeData]]]:
        """Each body that ought to be scrutinised (expectations file), with its scrutiny in.

        :meth:`scrutiny_in` of every body :meth:`bodies_of` the scrutinised classes,
        computed once per date and shared by the rules that read it.
        """
        exp = self.expectations
        key = ("scrutiny", self.view.filter, exp.scrutinised_classes, exp.scrutiny_kinds)

        def compute() -> dict[str, list[tuple[str, EdgeData]]]:
            bodies = self.bodies_of(exp.scrutinised_classes)
            accepts, valid = self.view.filter.accepts, self.view.valid_nodes()
            kinds = exp.scrutiny_kinds
            return {node: self._scrutiny_in(node, kinds, accepts, valid) for node in bodies}

        found: dict[str, list[tuple[str, EdgeData]]] = self.projection.memo(key, compute)
        return found

    def valid_relationships(self, kinds: Iterable[str] | None = None) -> Iterator[RelationshipInfo]:
        """Relationships valid on the query date, optionally of some kinds only."""
        projection, day = self.view.projection, self.as_of
        if kinds is None:
            groups: Iterable[Iterable[RelationshipInfo]] = [projection.relationships.values()]
        else:
            by_kind = projection.relationships_by_kind
            groups = [by_kind.get(kind, ()) for kind in dict.fromkeys(kinds)]
        for group in groups:
            for rel in group:  # RelationshipInfo.valid_on, inlined: tens of thousands a report
                start, end = rel.valid_from, rel.valid_until
                if (start is None or start <= day) and (end is None or end >= day):
                    yield rel


_VERBS = {"memberOf": "is a member of"}


def describe(kind: str, overseer: str, overseen: str) -> str:
    """A relationship in words, the way round its kind reads (names already labelled).

    >>> describe("reportsTo", "the Board", "the Director")
    'the Director reports to the Board'
    >>> describe("memberOf", "the RSC", "the EISB"), describe("meetsWith", "A", "B")
    ('the RSC is a member of the EISB', 'A meets with B')
    """
    from ontology.vocabulary import KINDS

    known = KINDS.get(kind)
    verb = _VERBS.get(kind) or (known.label if known else kind)
    if known is not None and known.direction == "TargetOversees":
        return f"{overseen} {verb} {overseer}"
    return f"{overseer} {verb} {overseen}"


def classes_of(view: OversightView, key: str) -> tuple[str, ...]:
    """A node's class and the classes of what it is structurally part of (see GapContext).

    >>> from graph.examples import example_projection
    >>> classes_of(example_projection().view(), "school/900001")
    ('School', 'MultiAcademyTrust')
    >>> classes_of(example_projection().view(), "no/such/node")
    ('Unknown',)
    """
    return class_table(view).get(key, _UNKNOWN)


_UNKNOWN = ("Unknown",)


def class_table(view: OversightView) -> dict[str, tuple[str, ...]]:
    """:func:`classes_of` for every node at once (the projection's node table holds it).

    Rules that test thousands of nodes read this dictionary directly.

    >>> from graph.examples import example_projection
    >>> class_table(example_projection().view())["la/380"]
    ('LocalAuthority',)
    """
    return view.projection.node_table.lineage


def frequency_phrase(frequency: str | None) -> str:
    """How a stated frequency reads in an explanation.

    >>> frequency_phrase("asRequired"), frequency_phrase(None), frequency_phrase("termly")
    ("only 'as required'", 'with no stated frequency', 'termly')
    """
    from ontology.vocabulary import FREQUENCIES

    if frequency is None or frequency == "unspecified":
        return "with no stated frequency"
    if frequency == "asRequired":
        return "only 'as required'"
    return FREQUENCIES[frequency].label if frequency in FREQUENCIES else frequency


@dataclass(frozen=True, slots=True)
class Rule:
    """A named gap rule: what it looks for, in plain English, and the function that looks."""

    name: str
    title: str
    description: str
    severity: Severity
    check: Callable[[GapContext], Iterable[Gap]] = field(repr=False)

    def run(self, context: GapContext) -> list[Gap]:
        """Every gap the rule finds in *context* (the garbage collector paused meanwhile)."""
        with gc_paused():
            return list(self.check(context))
