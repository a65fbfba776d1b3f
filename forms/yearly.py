"""The year table of a co-financing application: its columns, and reading it from the answers.

The answers hold ``yearly_figures``: one row per year of the analysis, year 0 being the first
investment year, each row a dict of whole kroner keyed by :data:`YEAR_COLUMNS`. Applications
started before the table asked for five scalars instead (one investment, one running cost, two
benefits and the first year with benefits); :func:`rows_from_scalar_answers` turns those into
rows, so an old draft reads the same as a new one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from forms.formatting import N_
from forms.money import AmountError, parse_amount
from forms.rulesets import BENEFIT_KINDS

ANSWER_KEY = "yearly_figures"
INVESTMENT = "investment_cost"
RUNNING = "running_cost"
BENEFIT_COLUMNS = tuple(f"benefit_{kind}" for kind in BENEFIT_KINDS)
YEAR_COLUMNS = (INVESTMENT, RUNNING, *BENEFIT_COLUMNS)
# English msgids, translated where shown; the order of the table.
COLUMN_LABELS = {
    INVESTMENT: N_("Investment"),
    RUNNING: N_("New running costs"),
    "benefit_agency_budget": N_("The agency's budget"),
    "benefit_agency_capacity": N_("The agency's freed capacity"),
    "benefit_other_state": N_("Other state agencies"),
    "benefit_municipalities": N_("Municipalities"),
    "benefit_citizens_businesses": N_("Citizens and businesses"),
}

# The answers the year table replaced.
SCALAR_KEYS = (
    "investment_cost",
    "annual_operating_cost",
    "annual_internal_benefit",
    "annual_external_benefit",
    "benefit_start_year",
)
# Where the two old benefit figures go: the old form called the internal gains the base of the
# budget cut (the budget effect), and the external ones "citizens, businesses and other agencies".
INTERNAL_TO = "benefit_agency_budget"
EXTERNAL_TO = "benefit_citizens_businesses"

Row = dict[str, int]


def empty_row() -> Row:
    return dict.fromkeys(YEAR_COLUMNS, 0)


def first_year(answers: Mapping[str, Any]) -> int | None:
    """The calendar year of year 0: the year of the planned start (``YYYY-MM``)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(answers.get("planned_start") or "").strip())
    return int(match.group(1)) if match else None


def has_scalar_answers(answers: Mapping[str, Any]) -> bool:
    return ANSWER_KEY not in answers and any(key in answers for key in SCALAR_KEYS)


def rows_from_scalar_answers(answers: Mapping[str, Any], years: int) -> list[Row]:
    """Year rows from the old scalar answers: the investment in year 0; running costs and both
    benefits every year from the first year with benefits (the year after the start when that
    year is unknown, year 0 when it is before the start) to the end of the period."""
    offset = _benefit_offset(answers)
    rows = []
    for t in range(years):
        row = empty_row()
        if t == 0:
            row[INVESTMENT] = _amount(answers.get("investment_cost"))
        if t >= offset:
            row[RUNNING] = _amount(answers.get("annual_operating_cost"))
            row[INTERNAL_TO] = _amount(answers.get("annual_internal_benefit"))
            row[EXTERNAL_TO] = _amount(answers.get("annual_external_benefit"))
        rows.append(row)
    return rows


def converted_answers(answers: Mapping[str, Any], years: int) -> dict[str, Any]:
    """The answers with the old scalars replaced by year rows (unchanged when there are none)."""
    if not has_scalar_answers(answers):
        return dict(answers)
    rows = rows_from_scalar_answers(answers, years)
    kept = {key: value for key, value in answers.items() if key not in SCALAR_KEYS}
    return {**kept, ANSWER_KEY: rows}


def stored_rows(answers: Mapping[str, Any], years: int) -> tuple[list[Row], bool] | None:
    """The year rows, exactly ``years`` of them, and whether any cell had to be read as 0.

    None when the answers have no year table (nor the old scalars). Never raises: a missing row,
    a missing cell or a value that is not a whole number of kroner ≥ 0 counts as 0.
    """
    if has_scalar_answers(answers):
        return rows_from_scalar_answers(answers, years), False
    raw = answers.get(ANSWER_KEY)
    if not isinstance(raw, list):
        return None
    unreadable = len(raw) < years
    rows = []
    for t in range(years):
        given = raw[t] if t < len(raw) and isinstance(raw[t], Mapping) else {}
        if t < len(raw) and not isinstance(raw[t], Mapping):
            unreadable = True
        row = empty_row()
        for column in YEAR_COLUMNS:
            value = given.get(column)
            if _is_kroner(value):
                row[column] = value
            elif value not in (None, ""):
                unreadable = True
        rows.append(row)
    return rows, unreadable


def totals(rows: Sequence[Mapping[str, Any]]) -> Row:
    """The undiscounted sum of each column; anything but kroner counts as 0."""
    return {
        column: sum(row.get(column) for row in rows if _is_kroner(row.get(column)))
        for column in YEAR_COLUMNS
    }


def _is_kroner(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _amount(value: Any) -> int:
    if isinstance(value, str):
        try:
            value = parse_amount(value)
        except AmountError:
            return 0
    return value if _is_kroner(value) else 0


def _year(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value or "").strip()
    return int(text[:4]) if re.fullmatch(r"\d{4}(-\d{2})?", text) else None


def _benefit_offset(answers: Mapping[str, Any]) -> int:
    start, first = _year(answers.get("benefit_start_year")), first_year(answers)
    if start is None or first is None:
        return 1  # benefits usually start the year after the first investment
    return max(0, start - first)
