"""Advisor fixtures: accounts, applications in the queue, and an `auth` helper that logs in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import insert
from werkzeug.security import generate_password_hash
from werkzeug.test import TestResponse

from tests.advisor.bulk import queue_rows
from tests.pages import PageClient
from webapp.extensions import db
from webapp.models import Advisor, AdvisorRole, Application, ApplicationStatus

PASSWORD = "fjordgrønn kaffekopp"
# Real accounts get werkzeug's default scrypt cost; tests use a cheap one to stay fast
# (the hash carries its own parameters, so checking it is the same code path).
CHEAP_SCRYPT = "scrypt:1024:8:1"

COMPLETE_ANSWERS: dict[str, Any] = {
    "agency_name": "Skatteetaten",
    "org_number": "974761076",
    "legal_form": "state_agency",
    "ministry": "fin",
    "agency_head": "Nils Øvrebø",
    "contact_name": "Ingrid Berg",
    "contact_email": "ingrid.berg@example.no",
    "project_title": "Ny innkreving",
    "project_summary": "A new system for collecting claims.",
    "phase": "planning",
    "planned_start": "2026-03",
    "planned_end": "2028-12",
    "cross_sector": "no",
    "total_cost": 20_000_000,
    "schemes": ["cofinancing", "council"],
    "requested_amount": 8_000_000,
    "investment_cost": 16_000_000,
    "annual_operating_cost": 1_000_000,
    "annual_internal_benefit": 4_000_000,
    "annual_external_benefit": 2_000_000,
    "benefit_start_year": 2027,
    "leader_ownership": "yes",
    "business_involvement": "partly",
    "project_management": "no",
    "agile_delivery": "yes",
}


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    name: str
    password: str = PASSWORD


def add_advisor(
    app: Flask, email: str, name: str, active: bool = True, role: str = AdvisorRole.ADVISOR
) -> Account:
    with app.app_context():
        advisor = Advisor(
            email=email,
            name=name,
            password_hash=generate_password_hash(PASSWORD, method=CHEAP_SCRYPT),
            active=active,
            role=role,
        )
        db.session.add(advisor)
        db.session.commit()
        return Account(advisor.id, advisor.email, advisor.name)


@pytest.fixture
def advisor(app: Flask) -> Account:
    return add_advisor(app, "kari.nordmann@example.no", "Kari Nordmann")


@pytest.fixture
def lead_advisor(app: Flask) -> Account:
    return add_advisor(app, "lena.leder@example.no", "Lena Leder", role=AdvisorRole.LEAD)


@pytest.fixture
def other_advisor(app: Flask) -> Account:
    return add_advisor(app, "ola.hansen@example.no", "Ola Hansen")


@pytest.fixture
def make_application(app: Flask) -> Callable[..., str]:
    """Store an application and return its reference; keyword arguments set columns."""
    counter = iter(range(1, 10**6))

    def make(
        status: str = ApplicationStatus.SUBMITTED,
        answers: dict[str, Any] | None = None,
        **columns: Any,
    ) -> str:
        number = next(counter)
        answers = dict(COMPLETE_ANSWERS if answers is None else answers)
        values: dict[str, Any] = {
            "status": status,
            "ruleset_id": "difi-2018",
            "answers": answers,
            "assessment": {},
            "agency_name": answers.get("agency_name"),
            "project_title": answers.get("project_title"),
            "ministry": answers.get("ministry"),
            "total_cost": answers.get("total_cost"),
            "schemes": ",".join(answers.get("schemes") or []) or None,
        }
        if status != ApplicationStatus.DRAFT:
            values["reference"] = f"VV-2026-{number:06d}"
            values["submitted_at"] = datetime(2026, 1, 1 + number % 28, 9, 0)
        values.update(columns)
        with app.app_context():
            application = Application(**values)
            db.session.add(application)
            db.session.commit()
            return application.reference or application.public_id

    return make


def add_many(app, count: int, start: datetime | None = None) -> None:
    """Bulk-insert `count` submitted applications (one statement)."""
    rows = queue_rows(count, start or datetime(2026, 1, 1))
    with app.app_context():
        db.session.execute(insert(Application), rows)
        db.session.commit()


class Auth:
    """Log in and out the way an advisor does: through the pages and their forms."""

    def __init__(self, pages: PageClient) -> None:
        self.pages = pages

    def login(
        self, account: Account | None = None, password: str | None = None, lang: str = "en"
    ) -> TestResponse:
        email = account.email if account else "kari.nordmann@example.no"
        return self.pages.submit(
            f"/{lang}/advisor/login",
            {"email": email, "password": password or PASSWORD},
        )

    def logout(self, lang: str = "en") -> TestResponse:
        return self.pages.submit(f"/{lang}/advisor/logout", form_url=f"/{lang}/advisor/")


@pytest.fixture
def auth(pages: PageClient) -> Auth:
    return Auth(pages)


@pytest.fixture
def logged_in(auth: Auth, advisor: Account) -> Account:
    response = auth.login(advisor)
    assert response.status_code == 303, response.get_data(as_text=True)
    return advisor
