"""``GET /health``: is the service up, on which store, with how many sources."""

from __future__ import annotations

from typing import Literal

import anyio.to_thread
from fastapi import APIRouter, Request
from pydantic import BaseModel

from service.deps import get_state

__all__ = ["Health", "router"]

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The service's state, for monitoring."""

    status: Literal["ok"]
    backend: str
    sources: int
    triples: int
    query_timeout: float
    max_rows: int
    stops_overrunning_queries: bool
    updates_enabled: bool
    projection: Literal["building", "ready", "none"]
    """The graph behind paths, gaps and the map: built in the background at start."""


@router.get("/health", response_model=Health)
async def health(request: Request) -> Health:
    """The service is up and its store answers."""
    state = get_state(request)
    sources = await anyio.to_thread.run_sync(state.store.sources)
    return Health(
        status="ok",
        backend=state.store.backend,
        sources=len(sources),
        triples=sum(s.triples for s in sources),
        query_timeout=state.settings.query_timeout,
        max_rows=state.settings.max_rows,
        stops_overrunning_queries=state.runner.stops_overruns,
        updates_enabled=state.policy.writes_enabled,
        projection=state.projections.status,
    )
