"""The library of saved analyst queries: ``service/queries/*.rq`` with a comment header.

Each file is a complete SPARQL query (it declares its own prefixes, so it runs
unchanged in YASGUI, SPARQLWrapper or curl) that opens with a header of comment
lines::

    # title: Who scrutinises a body, and how often
    # description: Every overseer of the chosen body with the kind of
    #   relationship and its stated frequency, most frequent first.
    # param: ?body (iri): the body whose overseers are listed
    PREFIX ov: <https://w3id.org/oversight/def#>
    SELECT ... WHERE {
      VALUES ?body { <https://w3id.org/oversight/id/la/380/eisb> }
      ...
    }

``title`` and ``description`` are required; a line indented by two or more
spaces after ``#`` continues the field above it. Each ``param`` names a variable
that the query binds with a one-variable ``VALUES`` clause holding its default,
its type (``iri``, ``string``, ``date`` or ``integer``) and what it means.
:meth:`SavedQuery.render` swaps in other values, checked by type, so a value
can never change the shape of the query.

>>> text = '''# title: Labels
... # description: Every label,
... #   in order.
... # param: ?limit (integer): how many
... SELECT ?l WHERE { VALUES ?limit { 5 } ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }
... '''
>>> q = parse_saved_query("labels", text)
>>> q.title, q.description
('Labels', 'Every label, in order.')
>>> [(p.name, p.type, p.default) for p in q.parameters]
[('limit', 'integer', '5')]
>>> "VALUES ?limit { 12 }" in q.render({"limit": "12"})
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from ontology.identifiers import InvalidKey, key_to_iri
from ontology.namespaces import PREFIXES

__all__ = [
    "InvalidParameter",
    "ParamType",
    "Parameter",
    "SavedQuery",
    "SavedQueryError",
    "SavedQueryNotFound",
    "bundled_queries_dir",
    "get_saved_query",
    "load_saved_queries",
    "parse_saved_query",
]

ParamType = Literal["iri", "string", "date", "integer"]
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_PARAM_TYPES: tuple[str, ...] = ("iri", "string", "date", "integer")
_FIELDS = ("title", "description", "param")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FIELD_LINE = re.compile(r"^#\s?(?P<key>[A-Za-z][A-Za-z_-]*):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(?P<value>\S.*)$")
_PARAM = re.compile(
    r"^\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[a-z]+)\)\s*:\s*(?P<description>.+)$"
)
_IRI = re.compile(r"^[^\s<>\"{}|\\^`]+$")
_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z0-9_-]*):(?P<local>[A-Za-z0-9_][\w.\-/]*)$")


class SavedQueryError(ValueError):
    """A saved query file that breaks the header format (names the file and line)."""


class SavedQueryNotFound(KeyError):
    """No saved query has that name."""


class InvalidParameter(ValueError):
    """A parameter value that is unknown or does not fit the parameter's type."""


@dataclass(frozen=True, slots=True)
class Parameter:
    """A variable of a saved query that the user may set, with its default value.

    ``default`` is the SPARQL term written in the query's ``VALUES`` clause.
    """

    name: str
    type: ParamType
    description: str
    default: str


@dataclass(frozen=True, slots=True)
class SavedQuery:
    """One saved query: its file name (without ``.rq``), header fields and text."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str

    def render(self, values: Mapping[str, str] | None = None) -> str:
        """The query text with parameter *values* (by name) in place of the defaults.

        A value is checked against the parameter's type and written as a SPARQL
        term: an IRI may be given as ``<...>``, a bare ``http(s)`` IRI, a prefixed
        name with one of our prefixes (``id:la/380``) or an identifier key
        (``la/380``). Raises :class:`InvalidParameter` for an unknown name or a
        value that does not fit.

        >>> q = parse_saved_query("x", "# title: T\\n# description: D\\n"
        ...     "# param: ?body (iri): a body\\nSELECT * { VALUES ?body { <urn:a> } }")
        >>> q.render({"body": "la/380"}).splitlines()[-1]
        'SELECT * { VALUES ?body { <https://w3id.org/oversight/id/la/380> } }'
        >>> q.render({"colour": "red"})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        service.saved_queries.InvalidParameter: saved query 'x' has no parameter 'colour' ...
        """
        text = self.text
        by_name = {p.name: p for p in self.parameters}
        for name, raw in (values or {}).items():
            param = by_name.get(name)
            if param is None:
                known = ", ".join(by_name) or "none"
                raise InvalidParameter(
                    f"saved query {self.name!r} has no parameter {name!r} (it has: {known})"
                )
            clause = _values_clause(name).search(text)
            if clause is not None:  # always found: checked when the file was parsed
                text = f"{text[: clause.start(2)]}{_term(param, raw)}{text[clause.end(2) :]}"
        return text


def _term(param: Parameter, raw: str) -> str:
    value = raw.strip()
    problem = f"parameter {param.name!r} ({param.type}): {raw!r}"
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value):
            raise InvalidParameter(f"{problem} is not a whole number")
        return str(int(value))
    if param.type == "date":
        try:
            return f'"{date.fromisoformat(value).isoformat()}"^^<{XSD_DATE}>'
        except ValueError:
            raise InvalidParameter(f"{problem} is not a date like 2017-06-27") from None
    if param.type == "string":
        escaped = (
            value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")
        )
        return f'"{escaped}"'
    return _iri_term(value, problem)


def _iri_term(value: str, problem: str) -> str:
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if value.startswith(("http://", "https://", "urn:")):
        if not _IRI.match(value):
            raise InvalidParameter(f"{problem} is not a valid IRI")
        return f"<{value}>"
    prefixed = _PREFIXED.match(value)
    if prefixed and prefixed.group("prefix") in PREFIXES:
        return f"<{PREFIXES[prefixed.group('prefix')]}{prefixed.group('local')}>"
    try:
        return f"<{key_to_iri(value)}>"
    except InvalidKey:
        raise InvalidParameter(
            f"{problem} is neither an IRI, a prefixed name (id:la/380) nor a key (la/380)"
        ) from None


def _values_clause(name: str) -> re.Pattern[str]:
    return re.compile(r"(VALUES\s+\?" + re.escape(name) + r"\s*\{\s*)([^{}]*?)\s*\}", re.I)


def parse_saved_query(name: str, text: str, *, source: str | None = None) -> SavedQuery:
    """Parse one saved query; *source* (a path) is named in errors, else *name*.

    >>> parse_saved_query("x", "# title: T\\nSELECT * {}")
    Traceback (most recent call last):
    ...
    service.saved_queries.SavedQueryError: x: the header has no 'description:' line
    >>> parse_saved_query("x", "# title: T\\n# descripton: D\\nSELECT * {}")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    service.saved_queries.SavedQueryError: x:2: unknown header field 'descripton' ...
    """
    where = source or name
    if not _NAME.match(name):
        raise SavedQueryError(f"{where}: a saved query name is lower-case letters, digits and -")
    fields: dict[str, list[list[str]]] = {key: [] for key in _FIELDS}
    lines: dict[int, str] = {}
    current: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.rstrip()
        if not stripped.startswith("#"):
            break
        continuation = _CONTINUATION.match(stripped)
        if continuation and current is not None:
            current.append(continuation.group("value").strip())
            continue
        field = _FIELD_LINE.match(stripped)
        if field is None:
            if stripped.strip("# ") == "":
                current = None
                continue
            raise SavedQueryError(
                f"{where}:{number}: header line is neither 'key: value' nor an indented "
                f"continuation: {stripped!r}"
            )
        key = field.group("key").lower()
        if key not in fields:
            raise SavedQueryError(
                f"{where}:{number}: unknown header field {key!r} (expected {', '.join(_FIELDS)})"
            )
        current = [field.group("value").strip()]
        fields[key].append(current)
        lines[id(current)] = str(number)
    single: dict[str, str] = {}
    for key in ("title", "description"):
        if not fields[key]:
            raise SavedQueryError(f"{where}: the header has no '{key}:' line")
        if len(fields[key]) > 1:
            raise SavedQueryError(f"{where}: the header has more than one '{key}:' line")
        single[key] = " ".join(part for part in fields[key][0] if part)
        if not single[key]:
            raise SavedQueryError(f"{where}: the '{key}:' field is empty")
    parameters = tuple(
        _parameter(" ".join(p), text, f"{where}:{lines[id(p)]}") for p in fields["param"]
    )
    seen = [p.name for p in parameters]
    if len(set(seen)) != len(seen):
        raise SavedQueryError(f"{where}: a parameter is declared twice: {seen}")
    return SavedQuery(
        name=name,
        title=single["title"],
        description=single["description"],
        parameters=parameters,
        text=text,
    )


def _parameter(spec: str, text: str, where: str) -> Parameter:
    match = _PARAM.match(spec)
    if match is None:
        raise SavedQueryError(
            f"{where}: a parameter reads '# param: ?name (type): description', got {spec!r}"
        )
    name, kind = match.group("name"), match.group("type")
    if kind not in _PARAM_TYPES:
        raise SavedQueryError(
            f"{where}: parameter ?{name} has type {kind!r} (expected {', '.join(_PARAM_TYPES)})"
        )
    clause = _values_clause(name).search(text)
    if clause is None or not clause.group(2).strip():
        raise SavedQueryError(
            f"{where}: parameter ?{name} needs a 'VALUES ?{name} {{ default }}' clause in the query"
        )
    return Parameter(
        name=name,
        type=kind,  # type: ignore[arg-type]  # checked against _PARAM_TYPES above
        description=match.group("description").strip(),
        default=clause.group(2).strip(),
    )


def bundled_queries_dir() -> Path:
    """The folder of the saved queries shipped with the service.

    >>> (bundled_queries_dir() / "council-arrangements-by-frequency.rq").is_file()
    True
    """
    return Path(str(resources.files("service") / "queries"))


def load_saved_queries(folder: Path | None = None) -> dict[str, SavedQuery]:
    """Every ``*.rq`` file of *folder* (default: the bundled library), by name.

    Files are read once per folder and cached; the result is ordered by name.

    >>> library = load_saved_queries()
    >>> len(library) >= 12
    True
    >>> library["council-arrangements-by-frequency"].parameters[0].name
    'council'
    """
    return dict(_load(folder or bundled_queries_dir()))


@cache
def _load(folder: Path) -> tuple[tuple[str, SavedQuery], ...]:
    if not folder.is_dir():
        raise SavedQueryError(f"{folder}: the saved query folder does not exist")
    found = []
    for path in sorted(folder.glob("*.rq")):
        query = parse_saved_query(path.stem, path.read_text(encoding="utf-8"), source=str(path))
        found.append((query.name, query))
    return tuple(found)


def get_saved_query(name: str, folder: Path | None = None) -> SavedQuery:
    """The saved query called *name*; :class:`SavedQueryNotFound` if there is none.

    >>> get_saved_query("no-such-query")
    Traceback (most recent call last):
    ...
    service.saved_queries.SavedQueryNotFound: "no saved query is called 'no-such-query'"
    """
    library = load_saved_queries(folder)
    if name not in library:
        raise SavedQueryNotFound(f"no saved query is called {name!r}")
    return library[name]
