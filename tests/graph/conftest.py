"""Fixtures of the graph tests: the ``store`` fixture, one per back-end.

``store`` runs each test against the embedded on-disk store, the in-memory
store and a REAL Oxigraph server (the ``oxigraph`` CLI from PyPI, started once
per session on a free 127.0.0.1 port and emptied between tests) reached over
HTTP, both with Graph Store Protocol uploads (``remote``) and with plain
SPARQL updates only (``remote-sparql``).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from graph.store import RemoteConfig, Store, open_store

BACKENDS = ["embedded", "memory", "remote", "remote-sparql"]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class OxigraphServer:
    """A running ``oxigraph serve``."""

    base: str
    process: subprocess.Popen[bytes]

    def config(self, *, graph_store: bool = True) -> RemoteConfig:
        """Endpoints of this server (with or without the Graph Store Protocol one)."""
        return RemoteConfig(
            query_url=f"{self.base}/query",
            update_url=f"{self.base}/update",
            store_url=f"{self.base}/store" if graph_store else None,
            timeout=120.0,
        )

    def clear(self) -> None:
        """Drop every graph on the server."""
        httpx.post(
            f"{self.base}/update",
            content=b"DROP SILENT ALL",
            headers={"Content-Type": "application/sparql-update"},
        ).raise_for_status()


def start_oxigraph(location: Path) -> OxigraphServer:
    """Start ``oxigraph serve`` on a free port and wait until it answers."""
    # the test extra installs it beside this interpreter, which need not be on PATH
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if exe is None:
        pytest.fail("the `oxigraph` command (PyPI package oxigraph, test extra) is not installed")
    port = free_port()
    process = subprocess.Popen(
        [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode() if process.stderr else ""
            pytest.fail(f"oxigraph serve exited with {process.returncode}: {err}")
        try:
            httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1).raise_for_status()
            return OxigraphServer(base, process)
        except httpx.HTTPError:
            time.sleep(0.1)
    stop_process(process)
    pytest.fail("oxigraph serve did not answer within 30 s")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate *process* (kill it if it lingers) and reap it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stderr:
        process.stderr.close()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One real Oxigraph server for the session; stopped at the end."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph-server"))
    try:
        yield server
    finally:
        stop_process(server.process)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each back-end in turn."""
    backend: str = request.param
    if backend == "embedded":
        opened = open_store(tmp_path / "store")
    elif backend == "memory":
        opened = open_store(memory=True)
    else:
        server: OxigraphServer = request.getfixturevalue("oxigraph_server")
        server.clear()
        opened = open_store(remote=server.config(graph_store=backend == "remote"))
    try:
        yield opened
    finally:
        opened.close()
