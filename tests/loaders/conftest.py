"""Fixtures for the loader tests: fixture folders and a store loaded with the seed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions

from graph.store import Store, open_store
from loaders.bootstrap import ensure_bundled_data
from ontology.namespaces import PREFIXES

ARRANGEMENTS = Path(__file__).resolve().parent.parent / "data" / "arrangements"
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

Rows = Callable[[str], list[dict[str, str]]]


@pytest.fixture(scope="session")
def arrangements_dir() -> Path:
    """``tests/data/arrangements``: the good folder, the bad folders and their texts."""
    return ARRANGEMENTS


@pytest.fixture(scope="session")
def seed_store() -> Iterator[Store]:
    """An in-memory store holding the ontology and the seed (loaded once per session)."""
    store = open_store(memory=True)
    ensure_bundled_data(store)
    yield store
    store.close()


def select(store: Store, query: str) -> list[dict[str, str]]:
    """Run a SELECT with the project prefixes; each row maps variable → value text."""
    result = store.query(PROLOGUE + query)
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


@pytest.fixture(scope="session")
def seed_rows(seed_store: Store) -> Rows:
    """``seed_rows(query)``: rows of a SELECT over the seed store."""
    return lambda query: select(seed_store, query)


ID = "https://w3id.org/oversight/id/"


def key(iri: str) -> str:
    """The key of one of our IRIs (``la/380``), or the IRI's local name for terms."""
    if iri.startswith(ID):
        return iri[len(ID) :]
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class SeedRelationship:
    """One relationship of the seed, as SPARQL returns it (keys, concept names)."""

    def __init__(self, iri: str) -> None:
        self.key = key(iri)
        self.kind = ""
        self.actors: set[str] = set()
        self.targets: set[str] = set()
        self.stated: str | None = None
        self.observed: str | None = None
        self.valid_from: str | None = None
        self.valid_until: str | None = None
        self.handed_to: set[str] = set()
        self.note: str | None = None
        self.evidence: dict[str, set[str]] = {}
        """sentence → the documents it cites (keys)."""

    @property
    def sentences(self) -> set[str]:
        return set(self.evidence)

    @property
    def documents(self) -> set[str]:
        return {d for docs in self.evidence.values() for d in docs}

    def __repr__(self) -> str:
        return f"<{self.key} {self.actors} {self.kind} {self.targets} {self.stated}>"


RELATIONSHIPS_QUERY = """
SELECT ?r ?kind ?actor ?target ?stated ?observed ?from ?until ?handed ?note ?sentence ?doc
WHERE {
  GRAPH <https://w3id.org/oversight/id/source/seed> {
    ?r a ov:Relationship ; ov:kind ?kind ; ov:actor ?actor ; ov:target ?target .
    OPTIONAL { ?r ov:statedFrequency ?stated }
    OPTIONAL { ?r ov:observedFrequency ?observed }
    OPTIONAL { ?r schema:validFrom ?from }
    OPTIONAL { ?r schema:validThrough ?until }
    OPTIONAL { ?r ov:handedTo ?handed }
    OPTIONAL { ?r rdfs:comment ?note }
    OPTIONAL { ?r ov:hasEvidence ?e . ?e ov:sentence ?sentence ; ov:document ?doc }
  }
}"""


@pytest.fixture(scope="session")
def seed_relationships(seed_rows: Rows) -> list[SeedRelationship]:
    """Every relationship of the seed graph, read back from the store with SPARQL."""
    found: dict[str, SeedRelationship] = {}
    for row in seed_rows(RELATIONSHIPS_QUERY):
        rel = found.setdefault(row["r"], SeedRelationship(row["r"]))
        rel.kind = key(row["kind"])
        rel.actors.add(key(row["actor"]))
        rel.targets.add(key(row["target"]))
        rel.stated = key(row["stated"]) if "stated" in row else None
        rel.observed = key(row["observed"]) if "observed" in row else None
        rel.valid_from = row.get("from")
        rel.valid_until = row.get("until")
        rel.note = row.get("note")
        if "handed" in row:
            rel.handed_to.add(key(row["handed"]))
        if "sentence" in row:
            rel.evidence.setdefault(row["sentence"], set()).add(key(row["doc"]))
    return list(found.values())


Find = Callable[..., list[SeedRelationship]]


@pytest.fixture(scope="session")
def find(seed_relationships: list[SeedRelationship]) -> Find:
    """``find(kind=, actors=, targets=, actor=, target=)``: the matching relationships.

    ``actors``/``targets`` must equal the relationship's sets; ``actor``/``target``
    must be among them.
    """

    def search(
        *,
        kind: str | None = None,
        actors: set[str] | None = None,
        targets: set[str] | None = None,
        actor: str | None = None,
        target: str | None = None,
    ) -> list[SeedRelationship]:
        return [
            r
            for r in seed_relationships
            if (kind is None or r.kind == kind)
            and (actors is None or r.actors == actors)
            and (targets is None or r.targets == targets)
            and (actor is None or actor in r.actors)
            and (target is None or target in r.targets)
        ]

    return search
