"""Run SPARQL queries off the event loop, in parallel, under a time limit that holds.

pyoxigraph cannot cancel a running query, so for the embedded on-disk store
queries run in a pool of worker **processes** (:mod:`service.query_worker`).
A query that overruns the limit gets its worker killed — the work really
stops — and a fresh worker takes its place, while the other workers keep
answering. Workers read a checkpoint of the store (hard links: cheap) taken
at start and after every write (:meth:`QueryRunner.data_changed`), because
RocksDB does not support another process reading files this one writes.
Code that writes to the store in the service must call ``data_changed()``.

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
import contextlib
import pickle
import shutil
import socket
import subprocess
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
from service.query_worker import FRAME_HEADER, QueryJob, evaluate, frame, write_safely
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
    """One worker process (``python -m service.query_worker``) and our end of its socket.

    The socket is read and written by the event loop (no thread per query):
    :meth:`ask` opens its stream in the loop that first calls it.
    """

    def __init__(self, snapshot: str) -> None:
        ours, theirs = socket.socketpair()
        fd = theirs.fileno()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "service.query_worker", str(fd), snapshot],
            pass_fds=[fd],
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self._socket = ours
        self._stream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    async def ask(self, snapshot: str, job: QueryJob) -> tuple[Any, ...]:
        """Send *job*, to be run on *snapshot*, and wait for the reply (the caller bounds it)."""
        if self._stream is None:
            self._loop = asyncio.get_running_loop()
            self._stream = await asyncio.open_connection(sock=self._socket)
        reader, writer = self._stream
        writer.write(frame((snapshot, job)))
        (size,) = FRAME_HEADER.unpack(await reader.readexactly(FRAME_HEADER.size))
        reply: tuple[Any, ...] = pickle.loads(await reader.readexactly(size))
        return reply

    def kill(self) -> None:
        """Stop the process at once (SIGKILL) and release the socket."""
        self.process.kill()
        self.process.wait(5)
        self._release()

    def stop(self) -> None:
        """Ask the process to exit (SIGTERM); kill it if it does not."""
        self.process.terminate()
        try:
            self.process.wait(2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(2)
        self._release()

    def _release(self) -> None:
        if self._stream is None:
            self._socket.close()
            return
        writer, loop = self._stream[1], self._loop
        with contextlib.suppress(RuntimeError):  # no running loop in this thread
            if asyncio.get_running_loop() is loop:
                writer.close()
                return
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(writer.close)


class _Snapshots:
    """Checkpoints of the store for the workers to read, each made after a write.

    RocksDB cannot safely be read by another process while this one writes
    it, so workers never open the live store: they open a checkpoint (hard
    links, cheap) that nobody writes. An old checkpoint is deleted once it
    has been superseded for longer than any query may still be reading it.
    """

    def __init__(self, root: Path, make: Callable[[str], None], keep_seconds: float) -> None:
        self.root = root
        self.make: Callable[[str], None] | None = make
        self.keep_seconds = keep_seconds
        self.count = 0
        self.superseded: list[tuple[float, Path]] = []
        self.current: Path | None = None

    def take(self) -> str:
        if self.current is None:
            shutil.rmtree(self.root, ignore_errors=True)  # left by a killed server
            self.root.mkdir(parents=True)
        self.count += 1
        target = self.root / f"{self.count:06d}"
        if self.make is None:
            raise StoreError("the query workers' snapshots are closed")
        try:
            self.make(str(target))
        except (OSError, RuntimeError) as error:
            raise StoreError(f"cannot snapshot the store for the query workers: {error}") from None
        if self.current is not None:
            self.superseded.append((time.monotonic(), self.current))
        self.current = target
        self.prune()
        return str(target)

    def prune(self) -> None:
        now = time.monotonic()
        while self.superseded and now - self.superseded[0][0] > self.keep_seconds:
            _, old = self.superseded.pop(0)
            shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        """Delete the snapshots, and let go of the store (its lock goes with it)."""
        self.make = None
        shutil.rmtree(self.root, ignore_errors=True)


class ProcessQueryRunner(QueryRunner):
    """A pool of worker processes reading snapshots of the on-disk store.

    *snapshot* makes a checkpoint of the store in a given (new) folder, e.g.
    ``pyoxigraph.Store.backup``; checkpoints live in *snapshot_root*. Call
    :meth:`start` before use and :meth:`close` after, and
    :meth:`data_changed` after every write. Each query waits at most
    ``timeout`` seconds for a free worker (else :class:`ServerBusy`), then runs
    for at most ``timeout`` seconds (else its worker is killed and
    :class:`QueryTimeout` raised). Jobs and replies travel on the event loop,
    so a query costs this process no thread hand-off; :meth:`run` must always
    be awaited in the same event loop (the service's).
    """

    stops_overruns = True

    def __init__(
        self,
        snapshot: Callable[[str], None],
        snapshot_root: Path,
        *,
        workers: int,
        timeout: float,
        max_rows: int,
    ) -> None:
        self.size = workers
        self.timeout = timeout
        self.max_rows = max_rows
        self._snapshots = _Snapshots(snapshot_root, snapshot, keep_seconds=2 * timeout + 10)
        self._current = ""
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.killed = 0
        """How many workers were killed for overrunning the limit."""

    def start(self) -> None:
        """Snapshot the store and start the worker processes (blocking, well under a second).

        Call it before the event loop serves queries (it fills the idle queue).
        """
        self._current = self._snapshots.take()
        for _ in range(self.size):
            worker = self._spawn()
            if worker is not None:
                self._idle.put_nowait(worker)

    @property
    def worker_pids(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return sorted(w.pid for w in self._workers)

    def _spawn(self) -> _Worker | None:
        """A new worker, counted as live; ``None`` once the runner is closed."""
        worker = _Worker(self._current)
        with self._lock:
            if self._closed:
                worker.stop()
                return None
            self._workers.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        """Kill *worker* and start its replacement in a thread (called in the loop)."""
        with self._lock:
            self._workers.discard(worker)
        worker.kill()
        if self._closed:
            return
        replacement = asyncio.get_running_loop().run_in_executor(None, self._spawn)
        replacement.add_done_callback(self._replaced)

    def _replaced(self, spawned: asyncio.Future[_Worker | None]) -> None:
        if not spawned.cancelled() and spawned.exception() is None:
            worker = spawned.result()
            if worker is not None:
                self._idle.put_nowait(worker)

    def data_changed(self) -> None:
        """Snapshot the store again; every worker reads the new one from its next query."""
        with self._lock:
            if not self._closed:
                self._current = self._snapshots.take()

    async def run(self, job: QueryJob) -> Written:
        """Answer *job* in a worker process, waiting for it on the event loop."""
        if self._idle.empty():
            try:
                worker = await asyncio.wait_for(self._idle.get(), self.timeout)
            except TimeoutError:
                raise ServerBusy(
                    f"every query worker stayed busy for {self.timeout:g} s; try again shortly"
                ) from None
        else:
            worker = self._idle.get_nowait()
        try:
            async with asyncio.timeout(self.timeout):
                reply = await worker.ask(self._current, job)
        except TimeoutError:
            self.killed += 1
            self._retire(worker)
            raise self._timeout_error() from None
        except (asyncio.IncompleteReadError, OSError) as error:
            self._retire(worker)
            raise QueryFailed(f"the query worker stopped unexpectedly ({error!r})") from None
        except BaseException:  # cancelled mid-query: its reply would go to the next job
            self._retire(worker)
            raise
        self._idle.put_nowait(worker)
        return _decode(reply)

    def close(self) -> None:
        """Stop every worker process and delete the snapshots."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop()
        self._snapshots.close()


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
    """The runner that fits *store*: processes for the embedded store, threads otherwise.

    The worker processes' snapshots live beside the store, in ``<data dir>.readers``.
    """
    path = getattr(store, "path", None)
    db = getattr(store, "db", None)
    if store.backend == "embedded" and path is not None and isinstance(db, pyoxigraph.Store):
        root = Path(path).with_name(Path(path).name + ".readers")
        runner = ProcessQueryRunner(
            db.backup, root, workers=workers, timeout=timeout, max_rows=max_rows
        )
        runner.start()
        return runner
    return ThreadQueryRunner(store, workers=workers, timeout=timeout, max_rows=max_rows)
