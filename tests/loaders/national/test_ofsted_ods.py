"""Ofsted's official workbook (.ods): header on row 3, "Web link" hyperlinks, no DfE code column."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph.store import open_store
from loaders.national import load_national
from tests.loaders.national.conftest import ID, select
from tests.loaders.national.test_tables import _ods

HEADER = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
]


def test_official_workbook_loads_every_matching_sheet(tmp_path: Path, national_dir: Path) -> None:
    for name in ("la_region_current_derived.csv", "old_la_codes.csv", "uk_local_authorities.csv"):
        shutil.copy(national_dir / name, tmp_path / name)
    _ods(
        tmp_path / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
        {
            "Contents": [["Local authority inspection outcomes as at 31 March 2025"]],
            "Inspections_as_at_31_March": [
                ["Local authority children's services inspections and outcomes"],
                ["Source: Ofsted"],
                HEADER,
                [
                    "https://reports.ofsted.gov.uk/provider/44/380",
                    "E08000032",
                    "Bradford",
                    "North East, Yorkshire and the Humber",
                    "2022-11-21",
                    "2023-01-31",
                    "Inadequate",
                    "Inadequate",
                    "Inadequate",
                    "Inadequate",
                    "",
                ],
                [
                    "https://reports.ofsted.gov.uk/provider/44/331",
                    "E08000026",
                    "Coventry",
                    "West Midlands",
                    "Not yet inspected",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ],
                [
                    "https://reports.ofsted.gov.uk/provider/44/856",
                    "E06000016",
                    "Leicester",
                    "East Midlands",
                    "2024-09-23",
                    "2025-01-29",
                    "Requires improvement to be good",
                    "Requires improvement to be good",
                    "Requires improvement to be good",
                    "Requires improvement to be good",
                    "Requires improvement to be good",
                ],
                [
                    "",
                    "E09999999",
                    "Nowhere",
                    "London",
                    "2023-01-01",
                    "2023-02-01",
                    "Good",
                    "Good",
                    "Good",
                    "Good",
                    "Good",
                ],
            ],
        },
    )
    with open_store(memory=True) as store:
        summary = load_national(store, tmp_path, validate=True, only={"national-ofsted"})
        result = summary.results[0]
        assert result.loaded, result.message
        assert result.audit is not None
        assert [str(r) for r in result.audit.rejects] == [
            "LA_Inspection_Outcomes_as_at_31_March_2025.ods#Inspections_as_at_31_March:7: "
            "unknown local authority GSS code 'E09999999'"
        ]
        assert result.audit.skipped == {"not yet inspected": 1}
        found = select(
            store,
            "SELECT ?council ?overall ?page ?where WHERE { ?r ov:latestInspection ?i ; "
            "ov:target ?council . ?i ov:overallEffectiveness ?overall ; foaf:page ?page ; "
            "ov:locator ?where } ORDER BY ?council",
        )
        assert found == [
            {
                "council": ID + "la/380",
                "overall": "Inadequate",
                "page": "https://reports.ofsted.gov.uk/provider/44/380",
                "where": "LA_Inspection_Outcomes_as_at_31_March_2025.ods#Inspections_as_at_31_March"
                " line 4",
            },
            {
                "council": ID + "la/856",
                "overall": "Requires improvement to be good",
                "page": "https://reports.ofsted.gov.uk/provider/44/856",
                "where": "LA_Inspection_Outcomes_as_at_31_March_2025.ods#Inspections_as_at_31_March"
                " line 6",
            },
        ]
