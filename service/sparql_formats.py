"""Result formats of the SPARQL endpoint and content negotiation.

SELECT and ASK answers come as SPARQL results (JSON, XML, CSV, TSV); CONSTRUCT
and DESCRIBE answers, the service description and graph downloads as RDF
(Turtle, N-Triples, JSON-LD, RDF/XML). A client picks one with the ``Accept``
header (q-values honoured, most specific range wins, ties go to the order
below) or with a ``format`` parameter, which takes precedence: a short name
(``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, ``ntriples``, ``jsonld``,
``rdfxml``) or a media type. ``json`` and ``xml`` name a format for each kind:
``format=json`` gives SPARQL JSON for SELECT and JSON-LD for CONSTRUCT.

>>> choice = negotiate("text/csv;q=0.5, application/sparql-results+xml", [])
>>> choice.results.name, choice.graph
('xml', None)
>>> negotiate(None, ["json"]).graph.media_type
'application/ld+json'
>>> negotiate("image/png", [])
Traceback (most recent call last):
...
service.exceptions.NotAcceptable: no result format matches Accept: image/png; ...
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, NamedTuple

from service.exceptions import NotAcceptable

__all__ = [
    "CSV",
    "GRAPH_FORMATS",
    "JSON",
    "JSONLD",
    "NTRIPLES",
    "RDFXML",
    "RESULT_FORMATS",
    "TSV",
    "TURTLE",
    "XML",
    "FormatKind",
    "Negotiated",
    "ResultFormat",
    "accepts_html",
    "format_named",
    "negotiate",
    "parse_accept",
]

FormatKind = Literal["results", "graph"]


@dataclass(frozen=True, slots=True)
class ResultFormat:
    """One response format: its media type, the other types that select it, its names."""

    name: str
    kind: FormatKind
    media_type: str
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    label: str = ""
    w3c_iri: str = ""

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value (UTF-8 for every format we write).

        >>> CSV.content_type
        'text/csv; charset=utf-8'
        """
        return f"{self.media_type}; charset=utf-8"

    @property
    def media_types(self) -> tuple[str, ...]:
        """The canonical media type followed by its aliases."""
        return (self.media_type, *self.aliases)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """Pickled by name (jobs and answers cross to and from query workers).

        >>> import pickle
        >>> pickle.loads(pickle.dumps(CSV)) is CSV
        True
        """
        return format_named, (self.name,)


_FORMATS_NS = "http://www.w3.org/ns/formats/"

JSON = ResultFormat(
    "json",
    "results",
    "application/sparql-results+json",
    ("application/json",),
    ("json", "srj"),
    "SPARQL results JSON",
    _FORMATS_NS + "SPARQL_Results_JSON",
)
XML = ResultFormat(
    "xml",
    "results",
    "application/sparql-results+xml",
    ("application/xml", "text/xml"),
    ("xml", "srx"),
    "SPARQL results XML",
    _FORMATS_NS + "SPARQL_Results_XML",
)
CSV = ResultFormat(
    "csv",
    "results",
    "text/csv",
    (),
    ("csv",),
    "SPARQL results CSV",
    _FORMATS_NS + "SPARQL_Results_CSV",
)
TSV = ResultFormat(
    "tsv",
    "results",
    "text/tab-separated-values",
    (),
    ("tsv",),
    "SPARQL results TSV",
    _FORMATS_NS + "SPARQL_Results_TSV",
)
TURTLE = ResultFormat(
    "turtle",
    "graph",
    "text/turtle",
    ("application/turtle", "application/x-turtle"),
    ("turtle", "ttl", "n3"),
    "Turtle",
    _FORMATS_NS + "Turtle",
)
NTRIPLES = ResultFormat(
    "ntriples",
    "graph",
    "application/n-triples",
    (),
    ("ntriples", "n-triples", "nt"),
    "N-Triples",
    _FORMATS_NS + "N-Triples",
)
JSONLD = ResultFormat(
    "jsonld",
    "graph",
    "application/ld+json",
    ("application/json", "application/x-json+ld"),
    ("jsonld", "json-ld", "json"),
    "JSON-LD",
    _FORMATS_NS + "JSON-LD",
)
RDFXML = ResultFormat(
    "rdfxml",
    "graph",
    "application/rdf+xml",
    ("application/xml", "text/xml"),
    ("rdfxml", "rdf+xml", "rdf-xml", "rdf", "xml"),
    "RDF/XML",
    _FORMATS_NS + "RDF_XML",
)

RESULT_FORMATS: tuple[ResultFormat, ...] = (JSON, XML, CSV, TSV)
"""SELECT/ASK formats, in the order ties are broken (JSON is the default)."""
GRAPH_FORMATS: tuple[ResultFormat, ...] = (TURTLE, NTRIPLES, JSONLD, RDFXML)
"""CONSTRUCT/DESCRIBE formats, in the order ties are broken (Turtle is the default)."""

_BY_NAME = {f.name: f for f in RESULT_FORMATS + GRAPH_FORMATS}


def format_named(name: str) -> ResultFormat:
    """The format whose :attr:`ResultFormat.name` is *name*.

    >>> format_named("tsv") is TSV
    True
    """
    return _BY_NAME[name]


class Negotiated(NamedTuple):
    """The format chosen for each kind of answer (``None``: the client takes none)."""

    results: ResultFormat | None
    graph: ResultFormat | None
    request: str = ""

    def for_kind(self, kind: FormatKind) -> ResultFormat:
        """The format for *kind*; :class:`NotAcceptable` when there is none.

        >>> negotiate("text/csv", []).for_kind("graph")
        Traceback (most recent call last):
        ...
        service.exceptions.NotAcceptable: this query returns an RDF graph, ...
        """
        chosen = self.results if kind == "results" else self.graph
        if chosen is None:
            offered = RESULT_FORMATS if kind == "results" else GRAPH_FORMATS
            what = "SPARQL results" if kind == "results" else "an RDF graph"
            raise NotAcceptable(
                f"this query returns {what}, which is offered as "
                f"{', '.join(f.media_type for f in offered)}; the request accepts {self.request}"
            )
        return chosen


def parse_accept(header: str) -> list[tuple[str, float]]:
    """Media ranges and their q-values, in header order (q=0 ranges are kept).

    >>> parse_accept("text/turtle;q=0.8, */*;q=0.1, application/ld+json")
    [('text/turtle', 0.8), ('*/*', 0.1), ('application/ld+json', 1.0)]
    """
    ranges = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media + "/*"
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(fmt: ResultFormat, ranges: Sequence[tuple[str, float]]) -> float:
    """The q-value the most specific matching range gives *fmt* (0 when none)."""
    best_specificity, best_q = -1, 0.0
    kind = fmt.media_type.partition("/")[0]
    for pattern, q in ranges:
        p_kind, _, p_sub = pattern.partition("/")
        if pattern in fmt.media_types:
            specificity = 2
        elif p_kind == kind and p_sub == "*":  # wildcards match the canonical type only
            specificity = 1
        elif pattern == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity or (specificity == best_specificity and q > best_q):
            best_specificity, best_q = specificity, q
    return best_q


def _by_accept(accept: str, offered: Sequence[ResultFormat]) -> ResultFormat | None:
    ranges = parse_accept(accept)
    best: ResultFormat | None = None
    best_q = 0.0
    for fmt in offered:
        q = _quality(fmt, ranges)
        if q > best_q:
            best, best_q = fmt, q
    return best


def _by_name(values: Sequence[str], offered: Sequence[ResultFormat]) -> ResultFormat | None:
    for value in values:
        wanted = value.strip().lower()
        for fmt in offered:
            if wanted in fmt.names or wanted in fmt.media_types:
                return fmt
    return None


def negotiate(accept: str | None, format_values: Sequence[str]) -> Negotiated:
    """Choose the answer format for each kind from ``Accept`` and ``format`` values.

    Raises :class:`NotAcceptable` when neither kind has a format the client takes.

    >>> negotiate("text/tab-separated-values, text/turtle;q=0.9", []).graph.name
    'turtle'
    >>> negotiate("*/*", []).results.name
    'json'
    >>> negotiate("text/turtle", ["tsv", "text/tab-separated-values"]).results.name
    'tsv'
    """
    values = [v for v in format_values if v.strip()]
    if values:
        results = _by_name(values, RESULT_FORMATS)
        graph = _by_name(values, GRAPH_FORMATS)
        request = "format=" + ",".join(values)
        if results is None and graph is None:
            names = sorted({n for f in RESULT_FORMATS + GRAPH_FORMATS for n in f.names})
            raise NotAcceptable(
                f"unknown format {', '.join(values)!s}: use one of {', '.join(names)} "
                "or a media type"
            )
        return Negotiated(results, graph, request)
    if not accept or not accept.strip():
        return Negotiated(RESULT_FORMATS[0], GRAPH_FORMATS[0], "anything")
    return _by_accept_header(accept)


@lru_cache(maxsize=256)
def _by_accept_header(accept: str) -> Negotiated:
    """:func:`negotiate` for an ``Accept`` header (clients send the same few, again and again)."""
    results = _by_accept(accept, RESULT_FORMATS)
    graph = _by_accept(accept, GRAPH_FORMATS)
    if results is None and graph is None:
        offered = ", ".join(f.media_type for f in RESULT_FORMATS + GRAPH_FORMATS)
        raise NotAcceptable(f"no result format matches Accept: {accept}; offered: {offered}")
    return Negotiated(results, graph, f"Accept: {accept}")


def accepts_html(accept: str | None) -> bool:
    """Whether a browser asks for HTML before any RDF format.

    >>> accepts_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    True
    >>> accepts_html("text/turtle, text/html;q=0.5")
    False
    """
    if not accept:
        return False
    ranges = parse_accept(accept)
    html_q = max(
        (q for media, q in ranges if media in ("text/html", "application/xhtml+xml")), default=0.0
    )
    if html_q == 0.0:
        return False
    for fmt in GRAPH_FORMATS:
        explicit = [q for media, q in ranges if media in fmt.media_types]
        if explicit and max(explicit) > html_q:
            return False
    return True
