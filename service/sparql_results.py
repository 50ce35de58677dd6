"""Write query answers in the negotiated format, stopping at the row cap.

SELECT solutions are written here (JSON, XML, CSV, TSV as the W3C result
format notes define them) so that the row cap can cut the stream cleanly; ASK
booleans and CONSTRUCT/DESCRIBE triples are written by pyoxigraph.

The row cap truncates: at most ``max_rows`` solutions (or triples) are
written and :attr:`Written.truncated` says that more existed; the HTTP layer
turns that into response headers.

>>> from pyoxigraph import Store
>>> from service.sparql_formats import negotiate
>>> store = Store()
>>> store.update('INSERT DATA { <http://ex/a> <http://ex/p> "x", "y", "z" }')
>>> answer = store.query("SELECT ?o { ?s ?p ?o } ORDER BY ?o")
>>> out = write_answer(answer, negotiate("text/csv", []), 2)
>>> out.body
b'o\\r\\nx\\r\\ny\\r\\n'
>>> out.rows, out.truncated
(2, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from json.encoder import encode_basestring as _json_string
from typing import Any, NamedTuple
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    serialize,
)

from service.sparql_formats import (
    CSV,
    JSON,
    JSONLD,
    NTRIPLES,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    Negotiated,
    ResultFormat,
)

__all__ = ["Written", "term_to_tsv", "write_answer", "write_solutions", "write_triples"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
_NUMERIC = {_XSD + "integer", _XSD + "decimal", _XSD + "double"}

_RDF_FORMATS = {
    TURTLE.name: RdfFormat.TURTLE,
    NTRIPLES.name: RdfFormat.N_TRIPLES,
    JSONLD.name: RdfFormat.JSON_LD,
    RDFXML.name: RdfFormat.RDF_XML,
}
_BOOLEAN_FORMATS = {
    JSON.name: QueryResultsFormat.JSON,
    XML.name: QueryResultsFormat.XML,
    CSV.name: QueryResultsFormat.CSV,
    TSV.name: QueryResultsFormat.TSV,
}


class Written(NamedTuple):
    """A serialized answer: bytes, the format used, rows written, whether cut short."""

    body: bytes
    format: ResultFormat
    rows: int | None
    truncated: bool


Row = tuple[Any, ...]
"""One solution's terms (``None`` where unbound), in the order of the columns written."""


def _capped(items: Iterable[Any], max_rows: int) -> tuple[list[Any], bool]:
    """The first *max_rows* items and whether there were more."""
    taken = list(islice(items, max_rows + 1))
    if len(taken) > max_rows:
        return taken[:max_rows], True
    return taken, False


# --- JSON -------------------------------------------------------------------


def _json_term(term: Any) -> str:
    r"""One term as a SPARQL JSON object, written directly (the json module's C string escaper).

    >>> _json_term(Literal('say "hi"', language="en"))
    '{"type":"literal","value":"say \\"hi\\"","xml:lang":"en"}'
    """
    if isinstance(term, NamedNode):
        return f'{{"type":"uri","value":{_json_string(term.value)}}}'
    if isinstance(term, Literal):
        value = _json_string(term.value)
        if term.language:
            return f'{{"type":"literal","value":{value},"xml:lang":{_json_string(term.language)}}}'
        datatype = term.datatype.value
        if datatype != _XSD_STRING:
            return f'{{"type":"literal","value":{value},"datatype":{_json_string(datatype)}}}'
        return f'{{"type":"literal","value":{value}}}'
    if isinstance(term, BlankNode):
        return f'{{"type":"bnode","value":{_json_string(term.value)}}}'
    if isinstance(term, Triple):
        return (
            f'{{"type":"triple","value":{{"subject":{_json_term(term.subject)},'
            f'"predicate":{_json_term(term.predicate)},"object":{_json_term(term.object)}}}}}'
        )
    raise TypeError(f"cannot write {term!r} as a SPARQL JSON term")


def _write_json(variables: list[str], rows: list[Row]) -> bytes:
    """SPARQL JSON results, each distinct term encoded once (results repeat terms a lot).

    >>> from pyoxigraph import Store
    >>> rows = [tuple(r) for r in Store().query("SELECT ?x ?y { VALUES ?x { 'a' 'a' } }")]
    >>> _write_json(["x", "y"], rows)
    b'{"head":{"vars":["x","y"]},"results":{"bindings":[{"x":{"type":"literal","value":"a"}},{"x":{"type":"literal","value":"a"}}]}}'
    """
    keys = [_json_string(name) + ":" for name in variables]
    encoded: dict[Any, str] = {}
    bindings = []
    for row in rows:
        parts = []
        for key, term in zip(keys, row, strict=True):
            if term is None:
                continue
            text = encoded.get(term)
            if text is None:
                text = encoded[term] = _json_term(term)
            parts.append(key + text)
        bindings.append("{" + ",".join(parts) + "}")
    head = ",".join(_json_string(name) for name in variables)
    body = ",".join(bindings)
    return f'{{"head":{{"vars":[{head}]}},"results":{{"bindings":[{body}]}}}}'.encode()


# --- XML --------------------------------------------------------------------


def _xml_term(term: Any) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            dt = quoteattr(term.datatype.value)
            return f"<literal datatype={dt}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"cannot write {term!r} as a SPARQL XML term")


def _write_xml(variables: list[str], rows: list[Row]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
    ]
    parts.extend(f"<variable name={quoteattr(name)}/>" for name in variables)
    parts.append("</head><results>")
    names = [quoteattr(name) for name in variables]
    for row in rows:
        parts.append("<result>")
        for name, term in zip(names, row, strict=True):
            if term is not None:
                parts.append(f"<binding name={name}>{_xml_term(term)}</binding>")
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts).encode()


# --- CSV and TSV ----------------------------------------------------------------


def _csv_field(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode | Literal):
        text = term.value
    elif isinstance(term, BlankNode):
        text = "_:" + term.value
    else:
        text = str(term)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_csv(variables: list[str], rows: list[Row]) -> bytes:
    lines = [",".join(variables)]
    lines.extend(",".join(_csv_field(term) for term in row) for row in rows)
    lines.append("")
    return "\r\n".join(lines).encode()


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def term_to_tsv(term: Any) -> str:
    """A term as written in SPARQL TSV results (Turtle syntax, short numbers).

    >>> term_to_tsv(Literal("4", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '4'
    >>> term_to_tsv(Literal("a\\tb", language="en"))
    '"a\\\\tb"@en'
    >>> term_to_tsv(None)
    ''
    """
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        datatype = term.datatype.value
        if datatype in _NUMERIC and _is_turtle_number(term.value, datatype):
            return term.value
        quoted = '"' + term.value.translate(_TSV_ESCAPES) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if datatype in (_XSD_STRING, _RDF_LANG_STRING, _RDF_DIR_LANG_STRING):
            return quoted
        return f"{quoted}^^<{datatype}>"
    if isinstance(term, Triple):
        parts = (term.subject, term.predicate, term.object)
        return "<< " + " ".join(term_to_tsv(t) for t in parts) + " >>"
    raise TypeError(f"cannot write {term!r} as a SPARQL TSV term")


def _is_turtle_number(text: str, datatype: str) -> bool:
    """Whether *text* is the Turtle short form of a number of *datatype*."""
    body = text[1:] if text[:1] in "+-" else text
    if not body:
        return False
    if datatype.endswith("integer"):
        return body.isdigit()
    if datatype.endswith("decimal"):
        whole, dot, frac = body.partition(".")
        return bool(dot) and frac.isdigit() and (whole == "" or whole.isdigit())
    mantissa, e, exponent = body.lower().partition("e")
    if not e:
        return False
    exponent = exponent[1:] if exponent[:1] in "+-" else exponent
    whole, _, frac = mantissa.partition(".")
    return (
        exponent.isdigit()
        and (whole.isdigit() or whole == "")
        and (frac.isdigit() or frac == "")
        and bool(whole or frac)
    )


def _write_tsv(variables: list[str], rows: list[Row]) -> bytes:
    lines = ["\t".join("?" + name for name in variables)]
    lines.extend("\t".join(term_to_tsv(term) for term in row) for row in rows)
    lines.append("")
    return "\n".join(lines).encode()


_SOLUTION_WRITERS = {
    JSON.name: _write_json,
    XML.name: _write_xml,
    CSV.name: _write_csv,
    TSV.name: _write_tsv,
}


def write_solutions(
    solutions: QuerySolutions,
    fmt: ResultFormat,
    max_rows: int,
    *,
    order: Sequence[str] | None = None,
) -> Written:
    """Write SELECT *solutions* in *fmt*, keeping at most *max_rows* of them.

    *order* lists variable names in the order the columns should come
    (for ``SELECT *``); variables it does not name keep the engine's order, last.

    >>> from pyoxigraph import Store
    >>> w = write_solutions(Store().query("SELECT ?x { VALUES ?x { 1 } }"), JSON, 10)
    >>> w.body
    b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"1","datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}'
    """
    engine = [v.value for v in solutions.variables]
    variables = list(engine)
    if order:
        rank = {name: i for i, name in enumerate(order)}
        variables.sort(key=lambda name: rank.get(name, len(rank)))
    taken, truncated = _capped(solutions, max_rows)
    # Rows become tuples in column order: reading a solution by position is
    # several times faster than by variable name.
    if variables == engine:
        rows = [tuple(solution) for solution in taken]
    else:
        at = [engine.index(name) for name in variables]
        rows = [tuple(values[i] for i in at) for values in map(tuple, taken)]
    body = _SOLUTION_WRITERS[fmt.name](variables, rows)
    return Written(body, fmt, len(rows), truncated)


class _Counter:
    """Pass items through, counting them and stopping after a cap."""

    def __init__(self, items: Iterable[Any], cap: int) -> None:
        self._items = iter(items)
        self.cap = cap
        self.count = 0
        self.truncated = False

    def __iter__(self) -> Iterator[Any]:
        for item in self._items:
            if self.count >= self.cap:
                self.truncated = True
                return
            self.count += 1
            yield item


def write_triples(
    triples: Iterable[Triple],
    fmt: ResultFormat,
    max_rows: int,
    *,
    prefixes: dict[str, str] | None = None,
) -> Written:
    """Write *triples* in the RDF format *fmt*, keeping at most *max_rows* of them.

    >>> t = Triple(NamedNode("http://ex/a"), NamedNode("http://ex/p"), Literal("x"))
    >>> write_triples([t, t], NTRIPLES, 1).body
    b'<http://ex/a> <http://ex/p> "x" .\\n'
    """
    counter = _Counter(triples, max_rows)
    chosen_prefixes = prefixes if fmt.name in (TURTLE.name, RDFXML.name, JSONLD.name) else None
    body = serialize(counter, format=_RDF_FORMATS[fmt.name], prefixes=chosen_prefixes)
    return Written(body or b"", fmt, counter.count, counter.truncated)


def write_answer(
    answer: QuerySolutions | QueryBoolean | QueryTriples,
    formats: Negotiated,
    max_rows: int,
    *,
    prefixes: dict[str, str] | None = None,
    order: Sequence[str] | None = None,
) -> Written:
    """Write any query answer in the format negotiated for its kind.

    Raises :class:`~service.exceptions.NotAcceptable` when the client accepts
    no format for this kind of answer (SELECT asked for as Turtle, say).
    """
    if isinstance(answer, QueryBoolean):
        fmt = formats.for_kind("results")
        body = answer.serialize(format=_BOOLEAN_FORMATS[fmt.name])
        return Written(body or b"", fmt, None, False)
    if isinstance(answer, QuerySolutions):
        return write_solutions(answer, formats.for_kind("results"), max_rows, order=order)
    return write_triples(answer, formats.for_kind("graph"), max_rows, prefixes=prefixes)
