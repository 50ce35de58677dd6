"""The relationship kinds and meeting frequencies, read from the Turtle files.

The Turtle files are the single source of truth; this module reads them once and
offers them as small typed tables for loaders, the projection and the API.

>>> FREQUENCIES["termly"].per_year
3.0
>>> FREQUENCIES["asRequired"].per_year is None
True
>>> normalise_frequency("on a termly basis")
'termly'
>>> normalise_frequency("Every four weeks")
'fourWeekly'
>>> KINDS["reportsTo"].direction
'TargetOversees'
>>> KINDS["meetsWith"].symmetric
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TypeVar

from rdflib import Graph, Literal

from ontology.namespaces import FREQ, KIND, OV, SKOS

__all__ = [
    "FREQUENCIES",
    "KINDS",
    "Frequency",
    "Kind",
    "UnknownFrequency",
    "load_ontology_graph",
    "normalise_frequency",
    "ontology_files",
]

_V = TypeVar("_V")

ONTOLOGY_FILES = ("oversight.ttl", "kinds.ttl", "frequencies.ttl", "national.ttl", "shapes.ttl")
"""Load order: the classes and properties, the SKOS schemes, then the shapes that use them."""


class UnknownFrequency(ValueError):
    """A frequency phrase that maps to no concept of the scheme."""


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of relationship: its concept, label, shortcut and oversight direction."""

    name: str
    iri: str
    label: str
    shortcut: str
    direction: str

    @property
    def symmetric(self) -> bool:
        """A meeting of equals: every party sees every other."""
        return self.direction == "Mutual"


@dataclass(frozen=True, slots=True)
class Frequency:
    """A frequency concept with its meetings per year (``None``: not guaranteed/unknown)."""

    name: str
    iri: str
    label: str
    notation: str
    per_year: float | None
    phrases: tuple[str, ...]


def ontology_files() -> list[str]:
    """Paths of the Turtle files that make up the ontology, in load order."""
    folder = resources.files("ontology")
    return [str(folder / name) for name in ONTOLOGY_FILES if (folder / name).is_file()]


@cache
def load_ontology_graph() -> Graph:
    """All ontology Turtle files parsed into one rdflib graph (cached; do not mutate)."""
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


def _local(iri: object, namespace: str) -> str:
    return str(iri)[len(namespace) :]


@cache
def _kinds() -> dict[str, Kind]:
    graph = load_ontology_graph()
    found: dict[str, Kind] = {}
    for concept in graph.subjects(SKOS.inScheme, KIND.scheme):
        name = _local(concept, str(KIND._NS))
        found[name] = Kind(
            name=name,
            iri=str(concept),
            label=str(graph.value(concept, SKOS.prefLabel)),
            shortcut=str(graph.value(concept, OV.shortcut)),
            direction=_local(graph.value(concept, OV.direction), str(OV._NS)),
        )
    return dict(sorted(found.items()))


@cache
def _frequencies() -> dict[str, Frequency]:
    graph = load_ontology_graph()
    found: dict[str, Frequency] = {}
    for concept in graph.subjects(SKOS.inScheme, FREQ.scheme):
        name = _local(concept, str(FREQ._NS))
        per_year = graph.value(concept, OV.meetingsPerYear)
        found[name] = Frequency(
            name=name,
            iri=str(concept),
            label=str(graph.value(concept, SKOS.prefLabel)),
            notation=str(graph.value(concept, SKOS.notation)),
            per_year=float(per_year.toPython()) if isinstance(per_year, Literal) else None,
            phrases=tuple(sorted(str(p) for p in graph.objects(concept, OV.phrase))),
        )
    return dict(sorted(found.items(), key=lambda kv: -(kv[1].per_year or -1)))


class _LazyTable(Mapping[str, _V]):
    """A read-only table filled on first use, so importing this module parses nothing."""

    def __init__(self, loader: Callable[[], dict[str, _V]]) -> None:
        self._loader = loader

    def __getitem__(self, key: str) -> _V:
        return self._loader()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loader())

    def __len__(self) -> int:
        return len(self._loader())


KINDS: Mapping[str, Kind] = _LazyTable(_kinds)
"""Relationship kinds by concept local name (``"scrutinises"``)."""

FREQUENCIES: Mapping[str, Frequency] = _LazyTable(_frequencies)
"""Frequencies by concept local name (``"halfTermly"``), most frequent first."""


def normalise_frequency(text: str) -> str:
    """Map a phrase from a document, a notation or a concept name to a concept name.

    Exact matches on the concept name, its notation or a listed phrase win; then the
    longest listed phrase contained in the text.

    >>> normalise_frequency("half-termly")
    'halfTermly'
    >>> normalise_frequency("fortnightly-ish")
    'fortnightly'
    >>> normalise_frequency("every blue moon")
    Traceback (most recent call last):
    ...
    ontology.vocabulary.UnknownFrequency: no meeting frequency matches 'every blue moon'
    """
    wanted = re.sub(r"\s+", " ", text.strip().lower())
    candidates: list[tuple[str, str]] = []
    for freq in FREQUENCIES.values():
        names = {freq.name.lower(), freq.notation.lower(), freq.label.lower(), *freq.phrases}
        if wanted in names:
            return freq.name
        candidates.extend((phrase, freq.name) for phrase in freq.phrases)
    for phrase, name in sorted(candidates, key=lambda pn: -len(pn[0])):
        if re.search(rf"\b{re.escape(phrase)}\b", wanted):
            return name
    raise UnknownFrequency(f"no meeting frequency matches {text!r}")
