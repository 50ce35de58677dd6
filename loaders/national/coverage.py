"""Coverage: what the store holds of each national source, against what its rows said.

Every national source's graph carries its audit (written by the loader, see
:class:`~loaders.records.SourceAudit`): rows read, loaded, rejected (file, line,
reason), skipped, and how many things of each category the rows describe.
:func:`coverage` reads the audits back and counts, with one fixed SPARQL query
per category, what is really in the store, so "153/153 councils" is a count of
``ov:LocalAuthority`` nodes, not an echo of the loader's own tally.

>>> CATEGORIES["councils"].pattern.strip()[:30]
'?x a ov:LocalAuthority ; ov:la'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.store import Store
from loaders.national.groups import CATEGORIES as GROUP_CLASSES
from loaders.records import RowIssue
from ontology.identifiers import source_iri
from ontology.namespaces import PREFIXES

__all__ = ["CATEGORIES", "Category", "CoverageLine", "SourceCoverage", "coverage"]

_CURRENT = "?x a ov:LocalAuthority . FILTER NOT EXISTS { ?x schema:validThrough ?ended }"


@dataclass(frozen=True, slots=True)
class Category:
    """How to count one category in the store: a pattern binding ``?x`` in the graph.

    ``outside`` is matched against every graph (e.g. "is a current council").
    """

    pattern: str
    outside: str = ""


CATEGORIES: dict[str, Category] = {
    "councils": Category(
        "?x a ov:LocalAuthority ; ov:laCode ?code . "
        "FILTER NOT EXISTS { ?x schema:validThrough ?ended }"
    ),
    "former councils": Category("?x a ov:LocalAuthority ; schema:validThrough ?ended ."),
    "combined authorities": Category("?x a ov:CombinedAuthority ."),
    "regions": Category("?x a ov:Region ."),
    "regional directors": Category("?x a ov:RegionalSchoolsCommissioner ."),
    "councils monitored by a regional director": Category(
        "?r ov:kind kind:monitors ; ov:actor ?a ; ov:target ?x . "
        "?a a ov:RegionalSchoolsCommissioner ."
    ),
    **{label: Category(f"?x a ov:{cls} .") for cls, label in GROUP_CLASSES.items()},
    "schools": Category("?x a ov:School ."),
    "children's centres": Category("?x a ov:ChildrensCentre ."),
    "school-group memberships": Category("?x a org:Membership ; org:organization ?g ."),
    "predecessor-successor links": Category(
        "?a ov:succeededBy ?b . BIND (CONCAT(STR(?a), ' ', STR(?b)) AS ?x)"
    ),
    "teaching school hubs": Category("?x a ov:TeachingSchoolHub ."),
    "inspections and visits": Category("?x a ov:Inspection ."),
    "councils inspected": Category("?r ov:kind kind:inspects ; ov:target ?x ."),
    "current councils with a latest judgement": Category(
        "?r ov:kind kind:inspects ; ov:target ?x ; ov:latestInspection ?i .", _CURRENT
    ),
    "current councils with ten neighbours": Category(
        "?l a ov:StatisticalNeighbourLink ; ov:council ?x ; ov:rank 10 .", _CURRENT
    ),
    "councils with neighbours": Category("?l a ov:StatisticalNeighbourLink ; ov:council ?x ."),
}
"""Every category a national source's audit may name, with how to count it."""


@dataclass(frozen=True, slots=True)
class CoverageLine:
    """One category: found in the store against expected from the source's rows."""

    category: str
    found: int | None
    expected: int


@dataclass
class SourceCoverage:
    """One national source's coverage, rejects and skips."""

    name: str
    title: str
    triples: int
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    lines: list[CoverageLine] = field(default_factory=list)
    rejects: list[RowIssue] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def _rows(store: Store, sparql: str) -> list[dict[str, str]]:
    result = store.query(_prologue() + sparql)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    return [
        {n: row[n].value for n in names if row[n] is not None}
        for row in result  # type: ignore[union-attr]
    ]


def _count(store: Store, graph: str, category: Category) -> int:
    sparql = (
        f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{graph}> {{ {category.pattern} }} "
        f"{category.outside} }}"
    )
    rows = _rows(store, sparql)
    return int(rows[0]["n"]) if rows else 0


def _audit(store: Store, cover: SourceCoverage, graph: str) -> None:
    source = source_iri(cover.name)
    head = _rows(
        store,
        f"SELECT ?read ?loaded ?rejected WHERE {{ GRAPH <{graph}> {{ <{source}> ov:rowsRead ?read ;"
        f" ov:rowsLoaded ?loaded ; ov:rowsRejected ?rejected }} }}",
    )
    if head:
        cover.rows_read = int(head[0]["read"])
        cover.rows_loaded = int(head[0]["loaded"])
        cover.rows_rejected = int(head[0]["rejected"])
    for row in _rows(
        store,
        f"SELECT ?file ?line ?reason WHERE {{ GRAPH <{graph}> {{ <{source}> ov:rejectedRow ?r . "
        "?r ov:fileName ?file ; ov:line ?line ; ov:reason ?reason } } ORDER BY ?file ?line",
    ):
        cover.rejects.append(RowIssue(row["file"], int(row["line"]), row["reason"]))
    for row in _rows(
        store,
        f"SELECT ?reason ?n WHERE {{ GRAPH <{graph}> {{ <{source}> ov:skippedRows ?s . "
        "?s ov:reason ?reason ; ov:rowCount ?n } } ORDER BY ?reason",
    ):
        cover.skipped[row["reason"]] = int(row["n"])
    cover.files = [
        row["f"]
        for row in _rows(
            store,
            f"SELECT ?f WHERE {{ GRAPH <{graph}> {{ <{source}> ov:fileName ?f }} }} ORDER BY ?f",
        )
    ]
    for row in _rows(
        store,
        f"SELECT ?category ?n WHERE {{ GRAPH <{graph}> {{ <{source}> ov:expectedCount ?e . "
        "?e ov:category ?category ; ov:rowCount ?n } }",
    ):
        category = CATEGORIES.get(row["category"])
        found = _count(store, graph, category) if category else None
        cover.lines.append(CoverageLine(row["category"], found, int(row["n"])))
    order = list(CATEGORIES)
    cover.lines.sort(key=lambda c: order.index(c.category) if c.category in order else 99)


def coverage(store: Store, *, prefix: str = "national-") -> list[SourceCoverage]:
    """Coverage of every loaded source whose name starts with *prefix*, in load order."""
    from loaders.national.pipeline import SOURCES

    rank = {s.name: i for i, s in enumerate(SOURCES)}
    found: list[SourceCoverage] = []
    for info in store.sources():
        if not info.name.startswith(prefix):
            continue
        cover = SourceCoverage(info.name, info.title, info.triples)
        _audit(store, cover, info.graph)
        found.append(cover)
    return sorted(found, key=lambda c: (rank.get(c.name, 99), c.name))
