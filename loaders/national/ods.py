"""Reading OpenDocument spreadsheets (``.ods``), the format of Ofsted's official data.

Only the standard library is used: an ``.ods`` file is a zip whose
``content.xml`` holds the sheets. Each sheet becomes a
:class:`~loaders.national.tables.Table`; a cell's value is its hyperlink target
when it holds a link (Ofsted's "Web link" column), its ISO date for a date cell,
and its text otherwise. Line numbers are the spreadsheet's row numbers.

>>> import tempfile, zipfile
>>> content = (
...     '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
...     ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
...     ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
...     ' xmlns:xlink="http://www.w3.org/1999/xlink"><office:body><office:spreadsheet>'
...     '<table:table table:name="Sheet1"><table:table-row>'
...     '<table:table-cell><text:p>Name</text:p></table:table-cell>'
...     '<table:table-cell><text:p>Date</text:p></table:table-cell></table:table-row>'
...     '<table:table-row><table:table-cell><text:p><text:a xlink:href="https://x.test/1">'
...     'Link</text:a></text:p></table:table-cell><table:table-cell office:value-type="date"'
...     ' office:date-value="2022-11-21"><text:p>21/11/2022</text:p></table:table-cell>'
...     '</table:table-row></table:table></office:spreadsheet></office:body>'
...     '</office:document-content>')
>>> with tempfile.NamedTemporaryFile(suffix=".ods", delete=False) as f:
...     with zipfile.ZipFile(f, "w") as z:
...         z.writestr("content.xml", content)
>>> [list(t.rows()) for t in ods_tables(Path(f.name))]
[[(1, ['Name', 'Date']), (2, ['https://x.test/1', '2022-11-21'])]]
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from loaders.national.tables import Table

__all__ = ["OdsError", "ods_tables"]

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_XLINK = "{http://www.w3.org/1999/xlink}"
_MAX_REPEAT = 1000


class OdsError(ValueError):
    """A file that is not a readable OpenDocument spreadsheet."""


def _cell_value(cell: ElementTree.Element) -> str:
    for anchor in cell.iter(_TEXT + "a"):
        href = anchor.get(_XLINK + "href")
        if href:
            return href
    if cell.get(_OFFICE + "value-type") == "date":
        return (cell.get(_OFFICE + "date-value") or "")[:10]
    paragraphs = ["".join(p.itertext()) for p in cell.iter(_TEXT + "p")]
    return "\n".join(paragraphs)


def _sheet_rows(sheet: ElementTree.Element) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    line = 0
    for row in sheet.iter(_TABLE + "table-row"):
        repeat_rows = int(row.get(_TABLE + "number-rows-repeated", "1"))
        values: list[str] = []
        for cell in row:
            if cell.tag not in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
                continue
            value = _cell_value(cell)
            repeat = int(cell.get(_TABLE + "number-columns-repeated", "1"))
            values.extend([value] * (min(repeat, _MAX_REPEAT) if value else _repeat_cap(repeat)))
        while values and not values[-1]:
            values.pop()
        if values:
            for copy in range(min(repeat_rows, _MAX_REPEAT)):
                rows.append((line + copy + 1, list(values)))
        line += repeat_rows
    return rows


def _repeat_cap(repeat: int) -> int:
    """Empty cells repeated to the sheet's edge are kept only up to a small bound."""
    return min(repeat, 64)


def ods_tables(path: Path) -> Iterator[Table]:
    """One :class:`Table` per sheet, labelled ``file.ods#Sheet``."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as handle:
            root = ElementTree.parse(handle).getroot()
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise OdsError(f"{path.name}: not an OpenDocument spreadsheet ({exc})") from exc
    for sheet in root.iter(_TABLE + "table"):
        name = sheet.get(_TABLE + "name", "sheet")
        rows = _sheet_rows(sheet)

        def produce(rows: list[tuple[int, list[str]]] = rows) -> Iterator[tuple[int, list[str]]]:
            return iter(rows)

        yield Table(path=path, label=f"{path.name}#{name}", reader=produce)
