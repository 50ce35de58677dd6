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

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

import anyio.to_thread

from graph.store import Store
from service.query_worker import malformed

__all__ = ["UpdateRunner"]


class UpdateRunner:
    """Runs updates on *store*, one at a time, inside *guard*; calls *changed* after each.

    *guard* wraps each update (the service passes
    :meth:`graph.projection.ProjectionCache.writing`, so the projection behind
    the JSON API and the map is rebuilt after the update, which changes no
    provenance and so not the store's generation).
    """

    def __init__(
        self,
        store: Store,
        changed: Callable[[], None] | None = None,
        *,
        guard: Callable[[], AbstractContextManager[None]] = nullcontext,
    ) -> None:
        self.store = store
        self.changed = changed
        self.guard = guard
        self._lock = threading.Lock()

    def _run(self, update: str, base_iri: str | None) -> None:
        prefix = f"BASE <{base_iri}> " if base_iri else ""
        with self._lock, self.guard():
            try:
                self.store.update(prefix + update)
            except SyntaxError as error:
                raise malformed(error, column_shift=len(prefix)) from None
            finally:
                if self.changed is not None:
                    self.changed()

    async def run(self, update: str, *, base_iri: str | None = None) -> None:
        """Run *update* in a worker thread; raises :class:`MalformedQuery` on bad syntax."""
        await anyio.to_thread.run_sync(self._run, update, base_iri)
