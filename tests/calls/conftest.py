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
from webapp.services import calls


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
