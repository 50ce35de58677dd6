"""The expectations configuration of the gap rules (``graph/expectations.toml``).

The file is read once per path and checked field by field: a mistyped class,
kind or number is reported with the file, the line and the field, e.g.
``expectations.toml:58: [[expectation]] 'dcs-meets-rsc': field 'min_per_year'
must be a number of at least 0, got 'termly'``.

>>> exp = load_expectations()
>>> exp.stale_after_years, exp.conflict_max_steps
(3.0, 2)
>>> [e.min_per_year for e in exp.expectations if e.name == "dcs-meets-rsc"]
[3.0]
>>> is_a("MultiAcademyTrust", frozenset({"AcademyTrust"}))
True
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from graph.errors import ExpectationsError
from ontology.namespaces import OV, RDFS
from ontology.vocabulary import KINDS, load_ontology_graph

__all__ = [
    "DEFAULT_PATH",
    "Arrangement",
    "Expectation",
    "Expectations",
    "class_ancestors",
    "is_a",
    "load_expectations",
    "parse_expectations",
]

DEFAULT_PATH = Path(str(resources.files("graph") / "expectations.toml"))
"""The bundled expectations file."""


@dataclass(frozen=True, slots=True)
class Expectation:
    """A minimum frequency for relationships between two kinds of node."""

    name: str
    title: str
    overseer: frozenset[str]
    overseen: frozenset[str]
    kinds: frozenset[str]
    min_per_year: float
    why: str = ""


@dataclass(frozen=True, slots=True)
class Arrangement:
    """Something a council is expected to have: a kind of body or a relationship."""

    name: str
    title: str
    has_body: frozenset[str] = frozenset()
    relates_to: frozenset[str] = frozenset()
    kinds: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Expectations:
    """Every threshold the gap rules use."""

    source: str
    stale_after_years: float
    conflict_max_steps: int
    many_dependants: int
    scrutinised_classes: frozenset[str]
    scrutiny_kinds: frozenset[str]
    expectations: tuple[Expectation, ...]
    arrangements: tuple[Arrangement, ...]


@cache
def class_ancestors() -> dict[str, frozenset[str]]:
    """Every ``ov:`` class with itself and its ancestors (local names), from the ontology.

    >>> sorted(class_ancestors()["ScrutinyCommittee"])
    ['Body', 'CouncilCommittee', 'ScrutinyCommittee']
    """
    graph = load_ontology_graph()
    ns = str(OV._NS)
    parents: dict[str, set[str]] = {}
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        c, p = str(child), str(parent)
        if c.startswith(ns) and p.startswith(ns):
            parents.setdefault(c[len(ns) :], set()).add(p[len(ns) :])
    closure: dict[str, frozenset[str]] = {}

    def up(name: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        if name in closure:
            return closure[name]
        found = {name}
        for p in parents.get(name, ()):
            if p not in seen:
                found |= up(p, seen | {name})
        closure[name] = frozenset(found)
        return closure[name]

    for name in list(parents):
        up(name)
    return closure


def is_a(cls: str, classes: frozenset[str]) -> bool:
    """True when *cls* is one of *classes* or a subclass of one.

    >>> is_a("School", frozenset({"AcademyTrust"}))
    False
    """
    if cls in classes:
        return True
    return not classes.isdisjoint(class_ancestors().get(cls, ()))


class _Checker:
    """Reads fields with error messages naming file, line and field."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, table: str, index: int | None, field: str | None) -> int:
        header = f"[[{table}]]" if index is not None else f"[{table}]"
        seen = -1
        start = 0
        for number, line in enumerate(self.lines, start=1):
            if line.strip() == header:
                seen += 1
                if index is None or seen == index:
                    start = number
                    break
        if not start:
            return 1
        if field is None:
            return start
        for number in range(start, len(self.lines)):
            stripped = self.lines[number].strip()
            if stripped.startswith("["):
                break
            if stripped.split("=", 1)[0].strip() == field:
                return number + 1
        return start

    def fail(
        self, table: str, index: int | None, name: str | None, field: str | None, message: str
    ) -> ExpectationsError:
        line = self.line_of(table, index, field)
        where = f"[[{table}]] {name!r}" if index is not None else f"[{table}]"
        if index is not None and name is None:
            where = f"[[{table}]] #{index + 1}"
        what = f": field {field!r}" if field else ""
        return ExpectationsError(f"{self.path}:{line}: {where}{what} {message}")

    def number(
        self,
        data: dict[str, Any],
        table: str,
        index: int | None,
        name: str | None,
        field: str,
        default: float | None = None,
        *,
        minimum: float = 0,
    ) -> float:
        value = data.get(field, default)
        if value is None:
            raise self.fail(table, index, name, field, "is required")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.fail(
                table,
                index,
                name,
                field,
                f"must be a number of at least {minimum:g}, got {value!r}",
            )
        return float(value)

    def text(
        self,
        data: dict[str, Any],
        table: str,
        index: int | None,
        name: str | None,
        field: str,
        *,
        required: bool = True,
    ) -> str:
        value = data.get(field)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(table, index, name, field, f"must be non-empty text, got {value!r}")
        return value.strip()

    def names(
        self,
        data: dict[str, Any],
        table: str,
        index: int | None,
        name: str | None,
        field: str,
        known: set[str],
        what: str,
        *,
        required: bool = True,
    ) -> frozenset[str] | None:
        value = data.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self.fail(table, index, name, field, f"must be a non-empty list of {what}s")
        for item in value:
            if item not in known:
                raise self.fail(table, index, name, field, f"names an unknown {what} {item!r}")
        return frozenset(value)


def _known_classes() -> set[str]:
    ns = str(OV._NS)
    names = {name for name in class_ancestors()}
    names.update(
        str(s)[len(ns) :]
        for s in load_ontology_graph().subjects(RDFS.subClassOf, None)
        if str(s).startswith(ns)
    )
    return names


def parse_expectations(text: str, *, source: str = "<text>") -> Expectations:
    """Parse and check expectations from TOML *text* (*source* names it in errors).

    >>> parse_expectations("[general]\\nstale_after_years = 'three'\\n", source="x.toml")
    Traceback (most recent call last):
    ...
    graph.errors.ExpectationsError: x.toml:2: [general]: field 'stale_after_years' must be ...
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ExpectationsError(f"{source}: not valid TOML: {exc}") from None
    check = _Checker(source, text)
    classes = _known_classes()
    kinds = {k for k, v in KINDS.items() if v.direction != "NoOversight"}
    general = data.get("general", {})
    unscrutinised = data.get("unscrutinised", {})
    expectations = []
    for index, item in enumerate(data.get("expectation", [])):
        name = check.text(item, "expectation", index, None, "name")
        expectations.append(
            Expectation(
                name=name,
                title=check.text(item, "expectation", index, name, "title"),
                overseer=check.names(item, "expectation", index, name, "overseer", classes, "class")
                or frozenset(),
                overseen=check.names(item, "expectation", index, name, "overseen", classes, "class")
                or frozenset(),
                kinds=check.names(item, "expectation", index, name, "kinds", kinds, "kind")
                or frozenset(),
                min_per_year=check.number(item, "expectation", index, name, "min_per_year"),
                why=check.text(item, "expectation", index, name, "why", required=False),
            )
        )
    arrangements = []
    for index, item in enumerate(data.get("arrangement", [])):
        name = check.text(item, "arrangement", index, None, "name")
        has_body = check.names(
            item, "arrangement", index, name, "has_body", classes, "class", required=False
        )
        relates_to = check.names(
            item, "arrangement", index, name, "relates_to", classes, "class", required=False
        )
        if not has_body and not relates_to:
            raise check.fail("arrangement", index, name, None, "needs has_body or relates_to")
        arrangements.append(
            Arrangement(
                name=name,
                title=check.text(item, "arrangement", index, name, "title"),
                has_body=has_body or frozenset(),
                relates_to=relates_to or frozenset(),
                kinds=check.names(
                    item, "arrangement", index, name, "kinds", kinds, "kind", required=False
                ),
            )
        )
    for table, items in (("expectation", expectations), ("arrangement", arrangements)):
        names = [i.name for i in items]
        for index, name in enumerate(names):
            if names.index(name) != index:
                raise check.fail(table, index, name, "name", "repeats an earlier name")
    return Expectations(
        source=source,
        stale_after_years=check.number(general, "general", None, None, "stale_after_years", 3),
        conflict_max_steps=int(
            check.number(general, "general", None, None, "conflict_max_steps", 2, minimum=1)
        ),
        many_dependants=int(
            check.number(general, "general", None, None, "many_dependants", 10, minimum=1)
        ),
        scrutinised_classes=check.names(
            unscrutinised, "unscrutinised", None, None, "classes", classes, "class"
        )
        or frozenset(),
        scrutiny_kinds=check.names(
            unscrutinised, "unscrutinised", None, None, "kinds", kinds, "kind"
        )
        or frozenset(),
        expectations=tuple(expectations),
        arrangements=tuple(arrangements),
    )


@cache
def _load(path: str, mtime: float) -> Expectations:
    text = Path(path).read_text(encoding="utf-8")
    return parse_expectations(text, source=path)


def load_expectations(path: str | Path | None = None) -> Expectations:
    """Read and check an expectations file (default: the bundled one); cached per file version.

    >>> load_expectations("/nonexistent.toml")
    Traceback (most recent call last):
    ...
    graph.errors.ExpectationsError: /nonexistent.toml: no such expectations file
    """
    file = Path(path) if path is not None else DEFAULT_PATH
    try:
        mtime = file.stat().st_mtime
    except OSError:
        raise ExpectationsError(f"{file}: no such expectations file") from None
    return _load(str(file), mtime)
