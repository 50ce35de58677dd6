"""Load the bundled data - the ontology and the curated seed - into a store that lacks it.

Two sources ship with the package: ``ontology`` (the Turtle files of
:mod:`ontology`, so that SPARQL can follow the class hierarchy and read the
frequency and kind schemes) and ``seed`` (the curated arrangements of
``loaders/seed``). :func:`ensure_bundled_data` loads each one when it is missing,
when its files changed (its SHA-256 differs from the one recorded at load time)
or when its loader version changed; otherwise it only reads the source list,
so calling it on every start costs almost nothing.

>>> from graph.store import open_store
>>> store = open_store(memory=True)
>>> [r.source.name for r in ensure_bundled_data(store)]
['ontology', 'seed']
>>> ensure_bundled_data(store)
[]
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from graph.store import LoadReport, SourceSpec, Store
from loaders.arrangements import (
    LOADER_VERSION as ARRANGEMENTS_VERSION,
)
from loaders.arrangements import (
    ProgressHook,
    folder_sha256,
    load_arrangements,
)
from ontology.vocabulary import ontology_files

__all__ = [
    "LOADER_NAME",
    "LOADER_VERSION",
    "ONTOLOGY_SOURCE",
    "SEED_DIR",
    "SEED_SOURCE",
    "ensure_bundled_data",
    "ensure_ontology",
    "files_sha256",
    "load_ontology",
    "load_seed",
]

LOADER_NAME = "loaders.bootstrap"
LOADER_VERSION = "1"
ONTOLOGY_SOURCE = "ontology"
SEED_SOURCE = "seed"
SEED_DIR = Path(__file__).resolve().parent / "seed"
"""The curated arrangements of the five council documents (see its README)."""


def files_sha256(paths: Iterable[str | Path]) -> str:
    """SHA-256 over files' names and bytes, in the order given.

    >>> files_sha256([]) == hashlib.sha256().hexdigest()
    True
    """
    digest = hashlib.sha256()
    for path in map(Path, paths):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _ontology_quads(graph: str) -> list[Quad]:
    g = NamedNode(graph)
    quads: list[Quad] = []
    for path in ontology_files():
        with open(path, "rb") as stream:
            for triple in parse(stream, format=RdfFormat.TURTLE, base_iri=Path(path).as_uri()):
                quads.append(Quad(triple.subject, triple.predicate, triple.object, g))
    return quads


def load_ontology(store: Store) -> LoadReport:
    """(Re)load the ontology Turtle files as the source ``ontology``.

    The ontology is not instance data, so it is not validated against the shapes
    (which are part of it).
    """
    files = ontology_files()
    spec = SourceSpec(
        name=ONTOLOGY_SOURCE,
        title="Oversight Graph ontology (classes, relationship kinds, frequencies, shapes)",
        loader=LOADER_NAME,
        loader_version=LOADER_VERSION,
        input=", ".join(Path(f).name for f in files),
        sha256=files_sha256(files),
    )
    return store.load_source(spec, _ontology_quads(spec.graph), validate=False)


def load_seed(store: Store, *, progress: ProgressHook | None = None) -> LoadReport:
    """(Re)load the curated seed graph as the source ``seed`` (validated)."""
    return load_arrangements(
        store,
        SEED_DIR,
        name=SEED_SOURCE,
        title="Curated seed: oversight arrangements stated in five council documents",
        progress=progress,
    )


def _current(store: Store) -> dict[str, tuple[str | None, str]]:
    return {s.name: (s.sha256, s.loader_version) for s in store.sources()}


def ensure_ontology(store: Store) -> LoadReport | None:
    """Load the ontology if it is missing or changed; ``None`` when it was current."""
    wanted = (files_sha256(ontology_files()), LOADER_VERSION)
    if _current(store).get(ONTOLOGY_SOURCE) == wanted:
        return None
    return load_ontology(store)


def ensure_bundled_data(store: Store) -> list[LoadReport]:
    """Load the ontology and the seed where missing or changed; return what was loaded."""
    reports: list[LoadReport] = []
    ontology = ensure_ontology(store)
    if ontology is not None:
        reports.append(ontology)
    if _current(store).get(SEED_SOURCE) != (folder_sha256(SEED_DIR), ARRANGEMENTS_VERSION):
        reports.append(load_seed(store))
    return reports
