"""A mail that cannot be sent is retried, then shown as failed on the application's page and
by `flask jobs status`."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.advisor import conftest as advisor_fixtures
from webapp.extensions import db
from webapp.jobs.models import Job, JobStatus
from webapp.models import Application
from webapp.services import mail

advisor = advisor_fixtures.advisor
auth = advisor_fixtures.auth
logged_in = advisor_fixtures.logged_in
make_application = advisor_fixtures.make_application


@pytest.fixture
def app_settings(jobs_settings):
    # Give up at the first failure: the next try (30 s) is past the 0.005 h (18 s) allowed.
    return {**jobs_settings, "VEIVISER_JOBS_GIVE_UP_HOURS": 0.005}


def _queue_receipt(app, reference: str) -> None:
    with app.app_context():
        application = db.session.scalar(
            select(Application).where(Application.reference == reference)
        )
        with app.test_request_context("/en/"):
            mail.queue_submission_mails(application)
        db.session.commit()


def test_a_failed_mail_is_shown_to_advisors_and_by_jobs_status(
    app,
    pages,
    smtp_server,
    run_jobs,
    make_application,
    logged_in,
    runner,
):
    reference = make_application()
    smtp_server.stop()
    _queue_receipt(app, reference)
    run_jobs()
    with app.app_context():
        assert set(db.session.scalars(select(Job.status))) == {JobStatus.FAILED}

    page = pages.get(f"/en/advisor/applications/{reference}")
    rows = page.select("#jobs tbody tr")
    assert len(rows) == 3
    receipt = next(row for row in rows if "Receipt" in row.get_text())
    assert "ingrid.berg@example.no" in receipt.get_text()
    assert "Failed, gave up" in receipt.get_text()
    assert "After 1 attempt: could not reach the mail server" in receipt.get_text()

    result = runner.invoke(args=["jobs", "status"])
    assert result.exit_code == 1
    assert "failed: 3" in result.output
    assert "could not reach the mail server" in result.output
    assert f"receipt:submitted:{reference}" in result.output

    # Fixed: the operator runs them again, and they go out.
    smtp_server.start()
    with app.app_context():
        ids = [str(job_id) for job_id in db.session.scalars(select(Job.id))]
    assert runner.invoke(args=["jobs", "retry", *ids]).exit_code == 0
    run_jobs()
    assert len(smtp_server.received) == 3
    page = pages.get(f"/en/advisor/applications/{reference}")
    assert [
        row.select_one(".tag").get_text(strip=True) for row in page.select("#jobs tbody tr")
    ] == ["Sent"] * 3
    assert runner.invoke(args=["jobs", "status"]).exit_code == 0
