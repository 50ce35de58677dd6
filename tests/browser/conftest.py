"""Fixtures for tests that drive a real browser against the real service.

* ``live_service`` (session): ``create_app`` served by uvicorn on 127.0.0.1, on a
  free port, over an embedded store in a temporary folder with the ontology and the
  seed graph loaded; its ``url`` is the base URL.
* ``browser`` (session): Debian's ``/usr/bin/chromium`` driven by Playwright, headless,
  with a fresh profile and no background networking. Skips when chromium is absent.
* ``page`` (function): a new page whose every request is recorded in
  ``page.requested`` (a list of URLs); a screenshot is saved to
  ``artifacts/screenshots/<test name>.png`` when the test ends.
* ``screenshot(page, name)``: save an extra screenshot under the same folder.
* ``serve_service(data_dir, **settings)``: a context manager running one more service
  with other settings (tokens, limits), for a test that needs them.

Other browser tests (the accountability map) reuse these fixtures as they are.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

TIMEOUT_MS = 90_000
"""How long a page action or ``expect`` waits: generous, as CI machines are shared."""

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class LiveService:
    """A running service: its base URL (``http://127.0.0.1:<port>``) and settings."""

    url: str
    host: str
    port: int
    settings: Any


def _start_server(app: Any, sock: socket.socket) -> tuple[Any, threading.Thread]:
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the service did not start within 60 s (see the log above)")
        time.sleep(0.05)
    return server, thread


@contextmanager
def serve_service(data_dir: Path, **values: Any) -> Iterator[LiveService]:
    """Run ``create_app(Settings(data_dir=..., load_seed=True, **values))`` under uvicorn
    on 127.0.0.1 and a free port until the block ends."""
    from service.app import create_app
    from service.settings import Settings

    settings = Settings(data_dir=data_dir, load_seed=True, **values)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # the kernel picks a free port: no race with other tests
    host, port = sock.getsockname()
    try:
        server, thread = _start_server(create_app(settings), sock)
        try:
            yield LiveService(url=f"http://{host}:{port}", host=host, port=port, settings=settings)
        finally:
            server.should_exit = True
            thread.join(timeout=30)
    finally:
        sock.close()


@pytest.fixture(scope="session")
def live_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    """The real service over a fresh embedded store holding the ontology and the seed."""
    with serve_service(tmp_path_factory.mktemp("browser-store")) as service:
        yield service


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Debian chromium with a fresh profile (a persistent context)."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is absent: install Debian's chromium (make setup-test, or "
            "apt-get install chromium) to run the browser tests"
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")[:120] or "page"


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as ``artifacts/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{_safe_name(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A new page; ``page.requested`` lists every URL it asked for."""
    new_page = browser.new_page()
    requested: list[str] = []
    new_page.on("request", lambda req: requested.append(req.url))
    new_page.requested = requested
    new_page.set_default_timeout(TIMEOUT_MS)
    try:
        yield new_page
    finally:
        try:
            screenshot(new_page, request.node.name)
        finally:
            # the profile is shared by the session: leave no saved tabs for the next test
            if new_page.url.startswith("http"):
                new_page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            new_page.close()
