"""Comparing the names of councils and districts as different publishers spell them.

>>> name_key("Bristol, City of") == name_key("bristol city of")
True
>>> name_key("St. Helens"), name_key("Brighton & Hove")
('st helens', 'brighton and hove')
>>> pre_lgr_name("Pre-LGR 2019 Dorset")
'Dorset'
>>> strip_compass("North Yorkshire E."), strip_compass("Birmingham South")
('North Yorkshire', 'Birmingham')
>>> best_label(["bradford", "Bradford", "BRADFORD MDC"])
['Bradford', 'BRADFORD MDC']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["best_label", "name_key", "pre_lgr_name", "strip_compass"]

_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_PRE_LGR = re.compile(r"^pre-lgr \d{4} (.+)$", re.IGNORECASE)
_COMPASS = re.compile(r"\s+(north|south|east|west|n|s|e|w)\.?$", re.IGNORECASE)


def name_key(name: str) -> str:
    """A name reduced for matching: case-folded, '&' as 'and', no punctuation."""
    text = name.casefold().replace("&", " and ").replace("’", "").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def pre_lgr_name(name: str) -> str | None:
    """GIAS names councils abolished by reorganisation 'Pre-LGR <year> <name>'."""
    match = _PRE_LGR.match(name.strip())
    return match[1] if match else None


def strip_compass(name: str) -> str:
    """A district split by hub areas ('North Yorkshire E.') without its compass point."""
    return _COMPASS.sub("", name.strip())


def best_label(names: Iterable[str]) -> list[str]:
    """Distinct names (by :func:`name_key`), preferring a spelling with capitals."""
    chosen: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())
        if not name:
            continue
        key = name_key(name)
        current = chosen.get(key)
        if current is None or (current.islower() and not name.islower()):
            chosen[key] = name
    return list(chosen.values())
