"""A small SPARQL tokenizer: enough to see keywords, IRIs and prefixes safely.

It is not a parser. It splits a query or update into tokens the way the SPARQL
grammar's terminals do, so that the text inside IRIs, strings and comments is
never mistaken for a keyword, and a keyword is never hidden by odd spacing,
comments, case or prefixes. The service uses it to refuse ``SERVICE`` and
``LOAD`` (:mod:`service.sparql_guard`), to see dataset clauses, and to add
``USING`` clauses to updates (:mod:`service.update_dataset`).

>>> [t.text for t in tokenize("SELECT ?s # a comment\\nWHERE { ?s a <x:y> }")]
['SELECT', '?s', 'WHERE', '{', '?s', 'a', '<x:y>', '}']
>>> [t.kind for t in tokenize("ex:thing 'text' _:b 12 @en")]
['pname', 'string', 'bnode', 'number', 'langtag']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Token",
    "TokenKind",
    "has_dataset_clause",
    "iri_value",
    "keyword_tokens",
    "select_star_order",
    "tokenize",
    "unescape_codepoints",
    "variants",
]

TokenKind = Literal["iri", "pname", "var", "bnode", "string", "number", "langtag", "word", "punct"]

_LONG_STRING = r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''" + r'|"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
_SHORT_STRING = r"'(?:[^'\\\n\r]|\\.)*'" + r'|"(?:[^"\\\n\r]|\\.)*"'
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
    "\U00010000-\U000effff"
)
_VAR_CHARS = _PN_CHARS_BASE + r"_0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_CHARS = _VAR_CHARS + r"\-"
_PNAME = (
    rf"(?:[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?:"
    rf"(?:(?:[{_PN_CHARS}:]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])"
    rf"(?:(?:[{_PN_CHARS}.:]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])*"
    rf"(?:[{_PN_CHARS}:]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%]))?)?"
)

_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<space>\s+)",
            r"(?P<comment>#[^\r\n]*)",
            r"(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)",
            rf"(?P<string>{_LONG_STRING}|{_SHORT_STRING})",
            rf"(?P<var>[?$][{_VAR_CHARS}]+)",
            rf"(?P<bnode>_:[{_PN_CHARS}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)",
            rf"(?P<pname>{_PNAME})",
            r"(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
            r"(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)",
            r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
            r"(?P<punct>\^\^|&&|\|\||<=|>=|!=|.)",
        ]
    ),
    re.DOTALL,
)

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind, its exact text and where it starts in the input."""

    kind: TokenKind
    text: str
    start: int

    @property
    def upper(self) -> str:
        """The text in upper case (keywords are case-insensitive)."""
        return self.text.upper()


def unescape_codepoints(text: str) -> str:
    r"""Replace ``\uXXXX`` and ``\UXXXXXXXX`` escapes, as SPARQL allows before parsing.

    >>> unescape_codepoints(r"SERV\u0049CE")
    'SERVICE'
    >>> unescape_codepoints(r"no \escape")
    'no \\escape'
    """

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _CODEPOINT.sub(replace, text)


def tokenize(text: str) -> Iterator[Token]:
    """The tokens of *text*, skipping white space and comments.

    Text that is not valid SPARQL still tokenizes (odd characters become
    ``punct`` tokens), so callers can inspect a query before the engine parses it.

    >>> [(t.kind, t.text) for t in tokenize('SERVICE<http://h/>{"}"}')]
    [('word', 'SERVICE'), ('iri', '<http://h/>'), ('punct', '{'), ('string', '"}"'), ('punct', '}')]
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("space", "comment") or kind is None:
            continue
        value = match.group()
        if kind == "pname" and value.endswith(".") and not value.endswith("\\."):
            # a trailing dot ends the triple, it is not part of the local name
            yield Token("pname", value.rstrip("."), match.start())
            yield Token("punct", ".", match.end() - 1)
            continue
        yield Token(kind, value, match.start())  # type: ignore[arg-type]


def iri_value(token: Token) -> str:
    """The IRI inside an ``iri`` token, with codepoint escapes applied.

    >>> iri_value(next(tokenize(r"<http://ex\\u0061mple.org/>")))
    'http://example.org/'
    """
    return unescape_codepoints(token.text[1:-1])


def keyword_tokens(text: str, *keywords: str) -> list[Token]:
    """The ``word`` tokens of *text* equal (case-insensitively) to one of *keywords*.

    >>> [t.start for t in keyword_tokens("select * from <g> { ?from ?p 'FROM' }", "FROM")]
    [9]
    """
    wanted = {k.upper() for k in keywords}
    return [t for t in tokenize(text) if t.kind == "word" and t.upper in wanted]


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset with ``FROM`` or ``FROM NAMED``.

    >>> has_dataset_clause("SELECT * FROM <http://g> { ?s ?p ?o }")
    True
    >>> has_dataset_clause("SELECT ?from { ?from <http://p/FROM> 'from' } # FROM")
    False
    """
    return any(
        "FROM" in text.upper() and bool(keyword_tokens(text, "FROM")) for text in variants(query)
    )


def variants(text: str) -> list[str]:
    r"""*text* as written and, if it has codepoint escapes, with them applied.

    >>> variants("ASK {}"), variants(r"ASK { ?s ?p '\u0041' }")[1]
    (['ASK {}'], "ASK { ?s ?p 'A' }")
    """
    if "\\u" in text or "\\U" in text:
        return [text, unescape_codepoints(text)]
    return [text]


def select_star_order(query: str) -> tuple[str, ...] | None:
    """For ``SELECT *``, the variables in the order they first appear; else ``None``.

    The engine lists the variables of ``SELECT *`` alphabetically; analysts
    (and the W3C result tests) expect the order they wrote them in.

    >>> select_star_order("SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?p2 $o2 } }")
    ('s', 'p', 'o', 'p2', 'o2')
    >>> select_star_order("SELECT ?o ?s WHERE { ?s ?p ?o }") is None
    True
    """
    if "*" not in query:
        return None  # most queries: no need to tokenize
    tokens = tokenize(query)
    for token in tokens:
        if token.kind == "word" and token.upper == "SELECT":
            break
    else:
        return None
    following = next(tokens, None)
    while (
        following is not None
        and following.kind == "word"
        and following.upper
        in (
            "DISTINCT",
            "REDUCED",
        )
    ):
        following = next(tokens, None)
    if following is None or following.text != "*":
        return None
    names = dict.fromkeys(t.text[1:] for t in tokens if t.kind == "var")
    return tuple(names)
