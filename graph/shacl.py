"""Compile SHACL shapes into SPARQL SELECT checks that find every violation at once.

A SHACL engine such as pySHACL visits each focus node in turn; on a national load
of a million triples that takes minutes. Here a shape becomes a few SPARQL
SELECT queries whose solutions are exactly its violations over the whole data
graph, so a store's query engine (pyoxigraph) does the work with its indexes:

* most checks look for violating values first, without the shapes' targets: a
  query engine is much faster at scanning a predicate than at joining every
  value with the focus nodes. Their solutions are candidates (``focus_filter``),
  kept when ``?this`` is a focus node of the violated constraint's shape
  (:meth:`Shape.select_targets`, run only when there are candidates, which is
  rare in conforming data);
* one *values* query, for all shapes at once, scans each constrained predicate
  once and tests every value constraint on it (``sh:datatype``, ``sh:class``,
  ``sh:pattern`` ...), returning the codes of those that fail;
* one *counts* query groups the values per node and predicate (``sh:maxCount``,
  ``sh:minCount`` above one), after a cheap *precheck* that usually shows every
  node has at most one value; ``sh:lessThan(OrEquals)`` get one query per pair
  of predicates;
* per shape, one *missing* query (which does match the target) finds focus nodes
  without a required path, and each ``sh:hasValue`` and SPARQL-based constraint
  (``sh:sparql``) gets a query of its own. SPARQL constraints run in bulk: their
  query must bind ``$this`` itself (``$this a ov:Relationship``), which gives the
  same solutions as SHACL's per-node pre-binding.

The translation is generic over the shapes graph but covers only the SHACL subset
that ``ontology/shapes.ttl`` uses (:data:`SUPPORTED`); anything else raises
:class:`UnsupportedShape` naming the shape, so no constraint is silently ignored.
Classes (targets and ``sh:class``) follow ``rdfs:subClassOf*``: queries carry
placeholders for the subclass lists, filled by :meth:`Check.render`.

>>> from ontology.vocabulary import ontology_files
>>> shapes = compile_shapes([p for p in ontology_files() if p.endswith("shapes.ttl")][0])
>>> missing = next(c for c in shapes.checks if c.shapes == ("PostShape",) and c.mode == "missing")
>>> [(c.component, c.path) for c in missing.constraints]
[('minCount', 'org:postIn'), ('minCount', 'rdfs:label')]
>>> "FILTER NOT EXISTS" in missing.render({"https://w3id.org/oversight/def#Post": ["urn:x"]})
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ontology.namespaces import PREFIXES, RDF, RDFS, SH

__all__ = [
    "SUPPORTED",
    "Check",
    "CompiledShapes",
    "Constraint",
    "Shape",
    "ShapesError",
    "UnsupportedShape",
    "compact",
    "compile_graph",
    "compile_shapes",
]

SUPPORTED = frozenset(
    {
        "targetClass",
        "targetSubjectsOf",
        "targetObjectsOf",
        "targetNode",
        "target",
        "property",
        "path",
        "minCount",
        "maxCount",
        "datatype",
        "class",
        "nodeKind",
        "in",
        "hasValue",
        "minInclusive",
        "maxInclusive",
        "minExclusive",
        "maxExclusive",
        "minLength",
        "maxLength",
        "pattern",
        "flags",
        "lessThan",
        "lessThanOrEquals",
        "sparql",
    }
)
"""The SHACL parameters this compiler translates (local names in ``sh:``)."""

_IGNORED = frozenset(
    {"name", "description", "message", "order", "group", "severity", "deactivated", "defaultValue"}
)
"""Non-validating SHACL parameters, read for reporting or skipped."""

_INSTANCE = "<<INSTANCE {} {} {}>>"
"""Placeholder for "<node> is an instance of <class> or a subclass" (node, helper var, class)."""
_PLACEHOLDER = re.compile(r"<<INSTANCE (\S+) (\S+) ([^>]+)>>")

Row = Mapping[str, object]
"""A query solution: variable name → term (anything with ``.value``) or ``None``."""


class ShapesError(ValueError):
    """The shapes graph is malformed (a shape with no path, a bad count, ...)."""


class UnsupportedShape(ShapesError):
    """A shape uses a SHACL feature that this compiler does not translate."""


def compact(iri: str) -> str:
    """Shorten *iri* with the project prefixes, for messages.

    >>> compact("https://w3id.org/oversight/def#kind")
    'ov:kind'
    >>> compact("http://example.org/x")
    '<http://example.org/x>'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        return f"{best}:{iri[len(PREFIXES[best]) :]}"
    return f"<{iri}>"


def _fill(query: str, subclasses: Mapping[str, Sequence[str]]) -> str:
    """Expand the class placeholders: ``?x a <C>`` when *C* has no subclass, else
    ``?x a ?helper . VALUES ?helper {...}`` (a plain triple pattern is faster)."""

    def pattern(match: re.Match[str]) -> str:
        node, helper, cls = match.groups()
        found = list(subclasses.get(cls) or [cls])
        if found == [cls]:
            return f"{node} a <{cls}> ."
        listed = " ".join(f"<{iri}>" for iri in found)
        return f"{node} a {helper} . VALUES {helper} {{ {listed} }}"

    return _PLACEHOLDER.sub(pattern, query)


def _text(term: object) -> str | None:
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class Shape:
    """A node shape's name and the SPARQL pattern that selects its focus nodes."""

    name: str
    iri: str
    prologue: str
    """PREFIX declarations the target pattern needs."""
    pattern: str
    """Group graph pattern binding ``?this``, with class placeholders."""
    classes: tuple[str, ...]

    def select_targets(self, subclasses: Mapping[str, Sequence[str]]) -> str:
        """A SPARQL query selecting the shape's focus nodes.

        >>> shape = _example().shapes[0]
        >>> print(shape.select_targets({"http://example.org/Thing": ["http://example.org/Thing"]}))
        <BLANKLINE>
        SELECT DISTINCT ?this WHERE {
          { ?this a <http://example.org/Thing> . }
        }
        """
        return f"{self.prologue}\nSELECT DISTINCT ?this WHERE {_fill(self.pattern, subclasses)}"


@dataclass(frozen=True, slots=True)
class Constraint:
    """One constraint of one shape: what a violation of it reports.

    ``detail`` may hold ``{value}``, ``{count}`` and ``{other}``; ``message`` (from
    ``sh:message``) may hold ``{?var}`` for variables of a SPARQL constraint.
    """

    shape: str
    """The node shape's name (its ``rdfs:label``, else the IRI's local name)."""
    shape_iri: str
    component: str
    """The SHACL parameter checked (``minCount``) or ``sparql``."""
    path: str | None
    """The property shape's path in prefixed form (``ov:kind``, ``^ov:hasEvidence``)."""
    path_iri: str | None
    message: str
    detail: str
    severity: str
    limit: int | None = None
    """The bound of ``sh:minCount`` / ``sh:maxCount``."""


@dataclass(frozen=True, slots=True)
class Check:
    """A SPARQL SELECT whose solutions are violations of some constraints.

    ``mode`` says how a solution maps to constraints (see :meth:`violated`):
    ``values`` (``?_fails`` lists codes, each standing for the constraints in
    :attr:`codes`), ``counts`` (``?_count`` values of path ``?_p``), ``missing``
    (no value of path ``?_p``), ``single`` and ``sparql`` (every solution
    violates every constraint of the check).
    """

    mode: str
    query: str
    constraints: tuple[Constraint, ...]
    classes: tuple[str, ...] = ()
    focus_filter: bool = True
    """Solutions are candidates: keep those whose ``?this`` is a focus node of
    the violated constraint's shape."""
    precheck: str = ""
    """A cheaper query whose solutions (:meth:`may_fail`) say whether
    :attr:`query` can find anything at all (``values`` and ``counts``)."""
    codes: tuple[tuple[int, ...], ...] = ()

    @property
    def shapes(self) -> tuple[str, ...]:
        """Names of the shapes whose constraints the check tests.

        >>> sorted({c.shapes for c in _example().checks})
        [('ThingShape',)]
        """
        return tuple(sorted({c.shape for c in self.constraints}))

    def render(self, subclasses: Mapping[str, Sequence[str]], *, precheck: bool = False) -> str:
        """The runnable query (or :attr:`precheck`), each class expanded to its subclasses.

        >>> missing = next(c for c in _example().checks if c.mode == "missing")
        >>> query = missing.render({"http://example.org/Thing": ["http://example.org/Thing",
        ...                                                      "http://example.org/Widget"]})
        >>> "VALUES ?_tc0 { <http://example.org/Thing> <http://example.org/Widget> }" in query
        True
        """
        return _fill(self.precheck if precheck else self.query, subclasses)

    def may_fail(self, rows: Iterable[Row]) -> bool:
        """From the :attr:`precheck` solutions: can the check find a violation?

        For ``values`` the precheck tests the same conditions without saying which
        failed: any solution means there is something to report. For ``counts``
        each solution gives, for a path ``?_p``, its number of values ``?_n`` and of
        nodes having it ``?_d``. When they are equal every node has one value,
        which breaks no ``sh:maxCount`` of one or more.

        >>> from types import SimpleNamespace as Term
        >>> counts = next(c for c in _example().checks if c.mode == "counts")
        >>> row = {"_p": Term(value="http://example.org/name"), "_n": Term(value="5"),
        ...        "_d": Term(value="5")}
        >>> counts.may_fail([row]), counts.may_fail([{**row, "_n": Term(value="6")}])
        (False, True)
        """
        if not self.precheck:
            return True
        if self.mode == "values":
            return any(True for _ in rows)
        for row in rows:
            path = _text(row.get("_p"))
            n, d = int(_text(row.get("_n")) or 0), int(_text(row.get("_d")) or 0)
            for c in self.constraints:
                if c.path_iri == path and (n != d or c.component != "maxCount" or c.limit == 0):
                    return True
        return False

    def violated(self, row: Row) -> list[Constraint]:
        """The constraints a solution of :meth:`render` violates.

        >>> from types import SimpleNamespace as Term
        >>> counts = next(c for c in _example().checks if c.mode == "counts")
        >>> row = {"_p": Term(value="http://example.org/name"), "_count": Term(value="2")}
        >>> [(c.shape, c.component, c.path) for c in counts.violated(row)]
        [('ThingShape', 'maxCount', '<http://example.org/name>')]
        """
        if self.mode == "values":
            codes = (_text(row.get("_fails")) or "").split()
            return [self.constraints[i] for code in codes for i in self.codes[int(code)]]
        if self.mode in ("single", "sparql"):
            return list(self.constraints)
        path = _text(row.get("_p"))
        on_path = [c for c in self.constraints if c.path_iri == path]
        if self.mode == "missing":
            return on_path
        count = int(_text(row.get("_count")) or 0)
        return [
            c
            for c in on_path
            if c.limit is not None
            and (count > c.limit if c.component == "maxCount" else count < c.limit)
        ]


@dataclass(frozen=True, slots=True)
class CompiledShapes:
    """Every shape and check of a shapes graph."""

    source: str
    shapes: tuple[Shape, ...]
    checks: tuple[Check, ...]

    @property
    def classes(self) -> frozenset[str]:
        """Classes whose ``rdfs:subClassOf*`` closure the targets and checks need.

        >>> sorted(_example().classes)
        ['http://example.org/Thing']
        """
        found = {c for check in self.checks for c in check.classes}
        return frozenset(found.union(*(shape.classes for shape in self.shapes)))


@cache
def compile_shapes(path: str | Path) -> CompiledShapes:
    """Parse a Turtle shapes file and translate every active shape (cached by path).

    >>> compile_shapes("no-such-file.ttl")
    Traceback (most recent call last):
    ...
    graph.shacl.ShapesError: no-such-file.ttl: cannot parse the shapes file: ...
    """
    graph = Graph()
    try:
        graph.parse(str(path), format="turtle")
    except Exception as error:  # rdflib raises several unrelated types
        raise ShapesError(f"{path}: cannot parse the shapes file: {error}") from error
    return compile_graph(graph, source=str(path))


def compile_graph(graph: Graph, *, source: str = "<graph>") -> CompiledShapes:
    """Translate every active node shape of an rdflib *graph*.

    >>> compiled = _example()
    >>> [shape.name for shape in compiled.shapes]
    ['ThingShape']
    >>> sorted(check.mode for check in compiled.checks)
    ['counts', 'missing', 'values']
    """
    nodes = set(graph.subjects(RDF.type, SH.NodeShape))
    for predicate in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode):
        nodes.update(graph.subjects(predicate, None))
    nodes.update(s for s in graph.subjects(SH.target, None) if (None, SH.property, s) not in graph)
    shared = _Shared()
    shapes: list[Shape] = []
    checks: list[Check] = []
    for node in sorted(nodes, key=str):
        if not _active(graph, node):
            continue
        compiler = _NodeShapeCompiler(graph, node, source, shared)
        if compiler.target:
            checks.extend(compiler.checks())
            shapes.append(compiler.compiled_shape())
    return CompiledShapes(source, tuple(shapes), (*shared.checks(), *checks))


_EXAMPLE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ] .
"""


def _example() -> CompiledShapes:
    """A one-shape example for the docstrings."""
    return compile_graph(Graph().parse(data=_EXAMPLE, format="turtle"), source="example")


def _active(graph: Graph, node: Node) -> bool:
    value = graph.value(node, SH.deactivated)
    return not (isinstance(value, Literal) and value.toPython() is True)


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise UnsupportedShape(f"a blank node cannot be a constant in a check: {node!r}")


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _query(prologue: str, select: str, body: str, tail: str = "") -> str:
    return f"{prologue}\n{select} WHERE {{\n    {body}\n}}{tail}".strip()


_NODE_KINDS = {
    "IRI": "isIRI(?value)",
    "BlankNode": "isBlank(?value)",
    "Literal": "isLiteral(?value)",
    "BlankNodeOrIRI": "(isBlank(?value) || isIRI(?value))",
    "BlankNodeOrLiteral": "(isBlank(?value) || isLiteral(?value))",
    "IRIOrLiteral": "(isIRI(?value) || isLiteral(?value))",
}


@dataclass(frozen=True, slots=True)
class _Path:
    """A property shape's path: a predicate, forwards or inverse."""

    iri: str
    inverse: bool

    @property
    def shown(self) -> str:
        return ("^" if self.inverse else "") + compact(self.iri)

    def triple(self, value: str, predicate: str | None = None) -> str:
        p = predicate or f"<{self.iri}>"
        return f"{value} {p} ?this ." if self.inverse else f"?this {p} {value} ."


@dataclass(frozen=True, slots=True)
class _Condition:
    """A value constraint as a SPARQL expression, true when ``?value`` violates it."""

    constraint: Constraint
    test: str
    classes: tuple[str, ...] = ()


@dataclass(slots=True)
class _Shared:
    """Constraints of every shape that are checked together, predicate by predicate.

    Scanning a predicate once for all shapes (``rdfs:label`` is constrained by
    several) and keeping the values whose subject is a focus node of the right
    shape is much cheaper than one join per shape.
    """

    values: dict[_Path, list[_Condition]] = field(default_factory=dict)
    counts: dict[_Path, list[Constraint]] = field(default_factory=dict)
    pairs: dict[tuple[_Path, str, str], list[Constraint]] = field(default_factory=dict)

    def checks(self) -> list[Check]:
        found: list[Check] = []
        for inverse in (False, True):
            values = {p: c for p, c in self.values.items() if p.inverse is inverse and c}
            if values:
                found.append(self._values(values))
            counts = {p: c for p, c in self.counts.items() if p.inverse is inverse and c}
            if counts:
                found.append(self._counts(counts))
        for (path, other, op), constraints in sorted(self.pairs.items(), key=str):
            body = (
                f"{path.triple('?value')} ?this <{other}> ?_other .\n"
                f"    FILTER (!COALESCE(?value {op} ?_other, false))"
            )
            query = _query("", "SELECT ?this ?value ?_other", body)
            found.append(Check("single", query, tuple(constraints)))
        return found

    @staticmethod
    def _values(values: dict[_Path, list[_Condition]]) -> Check:
        """Test every value once; ``?_fails`` lists the codes of the failed tests."""
        constraints: list[Constraint] = []
        codes: list[tuple[int, ...]] = []
        classes: list[str] = []
        branches, cheap = [], []
        for path in sorted(values, key=lambda p: p.iri):
            tests: dict[str, list[int]] = {}
            for condition in values[path]:
                tests.setdefault(condition.test, []).append(len(constraints))
                constraints.append(condition.constraint)
                classes.extend(condition.classes)
            ifs, ors = [], []
            for test, indices in tests.items():
                ifs.append(f'IF(COALESCE({test}, true), "{len(codes)} ", "")')
                ors.append(f"COALESCE({test}, true)")
                codes.append(tuple(indices))
            fails = "CONCAT(" + ",\n        ".join([*ifs, '""']) + ")"
            branches.append(
                f"{{ {path.triple('?value')}\n      BIND (<{path.iri}> AS ?_p)\n"
                f"      BIND ({fails} AS ?_fails) }}"
            )
            any_fails = " ||\n        ".join(ors)
            cheap.append(f"{{ {path.triple('?value')}\n      FILTER ({any_fails}) }}")
        body = "\n    UNION ".join(branches) + '\n    FILTER (?_fails != "")'
        query = _query("", "SELECT ?this ?_p ?value ?_fails", body)
        precheck = _query("", "SELECT ?this", "\n    UNION ".join(cheap), "\nLIMIT 1")
        return Check(
            "values",
            query,
            tuple(constraints),
            tuple(classes),
            precheck=precheck,
            codes=tuple(codes),
        )

    @staticmethod
    def _counts(counts: dict[_Path, list[Constraint]]) -> Check:
        """Values per node and path, for the paths with count constraints."""
        paths = sorted(counts, key=lambda p: p.iri)
        having = []
        for path in paths:
            bounds = []
            for c in counts[path]:
                op = ">" if c.component == "maxCount" else "<"
                bounds.append(f"COUNT(DISTINCT ?value) {op} {c.limit}")
            having.append(f"(sameTerm(?_p, <{path.iri}>) && ({' || '.join(bounds)}))")
        branches = [f"{{ {p.triple('?value')} BIND (<{p.iri}> AS ?_p) }}" for p in paths]
        body = "\n    UNION ".join(branches)
        tail = "\nGROUP BY ?this ?_p\nHAVING (" + "\n     || ".join(having) + ")"
        query = _query("", "SELECT ?this ?_p (COUNT(DISTINCT ?value) AS ?_count)", body, tail)
        select = "SELECT ?_p (COUNT(*) AS ?_n) (COUNT(DISTINCT ?this) AS ?_d)"
        precheck = _query("", select, body, "\nGROUP BY ?_p")
        constraints = tuple(c for p in paths for c in counts[p])
        return Check("counts", query, constraints, precheck=precheck)


class _NodeShapeCompiler:
    """Turns one node shape (and its property shapes) into checks."""

    def __init__(self, graph: Graph, shape: Node, source: str, shared: _Shared) -> None:
        self.graph = graph
        self.shape = shape
        self.source = source
        self.shared = shared
        label = graph.value(shape, RDFS.label)
        self.name = str(label) if label is not None else _local(str(shape))
        self.iri = str(shape)
        self.prefixes = ""
        self.target, self.target_classes = self._target()

    # --- errors and parameters ---

    def _where(self) -> str:
        return f"{self.source}: shape {self.name}"

    def _unsupported(self, node: Node, what: str) -> UnsupportedShape:
        return UnsupportedShape(f"{self._where()}: {what} is not supported (in {node})")

    def _parameters(self, node: Node, allowed: frozenset[str] = SUPPORTED) -> dict[str, list[Node]]:
        found: dict[str, list[Node]] = {}
        for predicate, value in self.graph.predicate_objects(node):
            iri = str(predicate)
            if not iri.startswith(str(SH)):
                continue
            name = iri[len(str(SH)) :]
            if name not in allowed and name not in _IGNORED:
                raise self._unsupported(node, f"sh:{name}")
            found.setdefault(name, []).append(value)
        return found

    def _constraint(
        self,
        node: Node,
        component: str,
        path: _Path | None,
        detail: str,
        limit: int | None = None,
    ) -> Constraint:
        message = self.graph.value(node, SH.message)
        severity = self.graph.value(node, SH.severity) or self.graph.value(self.shape, SH.severity)
        return Constraint(
            shape=self.name,
            shape_iri=self.iri,
            component=component,
            path=path.shown if path else None,
            path_iri=path.iri if path else None,
            message=str(message) if message is not None else "",
            detail=detail,
            severity=_local(str(severity)) if severity is not None else "Violation",
            limit=limit,
        )

    def _int(self, name: str, value: Node) -> int:
        if not (isinstance(value, Literal) and isinstance(value.toPython(), int)):
            raise ShapesError(f"{self._where()}: sh:{name} must be an integer, got {value!r}")
        return int(value.toPython())

    # --- targets ---

    def _declared_prefixes(self, node: Node) -> str:
        lines = []
        for holder in self.graph.objects(node, SH.prefixes):
            for declaration in self.graph.objects(holder, SH.declare):
                prefix = self.graph.value(declaration, SH.prefix)
                namespace = self.graph.value(declaration, SH.namespace)
                if prefix is None or namespace is None:
                    raise ShapesError(
                        f"{self._where()}: an sh:declare lacks sh:prefix or sh:namespace"
                    )
                lines.append(f"PREFIX {prefix}: <{namespace}>")
        return "\n".join(sorted(set(lines)))

    def _select(self, node: Node, what: str) -> str:
        text = self.graph.value(node, SH.select)
        if text is None:
            raise self._unsupported(node, f"{what} without sh:select")
        query = str(text)
        for bound in ("$shapesGraph", "$currentShape"):
            if bound in query:
                raise self._unsupported(node, f"{bound} in a {what}")
        declared = self._declared_prefixes(node)
        if declared:
            lines = set(self.prefixes.split("\n")) | set(declared.split("\n"))
            self.prefixes = "\n".join(sorted(lines - {""}))
        return re.sub(r"\$this\b", "?this", query)

    def _target(self) -> tuple[str, tuple[str, ...]]:
        g, shape = self.graph, self.shape
        alternatives: list[str] = []
        classes: list[str] = []
        for n, cls in enumerate(sorted(g.objects(shape, SH.targetClass), key=str)):
            classes.append(str(cls))
            alternatives.append(f"{{ {_INSTANCE.format('?this', f'?_tc{n}', cls)} }}")
        for n, prop in enumerate(sorted(g.objects(shape, SH.targetSubjectsOf), key=str)):
            alternatives.append(f"{{ ?this {_term(prop)} ?_ts{n} . }}")
        for n, prop in enumerate(sorted(g.objects(shape, SH.targetObjectsOf), key=str)):
            alternatives.append(f"{{ ?_to{n} {_term(prop)} ?this . }}")
        nodes = sorted(g.objects(shape, SH.targetNode), key=str)
        if nodes:
            alternatives.append(f"{{ VALUES ?this {{ {' '.join(_term(x) for x in nodes)} }} }}")
        for target in sorted(g.objects(shape, SH.target), key=str):
            if (target, RDF.type, SH.SPARQLTarget) not in g:
                raise self._unsupported(target, "an sh:target that is not an sh:SPARQLTarget")
            alternatives.append(f"{{ {self._select(target, 'SPARQL target')} }}")
        if not alternatives:
            return "", ()
        union = "\n  UNION ".join(alternatives)
        return f"{{\n  {union}\n}}", tuple(classes)

    def compiled_shape(self) -> Shape:
        """The shape's name and target pattern."""
        if not isinstance(self.shape, URIRef):
            raise ShapesError(f"{self._where()}: a node shape with a target must be an IRI")
        return Shape(self.name, self.iri, self.prefixes, self.target, self.target_classes)

    # --- checks ---

    def checks(self) -> list[Check]:
        """This shape's own checks; shared ones go to :class:`_Shared`."""
        params = self._parameters(self.shape)
        if "path" in params:
            raise self._unsupported(self.shape, "a node shape with sh:path (use sh:property)")
        for name in ("minCount", "maxCount", "hasValue", "lessThan", "lessThanOrEquals"):
            if name in params:
                raise self._unsupported(self.shape, f"sh:{name} on a node shape")
        found: list[Check] = []
        on_focus = self._value_conditions(self.shape, params, None)
        if on_focus:
            found.append(self._focus_values(on_focus))
        missing: list[Constraint] = []
        for prop in sorted(self.graph.objects(self.shape, SH.property), key=str):
            if _active(self.graph, prop):
                found.extend(self._property(prop, missing))
        for inverse in (False, True):
            required = [c for c in missing if c.path and c.path.startswith("^") is inverse]
            if required:
                found.append(self._missing(required, inverse))
        for constraint in sorted(self.graph.objects(self.shape, SH.sparql), key=str):
            if _active(self.graph, constraint):
                found.append(self._sparql_check(constraint))
        return found

    def _path(self, prop: Node) -> _Path:
        path = self.graph.value(prop, SH.path)
        if isinstance(path, URIRef):
            return _Path(str(path), inverse=False)
        if isinstance(path, BNode):
            inverse = self.graph.value(path, SH.inversePath)
            if isinstance(inverse, URIRef) and len(list(self.graph.predicate_objects(path))) == 1:
                return _Path(str(inverse), inverse=True)
            raise self._unsupported(prop, "a path other than an IRI or an sh:inversePath of one")
        raise ShapesError(f"{self._where()}: a property shape has no sh:path")

    def _property(self, prop: Node, missing: list[Constraint]) -> list[Check]:
        """Share the constraints of a property shape; return the checks of its own."""
        params = self._parameters(prop)
        path = self._path(prop)
        counts = self.shared.counts.setdefault(path, [])
        for value in params.get("minCount", []):
            n = self._int("minCount", value)
            if n > 0:
                missing.append(self._constraint(prop, "minCount", path, "found none", n))
            if n > 1:
                detail = f"found {{count}}, at least {n} needed"
                counts.append(self._constraint(prop, "minCount", path, detail, n))
        for value in params.get("maxCount", []):
            n = self._int("maxCount", value)
            detail = (
                "found a value, none allowed" if n == 0 else f"found {{count}}, at most {n} allowed"
            )
            counts.append(self._constraint(prop, "maxCount", path, detail, n))
        self.shared.values.setdefault(path, []).extend(self._value_conditions(prop, params, path))
        for name, op in (("lessThan", "<"), ("lessThanOrEquals", "<=")):
            for other in params.get(name, []):
                if not isinstance(other, URIRef) or path.inverse:
                    raise self._unsupported(prop, f"sh:{name} on an inverse path or to a non-IRI")
                detail = f"{{value}} is not {op} {compact(str(other))} {{other}}"
                self.shared.pairs.setdefault((path, str(other), op), []).append(
                    self._constraint(prop, name, path, detail)
                )
        own: list[Check] = []
        for value in params.get("hasValue", []):
            constraint = self._constraint(
                prop, "hasValue", path, f"{compact(str(value))} is missing"
            )
            body = f"{self.target}\n    FILTER NOT EXISTS {{ {path.triple(_term(value))} }}"
            query = _query(self.prefixes, "SELECT DISTINCT ?this", body)
            own.append(
                Check("single", query, (constraint,), self.target_classes, focus_filter=False)
            )
        return own

    def _value_conditions(
        self, node: Node, params: dict[str, list[Node]], path: _Path | None
    ) -> list[_Condition]:
        found: list[_Condition] = []

        def add(component: str, test: str, detail: str, classes: Sequence[str] = ()) -> None:
            constraint = self._constraint(node, component, path, detail)
            found.append(_Condition(constraint, test, tuple(classes)))

        for dt in params.get("datatype", []):
            # well-formed too: a cast to the datatype fails on an ill-formed lexical form
            well_formed = (
                "true"
                if str(dt).endswith(("#string", "#langString"))
                else f"COALESCE(isLiteral(<{dt}>(?value)), false)"
            )
            add(
                "datatype",
                f"!(isLiteral(?value) && sameTerm(DATATYPE(?value), <{dt}>) && {well_formed})",
                f"{{value}} is not an {compact(str(dt))}",
            )
        for cls in params.get("class", []):
            add(
                "class",
                f"NOT EXISTS {{ {_INSTANCE.format('?value', '?_class', cls)} }}",
                f"{{value}} is not a {compact(str(cls))}",
                [str(cls)],
            )
        for kind in params.get("nodeKind", []):
            test = _NODE_KINDS.get(_local(str(kind)))
            if test is None:
                raise ShapesError(f"{self._where()}: unknown sh:nodeKind {kind}")
            add("nodeKind", f"!{test}", f"{{value}} is not a {_local(str(kind))}")
        for members in params.get("in", []):
            allowed = list(Collection(self.graph, members))
            tests = " || ".join(f"sameTerm(?value, {_term(m)})" for m in allowed) or "false"
            add("in", f"!({tests})", "{value} is not one of the allowed values")
        for name, op in (
            ("minInclusive", ">="),
            ("maxInclusive", "<="),
            ("minExclusive", ">"),
            ("maxExclusive", "<"),
        ):
            for bound in params.get(name, []):
                add(
                    name,
                    f"!COALESCE(?value {op} {_term(bound)}, false)",
                    f"{{value}} is not {op} {bound}",
                )
        for name, op in (("minLength", ">="), ("maxLength", "<=")):
            for length in params.get(name, []):
                n = self._int(name, length)
                add(
                    name,
                    f"isBlank(?value) || !(STRLEN(STR(?value)) {op} {n})",
                    f"{{value}} has a length not {op} {n}",
                )
        flags = params.get("flags", [])
        for regex in params.get("pattern", []):
            flag = f", {_term(Literal(str(flags[0])))}" if flags else ""
            add(
                "pattern",
                f"isBlank(?value) || !REGEX(STR(?value), {_term(Literal(str(regex)))}{flag})",
                f"{{value}} does not match {regex}",
            )
        return found

    def _focus_values(self, conditions: list[_Condition]) -> Check:
        """Constraints of the node shape itself, on each focus node."""
        ifs = [f'IF(COALESCE({c.test}, true), "{code} ", "")' for code, c in enumerate(conditions)]
        fails = "CONCAT(" + ",\n        ".join([*ifs, '""']) + ")"
        body = (
            f"{self.target}\n    BIND (?this AS ?value)\n    BIND ({fails} AS ?_fails)\n"
            '    FILTER (?_fails != "")'
        )
        query = _query(self.prefixes, "SELECT DISTINCT ?this ?value ?_fails", body)
        classes = (*self.target_classes, *(cls for c in conditions for cls in c.classes))
        constraints = tuple(c.constraint for c in conditions)
        codes = tuple((i,) for i in range(len(conditions)))
        return Check("values", query, constraints, classes, focus_filter=False, codes=codes)

    def _missing(self, constraints: list[Constraint], inverse: bool) -> Check:
        """Focus nodes with no value of a required path."""
        paths = sorted({c.path_iri for c in constraints if c.path_iri})
        body = (
            f"{self.target}\n    VALUES ?_p {{ {' '.join(f'<{p}>' for p in paths)} }}\n"
            f"    FILTER NOT EXISTS {{ {_Path('', inverse).triple('?_any', '?_p')} }}"
        )
        query = _query(self.prefixes, "SELECT DISTINCT ?this ?_p", body)
        ordered = tuple(sorted(constraints, key=lambda c: c.path or ""))
        return Check("missing", query, ordered, self.target_classes, focus_filter=False)

    def _sparql_check(self, node: Node) -> Check:
        self._parameters(node, frozenset({"select", "prefixes"}))
        select = self._select(node, "SPARQL constraint")
        if not re.search(r"\?this\b", select):
            raise ShapesError(f"{self._where()}: a SPARQL constraint's query must use $this")
        constraint = self._constraint(node, "sparql", None, "")
        query = _query(self.prefixes, "SELECT DISTINCT *", f"{{ {select} }}")
        return Check("sparql", query, (constraint,))
