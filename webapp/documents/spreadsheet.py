"""Vedlegg 2 as a spreadsheet: the year table with live formulas (openpyxl).

The inputs (the applicant's kroner per year and column, and the rule set's rate and shares) are
plain values; everything derived from them is a formula, so whoever opens the file sees how each
figure is made and can change an input to see what follows. The formulas follow ``forms.npv``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from flask_babel import gettext

from forms import yearly
from forms.npv import CofinancingFigures
from forms.rulesets import BENEFIT_KINDS

from .package import COMPRESS_LEVEL, fixed_member

if TYPE_CHECKING:  # openpyxl is imported where a workbook is built (see npv_workbook)
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

KRONER = "#,##0"
FACTOR = "0.0000"
RATIO = "0.00"
PERCENT = "0%"
HEADER_ROW = 8
FIRST_YEAR_ROW = HEADER_ROW + 1
# Columns: A year, B t, C investment, D running costs, E–I the benefits, then the derived ones.
INPUT_COLUMNS = ("C", "D", "E", "F", "G", "H", "I")
BENEFIT_COLUMN = dict(zip(BENEFIT_KINDS, INPUT_COLUMNS[2:], strict=True))
GAINS, BUDGET, TAX, NET, FACTOR_COLUMN, PRESENT, CUT = "J", "K", "L", "M", "N", "O", "P"


@dataclass(frozen=True)
class NpvWorkbookText:
    """Every word the workbook shows, in one language."""

    title: str
    sheet: str
    rate: str
    tax_share: str
    cut_share: str
    grant: str
    year: str
    columns: tuple[str, ...]  # the input columns, in INPUT_COLUMNS order
    gains: str
    budget: str
    tax: str
    net: str
    factor: str
    present: str
    cut: str
    total: str
    npv: str
    pv_investment: str
    pv_tax: str
    per_invested: str
    per_invested_definition: str
    per_grant: str
    per_grant_definition: str
    pv_cut: str

    @classmethod
    def in_active_language(cls, title: str) -> NpvWorkbookText:
        return cls(
            title=title,
            sheet=gettext("Calculation"),
            rate=gettext("Discount rate (real)"),
            tax_share=gettext("Tax-financing cost, share of the net effect on public budgets"),
            cut_share=gettext("Budget cut, share of the agency's own net gains"),
            grant=gettext("Amount applied for"),
            year=gettext("Year"),
            columns=tuple(gettext(label) for label in yearly.COLUMN_LABELS.values()),
            gains=gettext("Gains"),
            budget=gettext("Net effect on public budgets"),
            tax=gettext("Tax-financing cost"),
            net=gettext("Net"),
            factor=gettext("Discount factor"),
            present=gettext("Present value"),
            cut=gettext("Budget cut"),
            total=gettext("Sum"),
            npv=gettext("Net present value"),
            pv_investment=gettext("Present value of the investment costs"),
            pv_tax=gettext("Tax-financing cost, present value"),
            per_invested=gettext("Net present value per invested krone"),
            per_invested_definition=gettext(
                "The net present value divided by the present value of the investment costs."
            ),
            per_grant=gettext("Net present value per krone of grant"),
            per_grant_definition=gettext(
                "The net present value divided by the amount applied for."
            ),
            pv_cut=gettext("Budget cut, present value"),
        )


def npv_workbook(
    figures: CofinancingFigures, text: NpvWorkbookText, created: datetime | None = None
) -> bytes:
    """The workbook as XLSX bytes."""
    # Here, not at the top: openpyxl imports numpy when it is installed (matplotlib brings
    # it), which would cost every worker its memory for a download few ask for.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = text.sheet[:31]
    rules, analysis = figures.assumptions, figures.analysis
    bold = Font(bold=True)

    sheet["A1"] = text.title
    sheet["A1"].font = Font(bold=True, size=14)
    for row, (label, value, style) in enumerate(
        [
            (text.rate, float(rules.discount_rate), PERCENT),
            (text.tax_share, float(rules.tax_financing_share), PERCENT),
            (text.cut_share, float(rules.budget_cut_share), PERCENT),
            (text.grant, analysis.grant, KRONER),
        ],
        start=3,
    ):
        sheet.cell(row, 1, label)
        sheet.cell(row, 2, value).number_format = style

    headers = [text.year, "t", *text.columns, text.gains, text.budget, text.tax, text.net]
    headers += [text.factor, text.present, text.cut]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(HEADER_ROW, column, header)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")

    last = FIRST_YEAR_ROW + len(figures.years) - 1
    for year in figures.years:
        row = FIRST_YEAR_ROW + year.t
        sheet.cell(row, 1, year.year if year.year else year.t)
        sheet.cell(row, 2, year.t)
        inputs = (year.investment, year.running_costs, *year.given.benefits)
        for letter, amount in zip(INPUT_COLUMNS, inputs, strict=True):
            sheet[f"{letter}{row}"] = amount
        _year_formulas(sheet, row, rules.budget_saving_benefits, rules.budget_cut_benefits)

    sums, present = last + 1, last + 2
    sheet.cell(sums, 1, text.total).font = bold
    sheet.cell(present, 1, text.present).font = bold
    for letter in (*INPUT_COLUMNS, GAINS, BUDGET, TAX, NET, CUT):
        top, bottom = f"{letter}{FIRST_YEAR_ROW}", f"{letter}{last}"
        sheet[f"{letter}{sums}"] = f"=SUM({top}:{bottom})"
        sheet[f"{letter}{present}"] = (
            f"=SUMPRODUCT({top}:{bottom},${FACTOR_COLUMN}${FIRST_YEAR_ROW}:${FACTOR_COLUMN}${last})"
        )
    sheet[f"{PRESENT}{sums}"] = f"=SUM({PRESENT}{FIRST_YEAR_ROW}:{PRESENT}{last})"
    sheet[f"{PRESENT}{present}"] = f"={PRESENT}{sums}"

    npv_cell = f"{PRESENT}{sums}"
    key = present + 2
    key_figures = [
        (text.npv, f"={npv_cell}", KRONER, None),
        (text.pv_investment, f"=C{present}", KRONER, None),
        (text.pv_tax, f"={TAX}{present}", KRONER, None),
        (
            text.per_invested,
            f'=IF(C{present}>0,{npv_cell}/C{present},"")',
            RATIO,
            text.per_invested_definition,
        ),
        (text.per_grant, f'=IF(B6>0,{npv_cell}/B6,"")', RATIO, text.per_grant_definition),
        (text.pv_cut, f"={CUT}{present}", KRONER, None),
    ]
    for offset, (label, formula, style, definition) in enumerate(key_figures):
        row = key + offset
        sheet.cell(row, 1, label).font = bold
        sheet.cell(row, 2, formula).number_format = style
        if definition:
            sheet.cell(row, 3, definition)

    for row in sheet.iter_rows(min_row=FIRST_YEAR_ROW, max_row=present, min_col=3, max_col=16):
        for cell in row:
            cell.number_format = FACTOR if cell.column_letter == FACTOR_COLUMN else KRONER
    sheet.column_dimensions["A"].width = 34
    for column in range(2, 17):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    sheet.freeze_panes = sheet.cell(FIRST_YEAR_ROW, 3)

    workbook.properties.title = text.title
    if created is not None:
        workbook.properties.created = workbook.properties.modified = created
    return _save(workbook)


def _save(workbook: Workbook) -> bytes:
    """``Workbook.save`` without the clock: openpyxl's own writer, given an archive that stamps
    fixed member times, and the modification time left as set (``save`` would make it now)."""
    buffer = io.BytesIO()
    from openpyxl.writer.excel import ExcelWriter

    ExcelWriter(workbook, _FixedTimeZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return buffer.getvalue()


class _FixedTimeZipFile(zipfile.ZipFile):
    # openpyxl writes members by name (writestr) and worksheets from a temporary file (write).
    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: str | bytes,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        super().writestr(fixed_member(str(name)), data, compresslevel=COMPRESS_LEVEL)

    def write(
        self,
        filename: str | Path,
        arcname: str | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        self.writestr(arcname or Path(filename).name, Path(filename).read_bytes())


def _year_formulas(
    sheet: Worksheet, row: int, savings: frozenset[str], cut_base: frozenset[str]
) -> None:
    """The derived cells of one year, as forms.npv computes them."""
    benefits = [BENEFIT_COLUMN[kind] for kind in BENEFIT_KINDS]
    saved = "".join(f"-{BENEFIT_COLUMN[k]}{row}" for k in BENEFIT_KINDS if k in savings)
    base = "+".join(f"{BENEFIT_COLUMN[k]}{row}" for k in BENEFIT_KINDS if k in cut_base) or "0"
    sheet[f"{GAINS}{row}"] = f"=SUM({benefits[0]}{row}:{benefits[-1]}{row})"
    sheet[f"{BUDGET}{row}"] = f"=C{row}+D{row}{saved}"
    sheet[f"{TAX}{row}"] = f"=$B$4*{BUDGET}{row}"
    sheet[f"{NET}{row}"] = f"={GAINS}{row}-C{row}-D{row}-{TAX}{row}"
    sheet[f"{FACTOR_COLUMN}{row}"] = f"=1/(1+$B$3)^B{row}"
    sheet[f"{PRESENT}{row}"] = f"={NET}{row}*{FACTOR_COLUMN}{row}"
    sheet[f"{CUT}{row}"] = f"=MAX(0,ROUNDDOWN($B$5*(({base})-D{row}),0))"
