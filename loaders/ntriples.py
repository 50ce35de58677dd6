"""RDF terms written as N-Triples text, exactly as pyoxigraph writes them.

The mapper (:mod:`loaders.mapper`) writes its triples as N-Triples lines, which
the store's bulk loader parses without a Python object per term. These helpers
give each term the text that ``str()`` of the pyoxigraph term gives (and that
``pyoxigraph.serialize`` writes), so both roads read back to the same RDF:

* :func:`iri` checks an IRI with pyoxigraph's own parser (RFC 3987) before
  writing it: a bad IRI is a :class:`TermError` here, never a line the store
  refuses later;
* :func:`key_iri` writes the IRI of an identifier key, which
  :func:`ontology.identifiers.key_to_iri` already restricts to ASCII letters,
  digits and ``._-/``, so it needs no check;
* :func:`literal` escapes as the N-Triples grammar demands (``"``, ``\\``, line
  feed, carriage return) and as Oxigraph does beyond that (the other control
  characters, as ``\\t``, ``\\b``, ``\\f`` or ``\\uXXXX``). A string that is not
  valid Unicode (a lone surrogate) is a :class:`TermError`.

>>> iri("https://w3id.org/oversight/def#Body")
'<https://w3id.org/oversight/def#Body>'
>>> literal('He said "no"\\n')
'"He said \\\\"no\\\\"\\\\n"'
>>> typed(3), typed(True)
('"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>')
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from ontology.identifiers import key_to_iri

__all__ = ["TermError", "date_literal", "iri", "key_iri", "literal", "typed"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE = f"<{_XSD}date>"

_ESCAPES: dict[int, str] = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)}
_ESCAPES.update(
    {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
)
_SPECIAL = re.compile(r'[\x00-\x1f"\\\x7f]')


class TermError(ValueError):
    """A value that cannot be written as an RDF term (a bad IRI, a lone surrogate)."""


@lru_cache(maxsize=1 << 12)
def iri(value: str) -> str:
    """``<value>``, once pyoxigraph accepts *value* as an absolute IRI.

    >>> iri("not an iri")
    Traceback (most recent call last):
    ...
    loaders.ntriples.TermError: not a valid IRI: 'not an iri'
    """
    try:
        return str(NamedNode(value))
    except ValueError:
        raise TermError(f"not a valid IRI: {value!r}") from None


@lru_cache(maxsize=1 << 14)
def key_iri(key: str) -> str:
    """The IRI of an identifier key, as a term (an invalid key raises ``InvalidKey``).

    >>> key_iri("la/380")
    '<https://w3id.org/oversight/id/la/380>'
    """
    return f"<{key_to_iri(key)}>"


def literal(text: str) -> str:
    """A plain string literal (``xsd:string``).

    >>> literal("tab\\there"), literal("\\x00")
    ('"tab\\\\there"', '"\\\\u0000"')
    >>> literal("\\ud800")
    Traceback (most recent call last):
    ...
    loaders.ntriples.TermError: not valid Unicode: '\\ud800'
    """
    if not text.isascii():
        try:
            text.encode()
        except UnicodeEncodeError:
            raise TermError(f"not valid Unicode: {text!r}") from None
    if _SPECIAL.search(text):
        text = text.translate(_ESCAPES)
    return f'"{text}"'


def date_literal(value: date) -> str:
    """An ``xsd:date`` literal.

    >>> date_literal(date(2024, 9, 1))
    '"2024-09-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    return f'"{value.isoformat()}"^^{_DATE}'


def typed(value: object) -> str:
    """The literal pyoxigraph's ``Literal(value)`` makes of a string, boolean, integer or float.

    >>> typed("x"), typed(1.5)
    ('"x"', '"1.5"^^<http://www.w3.org/2001/XMLSchema#double>')
    """
    if isinstance(value, str):
        return literal(value)
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{_XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{_XSD}integer>'
    if isinstance(value, float):
        return str(Literal(value))
    raise TermError(f"no literal for a {type(value).__name__}: {value!r}")
