"""Finding the input files in a data folder, by their columns rather than their names.

Every ``.csv`` and ``.ods`` under the folder is opened and its header compared
with every known format (:mod:`loaders.national.specs`); the most specific
match wins, so a renamed or newer official download is still recognised. A
file that matches no format but is *named* like one is refused as a whole,
naming the columns it lacks; anything else is listed as ignored.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "allgroupsdata.csv").write_text("Group UID,Group Name\\n1,X\\n")
>>> _ = (folder / "notes.csv").write_text("a,b\\n1,2\\n")
>>> found = discover(folder)
>>> [e.missing for e in found.refused]
[['Group Type', 'Group Status']]
>>> found.ignored
['notes.csv']
"""

from __future__ import annotations

import csv
from fnmatch import fnmatch
from pathlib import Path

from loaders.national.base import FoundTable, Inputs
from loaders.national.errors import NationalDataError, WrongColumns
from loaders.national.ods import OdsError, ods_tables
from loaders.national.specs import SPECS
from loaders.national.tables import Table, TableSpec, csv_table, find_header, first_header

__all__ = ["discover"]

SUFFIXES = (".csv", ".ods")


def _claimed(name: str) -> TableSpec | None:
    lowered = name.lower()
    return next((s for s in SPECS if any(fnmatch(lowered, p) for p in s.patterns)), None)


def _tables(path: Path) -> list[Table]:
    if path.suffix.lower() == ".ods":
        return list(ods_tables(path))
    return [csv_table(path)]


def discover(data_dir: Path) -> Inputs:
    """Recognise every input table under *data_dir* (recursively, in path order)."""
    if not data_dir.is_dir():
        raise NationalDataError(f"{data_dir} is not a folder")
    inputs = Inputs()
    paths = sorted(p for p in data_dir.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    for path in paths:
        try:
            tables = _tables(path)
            matched = False
            for table in tables:
                found = find_header(table, SPECS)
                if found is None:
                    continue
                spec, line, _header = found
                inputs.tables.setdefault(spec.role, []).append(FoundTable(table, spec, line))
                matched = True
        except (OdsError, csv.Error, OSError) as exc:
            inputs.refused.append(NationalDataError(f"{path.name}: unreadable ({exc})"))
            continue
        if matched:
            continue
        claimed = _claimed(path.name)
        if claimed is not None and tables:
            inputs.refused.append(_closest_refusal(claimed, tables))
        else:
            inputs.ignored.append(path.name)
    return inputs


def _closest_refusal(spec: TableSpec, tables: list[Table]) -> WrongColumns:
    refusals = [spec.refuse(t.label, first_header(t)) for t in tables]
    return min(refusals, key=lambda r: len(r.missing))
