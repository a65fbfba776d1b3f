"""Submitting an application mails the contact and the advisors, through the outbox and a real
SMTP server on loopback, once, even when the server is down at first."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.apply.journey import APPLICANT, PROJECT, submit, walk_to_check
from tests.jobs.smtp import SmtpServer
from webapp.extensions import db
from webapp.jobs.models import Job, JobStatus
from webapp.models import Application


def _submit(pages, lang: str = "en", schemes=("cofinancing",)) -> str:
    walk_to_check(pages, lang, schemes=schemes)
    response = submit(pages, lang)
    assert response.status_code == 303
    receipt = pages.get(response.location)
    return receipt.select_one("#reference").get_text(strip=True)


def _by_recipient(server: SmtpServer) -> dict[str, object]:
    return {address: item.message for item in server.received for address in item.envelope_to}


def test_receipt_and_advisor_notices_arrive_with_the_right_parts(app, pages, smtp_server, run_jobs):
    reference = _submit(pages, "nn", schemes=("cofinancing", "council"))
    assert smtp_server.received == []  # nothing is sent inside the request

    # three mails; four archive copies, two applications and their two appendices
    # (they wait: no LibreOffice here)
    assert run_jobs() == 7
    mails = _by_recipient(smtp_server)
    assert sorted(mails) == sorted(
        [APPLICANT["contact_email"], "saksbehandling@example.no", "leder@example.no"]
    )
    assert all(len(item.envelope_to) == 1 for item in smtp_server.received)

    receipt = mails[APPLICANT["contact_email"]]
    assert receipt["To"] == APPLICANT["contact_email"]
    assert receipt["From"] == "Veiviser <veiviser@example.no>"
    assert receipt["Subject"] == f"Vi har fått søknaden din {reference}"
    assert receipt["Content-Language"] == "nn"
    text = receipt.get_body(("plain",)).get_content()
    html = receipt.get_body(("html",)).get_content()
    for part in (text, html):
        assert reference in part
        assert PROJECT["project_title"] in part
        assert "Digitaliseringsrådet" in part
        assert "medfinansiering" in part.lower()
    assert '<html lang="nn">' in html
    # No resume code and no link to one; the only page linked is where the receipt opens with
    # the reference and the receipt code, which the mail does not carry.
    assert "resume" not in html and "/apply/resume" not in text
    assert re.findall(r"https?://\S+/apply/\S*", text) == ["http://localhost/nn/apply/receipt/open"]

    notice = mails["leder@example.no"]
    assert notice["Subject"] == f"Ny søknad i Veiviser: {reference}"
    assert notice["Content-Language"] == "nb"
    for personal in (
        APPLICANT["contact_name"],
        APPLICANT["contact_email"],
        APPLICANT["agency_name"],
    ):
        assert personal not in notice["Subject"]
    notice_text = notice.get_body(("plain",)).get_content()
    assert f"/nb/advisor/applications/{reference}" in notice_text
    assert APPLICANT["contact_email"] not in notice_text

    with app.app_context():
        mails = db.session.scalars(select(Job).where(Job.kind == "mail")).all()
        assert [job.status for job in mails] == [JobStatus.DONE] * 3
        # A sent mail keeps its subject, not its body.
        assert all("text" not in job.payload for job in mails)


def test_mail_server_down_at_submission_arrives_once_when_it_is_back(
    app, pages, smtp_server, run_jobs
):
    smtp_server.stop()
    reference = _submit(pages)  # the applicant gets the receipt page at once

    run_jobs()
    with app.app_context():
        jobs = db.session.scalars(select(Job).where(Job.kind == "mail").order_by(Job.id)).all()
        assert {job.status for job in jobs} == {JobStatus.PENDING}
        assert all(job.attempts == 1 for job in jobs)
        assert all("could not reach the mail server" in job.last_error for job in jobs)
        # Backoff: the next attempt is VEIVISER_JOBS_RETRY_SECONDS (30 s) away; bring it forward
        # instead of waiting.
        for job in jobs:
            assert (job.run_at - job.created_at).total_seconds() >= 29
            job.run_at = job.created_at
        db.session.commit()

    smtp_server.start()
    run_jobs()
    run_jobs()  # a second pass finds nothing to send again
    receipts = [
        item for item in smtp_server.received if item.envelope_to == [APPLICANT["contact_email"]]
    ]
    assert len(receipts) == 1
    assert reference in receipts[0].message["Subject"]
    assert len(smtp_server.received) == 3
    with app.app_context():
        mails = db.session.scalars(select(Job).where(Job.kind == "mail")).all()
        assert {job.status for job in mails} == {JobStatus.DONE}
        assert {job.attempts for job in mails} == {2}


def test_double_submit_queues_one_mail_per_recipient(app, pages, run_jobs, smtp_server):
    walk_to_check(pages, "en")
    form = {"csrf_token": pages.csrf_token("/en/apply/check"), "declaration": "y"}
    first = pages.client.post("/en/apply/check", data=form)
    again = pages.client.post("/en/apply/check", data=form)  # a double click
    assert first.status_code == 303 and again.status_code == 303
    run_jobs()
    assert len(smtp_server.received) == 3
    with app.app_context():
        assert db.session.scalar(select(func.count(Application.id))) == 1
        assert db.session.scalar(select(func.count(Job.id)).where(Job.kind == "mail")) == 3
