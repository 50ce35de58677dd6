"""Finding inputs by their columns; refusing files named like a format but lacking its columns."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph.store import open_store
from loaders.national import discover, load_national


def test_every_fixture_is_recognised_by_its_header(national_dir: Path) -> None:
    found = discover(national_dir)
    roles = {role: [t.label for t in tables] for role, tables in found.tables.items()}
    assert roles["gias-groups"] == ["allgroupsdata.csv"]
    assert roles["gias-group-links"] == ["alllinksdata.csv"]
    assert roles["gias-establishments"] == [
        "edubasealldata20250301.csv",
        "gias_establishments_minimal_20240617.csv",
    ]
    assert roles["sn-codes"] == ["New_Statistical_Neighbour_Groupings_April_2021.csv"]
    assert roles["ltla-utla"] == ["LTLA-UTLA_Apr23_Lookup_England-Wales.csv"]
    assert found.refused == [] and found.ignored == []


def test_renamed_download_is_still_recognised(tmp_path: Path, national_dir: Path) -> None:
    shutil.copy(national_dir / "allgroupsdata.csv", tmp_path / "export (3).csv")
    assert [t.label for t in discover(tmp_path).of("gias-groups")] == ["export (3).csv"]


def test_unrelated_files_are_ignored_not_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("colour,size\nred,1\n")
    found = discover(tmp_path)
    assert found.ignored == ["notes.csv"] and found.refused == []


def test_wrong_columns_refuse_the_file_naming_them_and_the_rest_loads(
    tmp_path: Path, national_dir: Path
) -> None:
    for name in ("la_region_current_derived.csv", "old_la_codes.csv", "alllinksdata.csv"):
        shutil.copy(national_dir / name, tmp_path / name)
    (tmp_path / "allgroupsdata.csv").write_text(
        "Group UID,Group Name,Type of group,Status\n16789,Aire Valley Learning Trust,MAT,Open\n"
    )
    with open_store(memory=True) as store:
        summary = load_national(store, tmp_path, validate=False)
        assert summary.refused == [
            "allgroupsdata.csv: not a GIAS groups (allgroupsdata) file: "
            "missing column(s) 'Group Type', 'Group Status'"
        ]
        assert not summary.ok
        loaded = {r.name for r in summary.results if r.loaded}
        assert loaded == {"national-councils", "national-regions", "national-group-memberships"}
        assert "national-groups" not in {s.name for s in store.sources()}
