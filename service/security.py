"""Bearer tokens with roles, and who may query or update.

The policy, safe by default:

* **No tokens configured** — anyone may query; SPARQL Update is refused (403).
* **Only write tokens** — anyone may query; updates need a write token
  (401 without a token or with an unknown one, 403 with a read token).
* **Any read token** — the server is private: queries need a read or write
  token too (401 otherwise), updates a write token.

Tokens are compared with :func:`hmac.compare_digest` against every configured
token (no early exit), are never logged, never echoed in error messages, and
hidden from the settings' ``repr``.

>>> policy = TokenPolicy({"r-token": "read", "w-token": "write"})
>>> policy.role_of("Bearer w-token")
'write'
>>> policy.role_of("Bearer nope") is None
True
>>> policy.check_query("Bearer r-token")
>>> policy.check_update("Bearer r-token")
Traceback (most recent call last):
...
service.exceptions.PermissionDenied: this token may only query; SPARQL Update needs a write token
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from service.exceptions import AuthenticationRequired, PermissionDenied, UpdatesDisabled
from service.settings import Role

__all__ = ["TokenPolicy", "bearer_token"]


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, else ``None``.

    >>> bearer_token("Bearer abc"), bearer_token("bearer  abc "), bearer_token("Basic x")
    ('abc', 'abc', None)
    """
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


class TokenPolicy:
    """Who may do what, from the configured ``token → role`` mapping."""

    def __init__(self, tokens: Mapping[str, Role]) -> None:
        self._tokens = [(token.encode(), role) for token, role in tokens.items() if token]
        self.writes_enabled = any(role == "write" for _, role in self._tokens)
        self.private = any(role == "read" for _, role in self._tokens)

    def __repr__(self) -> str:
        return (
            f"TokenPolicy({len(self._tokens)} token(s), writes_enabled={self.writes_enabled}, "
            f"private={self.private})"
        )

    def role_of(self, authorization: str | None) -> Role | None:
        """The role of the request's bearer token (``None``: no token or unknown)."""
        token = bearer_token(authorization)
        if token is None:
            return None
        given = token.encode()
        found: Role | None = None
        for known, role in self._tokens:
            if hmac.compare_digest(given, known):
                found = role
        return found

    def check_query(self, authorization: str | None) -> None:
        """Allow a query, or raise :class:`AuthenticationRequired` on a private server.

        >>> TokenPolicy({}).check_query(None)
        >>> TokenPolicy({"t": "read"}).check_query(None)
        Traceback (most recent call last):
        ...
        service.exceptions.AuthenticationRequired: this server is private: send ...
        """
        if not self.private:
            return
        if self.role_of(authorization) is None:
            raise AuthenticationRequired(
                "this server is private: send a read or write token as "
                "'Authorization: Bearer <token>'"
            )

    def check_update(self, authorization: str | None) -> None:
        """Allow an update only with a write token.

        >>> TokenPolicy({}).check_update("Bearer x")
        Traceback (most recent call last):
        ...
        service.exceptions.UpdatesDisabled: SPARQL Update is disabled on this server: ...
        """
        if not self.writes_enabled:
            raise UpdatesDisabled(
                "SPARQL Update is disabled on this server: no write token is configured "
                "(set OVERSIGHT_TOKENS or start with --token write:<token>)"
            )
        role = self.role_of(authorization)
        if role is None:
            raise AuthenticationRequired(
                "SPARQL Update needs a write token: send 'Authorization: Bearer <token>'"
            )
        if role != "write":
            raise PermissionDenied("this token may only query; SPARQL Update needs a write token")
