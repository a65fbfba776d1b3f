"""Marking the advice letter ready tells the contact person once per version of the letter and
queues its archive copy."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.advisor import conftest as advisor_fixtures
from tests.advisor.letter import ANSWERS, LETTER
from webapp.extensions import db
from webapp.jobs.models import Job
from webapp.models import ApplicationStatus

advisor = advisor_fixtures.advisor
auth = advisor_fixtures.auth
logged_in = advisor_fixtures.logged_in
make_application = advisor_fixtures.make_application


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


@pytest.fixture
def app_settings(jobs_settings):
    # No LibreOffice here: the conversion is tested on its own; this is about the mail.
    return {**jobs_settings, "VEIVISER_SOFFICE": "soffice-not-installed"}


def _mark(pages, reference: str, status: str):
    case = f"/en/advisor/applications/{reference}"
    return pages.submit(f"{case}/status", {"status": status}, form_url=case)


def _jobs(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        return [(j.kind, j.event, j.recipient) for j in db.session.scalars(select(Job))]


def test_letter_ready_mails_the_contact_once_per_version(
    app, pages, smtp_server, run_jobs, make_application, logged_in
):
    reference = make_application(
        answers={**ANSWERS, "contact_email": "ola@example.no"},
        locale="en",
        status=ApplicationStatus.IN_REVIEW,
        assessment=dict(LETTER),
    )
    assert _mark(pages, reference, "letter_ready").status_code == 303
    kinds = sorted(kind for kind, _, _ in _jobs(app))
    assert kinds == ["mail", "pdfa"]
    run_jobs()
    (received,) = smtp_server.received
    assert received.envelope_to == ["ola@example.no"]
    assert received.message["Subject"] == f"A letter about your application {reference} is ready"
    text = received.message.get_body(("plain",)).get_content()
    assert "Recommendation from the Digitalisation Council" in text

    # Back to review and ready again with the same letter: nothing new to send or archive.
    assert _mark(pages, reference, "in_review").status_code == 303
    assert _mark(pages, reference, "letter_ready").status_code == 303
    assert len(_jobs(app)) == 2
    run_jobs()
    assert len(smtp_server.received) == 1
