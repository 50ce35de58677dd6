"""Named errors of the projection, path and gap modules.

Every error the graph algorithms raise derives from :class:`GraphError`, so the
service maps them to HTTP statuses in one place and the CLI prints them plainly.

>>> raise NodeNotFound("la/999")
Traceback (most recent call last):
...
graph.errors.NodeNotFound: no body, post or person with key 'la/999' in the graph
>>> issubclass(NoPath, GraphError), issubclass(InvalidQuery, ValueError)
(True, True)
"""

from __future__ import annotations

__all__ = [
    "ExpectationsError",
    "GraphError",
    "InvalidQuery",
    "NoPath",
    "NodeNotFound",
]


class GraphError(Exception):
    """Base of every error raised by :mod:`graph.projection`, :mod:`graph.paths`, gaps."""


class NodeNotFound(GraphError, LookupError):
    """A key that names no body, post or person in the projection."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"no body, post or person with key {key!r} in the graph")

    def __str__(self) -> str:
        return str(self.args[0])


class NoPath(GraphError):
    """No chain of oversight joins two bodies under the given filters."""

    def __init__(self, source: str, target: str, detail: str = "") -> None:
        self.source = source
        self.target = target
        extra = f" ({detail})" if detail else ""
        super().__init__(f"no oversight chain between {source!r} and {target!r}{extra}")


class InvalidQuery(GraphError, ValueError):
    """A query parameter the algorithms cannot use (unknown kind, rule, bad cutoff...)."""


class ExpectationsError(GraphError, ValueError):
    """The expectations configuration file is malformed; the message names file, line, field."""
