"""Every mail in every language, subject, text and HTML, compared with a reviewed snapshot.

When a template or a translation changes on purpose, regenerate and review the diff:

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/mail/test_mail_snapshots.py
    git diff tests/mail/snapshots/
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.jobs.models import Job
from webapp.models import Application, ApplicationStatus
from webapp.services import documents, mail

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"
LANGUAGES = ["nb", "nn", "en"]


@pytest.fixture
def app_settings():
    return {"VEIVISER_ADVISOR_NOTIFY": ["saksbehandling@example.no"]}


@pytest.fixture
def application(app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the snapshots do not depend on the database; checked on SQLite")
    with app.test_request_context("/nb/"):
        yield _make


def _make(locale: str) -> Application:
    application = Application(
        locale=locale,
        ruleset_id="difi-2018",
        status=ApplicationStatus.SUBMITTED,
        reference="VV-2026-000123",
        submitted_at=datetime(2026, 10, 24, 9, 30),
        schemes="cofinancing,council",
        total_cost=12_500_000,
        answers={
            "agency_name": "Statens vegvesen",
            "contact_name": "Ola Nordmann",
            "contact_email": "ola.nordmann@example.no",
            "project_title": "Digital førerkortfornyelse",
        },
        assessment={},
    )
    db.session.add(application)
    db.session.flush()
    return application


def _payloads() -> dict[str, dict]:
    return {job.payload["mail"]: job.payload for job in db.session.scalars(select(Job))}


def check_snapshot(name: str, payload: dict) -> None:
    text = (
        f"Subject: {payload['subject']}\nLanguage: {payload['language']}\n\n"
        f"----- text -----\n{payload['text']}\n----- html -----\n{payload['html']}"
    )
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path.name}; run with UPDATE_SNAPSHOTS=1 to create it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; if intended, run with UPDATE_SNAPSHOTS=1 and review the diff"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_submission_mails(application, lang):
    mail.queue_submission_mails(application(lang))
    payloads = _payloads()
    check_snapshot(f"receipt.{lang}", payloads["receipt"])
    if lang == "nb":  # advisors read Bokmål, whatever the application's language
        check_snapshot("advisor_notice.nb", payloads["advisor_notice"])
    assert payloads["advisor_notice"]["language"] == "nb"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_resume_code_mail(application, lang):
    draft = application(lang)
    assert mail.queue_resume_code(draft, "ABCD-EFGH-JKMN-PQRS", "ola.nordmann@example.no")
    payload = _payloads()["resume_code"]
    check_snapshot(f"resume_code.{lang}", payload)
    assert "ABCD-EFGH-JKMN-PQRS" in payload["text"]
    assert "code=" not in payload["html"] and "ABCD" not in payload["html"].split("href=")[1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_letter_ready_mail(application, lang):
    submitted = application(lang)
    assert mail.queue_letter_ready(
        submitted, event="advice-letter", document=documents.ADVICE_LETTER.name
    )
    assert not mail.queue_letter_ready(
        submitted, event="advice-letter", document=documents.ADVICE_LETTER.name
    )
    check_snapshot(f"letter_ready.{lang}", _payloads()["letter_ready"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plan_changes_mail(application, lang):
    submitted = application(lang)
    message = "Tal for kommunane manglar.\nLegg ved avtalen med KS."
    assert mail.queue_plan_changes(submitted, message, event="plan-changes:1")
    assert not mail.queue_plan_changes(submitted, message, event="plan-changes:1")
    payload = _payloads()["plan_changes"]
    check_snapshot(f"plan_changes.{lang}", payload)
    assert "Legg ved avtalen med KS." in payload["text"]
    assert f"/{lang}/apply/receipt/open" in payload["text"]


def test_login_limited_mail(application, monkeypatch):
    from webapp.models import Advisor

    advisor = Advisor(email="kari.nordmann@example.no", name="Kari Nordmann", password_hash="x")
    db.session.add(advisor)
    db.session.flush()
    fixed = datetime(2026, 11, 3, 13, 5)  # 14:05 in Oslo
    monkeypatch.setattr("webapp.models.utcnow", lambda: fixed)
    assert mail.queue_login_limited(advisor, "account_and_address", "192.0.2.44")
    payload = _payloads()["login_limited"]
    check_snapshot("login_limited.nb", payload)
    assert payload["language"] == "nb"
    assert "3. november 2026 kl. 14:05" in payload["text"]
