"""A copy of the projection on disk, beside the embedded store, for the next process.

Building the projection from an England-scale store takes seconds (one SPARQL
query, then networkx); reading back a saved copy takes a fraction of a second.
So a command-line call (``oversight chain``, ``gaps`` ...) or a restarted
service whose store has not changed since the last build reads the copy
instead of building again. A copy is named by the store's generation
(:meth:`graph.store.Store.generation`), which every load and removal changes;
a SPARQL update through the service deletes the copies before it writes (see
:meth:`graph.projection.ProjectionCache.writing`). So a copy is never used for
a store it does not describe.

The copies are pickles, in ``<store folder>.projection`` beside the store: they
are as trusted as the store folder itself, and only files this module wrote (the
format, Python and networkx versions match) are read. A copy that cannot be
read or written is skipped with a warning; the projection is then built as
usual. Only the newest copy is kept.

>>> import tempfile
>>> from graph.examples import example_store
>>> from graph.projection import build_projection
>>> store = example_store()
>>> folder = Path(tempfile.mkdtemp()) / "store.projection"
>>> load_saved(folder, store.generation()) is None
True
>>> built = build_projection(store)
>>> save(folder, built).name.startswith("projection-")
True
>>> again = load_saved(folder, store.generation())
>>> sorted(again.graph.predecessors("group/1001")) == sorted(built.graph.predecessors("group/1001"))
True
>>> load_saved(folder, "another-generation") is None
True
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx

from graph.projection import Projection, gc_paused

__all__ = ["FORMAT", "forget_saved", "load_saved", "projection_folder", "save"]

logger = logging.getLogger(__name__)

FORMAT = 5
"""Bumped whenever :class:`~graph.projection.Projection` changes shape: old copies are ignored."""


def projection_folder(store_folder: Path) -> Path:
    """Where the copies of a store's projection live: beside the store, not in it.

    >>> projection_folder(Path("/data/store"))
    PosixPath('/data/store.projection')
    """
    return store_folder.with_name(store_folder.name + ".projection")


def _file(folder: Path, generation: str) -> Path:
    return folder / f"projection-v{FORMAT}-{generation}.pickle"


def _header(generation: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "generation": generation,
        "python": list(sys.version_info[:2]),
        "networkx": nx.__version__,
    }


def load_saved(folder: Path, generation: str) -> Projection | None:
    """The saved projection of the store at *generation*, or ``None`` when there is none."""
    path = _file(folder, generation)
    try:
        # a million new objects: paused, the collector does not walk them again and again
        with path.open("rb") as handle, gc_paused():
            header = pickle.load(handle)
            if header != _header(generation):
                return None
            projection = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as error:  # a damaged or foreign file: build instead
        logger.warning("ignoring the saved projection %s: %s", path, error)
        return None
    if not isinstance(projection, Projection) or projection.generation != generation:
        return None
    return projection


def save(folder: Path, projection: Projection) -> Path | None:
    """Write *projection* atomically as the only copy in *folder*; its path, or ``None``.

    A projection without a generation is not saved (nothing could tell when it
    went stale).
    """
    if projection.generation is None:
        return None
    path = _file(folder, projection.generation)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, partial = tempfile.mkstemp(dir=folder, suffix=".partial")
    except OSError as error:  # a read-only disk: the projection still serves
        logger.warning("could not save the projection in %s: %s", folder, error)
        return None
    try:
        with os.fdopen(descriptor, "wb") as handle, gc_paused():
            pickle.dump(_header(projection.generation), handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(projection, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except Exception as error:  # a full disk, say
        Path(partial).unlink(missing_ok=True)
        logger.warning("could not save the projection in %s: %s", folder, error)
        return None
    forget_saved(folder, keep=path)
    return path


def forget_saved(folder: Path, *, keep: Path | None = None) -> None:
    """Delete every saved copy in *folder* but *keep* (before a write the copies miss)."""
    for old in folder.glob("projection-*"):
        if old != keep:
            old.unlink(missing_ok=True)
