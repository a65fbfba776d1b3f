"""The reports a granted project files, and when (DOMAIN.md §2, after the grant).

The rule set's `[cofinancing.reporting]` gives the days: the annual report on each year of the
project by that day of the next year, the spending forecast for each year by that day of the
year, the final report by that day of the year after the planned end (it takes the place of
the last year's annual report). The project's years run from the year of the grant to the
year of the planned end (`planned_end`; without one, the budget years the rule set spreads a
grant over).

A report is a draft until submitted; submitting it happens once and makes it read-only. The
late and lagging rules that the portfolio and the reminders use live here too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from forms import yearly
from forms.calls import in_norway
from forms.rulesets import ReportingDates
from forms.text import N_

from ..extensions import db
from ..models import Application, utcnow
from ..reporting.models import Benefit, RealisedBenefit, Report
from . import audit, decisions
from .drafts import ruleset_for

ANNUAL, FORECAST, FINAL = "annual", "forecast", "final"
KINDS = (ANNUAL, FORECAST, FINAL)
KIND_LABELS = {
    ANNUAL: N_("Annual report"),
    FORECAST: N_("Spending forecast"),
    FINAL: N_("Final report"),
}
# A report can be filed from this long before its due date.
OPENS_BEFORE = timedelta(days=366)
TEXT_LENGTH = 5_000

REPORT_SUBMITTED = "report_submitted"
ACTIONS = (REPORT_SUBMITTED,)


class ReportRefused(decisions.DecisionRefused):
    """Not allowed now; ``message`` is an English msgid."""


@dataclass(frozen=True)
class DueReport:
    """One report the project owes: what, on which year, by when, and the report if begun."""

    kind: str
    year: int
    due_on: date
    report: Report | None

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.submitted_at is not None

    def is_late(self, today: date) -> bool:
        """Late from the day after the due date, until submitted."""
        return not self.submitted and today > self.due_on

    def is_open(self, today: date) -> bool:
        return today >= self.due_on - OPENS_BEFORE

    def due_within(self, today: date, days: int) -> bool:
        return not self.submitted and 0 <= (self.due_on - today).days <= days


def planned_end_year(answers: Mapping[str, object]) -> int | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(answers.get("planned_end") or "").strip())
    return int(match.group(1)) if match else None


def years_between(granted_on: date, planned_end: int | None, grant_years: int | None) -> list[int]:
    """The years a project reports on: from the grant to the planned end; without one, the
    budget years the rule set spreads a grant over (`max_grant_years`), else the grant's year."""
    first = granted_on.year
    if planned_end is not None and planned_end >= first:
        return list(range(first, planned_end + 1))
    return list(range(first, first + (grant_years or 1)))


def day_in_norway(moment: datetime) -> date:
    """The day a stored UTC moment fell on in Norway: a grant sent at 00:30 on 1 January in
    Oslo belongs to the new year."""
    return in_norway(moment).date()


def project_years(application: Application) -> list[int]:
    decision = decisions.decision_of(application)
    if decision is None or decision.sent_at is None:
        return []
    return years_between(
        day_in_norway(decision.sent_at),
        planned_end_year(application.answers or {}),
        ruleset_for(application).cofinancing.max_grant_years,
    )


def due_dates(
    dates: ReportingDates, granted_on: date, planned_end: int | None, grant_years: int | None
) -> list[tuple[str, int, date]]:
    """(kind, year, due date) of every report a project owes, in order of due date."""
    years = years_between(granted_on, planned_end, grant_years)
    wanted: list[tuple[str, int, date]] = []
    for year in years:
        forecast_on = date(year, dates.forecast.month, dates.forecast.day)
        if forecast_on >= granted_on:
            wanted.append((FORECAST, year, forecast_on))
        if year != years[-1]:
            annual_on = date(year + 1, dates.annual_report.month, dates.annual_report.day)
            wanted.append((ANNUAL, year, annual_on))
    last = years[-1]
    wanted.append((FINAL, last, date(last + 1, dates.final_report.month, dates.final_report.day)))
    wanted.sort(key=lambda item: (item[2], KINDS.index(item[0])))
    return wanted


def schedule(application: Application, filed: list[Report] | None = None) -> list[DueReport]:
    """Every report the project owes, in order of due date; [] when the rule set sets no
    reporting days (they are not established for the 2018 call) or nothing was granted."""
    rules = ruleset_for(application).cofinancing
    dates = rules.reporting
    decision = decisions.decision_of(application)
    if dates is None or decision is None or decision.sent_at is None:
        return []
    if filed is None:
        filed = reports_of(application)
    by_key = {(report.kind, report.year): report for report in filed}
    owed = due_dates(
        dates,
        day_in_norway(decision.sent_at),
        planned_end_year(application.answers or {}),
        rules.max_grant_years,
    )
    return [DueReport(kind, year, due_on, by_key.get((kind, year))) for kind, year, due_on in owed]


def reports_of(application: Application) -> list[Report]:
    return list(db.session.scalars(select(Report).where(Report.application_id == application.id)))


def due_report(application: Application, kind: str, year: int) -> DueReport | None:
    return next(
        (due for due in schedule(application) if due.kind == kind and due.year == year), None
    )


@dataclass(frozen=True)
class ReportDraft:
    """What the agency writes: `realised` maps a benefit's id to (amount or None, comment)."""

    spent: int | None
    texts: Mapping[str, str]
    realised: Mapping[int, tuple[int | None, str]]


def save(
    application: Application,
    due: DueReport,
    draft: ReportDraft,
    benefits: list[Benefit],
) -> Report:
    """Keep the draft as written (also when incomplete); refused once submitted."""
    report = due.report
    if report is None:
        report = Report(application_id=application.id, kind=due.kind, year=due.year)
        db.session.add(report)
    elif not _claim_draft(report):
        raise ReportRefused(N_("This report has been submitted and can no longer be changed."))
    report.spent = draft.spent
    report.texts = {key: value.strip()[:TEXT_LENGTH] for key, value in draft.texts.items()}
    if due.kind != FORECAST:
        known = {benefit.id for benefit in benefits}
        kept = {row.benefit_id: row for row in report.realised}
        for benefit_id, (amount, comment) in draft.realised.items():
            if benefit_id not in known:
                continue
            row = kept.get(benefit_id)
            if amount is None and not comment.strip():
                if row is not None:
                    report.realised.remove(row)
                continue
            if row is None:
                row = RealisedBenefit(benefit_id=benefit_id)
                report.realised.append(row)
            row.amount = amount
            row.comment = comment.strip()[:TEXT_LENGTH]
    report.updated_at = utcnow()
    db.session.flush()
    return report


def _claim_draft(report: Report) -> bool:
    """Whether the report is still a draft, asked of the database in a write: a submission
    from another window that committed first makes it match nothing, and one that comes later
    waits for this transaction (the row is locked), so a draft never overwrites a report."""
    result = db.session.execute(
        update(Report)
        .where(Report.id == report.id, Report.submitted_at.is_(None))
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def submit(application: Application, report: Report) -> None:
    """Make the report read-only and record it; once, whatever the double clicks."""
    now = utcnow()
    result = db.session.execute(
        update(Report)
        .where(Report.id == report.id, Report.submitted_at.is_(None))
        .values(submitted_at=now)
        .execution_options(synchronize_session="fetch")
    )
    if not result.rowcount:
        raise ReportRefused(N_("This report has been submitted already."))
    audit.record(
        application,
        REPORT_SUBMITTED,
        detail={"kind": report.kind, "year": report.year, "spent": report.spent},
        at=now,
    )
    db.session.flush()


def completed_on(due: DueReport) -> date | None:
    """The completion date a final report gives."""
    raw = (due.report.texts or {}).get("completed_on") if due.report else None
    return date.fromisoformat(raw) if raw else None


def planned_investment(application: Application, year: int) -> int | None:
    """The investment the application's year table planned for the calendar year."""
    answers = application.answers or {}
    first = yearly.first_year(answers)
    if first is None or year < first:
        return None
    stored = yearly.stored_rows(answers, year - first + 1)
    return stored[0][year - first].get(yearly.INVESTMENT) if stored else None


def is_lagging(planned: int, realised: int, share_percent: int) -> bool:
    """Realised benefits lag the plan when they fall short of it by more than the share:
    exactly that share short is not lagging; a plan of nothing never lags."""
    if planned <= 0:
        return False
    return (planned - realised) * 100 > planned * share_percent
