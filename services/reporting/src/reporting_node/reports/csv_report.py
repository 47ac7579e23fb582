"""The monitoring report as CSV: one line per figure, with its summary key and exact value.

UTF-8 with a byte-order mark, so spreadsheet programs read the Polish letters; values are written
as the summary gives them (`783.5`, `51986.28`, `0.2727`), so a machine can check them.

A text field that a spreadsheet program would take for a formula (beginning with `=`, `+`, `-`,
`@`, a tab or a carriage return: a programme typed as `=HYPERLINK(…)`) is written after an
apostrophe, which makes it text; the figures themselves are numbers and stay as they are.
"""

from __future__ import annotations

import csv
import io

from reporting_node.reports.model import MonitoringReport
from reporting_node.web.i18n import Translator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADER = ("report.section", "report.title", "col.item", "col.value", "report.unit", "report.key")


def report_csv(report: MonitoringReport, tr: Translator) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([tr.t(key) for key in HEADER])
    for label, value in report.facts:
        writer.writerow(as_text(report.title, "", label, value, "", ""))
    for section in report.sections:
        for table, row, column, cell in section.cells():
            item = f"{row.label} – {column.label}" if len(table.columns) > 1 else row.label
            unit = tr.t(f"unit.{cell.unit}")
            writer.writerow(
                [
                    *as_text(section.title, table.title, item),
                    str(cell.raw),
                    *as_text(unit, cell.key),
                ]
            )
    return ("\ufeff" + out.getvalue()).encode()


def as_text(*fields: object) -> list[str]:
    """Text fields as spreadsheet programs will read them as text, never as a formula."""
    return [
        f"'{text}" if (text := str(field)).startswith(FORMULA_STARTS) else text for field in fields
    ]
