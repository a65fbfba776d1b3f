"""The advisors' portfolio of granted co-financing projects: what was granted and spent, the
benefits planned and realised per year, and which projects are late with a report or lag
their plan. Per call, per ministry and in total, for the projects a filter selects.

Every sum is one grouped query over the whole selection (never a query per project); the
late rule needs each project's schedule, which is computed from a few columns per project.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, and_, case, func, select

from forms.rulesets import load_ruleset

from ..extensions import db
from ..models import Application, Call, GrantDecision
from ..reporting.models import Benefit, BenefitTarget, RealisedBenefit, Report
from . import reports

# The reports whose figures are actual: spending and realised benefits.
ACTUAL_KINDS = (reports.ANNUAL, reports.FINAL)


@dataclass(frozen=True)
class Selection:
    """Which granted projects: all, or those of one call and/or one ministry."""

    call_year: int | None = None
    ministry: str | None = None


@dataclass
class Totals:
    projects: int = 0
    granted: int = 0
    spent: int = 0
    planned: int = 0  # benefits planned for the years reported on
    realised: int = 0


@dataclass(frozen=True)
class Project:
    id: int
    reference: str
    title: str
    agency: str
    ministry: str
    call_year: int
    granted: int
    spent: int
    planned: int
    realised: int
    late: tuple[tuple[str, int, date], ...]  # (kind, year, due date) of each late report

    def lagging(self, share_percent: int) -> bool:
        return reports.is_lagging(self.planned, self.realised, share_percent)


@dataclass
class Portfolio:
    selection: Selection
    projects: list[Project]
    # Per calendar year: benefits planned (all targets) and realised (submitted reports), and
    # the spending reported.
    planned_by_year: dict[int, int] = field(default_factory=dict)
    realised_by_year: dict[int, int] = field(default_factory=dict)
    spent_by_year: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> Totals:
        return _totals(self.projects)

    def by_call(self) -> dict[int, Totals]:
        return _grouped(self.projects, lambda project: project.call_year)

    def by_ministry(self) -> dict[str, Totals]:
        return _grouped(self.projects, lambda project: project.ministry)

    def late(self) -> list[Project]:
        return [project for project in self.projects if project.late]

    def lagging(self, share_percent: int) -> list[Project]:
        return [project for project in self.projects if project.lagging(share_percent)]

    @property
    def years(self) -> list[int]:
        return sorted(
            set(self.planned_by_year) | set(self.realised_by_year) | set(self.spent_by_year)
        )

    def cumulative_spending(self) -> list[tuple[int, int]]:
        """(year, spent up to and including it), for the chart of spending against the grant."""
        running, points = 0, []
        for year in sorted(self.spent_by_year):
            running += self.spent_by_year[year]
            points.append((year, running))
        return points


def _totals(projects: Iterable[Project]) -> Totals:
    totals = Totals()
    for project in projects:
        totals.projects += 1
        totals.granted += project.granted
        totals.spent += project.spent
        totals.planned += project.planned
        totals.realised += project.realised
    return totals


def _grouped(projects: Iterable[Project], key) -> dict:
    groups: dict = defaultdict(list)
    for project in projects:
        groups[key(project)].append(project)
    return {name: _totals(members) for name, members in sorted(groups.items())}


def _granted_ids(selection: Selection) -> Select:
    query = (
        select(Application.id)
        .join(GrantDecision, GrantDecision.application_id == Application.id)
        .join(Call, Call.id == Application.call_id)
        .where(GrantDecision.outcome == "grant", GrantDecision.sent_at.is_not(None))
    )
    if selection.call_year is not None:
        query = query.where(Call.year == selection.call_year)
    if selection.ministry:
        query = query.where(Application.ministry == selection.ministry)
    return query


def portfolio(selection: Selection, today: date) -> Portfolio:
    ids = _granted_ids(selection).subquery()
    granted_amount = case(
        (GrantDecision.final_sent_at.is_not(None), GrantDecision.final_amount),
        else_=GrantDecision.amount,
    )
    rows = db.session.execute(
        select(
            Application.id,
            Application.reference,
            Application.project_title,
            Application.agency_name,
            Application.ministry,
            Application.ruleset_id,
            Application.answers["planned_end"].as_string(),
            Call.year,
            granted_amount,
            GrantDecision.sent_at,
        )
        .join(GrantDecision, GrantDecision.application_id == Application.id)
        .join(Call, Call.id == Application.call_id)
        .where(Application.id.in_(select(ids.c.id)))
        .order_by(Call.year, Application.reference)
    ).all()

    submitted = and_(Report.submitted_at.is_not(None), Report.application_id.in_(select(ids.c.id)))
    filed: dict[int, set[tuple[str, int]]] = defaultdict(set)
    spent: dict[tuple[int, int], int] = {}
    for app_id, kind, year, amount in db.session.execute(
        select(Report.application_id, Report.kind, Report.year, Report.spent).where(submitted)
    ):
        filed[app_id].add((kind, year))
        if kind in ACTUAL_KINDS:
            spent[(app_id, year)] = amount or 0

    targets: dict[tuple[int, int], int] = {
        (app_id, year): int(total)
        for app_id, year, total in db.session.execute(
            select(Benefit.application_id, BenefitTarget.year, func.sum(BenefitTarget.amount))
            .join(BenefitTarget, BenefitTarget.benefit_id == Benefit.id)
            .where(Benefit.application_id.in_(select(ids.c.id)))
            .group_by(Benefit.application_id, BenefitTarget.year)
        )
    }
    realised: dict[tuple[int, int], int] = {
        (app_id, year): int(total or 0)
        for app_id, year, total in db.session.execute(
            select(Report.application_id, Report.year, func.sum(RealisedBenefit.amount))
            .join(RealisedBenefit, RealisedBenefit.report_id == Report.id)
            .where(submitted, Report.kind.in_(ACTUAL_KINDS))
            .group_by(Report.application_id, Report.year)
        )
    }

    projects = []
    for app_id, reference, title, agency, ministry, ruleset_id, end, year, amount, sent_at in rows:
        rules = load_ruleset(ruleset_id).cofinancing  # cached by forms.rulesets
        dates = rules.reporting
        reported_years = {y for kind, y in filed[app_id] if kind in ACTUAL_KINDS}
        late = ()
        if dates is not None:
            owed = reports.due_dates(
                dates,
                reports.day_in_norway(sent_at),
                reports.planned_end_year({"planned_end": end}),
                rules.max_grant_years,
            )
            late = tuple(
                (kind, y, due_on)
                for kind, y, due_on in owed
                if today > due_on and (kind, y) not in filed[app_id]
            )
        projects.append(
            Project(
                id=app_id,
                reference=reference or "",
                title=title or "",
                agency=agency or "",
                ministry=ministry or "",
                call_year=year,
                granted=int(amount or 0),
                spent=sum(spent.get((app_id, y), 0) for y in reported_years),
                planned=sum(targets.get((app_id, y), 0) for y in reported_years),
                realised=sum(realised.get((app_id, y), 0) for y in reported_years),
                late=late,
            )
        )

    result = Portfolio(selection, projects)
    for (_app_id, year), amount in targets.items():
        result.planned_by_year[year] = result.planned_by_year.get(year, 0) + amount
    for (_app_id, year), amount in realised.items():
        result.realised_by_year[year] = result.realised_by_year.get(year, 0) + amount
    for (_app_id, year), amount in spent.items():
        result.spent_by_year[year] = result.spent_by_year.get(year, 0) + amount
    return result


def call_years() -> list[int]:
    return list(db.session.scalars(select(Call.year).order_by(Call.year.desc())))
