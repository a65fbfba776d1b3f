"""A call's ranking as a spreadsheet: CSV for Excel in Norwegian settings, and XLSX.

Both have the same columns in the same order, headed in the page's language. The CSV is UTF-8
with a byte order mark and `;` between cells, which Excel opens right in a Norwegian locale;
its decimals use the locale's separator. In the CSV, text typed by applicants or advisors that
starts like a formula (= + - @, a tab or a carriage return) gets a leading apostrophe, so a
spreadsheet shows it and never runs it; in the XLSX every such cell is stored as text. Figures
we compute are written as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from forms.formatting import N_, Gettext

from . import ranking

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Kinds of cell: how each is written to CSV and XLSX.
TEXT, WHOLE, DECIMAL, FLAG = "text", "whole", "decimal", "flag"


@dataclass(frozen=True)
class Column:
    heading: str  # English msgid
    kind: str
    value: Callable[[ranking.ExportRow], Any]


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _requirements_state(entry: ranking.ExportRow) -> str:
    if not entry.row.requirements_checked:
        return "not-checked"
    return "yes" if entry.row.requirements_met else "no"


COLUMNS: tuple[Column, ...] = (
    Column(N_("Place"), WHOLE, lambda e: e.row.place),
    Column(N_("Weighted rank"), WHOLE, lambda e: e.row.weighted_rank),
    Column(N_("Reference"), TEXT, lambda e: e.row.reference),
    Column(N_("Agency"), TEXT, lambda e: e.row.agency_name),
    Column(N_("Project"), TEXT, lambda e: e.row.project_title),
    Column(N_("Formal requirements met"), FLAG, _requirements_state),
    *(
        Column(label, FLAG, lambda e, name=name: _flag(e.requirements[name]))
        for name, label in ranking.REQUIREMENT_LABELS.items()
    ),
    Column(N_("NPV per invested krone"), DECIMAL, lambda e: e.row.npv_per_krone),
    Column(N_("Points for NPV per krone"), WHOLE, lambda e: e.npv_points),
    *(
        column
        for name, label in ranking.SCORE_NAMES.items()
        for column in (
            Column(label, WHOLE, lambda e, name=name: getattr(e.row, f"{name}_score")),
            Column(N_("Comment"), TEXT, lambda e, name=name: e.comments[name]),
        )
    ),
    Column(N_("Weighted score"), DECIMAL, lambda e: e.row.weighted_score),
    Column(N_("Amount requested (NOK)"), WHOLE, lambda e: e.row.requested_amount),
    Column(N_("Amount proposed (NOK)"), WHOLE, lambda e: e.row.proposed_amount),
    Column(N_("Proposed so far (NOK)"), WHOLE, lambda e: e.row.cumulative),
    Column(N_("Within the pot"), FLAG, lambda e: _flag(e.row.within_pot)),
    Column(N_("Place set by the lead advisor"), WHOLE, lambda e: e.row.rank_override),
    Column(N_("Reason for the place"), TEXT, lambda e: e.row.override_reason),
)
FLAG_WORDS = {"yes": N_("Yes"), "no": N_("No"), "not-checked": N_("Not checked")}


def guarded(value: str) -> str:
    """Text that a spreadsheet would read as a formula, made plain text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def headings(gettext: Gettext) -> list[str]:
    return [gettext(column.heading) for column in COLUMNS]


def _text_cell(column: Column, value: Any, gettext: Gettext) -> str:
    return gettext(FLAG_WORDS[value]) if column.kind == FLAG else str(value)


def csv_file(rows: Iterable[Sequence[str]]) -> bytes:
    """CSV as Excel in Norway opens it: UTF-8 with a byte order mark, ";" between cells.
    The cells come ready: text already passed through :func:`guarded`."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_bytes(rows: Sequence[ranking.ExportRow], gettext: Gettext, locale: str) -> bytes:
    decimal_comma = locale != "en"
    cells = (_csv_cells(entry, gettext, decimal_comma) for entry in rows)
    return csv_file([headings(gettext), *cells])


def _csv_cells(entry: ranking.ExportRow, gettext: Gettext, decimal_comma: bool) -> list[str]:
    cells = []
    for column in COLUMNS:
        value = column.value(entry)
        if value is None:
            cells.append("")
        elif column.kind == WHOLE:
            cells.append(str(int(value)))
        elif column.kind == DECIMAL:
            figure = format(Decimal(value).normalize(), "f")
            cells.append(figure.replace(".", ",") if decimal_comma else figure)
        else:
            cells.append(guarded(_text_cell(column, value, gettext)))
    return cells


def xlsx_bytes(rows: Sequence[ranking.ExportRow], gettext: Gettext, sheet_title: str) -> bytes:
    # Here, not at the top: openpyxl imports numpy when it is installed (matplotlib brings
    # it), which would cost every worker its memory for a download few ask for.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]  # Excel's limit for a sheet's name
    sheet.append(headings(gettext))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for number, entry in enumerate(rows, start=2):
        for index, column in enumerate(COLUMNS, start=1):
            value = column.value(entry)
            cell = sheet.cell(row=number, column=index)
            if value is None:
                continue
            if column.kind == WHOLE:
                cell.value = int(value)
                cell.number_format = "#,##0"
            elif column.kind == DECIMAL:
                cell.value = float(value)
                cell.number_format = "0.00"
            else:
                # openpyxl reads a string that starts with "=" as a formula: store it as text,
                # which no spreadsheet evaluates (so no apostrophe is needed here).
                cell.value = _text_cell(column, value, gettext)
                cell.data_type = "s"
    for index, column in enumerate(COLUMNS, start=1):
        width = 40 if column.kind == TEXT else 14
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
