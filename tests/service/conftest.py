"""Fixtures of the service tests: apps on real stores, in-process and under uvicorn.

* ``make_client(**settings)`` — a started in-process app (``TestClient``) on a
  fresh store (in memory unless ``store_backend="embedded"``, then in a tmp
  dir, with worker processes), the tiny dataset loaded as sources ``alpha``
  and ``beta`` unless ``data=False``.
* ``client`` — ``make_client()`` with default settings.
* ``serve`` — ``serve(settings)`` is a context manager running the app under a
  real uvicorn on 127.0.0.1 and a free port, stopped when the block ends.
* ``settings_for(**values)`` — test settings (no seed, memory store, one worker).
* ``load_source(app, quads, name)`` — load quads as one more source of a running app.

The tiny dataset is ``tests/data/sparql/tiny.trig``; the store of an app is
``app.state.oversight.store``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pyoxigraph import Quad, RdfFormat, parse

from graph.store import SourceSpec
from service.app import create_app
from service.deps import ServiceState
from service.settings import Settings

TINY = Path(__file__).resolve().parents[1] / "data" / "sparql" / "tiny.trig"
EX = "http://example.org/"


def state_of(app: FastAPI) -> ServiceState:
    """The running app's service state."""
    state: ServiceState = app.state.oversight
    return state


def load_tiny(state: ServiceState) -> None:
    """Load tiny.trig's two graphs as the sources ``alpha`` and ``beta``."""
    quads = list(parse(path=TINY, format=RdfFormat.TRIG))
    for name in ("alpha", "beta"):
        graph = f"{EX}graph/{name}"
        chosen = [q for q in quads if str(q.graph_name.value) == graph]
        spec = SourceSpec(name=name, title=f"Tiny {name}", loader="test", input=str(TINY))
        state.store.load_source(spec, chosen, validate=False)
    state.runner.data_changed()


def add_quads(state: ServiceState, quads: list[Quad], name: str) -> None:
    """Load *quads* as one more source and tell the readers."""
    state.store.load_source(SourceSpec(name=name, title=name), quads, validate=False)
    state.runner.data_changed()


def _settings(tmp_path: Path, **values: Any) -> Settings:
    """Test settings: no seed, memory store by default, one worker, tmp data dir."""
    defaults: dict[str, Any] = {
        "store_backend": "memory",
        "load_seed": False,
        "query_workers": 1,
        "data_dir": tmp_path / "store",
    }
    defaults.update(values)
    return Settings(**defaults)


ClientFactory = Callable[..., TestClient]


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[ClientFactory]:
    """Build started in-process clients; all are stopped after the test."""
    with ExitStack() as stack:

        def make(*, data: bool = True, **values: Any) -> TestClient:
            app = create_app(_settings(tmp_path, **values))
            client = stack.enter_context(TestClient(app))
            if data:
                load_tiny(state_of(app))
            return client

        yield make


@pytest.fixture
def client(make_client: ClientFactory) -> TestClient:
    """An in-process app on an in-memory store holding the tiny dataset."""
    return make_client()


@contextmanager
def live_server(settings: Settings, *, data: bool = True) -> Iterator[tuple[str, FastAPI]]:
    """Serve ``create_app(settings)`` with uvicorn on 127.0.0.1; yield its base URL and app."""
    app = create_app(settings)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        if data:
            load_tiny(state_of(app))
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(60)
        sock.close()


LiveServer = Callable[..., AbstractContextManager[tuple[str, FastAPI]]]


@pytest.fixture(scope="session")
def serve() -> LiveServer:
    """``serve(settings, data=True)``: the app under uvicorn, as a context manager."""
    return live_server


@pytest.fixture
def settings_for(tmp_path: Path) -> Callable[..., Settings]:
    """``settings_for(**values)``: test settings over a tmp data dir."""
    return lambda **values: _settings(tmp_path, **values)


@pytest.fixture
def load_source() -> Callable[[FastAPI, list[Quad], str], None]:
    """``load_source(app, quads, name)``: one more source in a running app."""
    return lambda app, quads, name: add_quads(state_of(app), quads, name)
