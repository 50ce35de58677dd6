"""What the routers share: the service state and the access checks, as dependencies.

The state is built by the app's lifespan (:func:`open_state`) and kept on
``app.state.oversight``; routers reach it only through these functions.

>>> from service.settings import Settings
>>> state = open_state(Settings(store_backend="memory", load_seed=False, query_workers=1))
>>> state.store.backend, state.policy.writes_enabled
('memory', False)
>>> state.close()
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from graph.projection import ProjectionCache
from graph.store import Store
from service.query_runner import QueryRunner, make_runner
from service.security import TokenPolicy
from service.settings import Settings, open_configured_store, saved_projection_folder
from service.update_runner import UpdateRunner

__all__ = [
    "ServiceState",
    "endpoint_url",
    "get_runner",
    "get_settings",
    "get_state",
    "get_store",
    "open_state",
    "require_reader",
    "require_writer",
]


@dataclass
class ServiceState:
    """Everything a request may need: settings, store, runners, policy, projection cache."""

    settings: Settings
    store: Store
    runner: QueryRunner
    updates: UpdateRunner
    policy: TokenPolicy
    projections: ProjectionCache

    def close(self) -> None:
        """Let a projection build finish, stop the query workers and close the store."""
        self.projections.wait()
        self.runner.close()
        self.store.close()


def open_state(settings: Settings) -> ServiceState:
    """Open the configured store, load the bundled data if asked, start the runners.

    The projection (paths, gaps, the map) starts building in a background thread,
    so the first request for it does not pay the whole build (seconds on an
    England-scale store); a request that comes sooner waits for that build.
    Blocking (run it in a thread from async code).
    """
    store = open_configured_store(settings)
    try:
        if settings.load_seed:
            from loaders.bootstrap import ensure_bundled_data

            ensure_bundled_data(store)
        runner = make_runner(
            store,
            workers=settings.query_workers,
            timeout=settings.query_timeout,
            max_rows=settings.max_rows,
        )
    except BaseException:
        store.close()
        raise
    projections = ProjectionCache(store, freeze_heap=True, saved=saved_projection_folder(settings))
    projections.warm()
    return ServiceState(
        settings=settings,
        store=store,
        runner=runner,
        updates=UpdateRunner(store, runner.data_changed, guard=projections.writing),
        policy=TokenPolicy(settings.tokens),
        projections=projections,
    )


def get_state(request: Request) -> ServiceState:
    """The service state of the app serving *request*."""
    state: ServiceState = request.app.state.oversight
    return state


def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    return get_state(request).settings


def get_store(request: Request) -> Store:
    """The open store (use it from a thread: its calls block)."""
    return get_state(request).store


def get_runner(request: Request) -> QueryRunner:
    """The query runner (time limit, row cap, parallel readers)."""
    return get_state(request).runner


def require_reader(request: Request) -> None:
    """Dependency: allow reads, or 401 when the server is private and no token is sent."""
    get_state(request).policy.check_query(request.headers.get("authorization"))


def require_writer(request: Request) -> None:
    """Dependency: allow writes only with a write token (403 when writes are off)."""
    get_state(request).policy.check_update(request.headers.get("authorization"))


def endpoint_url(request: Request) -> str:
    """The absolute URL of the SPARQL endpoint, as the client reached this server.

    It is the service description's ``sd:endpoint`` and the base IRI of
    queries and updates.
    """
    return str(request.base_url).rstrip("/") + "/sparql"
