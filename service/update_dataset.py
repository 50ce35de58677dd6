"""Apply the protocol's ``using-graph-uri``/``using-named-graph-uri`` to an update.

The SPARQL 1.1 Protocol lets an update request name the dataset of its
``WHERE`` clauses with parameters; that is the same as writing ``USING`` /
``USING NAMED`` in every ``DELETE``/``INSERT … WHERE`` operation, which is
what :func:`with_using_clauses` does (the engine then parses the result).
An update that already says ``USING`` or ``WITH`` conflicts with the
parameters and is refused, as the protocol requires.

>>> with_using_clauses("INSERT { ?s a <http://t> } WHERE { ?s ?p ?o }", ["http://g"], [])
'INSERT { ?s a <http://t> } USING <http://g> WHERE { ?s ?p ?o }'
"""

from __future__ import annotations

from collections.abc import Sequence

from pyoxigraph import NamedNode

from service.exceptions import DatasetConflict, ProtocolError
from service.sparql_lexer import tokenize

__all__ = ["with_using_clauses"]


def _checked_iri(value: str) -> str:
    try:
        return NamedNode(value).value
    except ValueError as error:
        raise ProtocolError(f"not an IRI: {value!r} ({error})") from None


def with_using_clauses(
    update: str, using_graphs: Sequence[str], using_named_graphs: Sequence[str]
) -> str:
    """*update* with ``USING`` clauses for the given graphs before each top-level ``WHERE``.

    Raises :class:`DatasetConflict` if the update has its own ``USING`` or ``WITH``.

    >>> with_using_clauses("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ...                    [], ["http://n"])
    Traceback (most recent call last):
    ...
    service.exceptions.DatasetConflict: ...
    >>> with_using_clauses("CLEAR ALL", [], [])
    'CLEAR ALL'
    """
    if not using_graphs and not using_named_graphs:
        return update
    clause = " ".join(
        [f"USING <{_checked_iri(g)}>" for g in using_graphs]
        + [f"USING NAMED <{_checked_iri(g)}>" for g in using_named_graphs]
    )
    depth = 0
    previous = ""
    insert_at: list[int] = []
    for token in tokenize(update):
        if token.kind == "punct" and token.text == "{":
            depth += 1
        elif token.kind == "punct" and token.text == "}":
            depth -= 1
        elif token.kind == "word" and depth == 0:
            word = token.upper
            if word in ("USING", "WITH"):
                raise DatasetConflict(
                    f"the update says {word} and the request gives using-graph-uri or "
                    "using-named-graph-uri: use one or the other"
                )
            if word == "WHERE" and previous != "DELETE":
                insert_at.append(token.start)
        previous = token.upper if token.kind == "word" else ""
    for start in reversed(insert_at):
        update = f"{update[:start]}{clause} {update[start:]}"
    return update
