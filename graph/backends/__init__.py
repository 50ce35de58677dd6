"""The store back-ends: :class:`OxigraphStore` (embedded or in memory) and :class:`RemoteStore`.

Open them through :func:`graph.store.open_store`; both share the loading, listing
and removal logic of :class:`graph.backends.base.SparqlBackedStore`.

>>> from graph.store import open_store
>>> type(open_store(memory=True)).__name__
'OxigraphStore'
"""

from graph.backends.embedded import OxigraphStore, StoreInUse
from graph.backends.remote import RemoteError, RemoteStore

__all__ = ["OxigraphStore", "RemoteError", "RemoteStore", "StoreInUse"]
