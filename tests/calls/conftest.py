"""Call fixtures: calls open, closed or coming, relative to the real clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from flask import Flask

from tests.advisor.conftest import (  # noqa: F401  (fixtures shared with the advisor tests)
    advisor,
    auth,
    lead_advisor,
    logged_in,
    make_application,
)
from webapp.extensions import db
from webapp.models import Call, utcnow
from webapp.services import calls, ranking, tracks


def add_call(
    app: Flask,
    year: int,
    opens_on: date,
    deadline_at: datetime,
    pot: int = 20_000_000,
    ruleset_id: str = "digdir-10-100",
    answers_expected_on: date | None = None,
) -> int:
    with app.app_context():
        call = Call(
            year=year,
            ruleset_id=ruleset_id,
            pot=pot,
            opens_on=opens_on,
            deadline_at=deadline_at,
            answers_expected_on=answers_expected_on,
        )
        db.session.add(call)
        db.session.commit()
        calls.forget_shown_calls()
        return call.id


@pytest.fixture
def open_call(app: Flask) -> Callable[..., int]:
    """A call open now: opened a month ago, closes in a month (on the hour)."""

    def make(year: int = 2027, **values) -> int:
        now = utcnow().replace(minute=0, second=0, microsecond=0)
        return add_call(
            app, year, (now - timedelta(days=30)).date(), now + timedelta(days=30), **values
        )

    return make


@pytest.fixture
def closed_call(app: Flask) -> Callable[..., int]:
    def make(year: int = 2026, **values) -> int:
        now = utcnow().replace(minute=0, second=0, microsecond=0)
        return add_call(
            app, year, (now - timedelta(days=90)).date(), now - timedelta(days=1), **values
        )

    return make


@pytest.fixture
def upcoming_call(app: Flask) -> Callable[..., int]:
    def make(year: int = 2028, **values) -> int:
        now = utcnow()
        return add_call(
            app,
            year,
            (now + timedelta(days=30)).date(),
            (now + timedelta(days=120)).replace(minute=0, second=0, microsecond=0),
            **values,
        )

    return make


def enter_in_call(
    app: Flask,
    call_id: int,
    reference: str,
    npv_per_krone: str | None,
    requested: int,
    scores: tuple[int | None, int | None, int | None] = (None, None, None),
    ceiling: int | None = None,
    **requirements: bool,
) -> None:
    """Put a sent application into the call with the given figures, as joining it would, and
    the advisor's scores; every formal requirement met unless `requirements` says otherwise."""
    from decimal import Decimal

    from webapp.models import Application, RankingEntry

    with app.app_context():
        application = db.session.scalar(
            db.select(Application).where(Application.reference == reference)
        )
        calls.join(application, db.session.get(Call, call_id))
        tracks.open_tracks(application)  # as sending it does
        entry = db.session.get(RankingEntry, application.id)
        entry.npv_per_krone = None if npv_per_krone is None else Decimal(npv_per_krone)
        entry.requested_amount = entry.proposed_amount = requested
        entry.grant_ceiling = ceiling
        for name in ("eligible_applicant", "cost_band", "phase", "attachments"):
            setattr(entry, name, requirements.get(name, True))
        entry.ks_statement_needed = False
        entry.requirements_checked = True
        entry.benefits_score, entry.gains_score, entry.maturity_score = scores
        ranking.refresh(db.session.get(Call, call_id))  # as every change through the service does
        db.session.commit()
