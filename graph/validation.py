"""Validate data against the SHACL shapes: fast in pyoxigraph, or with pySHACL as reference.

:func:`validate_quads` is what every load runs before it commits. It puts the
quads and the ontology's structure (for the class hierarchy and the kind
concepts) into an in-memory pyoxigraph store and runs the shapes of
``ontology/shapes.ttl`` translated into a few SPARQL queries (:mod:`graph.shacl`),
each finding every violation of its constraints at once.
:func:`validate_with_pyshacl` runs the same shapes through pySHACL, the reference
implementation; the tests check both agree on every fixture, and
``bench/bench_validation.py`` measures the difference in speed.

>>> from pyoxigraph import Literal, NamedNode, Quad
>>> from ontology.namespaces import OV, RDF, RDFS
>>> g = NamedNode("https://w3id.org/oversight/id/source/example")
>>> la = NamedNode("https://w3id.org/oversight/id/la/380")
>>> quads = [Quad(la, NamedNode(str(RDF.type)), NamedNode(str(OV.LocalAuthority)), g),
...          Quad(la, NamedNode(str(RDF.type)), NamedNode(str(OV.Body)), g)]
>>> [str(v) for v in validate_quads(quads)]  # doctest: +NORMALIZE_WHITESPACE
['https://w3id.org/oversight/id/la/380 fails BodyShape (path rdfs:label): A body needs
  exactly one name (rdfs:label), a non-empty plain string. (found none)']
>>> validate_quads(quads + [Quad(la, NamedNode(str(RDFS.label)), Literal("Bradford"), g)])
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    parse,
    parse_query_results,
    serialize,
)
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RLiteral
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from graph.shacl import (
    Check,
    CompiledShapes,
    Constraint,
    ShapesError,
    compact,
    compile_shapes,
)
from graph.store import Violation
from ontology.namespaces import RDFS, SH, XSD
from ontology.vocabulary import ontology_files

__all__ = [
    "ONTOLOGY_GRAPH",
    "ontology_graph_files",
    "ontology_structure",
    "ontology_triples",
    "shapes_file",
    "validate_quads",
    "validate_store",
    "validate_with_pyshacl",
]

ONTOLOGY_GRAPH = NamedNode("urn:x-oversight:validation:ontology")
"""Graph of the validation store holding :func:`ontology_structure`."""

_SHAPES_NAME = "shapes.ttl"
_MAX_SHOWN = 60

Term = NamedNode | BlankNode | Literal


def shapes_file() -> str:
    """Path of the project's SHACL shapes (``ontology/shapes.ttl``).

    >>> shapes_file().endswith("shapes.ttl")
    True
    """
    for path in ontology_files():
        if Path(path).name == _SHAPES_NAME:
            return path
    raise FileNotFoundError("ontology/shapes.ttl is missing from the installed package")


def ontology_graph_files() -> list[str]:
    """The ontology files validation loads beside the data: every one but the shapes.

    >>> [Path(p).name for p in ontology_graph_files()][:3]
    ['oversight.ttl', 'kinds.ttl', 'frequencies.ttl']
    """
    return [p for p in ontology_files() if Path(p).name != _SHAPES_NAME]


@cache
def ontology_structure() -> tuple[Quad, ...]:
    """The part of the ontology that validation reads, in :data:`ONTOLOGY_GRAPH`.

    That is every triple of :func:`ontology_graph_files` whose object is not a
    literal: classes and their hierarchy, the kind and frequency concepts with
    their shortcut and direction. Labels, definitions and numbers are
    documentation no shape tests, and leaving them out keeps every per-node
    check (the contact-details one above all) to the data being loaded.

    >>> any(q.predicate.value.endswith("#subClassOf") for q in ontology_structure())
    True
    >>> any(isinstance(q.object, Literal) for q in ontology_structure())
    False
    """
    quads: list[Quad] = []
    for path in ontology_graph_files():
        for quad in parse(path=path, format=RdfFormat.TURTLE):
            if not isinstance(quad.object, Literal):
                quads.append(Quad(quad.subject, quad.predicate, quad.object, ONTOLOGY_GRAPH))
    return tuple(quads)


@cache
def ontology_triples() -> tuple[Quad, ...]:
    """:func:`ontology_structure` in the default graph, for a store that holds one source there.

    >>> len(ontology_triples()) == len(ontology_structure())
    True
    >>> {str(q.graph_name) for q in ontology_triples()}
    {'DEFAULT'}
    """
    return tuple(Quad(q.subject, q.predicate, q.object) for q in ontology_structure())


def validate_quads(quads: Iterable[Quad], *, shapes: str | Path | None = None) -> list[Violation]:
    """Every violation of the shapes by *quads*, read as one graph whatever their graph.

    The quads go, with :func:`ontology_structure` (for the class hierarchy and
    the kind concepts), into an in-memory store that :func:`validate_store`
    checks. An empty list means the data conforms; violations come sorted by
    shape, focus node, path and message.

    >>> from loaders.mapper import to_quads
    >>> from loaders.records import Post
    >>> post = Post(key="la/380/dcs", kind="DirectorOfChildrensServices", title="DCS",
    ...             post_in="la/380")
    >>> validate_quads(to_quads([post], graph="https://w3id.org/oversight/id/source/x"))
    []
    >>> wrong = Post(key="la/380/dcs", kind="LocalAuthority", title="DCS", post_in="la/380")
    >>> [(v.shape, v.path) for v in validate_quads(to_quads([wrong], graph="urn:g"))]
    [('BodyShape', None), ('PostShape', None)]
    """
    store = Store()
    store.extend(quads)
    store.extend(ontology_structure())
    return validate_store(store, shapes=shapes)


def validate_store(
    store: Store,
    *,
    shapes: str | Path | None = None,
    graphs: Sequence[NamedNode | DefaultGraph] | None = None,
) -> list[Violation]:
    """Run the compiled shapes over a pyoxigraph *store*, which it does not change.

    The data graph is the union of *graphs* (by default every graph of the
    store), which must include :func:`ontology_structure`. A triple found in
    several of them counts once.

    >>> validate_store(Store())
    []
    """
    compiled = compile_shapes(str(shapes or shapes_file()))
    options: dict[str, Any] = (
        {"use_default_graph_as_union": True} if graphs is None else {"default_graph": list(graphs)}
    )
    run = _Run(store, compiled, options)
    found: set[Violation] = set()
    for check in compiled.checks:
        if check.precheck and not check.may_fail(run.select(check, precheck=True)):
            continue
        for row in run.select(check):
            focus = _node_text(row.get("this"))
            for constraint in check.violated(row):
                if not check.focus_filter or run.is_focus(constraint.shape_iri, row.get("this")):
                    found.add(_violation(constraint, focus, row))
    return sorted(found, key=_order)


class _Run:
    """One validation of a store: its query options, subclass lists and focus nodes."""

    def __init__(self, store: Store, compiled: CompiledShapes, options: dict[str, Any]) -> None:
        self.store = store
        self.options = options
        self.shapes = {shape.iri: shape for shape in compiled.shapes}
        self.subclasses = {cls: self._subclasses(cls) for cls in compiled.classes}
        self.focus: dict[str, set[object]] = {}

    def rows(self, query: str) -> list[dict[str, object]]:
        solutions = self.store.query(query, **self.options)
        if not isinstance(solutions, QuerySolutions):  # pragma: no cover - checks are SELECTs
            raise ShapesError(f"a validation query did not return solutions: {query[:200]}")
        # Serialising evaluates the query without holding the GIL (a load writes to disk
        # or reads the next source meanwhile); most checks find nothing to parse back.
        found = parse_query_results(
            solutions.serialize(format=QueryResultsFormat.JSON), format=QueryResultsFormat.JSON
        )
        assert isinstance(found, QuerySolutions)
        names = [v.value for v in found.variables]
        return [{name: solution[name] for name in names} for solution in found]

    def select(self, check: Check, *, precheck: bool = False) -> list[dict[str, object]]:
        return self.rows(check.render(self.subclasses, precheck=precheck))

    def is_focus(self, shape_iri: str, node: object) -> bool:
        """Is *node* a focus node of the shape (its targets are computed on first use)?"""
        if shape_iri not in self.focus:
            query = self.shapes[shape_iri].select_targets(self.subclasses)
            self.focus[shape_iri] = {row["this"] for row in self.rows(query)}
        return node in self.focus[shape_iri]

    def _subclasses(self, cls: str) -> list[str]:
        query = f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> }}"
        found = {row["c"].value for row in self.rows(query) if isinstance(row["c"], NamedNode)}
        return sorted(found | {cls})


def _order(v: Violation) -> tuple[str, str, str, str]:
    return (v.shape, v.focus_node, v.path or "", v.message)


def _node_text(term: object) -> str:
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)


def _show(term: object) -> str:
    """A term as a short readable string for messages."""
    if isinstance(term, NamedNode):
        return compact(term.value)
    if isinstance(term, Literal):
        text = term.value
        if len(text) > _MAX_SHOWN:
            text = text[: _MAX_SHOWN - 1] + "…"
        shown = f'"{text}"'
        if term.language:
            return f"{shown}@{term.language}"
        if term.datatype.value != str(XSD.string):
            return f"{shown}^^{compact(term.datatype.value)}"
        return shown
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return "nothing" if term is None else str(term)


def _violation(constraint: Constraint, focus: str, row: dict[str, object]) -> Violation:
    if constraint.component == "sparql":
        message = constraint.message
        for name, value in row.items():
            if value is not None:
                message = message.replace(f"{{?{name}}}", _show(value))
                message = message.replace(f"{{${name}}}", _show(value))
        path = row.get("path")
        shown_path = compact(path.value) if isinstance(path, NamedNode) else None
        return Violation(
            focus,
            constraint.shape,
            shown_path,
            message or "SPARQL constraint failed",
            constraint.severity,
        )
    count = row.get("_count")
    detail = (
        constraint.detail.replace("{value}", _show(row.get("value")))
        .replace("{other}", _show(row.get("_other")))
        .replace("{count}", count.value if isinstance(count, Literal) else "0")
    )
    message = (
        f"{constraint.message} ({detail})" if constraint.message else f"{constraint.path}: {detail}"
    )
    return Violation(focus, constraint.shape, constraint.path, message, constraint.severity)


# --- the pySHACL reference ------------------------------------------------------


def validate_with_pyshacl(
    quads: Iterable[Quad], *, shapes: str | Path | None = None
) -> list[Violation]:
    """The same validation run by pySHACL (slow; the reference for tests and benchmarks).

    >>> validate_with_pyshacl([])
    []
    """
    import pyshacl

    # The ontology's structure goes into the data graph itself, as in validate_quads:
    # pySHACL's ont_graph would copy only the OWL/RDFS axioms, not the SKOS concepts.
    data = _PreparedQueryGraph()
    for triples in (quads, ontology_structure()):
        text = serialize((q.triple for q in triples), format=RdfFormat.N_TRIPLES)
        if text:
            data.parse(data=text, format="nt")
    shapes_graph = Graph().parse(str(shapes or shapes_file()), format="turtle")
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph, advanced=True, inference="none", inplace=True
    )
    if not isinstance(report, Graph):
        raise ShapesError(f"pySHACL refused the shapes: {report}")
    return _from_report(report, shapes_graph)


_PREPARED: dict[tuple[str, tuple[tuple[str, str], ...]], Query] = {}
_MAX_PREPARED = 256


def _normalised(query: str) -> str:
    """The query with its PREFIX lines sorted (pySHACL writes them in set order)."""
    lines = query.strip().splitlines()
    prefixes = sorted(line.strip() for line in lines if line.strip().upper().startswith("PREFIX"))
    rest = [line for line in lines if not line.strip().upper().startswith("PREFIX")]
    return "\n".join([*prefixes, *rest])


class _PreparedQueryGraph(Graph):
    """An rdflib graph that parses each distinct SPARQL text once.

    pySHACL runs a shape's SPARQL query once per focus node with ``$this`` bound
    through ``initBindings``; rdflib would parse the same text every time.
    Reusing the parsed query is rdflib's documented "prepared query" use and
    gives the same results, several times faster.
    """

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str):
            namespaces = tuple(sorted((p, str(n)) for p, n in self.namespaces()))
            key = (_normalised(query_object), namespaces)
            prepared = _PREPARED.get(key)
            if prepared is None:
                prepared = prepareQuery(query_object, initNs=dict(namespaces))
                if len(_PREPARED) < _MAX_PREPARED:
                    _PREPARED[key] = prepared
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def _from_report(report: Graph, shapes_graph: Graph) -> list[Violation]:
    found: set[Violation] = set()

    def shape_name(node: Node | None) -> str:
        parent = shapes_graph.value(None, SH.property, node)
        owner = parent if parent is not None else node
        label = shapes_graph.value(owner, RDFS.label)
        return str(label) if label is not None else str(owner).rsplit("/", 1)[-1]

    def path_text(node: Node | None) -> str | None:
        if isinstance(node, URIRef):
            return compact(str(node))
        if isinstance(node, BNode):
            for graph in (report, shapes_graph):
                inverse = graph.value(node, SH.inversePath)
                if inverse is not None:
                    return "^" + compact(str(inverse))
        return None

    for result in report.subjects(SH.resultSeverity, None):
        focus = report.value(result, SH.focusNode)
        severity = report.value(result, SH.resultSeverity)
        messages = sorted(
            str(m) for m in report.objects(result, SH.resultMessage) if isinstance(m, RLiteral)
        )
        found.add(
            Violation(
                f"_:{focus}" if isinstance(focus, BNode) else str(focus),
                shape_name(report.value(result, SH.sourceShape)),
                path_text(report.value(result, SH.resultPath)),
                messages[0] if messages else "",
                str(severity).rsplit("#", 1)[-1],
            )
        )
    return sorted(found, key=_order)
