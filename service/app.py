"""The FastAPI application, built by :func:`create_app` from one :class:`Settings`.

Nothing is built at import time: the lifespan opens the configured store,
loads the ontology and the bundled seed when the store is empty (if
``load_seed``), starts the query runner (worker processes for the embedded
store), and closes them all on shutdown.

>>> from fastapi.testclient import TestClient
>>> app = create_app(Settings(store_backend="memory", load_seed=False, query_workers=1))
>>> with TestClient(app) as client:
...     client.get("/sparql", params={"query": "ASK {}"}).json()
{'head': {}, 'boolean': True}
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial

import anyio.to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp

from service.deps import open_state
from service.errors import install_error_handlers
from service.fast_path import SparqlFirst, answer_sparql
from service.routers import (
    bodies,
    councils,
    gaps,
    graph_store,
    health,
    pages,
    paths,
    sparql,
    vendor,
)
from service.routers import map as map_routes
from service.settings import Settings

__all__ = ["OversightApp", "create_app"]


class OversightApp(FastAPI):
    """FastAPI, with ``/sparql`` served ahead of its middleware (see :mod:`service.fast_path`)."""

    outermost: Callable[[ASGIApp], ASGIApp] | None = None
    """Middleware around everything, the fast path included (CORS, when configured)."""

    def build_middleware_stack(self) -> ASGIApp:
        """The app's usual stack, behind the ``/sparql`` fast path."""
        stack = SparqlFirst(super().build_middleware_stack(), answer_sparql)
        return stack if self.outermost is None else self.outermost(stack)


def create_app(settings: Settings | None = None) -> OversightApp:
    """A new app serving the store *settings* describe (default: from the environment)."""
    settings = settings if settings is not None else Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = await anyio.to_thread.run_sync(open_state, settings)
        app.state.oversight = state
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(state.close)

    app = OversightApp(
        title="Oversight Graph",
        summary="Who scrutinises whom, how often, on what evidence.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    if settings.cors_origins:
        app.outermost = partial(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "HEAD"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
            expose_headers=["X-SPARQL-MaxRows", sparql.TRUNCATED_HEADER],
        )
    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    app.include_router(health.router)
    for oversight_router in (bodies.router, paths.router, gaps.router, councils.router):
        app.include_router(oversight_router)
    app.include_router(pages.router)  # the query editor page and the saved-query API
    app.include_router(vendor.router)  # npm browser libraries from settings.vendor_dir
    app.include_router(map_routes.router)  # the accountability map /map and /api/map/*
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    return app
