"""`oversight serve` starts from a clean data dir, loads the bundled data and answers."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from service.cli.serve import parse_token

pytestmark = pytest.mark.slow

TOKEN = "w-cli-31415926"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _oversight() -> list[str]:
    script = shutil.which("oversight", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "service.cli"]


def _wait_until_up(base: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"oversight serve exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError("oversight serve did not come up")


def test_serve_from_a_clean_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh" / "store"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OVERSIGHT_")}
    process = subprocess.Popen(
        [
            *_oversight(),
            "serve",
            "--data-dir",
            str(data_dir),
            "--port",
            str(port),
            "--token",
            f"write:{TOKEN}",
            "--query-timeout",
            "5",
            "--max-rows",
            "500",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(base, process)
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        r = httpx.get(f"{base}/sparql", params={"query": count}, timeout=30)
        assert r.status_code == 200
        assert int(r.json()["results"]["bindings"][0]["n"]["value"]) > 1000
        sources = httpx.get(f"{base}/health", timeout=10).json()
        assert sources["backend"] == "embedded"
        assert sources["sources"] >= 2  # the ontology and the seed
        assert sources["max_rows"] == 500 and sources["query_timeout"] == 5
        # the write token from the command line enables updates
        insert = "INSERT DATA { GRAPH <http://e.org/g> { <http://e.org/cli> <http://e.org/p> 1 } }"
        r = httpx.post(
            f"{base}/update",
            content=insert,
            timeout=30,
            headers={
                "content-type": "application/sparql-update",
                "authorization": f"Bearer {TOKEN}",
            },
        )
        assert r.status_code == 204
        ask = httpx.get(f"{base}/sparql", params={"query": "ASK { <http://e.org/cli> ?p ?o }"})
        assert ask.json()["boolean"] is True
        assert (data_dir.parent / "store.readers").is_dir()
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=60)[0].decode()
    assert TOKEN not in output
    # uvicorn shuts down gracefully, then re-raises the signal it caught
    assert process.returncode in (0, -signal.SIGTERM), output
    assert not (data_dir.parent / "store.readers").exists()  # workers and snapshots gone


def test_parse_token_refuses_bad_roles_without_echoing_the_token() -> None:
    assert parse_token("read:abc") == ("abc", "read")
    with pytest.raises(Exception, match="ROLE") as info:
        parse_token("owner:very-secret")
    assert "very-secret" not in str(info.value)
    with pytest.raises(Exception, match="ROLE:TOKEN"):
        parse_token("write:")
