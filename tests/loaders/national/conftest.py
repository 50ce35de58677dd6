"""Fixtures for the national loader tests: the fixture folder and stores loaded from it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions

from graph.store import Store, open_store
from loaders.national import NationalSummary, load_national
from ontology.namespaces import PREFIXES

NATIONAL = Path(__file__).resolve().parents[2] / "data" / "national"
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
ID = "https://w3id.org/oversight/id/"

Select = Callable[[str], list[dict[str, str]]]


def select(store: Store, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT (with the project prefixes): variable → value text."""
    result = store.query(PROLOGUE + query)
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


@pytest.fixture(scope="session")
def national_dir() -> Path:
    """``tests/data/national``: small files in the official formats, with bad rows."""
    return NATIONAL


@pytest.fixture(scope="module")
def fixture_load() -> Iterator[tuple[Store, NationalSummary]]:
    """An in-memory store with the fixture folder loaded (validated), and the summary."""
    store = open_store(memory=True)
    summary = load_national(store, NATIONAL, validate=True)
    yield store, summary
    store.close()


@pytest.fixture(scope="module")
def rows(fixture_load: tuple[Store, NationalSummary]) -> Select:
    """``rows(query)`` over the fixture store."""
    return lambda query: select(fixture_load[0], query)
