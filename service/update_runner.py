"""Run SPARQL updates one at a time, off the event loop, and tell readers.

Updates are rare and guarded (a write token is needed): they run in a thread
on the service's own store handle, serialised by a lock, each in one
transaction; afterwards the query runner reopens its readers. The base IRI
for relative IRIs is the endpoint's URL. An update cannot be stopped midway
(pyoxigraph has no cancel), so the query time limit does not apply to it.

Note: our queries see the union of all graphs as their default graph, but an
update's ``WHERE`` without ``GRAPH`` (or ``USING``) reads the store's own
default graph, which holds nothing: sources live in named graphs.

>>> import asyncio
>>> from graph.store import open_store
>>> store = open_store(memory=True)
>>> runner = UpdateRunner(store)
>>> asyncio.run(runner.run("INSERT DATA { GRAPH <http://g> { <s> <p> 1 } }",
...                        base_iri="http://h/sparql"))
>>> bool(store.query("ASK { <http://h/s> ?p ?o }"))
True
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import anyio.to_thread

from graph.backends.metadata import modified_update
from graph.store import Store
from service.query_worker import malformed

__all__ = ["UpdateRunner"]

logger = logging.getLogger(__name__)


class UpdateRunner:
    """Runs updates on *store*, one at a time; calls *changed* after each."""

    def __init__(self, store: Store, changed: Callable[[], None] | None = None) -> None:
        self.store = store
        self.changed = changed
        self._lock = threading.Lock()

    def _run(self, update: str, base_iri: str | None) -> None:
        prefix = f"BASE <{base_iri}> " if base_iri else ""
        with self._lock:
            try:
                self.store.update(prefix + update)
            except SyntaxError as error:
                raise malformed(error, column_shift=len(prefix)) from None  # nothing ran
            except BaseException:
                self._written()  # a failed update may still have written (a remote store)
                raise
            self._written()

    def _written(self) -> None:
        """Record the write, so the store's generation changes, and tell the readers.

        Loads change the generation by their provenance; an update changes
        nothing the generation reads unless it is recorded, and the projection
        (the JSON API, the map) would go on answering from before the update.
        """
        try:
            self.store.update(modified_update(datetime.now(UTC)))
        except Exception as error:  # the update itself is done: say so, not this
            logger.warning("could not record the update in the store's metadata: %s", error)
        if self.changed is not None:
            self.changed()

    async def run(self, update: str, *, base_iri: str | None = None) -> None:
        """Run *update* in a worker thread; raises :class:`MalformedQuery` on bad syntax."""
        await anyio.to_thread.run_sync(self._run, update, base_iri)
