"""Run SPARQL queries off the event loop, in parallel, under a time limit that holds.

pyoxigraph cannot cancel a running query, so for the embedded on-disk store
queries run in a pool of worker **processes**, each with its own read-only
view of the store (:mod:`service.query_worker`). A query that overruns the
limit gets its worker killed — the work really stops — and a fresh worker
takes its place, while the other workers keep answering. After every update
the views are reopened so readers see the new data.

The in-memory store cannot be shared with another process, and a remote
store runs queries elsewhere, so for those :class:`ThreadQueryRunner` runs
queries in threads: the client gets the time-limit error on time, but the
engine finishes the abandoned query in the background (in memory) or until
the remote server's own timeout (remote). Both are documented limitations.

>>> from graph.store import open_store
>>> from service.sparql_formats import negotiate
>>> import asyncio
>>> runner = ThreadQueryRunner(open_store(memory=True), workers=1, timeout=5, max_rows=10)
>>> job = QueryJob("SELECT ?x { VALUES ?x { 1 2 } }", formats=negotiate("text/csv", []),
...                max_rows=10)
>>> asyncio.run(runner.run(job)).body
b'x\\r\\n1\\r\\n2\\r\\n'
>>> runner.close()
"""

from __future__ import annotations

import asyncio
import queue
import socket
import subprocess
import sys
import threading
import time
from abc import ABC, abstractmethod
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph

from graph.store import QueryResult, Store, StoreError
from service.exceptions import (
    MalformedQuery,
    NotAcceptable,
    ProtocolError,
    QueryFailed,
    QueryTimeout,
    ServerBusy,
)
from service.query_worker import QueryJob, evaluate, worker_main, write_safely
from service.sparql_results import Written

__all__ = [
    "ProcessQueryRunner",
    "QueryJob",
    "QueryRunner",
    "ThreadQueryRunner",
    "make_runner",
]

_ERRORS: dict[str, type[Exception]] = {
    "NotAcceptable": NotAcceptable,
    "ProtocolError": ProtocolError,
    "QueryFailed": QueryFailed,
}


class QueryRunner(ABC):
    """Runs query jobs with a time limit; many at once."""

    timeout: float
    max_rows: int
    stops_overruns: bool
    """Whether an overrunning query is really stopped (not just answered with an error)."""

    @abstractmethod
    async def run(self, job: QueryJob) -> Written:
        """Answer *job*; raises :class:`QueryTimeout` past the limit."""

    def data_changed(self) -> None:  # noqa: B027 - optional hook
        """Tell the runner the store was written, so readers see the change."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Stop workers and threads."""

    def _timeout_error(self) -> QueryTimeout:
        return QueryTimeout(
            f"the query was stopped after {self.timeout:g} s, the time limit of this "
            "server; narrow it (a LIMIT, more specific patterns) or ask the administrator"
        )


class _Worker:
    """One worker process (``python -m service.query_worker``) and our end of its socket."""

    def __init__(self, path: str, version: int) -> None:
        ours, theirs = socket.socketpair()
        fd = theirs.fileno()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "service.query_worker", str(fd), path, str(version)],
            pass_fds=[fd],
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.conn = Connection(ours.detach())

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        """Stop the process at once (SIGKILL) and release the socket."""
        self.process.kill()
        self.process.wait(5)
        self.conn.close()

    def stop(self) -> None:
        """Ask the process to exit; kill it if it does not."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        try:
            self.process.wait(2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(2)
        self.conn.close()


class ProcessQueryRunner(QueryRunner):
    """A pool of worker processes over the on-disk store at *path*.

    Call :meth:`start` before use and :meth:`close` after. Each query waits
    at most ``timeout`` seconds for a free worker (else :class:`ServerBusy`),
    then runs for at most ``timeout`` seconds (else its worker is killed and
    :class:`QueryTimeout` raised).
    """

    stops_overruns = True

    def __init__(self, path: Path | str, *, workers: int, timeout: float, max_rows: int):
        self.path = str(path)
        self.size = workers
        self.timeout = timeout
        self.max_rows = max_rows
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._version = 0
        self._closed = False
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="oversight-query")
        self.killed = 0
        """How many workers were killed for overrunning the limit."""

    def start(self) -> None:
        """Start the worker processes (blocking, a fraction of a second each)."""
        for _ in range(self.size):
            self._add_worker()

    @property
    def worker_pids(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return sorted(w.pid for w in self._workers)

    def _add_worker(self) -> None:
        worker = _Worker(self.path, self._version)
        with self._lock:
            if self._closed:
                worker.stop()
                return
            self._workers.add(worker)
        self._idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.kill()
        if not self._closed:
            threading.Thread(target=self._add_worker, daemon=True).start()

    def data_changed(self) -> None:
        """Make every worker reopen its read-only view before its next query."""
        with self._lock:
            self._version += 1

    async def run(self, job: QueryJob) -> Written:
        """Answer *job* in a worker process, off the event loop."""
        loop = asyncio.get_running_loop()
        submitted = time.monotonic()
        return await loop.run_in_executor(self._executor, self._run_blocking, job, submitted)

    def _run_blocking(self, job: QueryJob, submitted: float) -> Written:
        try:
            worker = self._idle.get(timeout=max(0.0, self.timeout - (time.monotonic() - submitted)))
        except queue.Empty:
            raise ServerBusy(
                f"every query worker stayed busy for {self.timeout:g} s; try again shortly"
            ) from None
        job = replace(job, version=self._version)
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                self.killed += 1
                self._retire(worker)
                raise self._timeout_error()
            reply = worker.conn.recv()
        except (EOFError, OSError) as error:
            self._retire(worker)
            raise QueryFailed(f"the query worker stopped unexpectedly ({error})") from None
        self._idle.put(worker)
        return _decode(reply)

    def close(self) -> None:
        """Stop every worker process."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop()
        self._executor.shutdown(wait=False, cancel_futures=True)


def _decode(reply: tuple[Any, ...]) -> Written:
    if reply[0] == "ok":
        written: Written = reply[1]
        return written
    _, name, message, line, column = reply
    if name == "MalformedQuery":
        raise MalformedQuery(message, line=line, column=column)
    raise _ERRORS.get(name, QueryFailed)(message)


class ThreadQueryRunner(QueryRunner):
    """Queries in threads of this process, for the in-memory and remote stores.

    The time limit answers the client on time but cannot stop the engine.
    """

    stops_overruns = False

    def __init__(self, store: Store, *, workers: int, timeout: float, max_rows: int) -> None:
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="oversight-query")

    async def run(self, job: QueryJob) -> Written:
        """Answer *job* in a thread; :class:`QueryTimeout` when the limit passes."""
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor, self._answer, job)
        try:
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            raise self._timeout_error() from None

    def _answer(self, job: QueryJob) -> Written:
        db = getattr(self.store, "db", None)
        if isinstance(db, pyoxigraph.Store):
            try:
                return evaluate(db, job)
            except OSError as error:
                raise QueryFailed(f"the store could not answer: {error}") from None
        return self._answer_via_api(job)

    def _answer_via_api(self, job: QueryJob) -> Written:
        prefix = f"BASE <{job.base_iri}> " if job.base_iri else ""
        dataset = job.default_graphs is not None or job.named_graphs is not None

        def run() -> QueryResult:
            try:
                return self.store.query(
                    prefix + job.sparql,
                    union_default_graph=job.union_default,
                    default_graphs=list(job.default_graphs or ()) if dataset else None,
                    named_graphs=list(job.named_graphs or ()) if dataset else None,
                )
            except SyntaxError:
                raise
            except StoreError as error:
                raise QueryFailed(f"the store could not answer: {error}") from None

        return write_safely(run, job, column_shift=len(prefix))

    def close(self) -> None:
        """Stop accepting work (running threads finish in the background)."""
        self._executor.shutdown(wait=False, cancel_futures=True)


def make_runner(store: Store, *, workers: int, timeout: float, max_rows: int) -> QueryRunner:
    """The runner that fits *store*: processes for the embedded store, threads otherwise."""
    path = getattr(store, "path", None)
    if store.backend == "embedded" and path is not None:
        runner = ProcessQueryRunner(path, workers=workers, timeout=timeout, max_rows=max_rows)
        runner.start()
        return runner
    return ThreadQueryRunner(store, workers=workers, timeout=timeout, max_rows=max_rows)
