"""Errors raised by the national open-data loaders.

>>> str(WrongColumns("groups.csv", "GIAS groups", ["Group UID", "Group Type"]))
"groups.csv: not a GIAS groups file: missing column(s) 'Group UID', 'Group Type'"
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["MissingInput", "NationalDataError", "WrongColumns"]


class NationalDataError(Exception):
    """Base of every error of the national loaders."""


class WrongColumns(NationalDataError):
    """A file whose header lacks columns its format requires: refused as a whole."""

    def __init__(self, file: str, title: str, missing: Sequence[str]) -> None:
        self.file = file
        self.title = title
        self.missing = list(missing)
        names = ", ".join(repr(m) for m in self.missing)
        super().__init__(f"{file}: not a {title} file: missing column(s) {names}")


class MissingInput(NationalDataError):
    """A source needs a file that is not in the data folder."""
