"""Reading files: header matching, refusals, dates, encodings, ODS sheets."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from loaders.national.errors import WrongColumns
from loaders.national.ods import ods_tables
from loaders.national.specs import GIAS_ESTABLISHMENTS, GIAS_GROUP_LINKS, GIAS_GROUPS, SPECS
from loaders.national.tables import BadRow, RowLog, csv_table, find_header, parse_date


def test_official_and_shipped_column_names_both_match() -> None:
    official = ["URN", "LA (code)", "LA (name)", "EstablishmentName", "EstablishmentStatus (name)"]
    shipped = ["urn", "name", "local_authority_name", "phase_of_education", "gender", "status"]
    assert GIAS_ESTABLISHMENTS.locate(official) == {
        "urn": 0,
        "name": 3,
        "la_name": 2,
        "status": 4,
        "la_code": 1,
    }
    located = GIAS_ESTABLISHMENTS.locate(shipped)
    assert located is not None and located["la_name"] == 2 and located["phase"] == 3


def test_group_links_are_not_mistaken_for_groups(national_dir: Path) -> None:
    table = csv_table(national_dir / "alllinksdata.csv")
    found = find_header(table, SPECS)
    assert found is not None and found[0] is GIAS_GROUP_LINKS
    assert GIAS_GROUPS.locate(next(table.rows())[1]) is None


def test_refusal_names_the_missing_columns() -> None:
    error = GIAS_GROUPS.refuse("allgroupsdata.csv", ["Group UID", "Group Name", "Status"])
    assert isinstance(error, WrongColumns)
    assert error.missing == ["Group Type", "Group Status"]
    assert "allgroupsdata.csv" in str(error) and "'Group Type', 'Group Status'" in str(error)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-11-21", "2022-11-21"),
        ("21/11/2022", "2022-11-21"),
        ("21-11-2022", "2022-11-21"),
        ("2019-02-18 00:00:00", "2019-02-18"),
        ("", None),
        ("01-01-1900", None),
    ],
)
def test_dates_in_every_official_form(text: str, expected: str | None) -> None:
    value = parse_date(text)
    assert (value.isoformat() if value else None) == expected


@pytest.mark.parametrize("text", ["31/02/2020", "2020-09-32", "yesterday", "2020/09/40"])
def test_malformed_dates_reject_the_row(text: str) -> None:
    with pytest.raises(BadRow, match="malformed date in 'Joined date'"):
        parse_date(text, "Joined date")


def test_windows_1252_download_is_read(national_dir: Path) -> None:
    raw = (national_dir / "edubasealldata20250301.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    table = csv_table(national_dir / "edubasealldata20250301.csv")
    names = [values[4] for _line, values in table.rows()]
    assert "St Thérèse Catholic Primary School" in names


def test_line_numbers_count_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    path.write_text(
        'URN,LinkURN,LinkName,LinkType\n1,2,"two\nlines",Successor\n3,4,x,Predecessor\n'
    )
    table = csv_table(path)
    assert [line for line, _values in table.rows()] == [1, 2, 4]


def _ods(path: Path, sheets: dict[str, list[list[str]]]) -> None:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"'
    )
    body = []
    for name, rows in sheets.items():
        body.append(f'<table:table table:name="{name}">')
        for row in rows:
            body.append("<table:table-row>")
            for cell in row:
                if cell.startswith("http"):
                    body.append(
                        f'<table:table-cell><text:p><text:a xlink:href="{cell}">Link</text:a>'
                        "</text:p></table:table-cell>"
                    )
                elif cell[:4].isdigit() and cell[4:5] == "-":
                    body.append(
                        f'<table:table-cell office:value-type="date" office:date-value="{cell}">'
                        f"<text:p>{cell}</text:p></table:table-cell>"
                    )
                else:
                    body.append(f"<table:table-cell><text:p>{cell}</text:p></table:table-cell>")
            body.append('<table:table-cell table:number-columns-repeated="1000"/>')
            body.append("</table:table-row>")
        body.append('<table:table-row table:number-rows-repeated="1048000"/>')
        body.append("</table:table>")
    content = (
        f"<office:document-content {ns}><office:body><office:spreadsheet>{''.join(body)}"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)


def test_ods_sheets_with_title_rows_links_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "outcomes.ods"
    _ods(
        path,
        {
            "Cover": [["Local authority inspection outcomes"]],
            "Latest": [
                ["Title"],
                [],
                ["Web link", "Inspection date"],
                ["https://reports.ofsted.gov.uk/provider/44/380", "2022-11-21"],
            ],
        },
    )
    tables = list(ods_tables(path))
    assert [t.label for t in tables] == ["outcomes.ods#Cover", "outcomes.ods#Latest"]
    assert list(tables[1].rows()) == [
        (1, ["Title"]),
        (3, ["Web link", "Inspection date"]),
        (4, ["https://reports.ofsted.gov.uk/provider/44/380", "2022-11-21"]),
    ]


def test_row_log_keeps_the_first_rejects_and_counts_all() -> None:
    from loaders.national.tables import Row

    log = RowLog("demo", keep=2)
    for line in range(5):
        log.reject(Row("f.csv", line, [], {}), "bad")
    audit = log.audit()
    assert len(audit.rejects) == 2 and audit.rejected_total == 5
