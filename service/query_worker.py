"""Evaluate one query job on a pyoxigraph store and write its answer.

This module is what a query worker process runs (:func:`worker_main`), and
what the in-process runner calls in a thread (:func:`evaluate`): the same
dataset rules, serialization and row cap either way. It imports no web code,
so worker processes start quickly.

>>> from pyoxigraph import Store
>>> from service.sparql_formats import negotiate
>>> job = QueryJob("ASK { }", formats=negotiate(None, []), max_rows=10)
>>> evaluate(Store(), job).body
b'{"head":{},"boolean":true}'
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import re
import signal
import socket
import struct
import time
from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple

import pyoxigraph
from pyoxigraph import NamedNode

from graph.store import QueryResult
from service.exceptions import MalformedQuery, NotAcceptable, ProtocolError, QueryFailed
from service.sparql_formats import Negotiated
from service.sparql_results import Written, write_answer

__all__ = [
    "FRAME_HEADER",
    "NICENESS",
    "RELEASE_AFTER",
    "QueryJob",
    "evaluate",
    "frame",
    "main",
    "malformed",
    "query_options",
    "read_frame",
    "release_memory",
    "worker_main",
    "write_safely",
]

_POSITION = re.compile(r"error at (\d+):(\d+)")


class QueryJob(NamedTuple):
    """Everything needed to answer one query (a tuple: it crosses to worker processes).

    ``default_graphs``/``named_graphs`` are the protocol's ``default-graph-uri``
    and ``named-graph-uri`` (``None`` when the request gave neither); without
    them, ``union_default`` makes the default graph the union of all graphs
    (it is off when the query has its own ``FROM``). ``variable_order`` gives
    the columns of a ``SELECT *`` in written order.
    """

    sparql: str
    formats: Negotiated
    max_rows: int
    base_iri: str | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    union_default: bool = True
    variable_order: tuple[str, ...] | None = None


def malformed(error: SyntaxError, *, column_shift: int = 0) -> MalformedQuery:
    """The parser's message as :class:`MalformedQuery`, with line and column.

    *column_shift* undoes text the service put before the user's first line.

    >>> m = malformed(SyntaxError("error at 1:26: expected '}'"), column_shift=20)
    >>> str(m), m.line, m.column
    ("error at line 1, column 6: expected '}'", 1, 6)
    """
    message = str(error)
    match = _POSITION.search(message)
    if match is None:
        return MalformedQuery(message)
    line, column = int(match.group(1)), int(match.group(2))
    if line == 1:
        column = max(1, column - column_shift)
    text = _POSITION.sub(f"error at line {line}, column {column}", message, count=1)
    return MalformedQuery(text, line=line, column=column)


def query_options(job: QueryJob) -> dict[str, Any]:
    """Keyword arguments of ``pyoxigraph.Store.query`` for the job's dataset.

    >>> query_options(QueryJob("ASK {}", formats=None, max_rows=1))  # type: ignore[arg-type]
    {'use_default_graph_as_union': True}
    >>> query_options(QueryJob("ASK {}", formats=None, max_rows=1,  # type: ignore[arg-type]
    ...               default_graphs=("http://g",)))
    {'default_graph': [<NamedNode value=http://g>], 'named_graphs': []}
    """
    options: dict[str, Any] = {}
    if job.base_iri:
        options["base_iri"] = job.base_iri
    if job.default_graphs is not None or job.named_graphs is not None:
        try:
            options["default_graph"] = [NamedNode(g) for g in job.default_graphs or ()]
            options["named_graphs"] = [NamedNode(g) for g in job.named_graphs or ()]
        except ValueError as error:
            raise ProtocolError(f"a dataset graph is not a valid IRI: {error}") from None
    elif job.union_default:
        options["use_default_graph_as_union"] = True
    return options


def evaluate(store: pyoxigraph.Store, job: QueryJob) -> Written:
    """Run *job* on *store* and write the answer; raises the service's errors.

    >>> from pyoxigraph import Store
    >>> from service.sparql_formats import negotiate
    >>> evaluate(Store(), QueryJob("ASK {", formats=negotiate(None, []), max_rows=1))
    Traceback (most recent call last):
    ...
    service.exceptions.MalformedQuery: error at line 1, column 6: ...
    """
    return write_safely(lambda: store.query(job.sparql, **query_options(job)), job)


def write_safely(
    run: Callable[[], QueryResult], job: QueryJob, *, column_shift: int = 0
) -> Written:
    """Run a query and write its answer, raising only fresh service errors.

    pyoxigraph answers must be dropped by the thread that made them, so no
    error leaving here carries a traceback that still holds the answer.
    """
    failure: Exception
    try:
        answer = run()
        try:
            return write_answer(
                answer, job.formats, job.max_rows, prefixes=_prefixes(), order=job.variable_order
            )
        finally:
            del answer
    except SyntaxError as error:
        failure = malformed(error, column_shift=column_shift)
    except NotAcceptable as error:
        failure = NotAcceptable(str(error))
    except ProtocolError as error:
        failure = ProtocolError(str(error))
    except (RuntimeError, ValueError, TypeError) as error:
        failure = QueryFailed(f"the query failed while running: {error}")
    raise failure


_PREFIXES: dict[str, str] | None = None


def _prefixes() -> dict[str, str]:
    """The project's prefixes, used to make Turtle and RDF/XML output readable."""
    global _PREFIXES
    if _PREFIXES is None:
        from ontology.namespaces import PREFIXES

        _PREFIXES = {str(k): str(v) for k, v in PREFIXES.items()}
    return _PREFIXES


class _Snapshots:
    """The worker's read-only view: the latest snapshot of the store it was sent."""

    def __init__(self) -> None:
        self.path = ""
        self.store: pyoxigraph.Store | None = None

    def at(self, path: str) -> pyoxigraph.Store:
        if self.store is None or path != self.path:
            self.store = None
            self.store = pyoxigraph.Store.read_only(path)
            self.path = path
        return self.store


NICENESS = 10
"""Workers run at this lower CPU priority than the service process.

The service process accepts every connection and answers the API; when
queries keep the CPUs busy it must still get its turn promptly (on a
2-core machine this raised look-up throughput by about a fifth), and a
runaway query then slows other users' requests less.
"""

FRAME_HEADER = struct.Struct("!Q")
"""Messages between the service and a worker: this 8-byte length, then a pickle."""


def frame(message: object) -> bytes:
    """*message* framed for the socket between the service and a worker.

    >>> framed = frame(("ok", 1))
    >>> FRAME_HEADER.unpack(framed[:8])[0] == len(framed) - 8
    True
    """
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return FRAME_HEADER.pack(len(data)) + data


def read_frame(sock: socket.socket) -> Any:
    """The next message on a blocking *sock*; :class:`EOFError` when it closes.

    >>> ours, theirs = socket.socketpair()
    >>> ours.sendall(frame({"a": 1}))
    >>> read_frame(theirs)
    {'a': 1}
    >>> ours.close(); theirs.close()
    """
    (size,) = FRAME_HEADER.unpack(_read_exactly(sock, FRAME_HEADER.size))
    return pickle.loads(_read_exactly(sock, size))


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    buffer = bytearray(size)
    view, got = memoryview(buffer), 0
    while got < size:
        n = sock.recv_into(view[got:])
        if n == 0:
            raise EOFError("the service closed the socket")
        got += n
    return bytes(buffer)


def worker_main(sock: socket.socket, snapshot: str) -> None:
    """Serve ``(snapshot, job)`` messages from *sock* until it closes (or SIGTERM comes).

    *snapshot* is the store snapshot to read (a RocksDB checkpoint the
    service makes after every write, which nobody writes to); the worker
    reopens when it changes. Replies are ``("ok", Written)`` or ``("error",
    class name, message, line, column)``, framed by :func:`frame`. The
    service kills this process when a job overruns its limit.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(NICENESS)
    view = _Snapshots()
    _prefixes()  # import the vocabulary now, not during the first query
    with contextlib.suppress(OSError, RuntimeError):  # reported with the first job
        view.at(snapshot)
    while True:
        try:
            message = read_frame(sock)
        except (EOFError, OSError):
            return
        current, job = message
        started = time.monotonic()
        try:
            reply: tuple[Any, ...] = ("ok", evaluate(view.at(current), job))
        except MalformedQuery as error:
            reply = ("error", "MalformedQuery", str(error), error.line, error.column)
        except (NotAcceptable, ProtocolError, QueryFailed) as error:
            reply = ("error", type(error).__name__, str(error), None, None)
        except Exception as error:
            reply = ("error", "QueryFailed", f"{type(error).__name__}: {error}", None, None)
        try:
            sock.sendall(frame(reply))
        except OSError:
            return
        if time.monotonic() - started >= RELEASE_AFTER:
            release_memory()


RELEASE_AFTER = 0.1
"""After a job that ran this long (seconds), a worker hands its freed memory back.

Long queries build large intermediate results; glibc keeps the memory they
freed, so each worker would stay as large as its largest query so far (about
30 MiB more each at England scale). Look-ups, which take milliseconds, never pay
for the release."""


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):  # not glibc: nothing to release this way
        return None
    return trim


def release_memory() -> bool:
    """Return freed heap memory to the system (glibc's ``malloc_trim``); False elsewhere.

    >>> release_memory()  # on glibc (Debian)
    True
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def main(argv: list[str] | None = None) -> None:
    """Entry point of a worker process: ``python -m service.query_worker FD SNAPSHOT``.

    *FD* is the worker's end of a socket pair inherited from the service,
    *SNAPSHOT* the store snapshot to open first.
    """
    import sys

    fd, snapshot = (argv if argv is not None else sys.argv[1:])[:2]
    worker_main(socket.socket(fileno=int(fd)), snapshot)


if __name__ == "__main__":
    main()
