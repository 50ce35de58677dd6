"""Compile SHACL shapes into SPARQL SELECT checks that find every violation at once.

A SHACL engine such as pySHACL visits each focus node in turn; on a national load
of a million triples that takes minutes. Here each constraint of each shape
becomes one SPARQL SELECT query whose solutions are exactly the violations of
that constraint over the whole data graph, so a store's query engine
(pyoxigraph) does the work with its indexes and hash joins.

The translation is generic over the shapes graph but covers only the SHACL subset
that ``ontology/shapes.ttl`` uses (listed there and in :data:`SUPPORTED`); any
other constraint raises :class:`UnsupportedShape` naming the shape, so a shape can
never be silently ignored. SPARQL-based constraints (``sh:sparql``) run in bulk:
their query must bind ``$this`` itself (e.g. ``$this a ov:Relationship``), which
gives the same solutions as SHACL's per-node pre-binding.

Target classes follow ``rdfs:subClassOf*`` in the data and ontology. Queries
carry placeholders for those subclass lists, filled by :meth:`Check.render`.

>>> from ontology.vocabulary import ontology_files
>>> shapes = compile_shapes([p for p in ontology_files() if p.endswith("shapes.ttl")][0])
>>> check = next(c for c in shapes.checks
...              if c.shape == "PostShape" and c.component == "minCount")
>>> check.path, check.severity
('org:postIn', 'Violation')
>>> "FILTER NOT EXISTS" in check.render({"http://www.w3.org/ns/org#Post": ["urn:x"]})
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
    "TARGET_GRAPH",
    "TARGET_OF",
    "Check",
    "CompiledShapes",
    "Shape",
    "ShapesError",
    "UnsupportedShape",
    "compact",
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
_TARGET = "<<TARGET>>"

TARGET_GRAPH = "urn:x-oversight:validation:targets"
"""Scratch graph where :meth:`Shape.insert_targets` records each shape's focus nodes."""

TARGET_OF = "urn:x-oversight:validation:targetOf"
"""Predicate of the scratch graph: ``focus-node TARGET_OF shape``."""


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


@dataclass(frozen=True, slots=True)
class Shape:
    """A node shape's name and the SPARQL that selects its focus nodes."""

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

    def insert_targets(self, subclasses: Mapping[str, Sequence[str]]) -> str:
        """A SPARQL Update that records the focus nodes in :data:`TARGET_GRAPH`."""
        return (
            f"{self.prologue}\n"
            f"INSERT {{ GRAPH <{TARGET_GRAPH}> {{ ?this <{TARGET_OF}> <{self.iri}> }} }}\n"
            f"WHERE {_fill(self.pattern, subclasses)}"
        )


@dataclass(frozen=True, slots=True)
class Check:
    """One constraint of one shape as a SPARQL SELECT whose solutions are violations.

    Solutions bind ``?this`` (the focus node) and may bind ``?value``, ``?path``,
    ``?_count`` and ``?_other``; :attr:`message` may refer to solution variables as
    ``{?name}`` (SPARQL constraints) and :attr:`detail` as ``{value}``, ``{count}``
    and ``{other}`` (core constraints).
    """

    shape: str
    """The node shape's name (its ``rdfs:label``, else the IRI's local name)."""
    shape_iri: str
    component: str
    """The SHACL parameter checked (``minCount``) or ``sparql``."""
    path: str | None
    """The property shape's path in prefixed form (``ov:kind``, ``^ov:hasEvidence``)."""
    message: str
    detail: str
    severity: str
    query: str
    classes: tuple[str, ...] = field(default=())
    """Classes whose subclasses :meth:`render` must be told."""

    def render(self, subclasses: Mapping[str, Sequence[str]]) -> str:
        """The runnable query: classes expanded to their subclasses, and the focus
        nodes read from :data:`TARGET_GRAPH` (see :meth:`Shape.insert_targets`)."""
        target = f"GRAPH <{TARGET_GRAPH}> {{ ?this <{TARGET_OF}> <{self.shape_iri}> }}"
        return _fill(self.query, subclasses).replace(_TARGET, target)


@dataclass(frozen=True, slots=True)
class CompiledShapes:
    """Every check of a shapes graph, and the classes whose subclasses they need."""

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
    for shape in sorted(shapes, key=str):
        if not _active(graph, shape):
            continue
        compiler = _NodeShapeCompiler(graph, shape, source)
        found = compiler.checks()
        if found:
            compiled.append(compiler.compiled_shape())
            checks.extend(found)
    return CompiledShapes(source=source, shapes=tuple(compiled), checks=tuple(checks))


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

    def _severity(self, node: Node) -> str:
        value = self.graph.value(node, SH.severity) or self.graph.value(self.shape, SH.severity)
        return _local(str(value)) if value is not None else "Violation"

    def _message(self, node: Node) -> str:
        value = self.graph.value(node, SH.message)
        return str(value) if value is not None else ""

    def _int(self, node: Node, name: str, value: Node) -> int:
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
            self.prefixes = "\n".join(
                sorted(set((self.prefixes + "\n" + declared).split("\n")) - {""})
            )
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
        """The shape's name and target query (call after :meth:`checks`)."""
        if not isinstance(self.shape, URIRef):
            raise ShapesError(f"{self._where()}: a node shape with a target must be an IRI")
        return Shape(self.name, self.iri, self.prefixes, self.target, self.target_classes)

    # --- checks ---

    def checks(self) -> list[Check]:
        """Every check of this node shape; none when the shape has no target."""
        if not self.target:
            return []
        found: list[Check] = []
        params = self._parameters(self.shape)
        if "path" in params:
            raise self._unsupported(self.shape, "a node shape with sh:path (use sh:property)")
        found.extend(self._value_checks(self.shape, params, path=None))
        for prop in sorted(self.graph.objects(self.shape, SH.property), key=str):
            if _active(self.graph, prop):
                found.extend(self._property_checks(prop))
        for constraint in sorted(self.graph.objects(self.shape, SH.sparql), key=str):
            if _active(self.graph, constraint):
                found.append(self._sparql_check(constraint))
        return found

    def _path(self, prop: Node) -> tuple[str, str, str]:
        """(triple pattern from ?this to ?value with ``{v}`` for the value, display, IRI)."""
        path = self.graph.value(prop, SH.path)
        if isinstance(path, URIRef):
            return f"?this <{path}> {{v}} .", compact(str(path)), str(path)
        if isinstance(path, BNode):
            inverse = self.graph.value(path, SH.inversePath)
            if isinstance(inverse, URIRef) and len(list(self.graph.predicate_objects(path))) == 1:
                return f"{{v}} <{inverse}> ?this .", "^" + compact(str(inverse)), str(inverse)
            raise self._unsupported(prop, "a path other than an IRI or an sh:inversePath of one")
        raise ShapesError(f"{self._where()}: a property shape has no sh:path")

    def _check(
        self,
        node: Node,
        component: str,
        path: str | None,
        body: str,
        *,
        select: str = "SELECT DISTINCT ?this ?value",
        detail: str = "",
        classes: Iterable[str] = (),
        tail: str = "",
    ) -> Check:
        query = f"{self.prefixes}\n{select} WHERE {{\n    {body}\n    {_TARGET}\n}}{tail}"
        return Check(
            shape=self.name,
            shape_iri=self.iri,
            component=component,
            path=path,
            message=self._message(node),
            detail=detail,
            severity=self._severity(node),
            query=query.strip(),
            classes=tuple(classes),
        )

    def _property_checks(self, prop: Node) -> list[Check]:
        params = self._parameters(prop)
        pattern, shown, _iri = self._path(prop)
        triple = pattern.format(v="?value")
        found: list[Check] = []
        for value in params.get("minCount", []):
            n = self._int(prop, "minCount", value)
            if n == 1:
                found.append(
                    self._check(
                        prop,
                        "minCount",
                        shown,
                        f"FILTER NOT EXISTS {{ {pattern.format(v='?_any')} }}",
                        select="SELECT DISTINCT ?this",
                        detail="found none",
                    )
                )
            elif n > 1:
                found.append(
                    self._check(
                        prop,
                        "minCount",
                        shown,
                        f"OPTIONAL {{ {triple} }}",
                        select="SELECT ?this (COUNT(DISTINCT ?value) AS ?_count)",
                        tail=f"\nGROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {n})",
                        detail=f"found {{count}}, at least {n} needed",
                    )
                )
        for value in params.get("maxCount", []):
            n = self._int(prop, "maxCount", value)
            if n == 0:
                found.append(
                    self._check(
                        prop,
                        "maxCount",
                        shown,
                        triple,
                        select="SELECT DISTINCT ?this",
                        detail="found a value, none allowed",
                    )
                )
            else:
                found.append(
                    self._check(
                        prop,
                        "maxCount",
                        shown,
                        triple,
                        select="SELECT ?this (COUNT(DISTINCT ?value) AS ?_count)",
                        tail=f"\nGROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {n})",
                        detail=f"found {{count}}, at most {n} allowed",
                    )
                )
        for value in params.get("hasValue", []):
            found.append(
                self._check(
                    prop,
                    "hasValue",
                    shown,
                    f"FILTER NOT EXISTS {{ {pattern.format(v=_term(value))} }}",
                    select="SELECT DISTINCT ?this",
                    detail=f"{compact(str(value))} is missing",
                )
            )
        for name, op in (("lessThan", "<"), ("lessThanOrEquals", "<=")):
            for other in params.get(name, []):
                if not isinstance(other, URIRef):
                    raise self._unsupported(prop, f"sh:{name} with a non-IRI property")
                found.append(
                    self._check(
                        prop,
                        name,
                        shown,
                        f"{triple} ?this <{other}> ?_other .\n"
                        f"    FILTER (!COALESCE(?value {op} ?_other, false))",
                        select="SELECT DISTINCT ?this ?value ?_other",
                        detail=f"{{value}} is not {op} {compact(str(other))} {{other}}",
                    )
                )
        found.extend(self._value_checks(prop, params, path=(triple, shown)))
        return found

    def _value_checks(
        self, node: Node, params: dict[str, list[Node]], *, path: tuple[str, str] | None
    ) -> list[Check]:
        """Checks on each value node: the focus node itself for a node shape."""
        triple, shown = path if path else ("BIND (?this AS ?value)", None)
        for count in ("minCount", "maxCount", "hasValue", "lessThan", "lessThanOrEquals"):
            if path is None and count in params:
                raise self._unsupported(node, f"sh:{count} on a node shape")
        found: list[Check] = []

        def add(component: str, condition: str, detail: str, classes: Iterable[str] = ()) -> None:
            found.append(
                self._check(
                    node,
                    component,
                    shown,
                    f"{triple}\n    FILTER ({condition})",
                    detail=detail,
                    classes=classes,
                )
            )

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
                classes=[str(cls)],
            )
        for kind in params.get("nodeKind", []):
            tests = {
                "IRI": "isIRI(?value)",
                "BlankNode": "isBlank(?value)",
                "Literal": "isLiteral(?value)",
                "BlankNodeOrIRI": "(isBlank(?value) || isIRI(?value))",
                "BlankNodeOrLiteral": "(isBlank(?value) || isLiteral(?value))",
                "IRIOrLiteral": "(isIRI(?value) || isLiteral(?value))",
            }
            test = tests.get(_local(str(kind)))
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
                n = self._int(node, name, length)
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

    def _sparql_check(self, constraint: Node) -> Check:
        self._parameters(constraint, frozenset({"select", "prefixes"}))
        select = self._select(constraint, "SPARQL constraint")
        if not re.search(r"\?this\b", select):
            raise ShapesError(f"{self._where()}: a SPARQL constraint's query must use $this")
        return self._check(
            constraint,
            "sparql",
            None,
            f"{{ {select} }}",
            select="SELECT DISTINCT *",
        )
