"""Minting stable IRIs for bodies, posts, people, relationships, documents and sources.

Every IRI is ``https://w3id.org/oversight/id/`` followed by a *key*: a short path
that analysts also use in arrangement files. Keys come from real identifiers
where one exists (DfE LA code, GIAS URN, GIAS group UID) and otherwise from a slug
scoped by the local authority.

=====================================  ==========================================
thing                                  key
=====================================  ==========================================
local authority (DfE LA code)          ``la/380``
body or post of a council              ``la/380/education-improvement-strategy-board``
person named in a council's papers     ``la/380/person/judith-kirk``
council with no DfE code               ``council/<slug>``
national body                          ``national/dfe``, ``national/ofsted``
post of a national body                ``national/ofsted/regional-inspector``
regional schools commissioner          ``rsc/<region-slug>``
region (ONS code)                      ``region/E12000003``
academy trust or other GIAS group      ``group/<group UID>``
school (GIAS URN)                      ``school/<URN>``
teaching school hub                    ``hub/<slug>``
diocese                                ``diocese/<slug>``
relationship                           ``relationship/<hash or analyst id>``
source document                        ``document/<slug>``
source (named graph)                   ``source/<name>``
=====================================  ==========================================

>>> la_iri("380")
'https://w3id.org/oversight/id/la/380'
>>> key_to_iri("la/380/eisb")
'https://w3id.org/oversight/id/la/380/eisb'
>>> iri_to_key("https://w3id.org/oversight/id/school/107325")
'school/107325'
>>> slugify("Children's Services Improvement Board (2)")
'childrens-services-improvement-board-2'
>>> relationship_key(["la/380/dd"], "meetsWith", ["national/dfe"])
'relationship/7bbb9f6d7f84'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from ontology.namespaces import ID

__all__ = [
    "ID_PREFIX",
    "InvalidKey",
    "document_iri",
    "group_iri",
    "iri_to_key",
    "is_key",
    "key_to_iri",
    "la_iri",
    "national_iri",
    "relationship_key",
    "school_iri",
    "slugify",
    "source_iri",
]

ID_PREFIX = str(ID)

_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")


class InvalidKey(ValueError):
    """A key that cannot be turned into an IRI (spaces, empty segments, ...)."""


def slugify(text: str) -> str:
    """Lower-case ASCII slug: words joined by hyphens, apostrophes dropped.

    >>> slugify("Leicester City Children’s Improvement Board")
    'leicester-city-childrens-improvement-board'
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’`]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def is_key(text: str) -> bool:
    """True when *text* is a well-formed key.

    >>> is_key("la/380/eisb"), is_key("la/380 eisb"), is_key("la//380")
    (True, False, False)
    """
    return bool(_KEY.match(text))


def key_to_iri(key: str) -> str:
    """Expand a key to the full IRI, refusing malformed keys.

    >>> key_to_iri("la/ 380")
    Traceback (most recent call last):
    ...
    ontology.identifiers.InvalidKey: not a valid identifier key: 'la/ 380'
    """
    if not is_key(key):
        raise InvalidKey(f"not a valid identifier key: {key!r}")
    return ID_PREFIX + key


def iri_to_key(iri: str) -> str:
    """Inverse of :func:`key_to_iri`; IRIs outside our namespace are returned unchanged.

    >>> iri_to_key("http://example.org/x")
    'http://example.org/x'
    """
    return iri[len(ID_PREFIX) :] if iri.startswith(ID_PREFIX) else iri


def la_iri(la_code: str | int) -> str:
    """IRI of a local authority from its three-digit DfE LA code.

    >>> la_iri(856)
    'https://w3id.org/oversight/id/la/856'
    """
    code = str(la_code).strip()
    if not code.isdigit():
        raise InvalidKey(f"a DfE LA code is three digits, got {la_code!r}")
    return key_to_iri(f"la/{int(code):03d}")


def national_iri(slug: str) -> str:
    """IRI of a national body (``dfe``, ``ofsted``, ``lga``, ``parliament``).

    >>> national_iri("dfe")
    'https://w3id.org/oversight/id/national/dfe'
    """
    return key_to_iri(f"national/{slug}")


def school_iri(urn: str | int) -> str:
    """IRI of a school from its GIAS URN.

    >>> school_iri("100000")
    'https://w3id.org/oversight/id/school/100000'
    """
    return key_to_iri(f"school/{int(urn)}")


def group_iri(uid: str | int) -> str:
    """IRI of an academy trust or other GIAS group from its group UID.

    >>> group_iri(16789)
    'https://w3id.org/oversight/id/group/16789'
    """
    return key_to_iri(f"group/{int(uid)}")


def document_iri(slug: str) -> str:
    """IRI of a source document.

    >>> document_iri("bradford-2017-06-27-gac-report")
    'https://w3id.org/oversight/id/document/bradford-2017-06-27-gac-report'
    """
    return key_to_iri(f"document/{slug}")


def source_iri(name: str) -> str:
    """IRI of a source, which is also the name of the graph holding its triples.

    >>> source_iri("seed")
    'https://w3id.org/oversight/id/source/seed'
    """
    return key_to_iri(f"source/{name}")


def relationship_key(subjects: Iterable[str], kind: str, objects: Iterable[str]) -> str:
    """Deterministic key for a relationship with no analyst-given id.

    The same parties and kind always give the same key, whatever their order.
    """
    text = "|".join([";".join(sorted(subjects)), kind, ";".join(sorted(objects))])
    return "relationship/" + hashlib.sha1(text.encode()).hexdigest()[:12]
