"""Compile SHACL shapes into SPARQL SELECT checks that find every violation at once.

A SHACL engine such as pySHACL visits each focus node in turn; on a national load
of a million triples that takes minutes. Here a shape becomes a few SPARQL
SELECT queries whose solutions are exactly its violations over the whole data
graph, so a store's query engine (pyoxigraph) does the work with its indexes:

* most checks look for violating values first, without the shape's target: a
  query engine is much faster at scanning a predicate than at joining every
  value with the focus nodes. Their solutions are candidates (``focus_filter``),
  kept when ``?this`` is a focus node of the shape (:meth:`Shape.select_targets`,
  run only when there are candidates, which is rare in conforming data);
* one *values* query scans every value of the shape's property paths once and
  tests all value constraints (``sh:datatype``, ``sh:class``, ``sh:pattern`` ...)
  on each, returning the codes of those that fail;
* one *counts* query groups the values per node and path (``sh:maxCount``,
  ``sh:minCount`` above one); one *missing* query, which does match the target,
  finds focus nodes without a required path;
* ``sh:hasValue``, ``sh:lessThan(OrEquals)`` and each SPARQL-based constraint
  (``sh:sparql``) get a query of their own. SPARQL constraints run in bulk: their
  query must bind ``$this`` itself (``$this a ov:Relationship``), which gives the
  same solutions as SHACL's per-node pre-binding.

The translation is generic over the shapes graph but covers only the SHACL subset
that ``ontology/shapes.ttl`` uses (:data:`SUPPORTED`); anything else raises
:class:`UnsupportedShape` naming the shape, so no constraint is silently ignored.
Classes (targets and ``sh:class``) follow ``rdfs:subClassOf*``: queries carry
placeholders for the subclass lists, filled by :meth:`Check.render`.

>>> from ontology.vocabulary import ontology_files
>>> shapes = compile_shapes([p for p in ontology_files() if p.endswith("shapes.ttl")][0])
>>> missing = next(c for c in shapes.checks if c.shape == "PostShape" and c.mode == "missing")
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

_SUBCLASSES = "<<SUBCLASSES {}>>"
_PLACEHOLDER = re.compile(r"<<SUBCLASSES ([^>]+)>>")

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
    def values(match: re.Match[str]) -> str:
        found = subclasses.get(match.group(1)) or [match.group(1)]
        return " ".join(f"<{iri}>" for iri in found)

    return _PLACEHOLDER.sub(values, query)


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
        """A SPARQL query selecting the shape's focus nodes."""
        return f"{self.prologue}\nSELECT DISTINCT ?this WHERE {_fill(self.pattern, subclasses)}"



@dataclass(frozen=True, slots=True)
class Constraint:
    """One constraint of one shape: what a violation of it reports.

    ``detail`` may hold ``{value}``, ``{count}`` and ``{other}``; ``message`` (from
    ``sh:message``) may hold ``{?var}`` for variables of a SPARQL constraint.
    """

    shape: str
    """The node shape's name (its ``rdfs:label``, else the IRI's local name)."""
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
    """A SPARQL SELECT whose solutions are violations of some constraints of a shape.

    ``mode`` says how a solution maps to constraints (see :meth:`violated`):
    ``values`` (``?_fails`` lists the codes of the failed constraints), ``counts``
    (``?_count`` values of path ``?_p``), ``missing`` (no value of path ``?_p``),
    ``single`` and ``sparql`` (every solution violates the one constraint).
    """

    shape: str
    shape_iri: str
    mode: str
    query: str
    constraints: tuple[Constraint, ...]
    classes: tuple[str, ...] = field(default=())
    focus_filter: bool = True
    """Solutions are candidates: keep those whose ``?this`` is a focus node."""
    precheck: str = ""
    """For ``counts``: a cheap query whose solutions (:meth:`may_fail`) say
    whether :attr:`query` can find anything at all."""

    def render(self, subclasses: Mapping[str, Sequence[str]]) -> str:
        """The runnable query, with each class expanded to the list of its subclasses."""
        return _fill(self.query, subclasses)

    def may_fail(self, rows: Iterable[Row]) -> bool:
        """From the :attr:`precheck` solutions: can the check find a violation?

        Each solution gives, for a path ``?_p``, its number of values ``?_n`` and of
        nodes having it ``?_d``. When they are equal every node has one value,
        which breaks no ``sh:maxCount`` of one or more.
        """
        if not self.precheck:
            return True
        for row in rows:
            path = _text(row.get("_p"))
            n, d = int(_text(row.get("_n")) or 0), int(_text(row.get("_d")) or 0)
            for c in self.constraints:
                if c.path_iri == path and (n != d or c.component != "maxCount" or c.limit == 0):
                    return True
        return False

    def violated(self, row: Row) -> list[Constraint]:
        """The constraints a solution of :meth:`render` violates."""
        if self.mode == "values":
            codes = (_text(row.get("_fails")) or "").split()
            return [self.constraints[int(code)] for code in codes]
        path = _text(row.get("_p"))
        on_path = [c for c in self.constraints if c.path_iri == path]
        if self.mode == "missing":
            return on_path
        if self.mode == "counts":
            count = int(_text(row.get("_count")) or 0)
            return [
                c
                for c in on_path
                if c.limit is not None
                and (count > c.limit if c.component == "maxCount" else count < c.limit)
            ]
        return list(self.constraints)


@dataclass(frozen=True, slots=True)
class CompiledShapes:
    """Every shape and check of a shapes graph."""

    source: str
    shapes: tuple[Shape, ...]
    checks: tuple[Check, ...]

    @property
    def classes(self) -> frozenset[str]:
        """Classes whose ``rdfs:subClassOf*`` closure the targets and checks need."""
        found = {c for check in self.checks for c in check.classes}
        return frozenset(found.union(*(shape.classes for shape in self.shapes)))


@cache
def compile_shapes(path: str | Path) -> CompiledShapes:
    """Parse a Turtle shapes file and translate every active shape (cached by path)."""
    graph = Graph()
    try:
        graph.parse(str(path), format="turtle")
    except Exception as error:  # rdflib raises several unrelated types
        raise ShapesError(f"{path}: cannot parse the shapes file: {error}") from error
    return compile_graph(graph, source=str(path))


def compile_graph(graph: Graph, *, source: str = "<graph>") -> CompiledShapes:
    """Translate every active node shape of an rdflib *graph*."""
    shapes = set(graph.subjects(RDF.type, SH.NodeShape))
    for predicate in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode):
        shapes.update(graph.subjects(predicate, None))
    shapes.update(s for s in graph.subjects(SH.target, None) if (None, SH.property, s) not in graph)
    compiled: list[Shape] = []
    checks: list[Check] = []
    for node in sorted(shapes, key=str):
        if not _active(graph, node):
            continue
        compiler = _NodeShapeCompiler(graph, node, source)
        found = compiler.checks()
        if found:
            compiled.append(compiler.compiled_shape())
            checks.extend(found)
    return CompiledShapes(source=source, shapes=tuple(compiled), checks=tuple(checks))


def _fields(check: Check) -> dict[str, object]:
    return {name: getattr(check, name) for name in Check.__dataclass_fields__}


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


_NODE_KINDS = {
    "IRI": "isIRI(?value)",
    "BlankNode": "isBlank(?value)",
    "Literal": "isLiteral(?value)",
    "BlankNodeOrIRI": "(isBlank(?value) || isIRI(?value))",
    "BlankNodeOrLiteral": "(isBlank(?value) || isLiteral(?value))",
    "IRIOrLiteral": "(isIRI(?value) || isLiteral(?value))",
}


@dataclass(slots=True)
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


@dataclass(slots=True)
class _Collected:
    """Constraints of one shape, grouped by how they are queried."""

    values: dict[bool | None, list[tuple[Constraint, str, tuple[str, ...]]]] = field(
        default_factory=dict
    )
    """Value conditions by direction (None: on the focus node itself)."""
    counts: dict[bool, list[Constraint]] = field(default_factory=dict)
    missing: dict[bool, list[Constraint]] = field(default_factory=dict)


class _NodeShapeCompiler:
    """Turns one node shape (and its property shapes) into checks."""

    def __init__(self, graph: Graph, shape: Node, source: str) -> None:
        self.graph = graph
        self.shape = shape
        self.source = source
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

    def _parameters(
        self, node: Node, allowed: frozenset[str] = SUPPORTED
    ) -> dict[str, list[Node]]:
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

    def _query(self, select: str, body: str, tail: str = "") -> str:
        return f"{self.prefixes}\n{select} WHERE {{\n    {body}\n}}{tail}".strip()

    def _check(
        self,
        mode: str,
        query: str,
        constraints: Sequence[Constraint],
        classes: Iterable[str] = (),
        *,
        focus_filter: bool = True,
    ) -> Check:
        classes = (*classes, *(self.target_classes if not focus_filter else ()))
        return Check(
            self.name, self.iri, mode, query, tuple(constraints), tuple(classes), focus_filter
        )

    # --- targets ---

    def _declared_prefixes(self, node: Node) -> str:
        lines = []
        for holder in self.graph.objects(node, SH.prefixes):
            for declaration in self.graph.objects(holder, SH.declare):
                prefix = self.graph.value(declaration, SH.prefix)
                namespace = self.graph.value(declaration, SH.namespace)
                if prefix is None or namespace is None:
                    raise ShapesError(f"{self._where()}: an sh:declare lacks sh:prefix or sh:namespace")
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
            alternatives.append(
                f"{{ ?this a ?_tc{n} . VALUES ?_tc{n} {{ {_SUBCLASSES.format(cls)} }} }}"
            )
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
        """The shape's name and target pattern (call after :meth:`checks`)."""
        if not isinstance(self.shape, URIRef):
            raise ShapesError(f"{self._where()}: a node shape with a target must be an IRI")
        return Shape(self.name, self.iri, self.prefixes, self.target, self.target_classes)

    # --- checks ---

    def checks(self) -> list[Check]:
        """Every check of this node shape; none when the shape has no target."""
        if not self.target:
            return []
        collected = _Collected()
        found: list[Check] = []
        params = self._parameters(self.shape)
        if "path" in params:
            raise self._unsupported(self.shape, "a node shape with sh:path (use sh:property)")
        for name in ("minCount", "maxCount", "hasValue", "lessThan", "lessThanOrEquals"):
            if name in params:
                raise self._unsupported(self.shape, f"sh:{name} on a node shape")
        collected.values[None] = self._value_conditions(self.shape, params, None)
        for prop in sorted(self.graph.objects(self.shape, SH.property), key=str):
            if _active(self.graph, prop):
                found.extend(self._property(prop, collected))
        found[:0] = self._grouped_checks(collected)
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

    def _property(self, prop: Node, collected: _Collected) -> list[Check]:
        """Collect the grouped constraints of a property shape; return its own checks."""
        params = self._parameters(prop)
        path = self._path(prop)
        for value in params.get("minCount", []):
            n = self._int("minCount", value)
            if n > 0:
                collected.missing.setdefault(path.inverse, []).append(
                    self._constraint(prop, "minCount", path, "found none", n)
                )
            if n > 1:
                collected.counts.setdefault(path.inverse, []).append(
                    self._constraint(prop, "minCount", path, f"found {{count}}, at least {n} needed", n)
                )
        for value in params.get("maxCount", []):
            n = self._int("maxCount", value)
            detail = "found a value, none allowed" if n == 0 else f"found {{count}}, at most {n} allowed"
            collected.counts.setdefault(path.inverse, []).append(
                self._constraint(prop, "maxCount", path, detail, n)
            )
        collected.values.setdefault(path.inverse, []).extend(
            self._value_conditions(prop, params, path)
        )
        own: list[Check] = []
        for value in params.get("hasValue", []):
            constraint = self._constraint(prop, "hasValue", path, f"{compact(str(value))} is missing")
            body = f"{self.target}\n    FILTER NOT EXISTS {{ {path.triple(_term(value))} }}"
            query = self._query("SELECT DISTINCT ?this", body)
            own.append(self._check("single", query, [constraint], focus_filter=False))
        for name, op in (("lessThan", "<"), ("lessThanOrEquals", "<=")):
            for other in params.get(name, []):
                if not isinstance(other, URIRef) or path.inverse:
                    raise self._unsupported(prop, f"sh:{name} on an inverse path or to a non-IRI")
                detail = f"{{value}} is not {op} {compact(str(other))} {{other}}"
                constraint = self._constraint(prop, name, path, detail)
                body = (
                    f"{path.triple('?value')} ?this <{other}> ?_other .\n"
                    f"    FILTER (!COALESCE(?value {op} ?_other, false))"
                )
                query = self._query("SELECT ?this ?value ?_other", body)
                own.append(self._check("single", query, [constraint]))
        return own

    def _value_conditions(
        self, node: Node, params: dict[str, list[Node]], path: _Path | None
    ) -> list[tuple[Constraint, str, tuple[str, ...]]]:
        """(constraint, SPARQL condition true when ``?value`` violates it, classes)."""
        found: list[tuple[Constraint, str, tuple[str, ...]]] = []

        def add(component: str, condition: str, detail: str, classes: Sequence[str] = ()) -> None:
            found.append((self._constraint(node, component, path, detail), condition, tuple(classes)))

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
                f"NOT EXISTS {{ ?value a ?_class . VALUES ?_class {{ {_SUBCLASSES.format(cls)} }} }}",
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
                add(name, f"!COALESCE(?value {op} {_term(bound)}, false)", f"{{value}} is not {op} {bound}")
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

    def _grouped_checks(self, collected: _Collected) -> list[Check]:
        """One values, counts and missing query per direction of path."""
        found: list[Check] = []
        for inverse, conditions in sorted(collected.values.items(), key=lambda kv: str(kv[0])):
            if conditions:
                found.append(self._values_check(inverse, conditions))
        for inverse, constraints in sorted(collected.counts.items()):
            found.append(self._counts_check(inverse, constraints))
        for inverse, constraints in sorted(collected.missing.items()):
            paths = sorted({c.path_iri for c in constraints if c.path_iri})
            path = _Path("", inverse)
            body = (
                f"{self.target}\n    VALUES ?_p {{ {' '.join(f'<{p}>' for p in paths)} }}\n"
                f"    FILTER NOT EXISTS {{ {path.triple('?_any', '?_p')} }}"
            )
            ordered = sorted(constraints, key=lambda c: c.path or "")
            query = self._query("SELECT DISTINCT ?this ?_p", body)
            found.append(self._check("missing", query, ordered, focus_filter=False))
        return found

    def _values_check(
        self, inverse: bool | None, conditions: list[tuple[Constraint, str, tuple[str, ...]]]
    ) -> Check:
        """Test every value once; ``?_fails`` lists the codes of the failed constraints."""

        def fails(codes: Iterable[int]) -> str:
            tests = [f'IF(COALESCE({conditions[i][1]}, true), "{i} ", "")' for i in codes]
            return "CONCAT(" + ",\n        ".join([*tests, '""']) + ")"

        if inverse is None:
            body = (
                f"{self.target}\n    BIND (?this AS ?value)\n"
                f"    BIND ({fails(range(len(conditions)))} AS ?_fails)"
            )
            select = "SELECT DISTINCT ?this ?value ?_fails"
        else:
            # one branch per path, each with a constant predicate and only its own tests
            branches = []
            for p in sorted({c.path_iri for c, _, _ in conditions if c.path_iri}):
                codes = [i for i, (c, _, _) in enumerate(conditions) if c.path_iri == p]
                branches.append(
                    f"{{ {_Path(p, inverse).triple('?value')}\n"
                    f"      BIND (<{p}> AS ?_p)\n      BIND ({fails(codes)} AS ?_fails) }}"
                )
            body = "\n    UNION ".join(branches)
            select = "SELECT ?this ?_p ?value ?_fails"
        body += '\n    FILTER (?_fails != "")'
        classes = [c for _, _, found in conditions for c in found]
        constraints = [c for c, _, _ in conditions]
        query = self._query(select, body)
        return self._check("values", query, constraints, classes, focus_filter=inverse is not None)

    def _counts_check(self, inverse: bool, constraints: list[Constraint]) -> Check:
        """Values per focus node and path, for the paths with count constraints."""
        paths = sorted({c.path_iri for c in constraints if c.path_iri})
        having = []
        for p in paths:
            bounds = []
            for c in constraints:
                if c.path_iri == p and c.limit is not None:
                    op = ">" if c.component == "maxCount" else "<"
                    bounds.append(f"COUNT(DISTINCT ?value) {op} {c.limit}")
            having.append(f"(sameTerm(?_p, <{p}>) && ({' || '.join(bounds)}))")
        branches = [
            f"{{ {_Path(p, inverse).triple('?value')} BIND (<{p}> AS ?_p) }}" for p in paths
        ]
        body = "\n    UNION ".join(branches)
        tail = "\nGROUP BY ?this ?_p\nHAVING (" + "\n     || ".join(having) + ")"
        query = self._query("SELECT ?this ?_p (COUNT(DISTINCT ?value) AS ?_count)", body, tail)
        select = "SELECT ?_p (COUNT(*) AS ?_n) (COUNT(DISTINCT ?this) AS ?_d)"
        precheck = self._query(select, body, "\nGROUP BY ?_p")
        check = self._check("counts", query, constraints)
        return Check(**{**_fields(check), "precheck": precheck})

    def _sparql_check(self, node: Node) -> Check:
        self._parameters(node, frozenset({"select", "prefixes"}))
        select = self._select(node, "SPARQL constraint")
        if not re.search(r"\?this\b", select):
            raise ShapesError(f"{self._where()}: a SPARQL constraint's query must use $this")
        constraint = self._constraint(node, "sparql", None, "")
        query = self._query("SELECT DISTINCT *", f"{{ {select} }}")
        return self._check("sparql", query, [constraint])
