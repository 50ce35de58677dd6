"""Saved projections: read back for an unchanged store, never for a changed one."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from networkx.utils import graphs_equal

from graph.examples import example_store
from graph.projection import Projection, ProjectionCache
from graph.saved_projection import FORMAT, load_saved, save
from graph.store import SourceSpec, Store, open_store
from loaders.mapper import to_quads
from loaders.records import Body, Record


def _load(store: Store, name: str, records: list[Record]) -> None:
    spec = SourceSpec(name=name, title=name)
    store.load_source(spec, list(to_quads(records, graph=spec.graph)), validate=False)


def _same(a: Projection, b: Projection) -> bool:
    return bool(graphs_equal(a.graph, b.graph))


def test_an_unchanged_store_is_read_back_and_a_changed_one_rebuilt(tmp_path: Path) -> None:
    store, folder = example_store(), tmp_path / "store.projection"
    first = ProjectionCache(store, saved=folder)
    built = first.get()
    assert (first.builds, first.reads) == (1, 0)

    second = ProjectionCache(store, saved=folder)  # a new process, say
    read = second.get()
    assert (second.builds, second.reads) == (0, 1)
    assert _same(read, built) and read.relationships == built.relationships
    assert read.generation == store.generation()
    assert read.view(as_of=None).overseers("group/1001")  # a working projection, memo and all

    _load(store, "more", [Body(key="group/77", kind="MultiAcademyTrust", name="Trust 77")])
    third = ProjectionCache(store, saved=folder)
    assert "group/77" in third.get().graph and (third.builds, third.reads) == (1, 0)
    assert [p.name for p in folder.iterdir()] == [
        f"projection-v{FORMAT}-{store.generation()}.pickle"
    ]


def test_a_damaged_copy_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store, folder = example_store(), tmp_path / "saved"
    path = save(folder, ProjectionCache(store).get())
    assert path is not None
    path.write_bytes(path.read_bytes()[:100])
    with caplog.at_level(logging.WARNING):
        assert load_saved(folder, store.generation()) is None
    assert "ignoring the saved projection" in caplog.text
    cache = ProjectionCache(store, saved=folder)
    assert "group/1001" in cache.get().graph and cache.builds == 1


def test_an_unwritable_folder_still_serves(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store, blocker = example_store(), tmp_path / "file"
    blocker.write_text("not a folder")
    with caplog.at_level(logging.WARNING):
        projection = ProjectionCache(store, saved=blocker / "saved").get()
    assert "group/1001" in projection.graph
    assert "could not save the projection" in caplog.text


def test_the_embedded_store_keeps_its_copy_beside_it(tmp_path: Path) -> None:
    from service.settings import Settings, saved_projection_folder

    settings = Settings(data_dir=tmp_path / "store", load_seed=False)
    folder = saved_projection_folder(settings)
    assert folder == tmp_path / "store.projection"
    with open_store(settings.data_dir) as store:
        _load(store, "one", [Body(key="group/5", kind="MultiAcademyTrust", name="Trust 5")])
        ProjectionCache(store, saved=folder).get()
    with open_store(settings.data_dir) as store:  # reopened: same generation, read back
        cache = ProjectionCache(store, saved=folder)
        assert "group/5" in cache.get().graph and cache.reads == 1


def test_a_write_forgets_the_saved_copies_and_nothing_is_saved_during_it(tmp_path: Path) -> None:
    store, folder = example_store(), tmp_path / "saved"
    cache = ProjectionCache(store, saved=folder)
    before = cache.get()
    assert list(folder.iterdir())
    trust = "<https://w3id.org/oversight/id/group/9>"
    insert = (
        "INSERT DATA { GRAPH <https://w3id.org/oversight/id/source/manual> { "
        f"{trust} a <https://w3id.org/oversight/def#MultiAcademyTrust>, "
        "<https://w3id.org/oversight/def#Body> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> 'Trust 9' } }"
    )
    with cache.writing():
        assert not list(folder.iterdir())  # gone before the write, not after
        cache.invalidate()
        assert "group/9" not in cache.get().graph  # built during the write ...
        assert not list(folder.iterdir())  # ... and not saved
        store.update(insert)
    after = cache.get()  # same generation (an update writes no provenance), rebuilt
    assert after is not before and "group/9" in after.graph
    assert store.generation() == before.generation and list(folder.iterdir())
    restarted = ProjectionCache(store, saved=folder)
    assert "group/9" in restarted.get().graph and restarted.reads == 1
