"""Refuse ``SERVICE`` and ``LOAD`` unless their target host is allowed.

A query must never make the server call another host. Oxigraph executes
``SERVICE`` and ``LOAD`` itself, and its parser matches keywords without a
word boundary (``SERVICEex:x`` or ``trueSERVICE<…>`` read as the keyword), so
the check is deliberately wider than a normal tokenizer:

* the text is tokenized as written and again with ``\\uXXXX`` escapes applied,
  so nothing hides in comments, strings, IRIs, case or escapes;
* any word (or the prefix of a prefixed name, or a language tag) that merely
  *contains* ``SERVICE`` or ``LOAD`` counts as the keyword;
* a target is allowed only when the keyword stands alone, is followed by an
  IRI or a declared prefixed name (after an optional ``SILENT``), resolves
  against the same base IRI the engine uses, is ``http``/``https``, and its
  host is on the allow-list. Variables and anything unclear are refused.

>>> check_remote_access("SELECT * { ?s ?p ?o }", allowlist=[], base_iri=None)
>>> check_remote_access("SELECT * { SERVICE <http://h.example/s> { ?s ?p ?o } }",
...                     allowlist=[], base_iri=None)
Traceback (most recent call last):
...
service.exceptions.RemoteAccessRefused: SERVICE is refused: this server never calls other hosts ...
>>> check_remote_access("SELECT * { SERVICE <http://h.example/s> { ?s ?p ?o } }",
...                     allowlist=["h.example"], base_iri=None)
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from service.exceptions import RemoteAccessRefused
from service.sparql_lexer import Token, iri_value, tokenize, variants

__all__ = ["RemoteTarget", "check_remote_access", "remote_targets"]

_KEYWORDS = ("SERVICE", "LOAD")


@dataclass(frozen=True, slots=True)
class RemoteTarget:
    """A place where the text may call another host: the keyword and its resolved IRI.

    ``iri`` is ``None`` when the target cannot be known before evaluation (a
    variable, an undeclared prefix, a keyword glued to other text).
    """

    keyword: str
    iri: str | None
    reason: str = ""


def _keyword_in(token: Token) -> str | None:
    """The keyword this token may be read as by the engine, if any."""
    if token.kind in ("word", "langtag"):
        text = token.upper
    elif token.kind == "pname":
        text = token.upper.split(":", 1)[0]
    else:
        return None
    for keyword in _KEYWORDS:
        if keyword in text:
            return keyword
    return None


def _local_name(local: str) -> str:
    """A prefixed name's local part with its backslash escapes removed."""
    out, escaped = [], False
    for char in local:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            out.append(char)
    return "".join(out)


def _resolve(token: Token | None, prefixes: dict[str, str], base: str | None) -> str | None:
    if token is None:
        return None
    if token.kind == "iri":
        value = iri_value(token)
        return urljoin(base, value) if base else value
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        namespace = prefixes.get(prefix)
        return None if namespace is None else namespace + _local_name(local)
    return None


def _targets_in(text: str, base_iri: str | None) -> Iterator[RemoteTarget]:
    tokens = list(tokenize(text))
    prefixes: dict[str, str] = {}
    base = base_iri
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.kind == "word" and token.upper == "BASE" and following is not None:
            if following.kind == "iri":
                base = _resolve(following, prefixes, base)
        elif token.kind == "word" and token.upper == "PREFIX" and following is not None:
            after = tokens[i + 2] if i + 2 < len(tokens) else None
            if following.kind == "pname" and following.text.endswith(":"):
                iri = _resolve(after, prefixes, base) if after and after.kind == "iri" else None
                if iri is not None:
                    prefixes[following.text[:-1]] = iri
        keyword = _keyword_in(token)
        if keyword is None:
            continue
        if token.kind == "word" and token.upper == keyword:
            j = i + 1
            if j < len(tokens) and tokens[j].kind == "word" and tokens[j].upper == "SILENT":
                j += 1
            target = tokens[j] if j < len(tokens) else None
            iri = _resolve(target, prefixes, base)
            reason = "" if iri else "its target is not an IRI known before the query runs"
            yield RemoteTarget(keyword, iri, reason)
        else:
            yield RemoteTarget(
                keyword, None, f"{token.text!r} would be read as {keyword} by the SPARQL engine"
            )


def remote_targets(text: str, *, base_iri: str | None) -> list[RemoteTarget]:
    """Every ``SERVICE``/``LOAD`` in *text*, as written and with escapes applied.

    >>> remote_targets("PREFIX e: <http://h.example/> LOAD SILENT e:data", base_iri=None)
    [RemoteTarget(keyword='LOAD', iri='http://h.example/data', reason='')]
    >>> remote_targets("SELECT * { SERVICEe:x { } }", base_iri=None)[0].iri is None
    True
    """
    found: list[RemoteTarget] = []
    for variant in variants(text):
        upper = variant.upper()
        if not any(keyword in upper for keyword in _KEYWORDS):
            continue  # no keyword can be read where its letters do not appear
        for target in _targets_in(variant, base_iri):
            if target not in found:
                found.append(target)
    return found


def check_remote_access(text: str, *, allowlist: Collection[str], base_iri: str | None) -> None:
    """Raise :class:`RemoteAccessRefused` unless every remote target's host is allowed.

    >>> check_remote_access("LOAD <http://evil.example/x>", allowlist=["h.example"],
    ...                     base_iri=None)
    Traceback (most recent call last):
    ...
    service.exceptions.RemoteAccessRefused: LOAD <http://evil.example/x> is refused: ...
    """
    allowed = {host.lower() for host in allowlist}
    for target in remote_targets(text, base_iri=base_iri):
        if not allowed:
            raise RemoteAccessRefused(
                f"{target.keyword} is refused: this server never calls other hosts "
                "(an administrator can allow some with OVERSIGHT_SERVICE_ALLOWLIST)"
            )
        if target.iri is None:
            raise RemoteAccessRefused(
                f"{target.keyword} is refused: {target.reason}; write it as "
                f"{target.keyword} <http://allowed-host/...>"
            )
        parts = urlsplit(target.iri)
        host = (parts.hostname or "").lower()
        if parts.scheme.lower() not in ("http", "https") or host not in allowed:
            raise RemoteAccessRefused(
                f"{target.keyword} <{target.iri}> is refused: host {host or '(none)'!s} "
                f"is not on the allow-list ({', '.join(sorted(allowed))})"
            )
