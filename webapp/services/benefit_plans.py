"""The benefit plan a granted project follows (issue: after the grant, item 1).

It starts from the application's year table: each kind of benefit with a value in some year
becomes a benefit whose targets are those values, by calendar year, and whose owner is the
benefit owner the applicant named. The agency then gives each an indicator and a baseline and
adjusts the targets. Until the final grant is sent the plan is the agency's to change; after
it the plan is fixed, and a change needs a reason that the case history keeps with the change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, gettext
from sqlalchemy import select

from forms import yearly
from forms.text import N_

from ..extensions import db
from ..models import Application
from ..reporting.models import Benefit, BenefitTarget
from . import audit, decisions
from .drafts import ruleset_for

PLAN_CHANGED = "benefit_plan_changed"
ACTIONS = (PLAN_CHANGED,)
TEXT_LENGTH, NAME_LENGTH, REASON_LENGTH = 2_000, 200, 2_000
# A target is kroner in one year; the same ceiling as the wizard's amounts.
MAX_TARGET = 10**13


class PlanRefused(decisions.DecisionRefused):
    """Not allowed now; ``message`` is an English msgid."""


@dataclass(frozen=True)
class BenefitChange:
    """What the agency writes for one benefit; `targets` holds every plan year (None: none)."""

    name: str
    owner: str
    indicator: str
    baseline: str
    targets: Mapping[int, int | None]


def benefits_of(application: Application) -> list[Benefit]:
    return list(
        db.session.scalars(
            select(Benefit)
            .where(Benefit.application_id == application.id)
            .order_by(Benefit.position)
        )
    )


def plan_years(application: Application) -> list[int]:
    """The calendar years a target may be set for: the analysis period of the year table,
    from the year of the planned start (or the year of the grant when it has none)."""
    ruleset = ruleset_for(application)
    first = yearly.first_year(application.answers or {})
    if first is None:
        decision = decisions.decision_of(application)
        first = decision.sent_at.year if decision and decision.sent_at else date.today().year
    return list(range(first, first + ruleset.analysis_years))


def is_fixed(application: Application) -> bool:
    """Fixed once the final grant is sent: changes need a reason."""
    decision = decisions.decision_of(application)
    return decision is not None and decision.final_sent_at is not None


def reported_years(application: Application) -> set[int]:
    """The years a submitted annual or final report has reported on: their targets stay."""
    from ..reporting.models import Report
    from . import reports

    return set(
        db.session.scalars(
            select(Report.year).where(
                Report.application_id == application.id,
                Report.kind.in_((reports.ANNUAL, reports.FINAL)),
                Report.submitted_at.is_not(None),
            )
        )
    )


def ensure_plan(application: Application) -> list[Benefit]:
    """The project's benefits, made from its year table the first time they are asked for."""
    existing = benefits_of(application)
    if existing:
        return existing
    answers = application.answers or {}
    years = plan_years(application)
    stored = yearly.stored_rows(answers, len(years))
    rows = stored[0] if stored else []
    owner = str(answers.get("benefits_owner") or "")[:NAME_LENGTH]
    made = []
    with force_locale(application.locale):
        for column in yearly.BENEFIT_COLUMNS:
            values = [row.get(column, 0) for row in rows]
            if not any(values):
                continue
            benefit = Benefit(
                application_id=application.id,
                position=len(made) + 1,
                kind=column,
                name=gettext(yearly.COLUMN_LABELS[column]),
                owner=owner,
                targets=[
                    BenefitTarget(year=year, amount=value)
                    for year, value in zip(years, values, strict=False)
                    if value
                ],
            )
            db.session.add(benefit)
            made.append(benefit)
    db.session.flush()
    return made


def change(
    application: Application, benefit: Benefit, wanted: BenefitChange, reason: str | None = ""
) -> bool:
    """Apply the agency's change to one benefit; False when nothing changed. A change needs
    `reason` once the final grant has fixed the plan, and so does a change to the target of a
    year a submitted report was measured against; the history records it with the change."""
    if benefit.application_id != application.id:
        raise PlanRefused(N_("That benefit is not in this project's plan."))
    reason = (reason or "").strip()
    fixed = is_fixed(application)
    before = _snapshot(benefit)
    benefit.name = wanted.name.strip()[:NAME_LENGTH] or benefit.name
    benefit.owner = wanted.owner.strip()[:NAME_LENGTH]
    benefit.indicator = wanted.indicator.strip()[:TEXT_LENGTH]
    benefit.baseline = wanted.baseline.strip()[:TEXT_LENGTH]
    allowed = set(plan_years(application))
    kept = {t.year: t for t in benefit.targets}
    for year, amount in wanted.targets.items():
        if year not in allowed:
            continue
        if amount is None:
            if year in kept:
                benefit.targets.remove(kept[year])
        elif year in kept:
            kept[year].amount = amount
        else:
            benefit.targets.append(BenefitTarget(year=year, amount=amount))
    benefit.targets.sort(key=lambda target: target.year)
    after = _snapshot(benefit)
    if after == before:
        return False
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    reported = sorted(
        year
        for year in reported_years(application)
        if before["targets"].get(str(year)) != after["targets"].get(str(year))
    )
    if not reason and fixed:
        raise PlanRefused(
            N_("The plan was fixed by the final grant. Give the reason for the change.")
        )
    if not reason and reported:
        raise PlanRefused(
            N_("A report used the target of %(years)s. Give the reason for the change."),
            years=", ".join(str(year) for year in reported),
        )
    audit.record(
        application,
        PLAN_CHANGED,
        detail={
            "benefit": benefit.position,
            "changed": changed,
            "after_final_grant": fixed,
            "reported_years": reported,
        },
        note=reason[:REASON_LENGTH] or None,
    )
    db.session.flush()
    return True


def _snapshot(benefit: Benefit) -> dict[str, object]:
    return {
        "name": benefit.name,
        "owner": benefit.owner,
        "indicator": benefit.indicator,
        "baseline": benefit.baseline,
        "targets": {str(t.year): t.amount for t in benefit.targets},
    }
