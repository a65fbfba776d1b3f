"""A granted co-financing project, straight in the database: the call, the application with
its year table, the sent preliminary grant, and (with `link`) its reporting link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import pytest
from flask import Flask

from tests.advisor.conftest import (  # noqa: F401  (fixtures shared with the advisor tests)
    COMPLETE_ANSWERS,
    advisor,
    auth,
    lead_advisor,
)
from webapp.extensions import db
from webapp.models import Advisor, Application, Call, GrantDecision, RankingEntry, Track

MNOK = 1_000_000
# Year 0 is 2026 (the planned start): benefits from 2027, investment in 2026 and 2027.
YEAR_TABLE = [
    {"investment_cost": 10 * MNOK, "running_cost": 0, "benefit_agency_budget": 0},
    {
        "investment_cost": 6 * MNOK,
        "running_cost": MNOK,
        "benefit_agency_budget": 3 * MNOK,
        "benefit_citizens_businesses": 2 * MNOK,
    },
    {
        "investment_cost": 0,
        "running_cost": MNOK,
        "benefit_agency_budget": 4 * MNOK,
        "benefit_citizens_businesses": 2 * MNOK,
    },
]
GRANTED_ANSWERS = {
    **{k: v for k, v in COMPLETE_ANSWERS.items() if not k.startswith(("investment", "annual_"))},
    "benefit_start_year": None,
    "schemes": ["cofinancing"],
    "planned_start": "2026-03",
    "planned_end": "2028-12",
    "benefits_owner": "Head of collection",
    "yearly_figures": YEAR_TABLE,
}


@dataclass(frozen=True)
class Granted:
    id: int
    reference: str


@pytest.fixture
def grant(app: Flask) -> Callable[..., Granted]:
    """A project granted `amount` on `sent_at` in the call for `year`."""
    counter = iter(range(1, 10**6))

    def make(
        *,
        year: int = 2026,
        amount: int = 7 * MNOK,
        sent_at: datetime = datetime(2026, 5, 15, 10, 0),
        final_sent_at: datetime | None = None,
        answers: dict | None = None,
        ministry: str = "fin",
        ruleset_id: str = "digdir-10-100",
    ) -> Granted:
        number = next(counter)
        with app.app_context():
            call = db.session.scalar(db.select(Call).where(Call.year == year))
            if call is None:
                call = Call(
                    year=year,
                    ruleset_id=ruleset_id,
                    pot=200 * MNOK,
                    opens_on=datetime(year - 1, 10, 1).date(),
                    deadline_at=datetime(year, 2, 1, 11),
                )
                db.session.add(call)
                db.session.flush()
            given = dict(answers or GRANTED_ANSWERS)
            given["project_title"] = f"{given.get('project_title', 'Prosjekt')} {number}"
            application = Application(
                reference=f"VV-{year}-{number:06d}",
                status="in_review",
                ruleset_id=ruleset_id,
                answers=given,
                assessment={},
                agency_name=given.get("agency_name"),
                project_title=given["project_title"],
                ministry=ministry,
                total_cost=given.get("total_cost"),
                schemes="cofinancing",
                call_id=call.id,
                submitted_at=datetime(year, 1, 15),
                locale="nb",
            )
            db.session.add(application)
            db.session.flush()
            db.session.add(
                RankingEntry(
                    application_id=application.id,
                    call_id=call.id,
                    requested_amount=amount,
                    proposed_amount=amount,
                )
            )
            db.session.add(
                Track(
                    application_id=application.id,
                    scheme="cofinancing",
                    step="final_grant" if final_sent_at else "preliminary_grant",
                )
            )
            db.session.add(
                GrantDecision(
                    application_id=application.id,
                    outcome="grant",
                    amount=amount,
                    sent_at=sent_at,
                    letter_language="nb",
                    reasons=[],
                    final_amount=amount if final_sent_at else None,
                    plan_status="approved" if final_sent_at else None,
                    final_sent_at=final_sent_at,
                )
            )
            db.session.commit()
            return Granted(application.id, application.reference)

    return make


@pytest.fixture
def link(app: Flask, grant, lead_advisor) -> Callable[..., str]:  # noqa: F811
    """Issue the reporting link of a granted project, as an advisor does; returns the token."""

    def make(
        project: Granted,
        recipients: tuple[str, ...] = ("ingrid.berg@example.no", "nils.ovrebo@example.no"),
    ) -> str:
        from webapp.services import reporting_links

        with app.test_request_context():
            application = db.session.get(Application, project.id)
            _link, token = reporting_links.issue(
                application, list(recipients), db.session.get(Advisor, lead_advisor.id)
            )
            db.session.commit()
            return token

    return make


TODAY = datetime(2026, 12, 4).date()


@pytest.fixture(autouse=True)
def today(monkeypatch) -> datetime:
    """The reporting pages' today, fixed, so the due and late states do not move with the
    calendar; a test may set another day with `set_today`."""
    import webapp.advisor.reporting_views as advisor_views
    import webapp.reporting.views as agency_views

    def set_today(day) -> None:
        for module in (agency_views, advisor_views):
            monkeypatch.setattr(module, "today_in_norway", lambda: day)

    set_today(TODAY)
    return set_today
