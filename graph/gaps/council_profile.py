"""Council profiles: which expected arrangements a council has and lacks, beside its neighbours.

The expected arrangements are the ``[[arrangement]]`` entries of the
expectations file: a kind of body the council has (a scrutiny committee, an
improvement board) or a relationship between one of the council's bodies or
posts and a kind of body (meetings with the regional schools commissioner, with
academy trust chief executives). :func:`compare_councils` sets a council's
profile beside those of its DfE statistical neighbours — or, when none are
loaded, the councils of its region — and says which basis it used.

Rule ``missing-arrangement``: for a council whose own documents have been read
(some relationship cites a document of that council), each expected arrangement
it lacks is reported (**low**: absence from the documents read is not proof of
absence).

>>> from graph.examples import example_projection
>>> from graph.gaps.config import load_expectations
>>> profile = council_profile(example_projection().view(), "380", load_expectations())
>>> profile.council, [a.name for a in profile.arrangements if a.present]
('la/380', ['dfe-contact', 'trust-meetings', 'teaching-schools'])
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from graph.errors import InvalidQuery, NodeNotFound
from graph.gaps.base import Gap, GapContext, Rule, class_table
from graph.gaps.config import Arrangement, Expectations, is_a
from graph.projection import EdgeData, OversightView
from ontology.identifiers import iri_to_key

__all__ = [
    "RULE",
    "ArrangementStatus",
    "Comparison",
    "CouncilProfile",
    "check",
    "compare_councils",
    "council_profile",
    "resolve_council",
]


Basis = Literal["statistical-neighbours", "region", "none"]
"""How the comparators of a council were chosen."""


@dataclass(frozen=True, slots=True)
class ArrangementStatus:
    """Whether a council has one expected arrangement, and what shows it."""

    name: str
    title: str
    present: bool
    bodies: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()
    per_year: float | None = None
    frequency: str | None = None


@dataclass(frozen=True, slots=True)
class CouncilProfile:
    """A council's expected arrangements, present or not."""

    council: str
    label: str
    la_code: str | None
    documented: bool
    arrangements: tuple[ArrangementStatus, ...]

    @property
    def present(self) -> list[str]:
        """Names of the arrangements the council has."""
        return [a.name for a in self.arrangements if a.present]

    @property
    def missing(self) -> list[str]:
        """Names of the arrangements the council lacks."""
        return [a.name for a in self.arrangements if not a.present]


@dataclass(frozen=True, slots=True)
class Comparison:
    """A council's profile beside its comparators', and how the comparators were chosen."""

    council: CouncilProfile
    neighbours: tuple[CouncilProfile, ...]
    basis: Basis
    note: str
    arrangements: tuple[tuple[str, str], ...] = field(default=())


def resolve_council(view: OversightView, code: str) -> str:
    """The key of a council from a DfE LA code (``"380"``), a key or an IRI.

    >>> from graph.examples import example_projection
    >>> resolve_council(example_projection().view(), "380")
    'la/380'
    >>> resolve_council(example_projection().view(), "group/1001")
    Traceback (most recent call last):
    ...
    graph.errors.InvalidQuery: 'group/1001' is not a council (it is a MultiAcademyTrust)
    """
    text = iri_to_key(code.strip())
    key = f"la/{int(text):03d}" if text.isdigit() else text
    if key not in view.graph:
        raise NodeNotFound(key)
    cls = view.graph.nodes[key]["cls"]
    if not is_a(cls, frozenset({"LocalAuthority"})):
        raise InvalidQuery(f"{key!r} is not a council (it is a {cls})")
    return key


_SCHOOL_SIDE = frozenset({"SchoolBody"})


def _members(view: OversightView) -> dict[str, list[str]]:
    """The council's own side, by council: the council, its posts and its bodies.

    Schools, trusts, alliances, hubs and dioceses in the council's area are not
    the council's own arrangements (a school meeting its hub is not the council
    meeting it), and people act through their posts, so both are left out.
    """

    def compute() -> dict[str, list[str]]:
        table, classes = view.projection.node_table, class_table(view)
        school_side = {c for c in table.by_class if is_a(c, _SCHOOL_SIDE)}
        category = table.categories
        return {
            council: [
                node
                for node in nodes
                if category[node] in ("body", "post")
                # not a school-side body, nor a post in one (a trust's chief executive)
                and (node == council or school_side.isdisjoint(classes[node]))
            ]
            for council, nodes in table.members.items()
        }

    result: dict[str, list[str]] = view.projection.memo(("council-members",), compute)
    return result


def _documented(view: OversightView, council: str) -> bool:
    def compute() -> set[str]:
        documents = view.projection.documents
        found = (documents.get(key) for key in view.projection.relationships_citing)
        return {doc.council for doc in found if doc is not None and doc.council}

    documented: set[str] = view.projection.memo(("documented-councils",), compute)
    return council in documented


@dataclass(slots=True)
class _Links:
    """One pass over the council side's edges: its bodies by class, its counterparts."""

    bodies: dict[str, list[str]] = field(default_factory=dict)
    linked: dict[str, list[tuple[str, EdgeData]]] = field(default_factory=dict)


def _related_classes(view: OversightView, expectations: Expectations) -> frozenset[str]:
    """The classes present that some arrangement's ``relates_to`` names (or subclasses)."""

    def compute() -> frozenset[str]:
        wanted = [item.relates_to for item in expectations.arrangements if item.relates_to]
        present = view.projection.node_table.by_class
        return frozenset(c for c in present if any(is_a(c, w) for w in wanted))

    found: frozenset[str] = view.projection.memo(
        ("related-classes", expectations.arrangements), compute
    )
    return found


def _links(view: OversightView, members: list[str], related: frozenset[str]) -> _Links:
    """The council side's bodies by class, and its counterparts of the *related* classes."""
    graph, flt = view.graph, view.filter
    table, valid = view.projection.node_table, view.valid_nodes()
    out = _Links()
    own = set(members)
    classes = class_table(view)
    for n in members:
        if n not in valid:
            continue
        if table.categories[n] == "body":
            out.bodies.setdefault(table.classes[n], []).append(n)
        for adjacency in (graph._succ[n], graph._pred[n]):
            for m, keyed in adjacency.items():
                if m in own or m not in valid or related.isdisjoint(classes[m]):
                    continue
                accepted = [d for d in keyed.values() if not d["structural"] and flt.accepts(d)]
                for cls in classes[m] if accepted else ():
                    if cls in related:
                        out.linked.setdefault(cls, []).extend((m, d) for d in accepted)
    return out


def _status(links: _Links, item: Arrangement) -> ArrangementStatus:
    if item.has_body:
        bodies = sorted(
            b for cls, found in links.bodies.items() if is_a(cls, item.has_body) for b in found
        )
        if bodies:
            return ArrangementStatus(item.name, item.title, True, tuple(bodies))
    if item.relates_to:
        found: dict[str, float] = {}
        frequency: dict[str, str | None] = {}
        others: set[str] = set()
        for cls, edges in links.linked.items():
            if not is_a(cls, item.relates_to):
                continue
            for m, d in edges:
                if item.kinds is not None and d["kind"] not in item.kinds:
                    continue
                others.add(m)
                found[d["relationship"]] = d["width"]
                frequency[d["relationship"]] = d["frequency"]
        if found:
            best = max(sorted(found), key=lambda r: found[r])
            return ArrangementStatus(
                item.name,
                item.title,
                True,
                tuple(sorted(others)),
                tuple(sorted(found)),
                found[best],
                frequency[best],
            )
    return ArrangementStatus(item.name, item.title, False)


def council_profile(view: OversightView, code: str, expectations: Expectations) -> CouncilProfile:
    """Which expected arrangements the council has and lacks (see the module docstring)."""
    council = resolve_council(view, code)
    links = _links(
        view, _members(view).get(council, [council]), _related_classes(view, expectations)
    )
    attrs = view.graph.nodes[council]
    return CouncilProfile(
        council=council,
        label=attrs["label"],
        la_code=attrs["la_code"],
        documented=_documented(view, council),
        arrangements=tuple(_status(links, item) for item in expectations.arrangements),
    )


def compare_councils(
    view: OversightView, code: str, expectations: Expectations, *, limit: int = 10
) -> Comparison:
    """The council's profile beside its statistical neighbours' (or its region's).

    >>> from graph.examples import example_projection
    >>> from graph.gaps.config import load_expectations
    >>> result = compare_councils(example_projection().view(), "380", load_expectations())
    >>> result.basis, len(result.neighbours)
    ('none', 0)
    """
    council = resolve_council(view, code)
    graph = view.graph
    neighbours = [n for n in view.projection.neighbours.get(council, ()) if n in graph][:limit]
    basis: Basis = "statistical-neighbours"
    note = "DfE statistical neighbours, closest first."
    if not neighbours:
        region = graph.nodes[council]["region"]
        la_classes = frozenset({"LocalAuthority"})
        if region:
            neighbours = sorted(
                n
                for n, a in graph.nodes(data=True)
                if n != council and a["region"] == region and is_a(a["cls"], la_classes)
            )[:limit]
        if neighbours:
            basis = "region"
            note = (
                "No statistical neighbours are loaded for this council; compared with "
                "councils of the same region instead."
            )
        else:
            basis = "none"
            note = (
                "No statistical neighbours or region are loaded for this council, so there "
                "is nothing to compare it with; load the DfE statistical neighbours."
            )
    return Comparison(
        council=council_profile(view, council, expectations),
        neighbours=tuple(council_profile(view, n, expectations) for n in neighbours),
        basis=basis,
        note=note,
        arrangements=tuple((a.name, a.title) for a in expectations.arrangements),
    )


def check(ctx: GapContext) -> Iterator[Gap]:
    """A gap for each expected arrangement missing from a documented council."""
    view = ctx.view
    by_class = ctx.nodes.by_class
    la = ctx.matching_classes(frozenset({"LocalAuthority"}))
    for node in sorted(n for cls in la for n in by_class[cls]):
        if not _documented(view, node):
            continue
        profile = council_profile(view, node, ctx.expectations)
        for status in profile.arrangements:
            if status.present:
                continue
            yield Gap.make(
                "missing-arrangement",
                "low",
                f"{profile.label}: {status.title} — not recorded",
                f"{profile.label}'s documents have been read, but they record no sign of "
                f"an expected arrangement: {status.title} ('{status.name}'). It may exist "
                "and be undocumented, or be missing.",
                bodies=[node],
                councils=[node],
                details={"arrangement": status.name},
            )


RULE = Rule(
    name="missing-arrangement",
    title="Missing expected arrangement",
    description=(
        "A council whose own documents have been read records none of an arrangement "
        "councils are expected to have (a children's scrutiny committee, meetings with "
        "the regional schools commissioner...)."
    ),
    severity="low",
    check=check,
)
