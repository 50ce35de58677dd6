"""ensure_bundled_data: ontology and seed into an empty store, then a fast no-op."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.store import open_store
from loaders import bootstrap
from loaders.bootstrap import ensure_bundled_data, files_sha256
from ontology.vocabulary import ontology_files


def test_loads_ontology_and_seed_once() -> None:
    store = open_store(memory=True)
    reports = ensure_bundled_data(store)
    assert [r.source.name for r in reports] == ["ontology", "seed"]
    sources = {s.name: s for s in store.sources()}
    assert sources["ontology"].sha256 == files_sha256(ontology_files())
    assert sources["ontology"].loader == "loaders.bootstrap"
    assert sources["seed"].loader == "loaders.arrangements"
    generation = store.generation()
    assert ensure_bundled_data(store) == []
    assert store.generation() == generation
    # the ontology is queryable: kinds and frequencies with meetings per year
    assert bool(
        store.query(
            "ASK { <https://w3id.org/oversight/frequency/termly> "
            "<https://w3id.org/oversight/def#meetingsPerYear> ?n }"
        )
    )


def test_a_changed_seed_is_reloaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(bootstrap.SEED_DIR, seed)
    monkeypatch.setattr(bootstrap, "SEED_DIR", seed)
    store = open_store(memory=True)
    ensure_bundled_data(store)
    meetings = seed / "meetings.csv"
    meetings.write_text(
        meetings.read_text() + "la/380/governance-and-audit-committee,2017-09-26,,\n"
    )
    (report,) = ensure_bundled_data(store)
    assert report.source.name == "seed" and report.replaced
    assert bool(
        store.query(
            "ASK { ?m <http://purl.org/dc/terms/date> "
            '"2017-09-26"^^<http://www.w3.org/2001/XMLSchema#date> }'
        )
    )
    assert ensure_bundled_data(store) == []
