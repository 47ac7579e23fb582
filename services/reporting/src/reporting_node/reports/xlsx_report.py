"""The monitoring report as an XLSX workbook (openpyxl): a cover sheet, one sheet per section.

Cells hold numbers, not text, with number formats for hours, money (zł) and rates; a last sheet
lists every figure's summary key and the cell holding it, so the workbook can be checked against
`/api/v1/summary` by machine.

No cell is a formula: text that begins like one (a programme typed as `=HYPERLINK(…)`, in the
filter or in a programme's name) is written as text, which spreadsheet programs show and never run.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reporting_node.reports.model import MonitoringReport, Section, Table, Unit
from reporting_node.web.i18n import Translator

NUMBER_FORMATS: dict[Unit, str] = {
    "count": "#,##0",
    "hours": "#,##0.0#",
    "money": '#,##0.00 "zł"',
    "rate": "0.0%",
    "days": "#,##0.#",
}
KEYS_SHEET = "keys"

_TITLE = Font(bold=True, size=14, color="1F3A5F")
_TABLE_TITLE = Font(bold=True, size=12, color="1F3A5F")
_HEADER = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_RULE = Border(bottom=Side(style="thin", color="7F8FA6"))


def _sheet_name(title: str) -> str:
    for forbidden in "[]:*?/\\":
        title = title.replace(forbidden, " ")
    return title[:31]


def _cover(sheet: Worksheet, report: MonitoringReport, generated: str, tr: Translator) -> None:
    sheet.title = _sheet_name(report.title)
    sheet["A1"] = report.title
    sheet["A1"].font = _TITLE
    facts = [*report.facts, (tr.t("report.generated"), generated)]
    for offset, (label, value) in enumerate(facts, start=3):
        sheet.cell(offset, 1, label).font = _HEADER
        sheet.cell(offset, 2, value)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 48


def _table(sheet: Worksheet, top: int, table: Table, keys: list[tuple[str, str, Any]]) -> int:
    sheet.cell(top, 1, table.title).font = _TABLE_TITLE
    header = top + 1
    sheet.cell(header, 1, "")
    for index, column in enumerate(table.columns, start=2):
        sheet.cell(header, index, column.label)
    for index in range(1, len(table.columns) + 2):
        cell = sheet.cell(header, index)
        cell.font, cell.fill, cell.border = _HEADER, _HEADER_FILL, _RULE
        cell.alignment = Alignment(horizontal="left" if index == 1 else "right", wrap_text=True)
    row_number = header
    for row_number, row in enumerate(table.rows, start=header + 1):
        sheet.cell(row_number, 1, row.label).alignment = Alignment(wrap_text=True)
        for index, value in enumerate(row.cells, start=2):
            if value is None:
                continue
            cell = sheet.cell(row_number, index, value.value)
            cell.number_format = NUMBER_FORMATS[value.unit]
            keys.append((value.key, f"'{sheet.title}'!{cell.coordinate}", value.raw))
        if row.total:
            for index in range(1, len(table.columns) + 2):
                sheet.cell(row_number, index).font = _HEADER
                sheet.cell(row_number, index).fill = _TOTAL_FILL
    return row_number + 2


def _section(book: Workbook, section: Section, keys: list[tuple[str, str, Any]]) -> None:
    sheet = book.create_sheet(_sheet_name(section.title))
    sheet["A1"] = section.title
    sheet["A1"].font = _TITLE
    top = 3
    for table in section.tables:
        top = _table(sheet, top, table, keys)
    widest = max((len(table.columns) for table in section.tables), default=1)
    sheet.column_dimensions["A"].width = 52
    for index in range(2, widest + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _keys(book: Workbook, keys: list[tuple[str, str, Any]], tr: Translator) -> None:
    sheet = book.create_sheet(KEYS_SHEET)
    sheet.append([tr.t("report.key"), tr.t("col.item"), tr.t("col.value")])
    for cell in sheet[1]:
        cell.font, cell.fill = _HEADER, _HEADER_FILL
    for key, where, raw in keys:
        sheet.append([key, where, str(raw)])
    sheet.column_dimensions["A"].width = 56
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 16


def _only_text(book: Workbook) -> None:
    """Every cell openpyxl took for a formula (a string beginning with `=`) holds text instead."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def report_xlsx(report: MonitoringReport, tr: Translator, generated: str) -> bytes:
    """The workbook's bytes; `generated` is the already formatted time the report was made."""
    book = Workbook()
    cover = book.active
    assert cover is not None
    _cover(cover, report, generated, tr)
    keys: list[tuple[str, str, Any]] = []
    for section in report.sections:
        _section(book, section, keys)
    _keys(book, keys, tr)
    _only_text(book)
    book.properties.title = report.title
    book.properties.language = report.lang
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
