"""co-financing answers: the five scalar figures become a table of years

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:00:00

The co-financing step used to ask for one investment cost, one running cost per year, two
benefits per year and the first year with benefits. It now asks for a table of years
(``yearly_figures``). This rewrites every application that still holds the scalars. The
conversion is a frozen copy of ``forms.yearly.rows_from_scalar_answers`` (migrations must not
change meaning when the code moves on); a test checks that the two agree.

Downgrade turns the table back into scalars: the sum of the investment, and the running costs
and benefits of the last year, from the first year with benefits. For tables that came from
scalars this gives the scalars back.
"""

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ANALYSIS_YEARS = {"difi-2018": 10, "digdir-2020": 10}  # the shipped rule sets, as of this change
DEFAULT_YEARS = 10
SCALARS = (
    "investment_cost",
    "annual_operating_cost",
    "annual_internal_benefit",
    "annual_external_benefit",
    "benefit_start_year",
)
COLUMNS = (
    "investment_cost",
    "running_cost",
    "benefit_agency_budget",
    "benefit_agency_capacity",
    "benefit_other_state",
    "benefit_municipalities",
    "benefit_citizens_businesses",
)

applications = sa.table(
    "applications",
    sa.column("id", sa.Integer),
    sa.column("ruleset_id", sa.String),
    sa.column("answers", sa.JSON),
)


def _kroner(value):
    if isinstance(value, str):
        digits = re.sub(r"[\s\u00a0\u202f.]", "", value)
        value = int(digits) if digits.isdigit() else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _year(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value or "").strip()
    return int(text[:4]) if re.fullmatch(r"\d{4}(-\d{2})?", text) else None


def rows_from_scalars(answers, years):
    start = _year(answers.get("benefit_start_year"))
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(answers.get("planned_start") or "").strip())
    first = int(match.group(1)) if match else None
    offset = 1 if start is None or first is None else max(0, start - first)
    rows = []
    for t in range(years):
        row = dict.fromkeys(COLUMNS, 0)
        if t == 0:
            row["investment_cost"] = _kroner(answers.get("investment_cost"))
        if t >= offset:
            row["running_cost"] = _kroner(answers.get("annual_operating_cost"))
            row["benefit_agency_budget"] = _kroner(answers.get("annual_internal_benefit"))
            row["benefit_citizens_businesses"] = _kroner(answers.get("annual_external_benefit"))
        rows.append(row)
    return rows


def scalars_from_rows(answers, rows):
    first = next((t for t, row in enumerate(rows) if any(row.get(c) for c in COLUMNS[1:])), None)
    last = rows[-1] if rows else {}
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(answers.get("planned_start") or "").strip())
    scalars = {
        "investment_cost": sum(_kroner(row.get("investment_cost")) for row in rows),
        "annual_operating_cost": _kroner(last.get("running_cost")),
        "annual_internal_benefit": _kroner(last.get("benefit_agency_budget"))
        + _kroner(last.get("benefit_agency_capacity")),
        "annual_external_benefit": sum(
            _kroner(last.get(c))
            for c in (
                "benefit_other_state",
                "benefit_municipalities",
                "benefit_citizens_businesses",
            )
        ),
    }
    if match and first is not None:
        scalars["benefit_start_year"] = int(match.group(1)) + first
    return scalars


def _rewrite(change):
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(applications.c.id, applications.c.ruleset_id, applications.c.answers)
    )
    for application_id, ruleset_id, answers in rows.fetchall():
        if isinstance(answers, str):
            answers = json.loads(answers)
        new = change(answers or {}, ruleset_id)
        if new is not None:
            connection.execute(
                applications.update().where(applications.c.id == application_id).values(answers=new)
            )


def _upgrade_answers(answers, ruleset_id):
    if "yearly_figures" in answers or not any(key in answers for key in SCALARS):
        return None
    years = ANALYSIS_YEARS.get(ruleset_id, DEFAULT_YEARS)
    kept = {key: value for key, value in answers.items() if key not in SCALARS}
    return {**kept, "yearly_figures": rows_from_scalars(answers, years)}


def _downgrade_answers(answers, ruleset_id):
    rows = answers.get("yearly_figures")
    if not isinstance(rows, list):
        return None
    rows = [row for row in rows if isinstance(row, dict)]
    kept = {key: value for key, value in answers.items() if key != "yearly_figures"}
    return {**kept, **scalars_from_rows(answers, rows)}


def upgrade():
    _rewrite(_upgrade_answers)


def downgrade():
    _rewrite(_downgrade_answers)
