"""Submitting queues a PDF/A copy of each document; a worker makes it with LibreOffice and the
advisor downloads it as the archive version. Without LibreOffice the job waits, visibly."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.advisor import conftest as advisor_fixtures
from tests.archive.pdfcheck import pdf_facts
from tests.documents.libreoffice import needs_libreoffice
from webapp.extensions import db
from webapp.jobs.models import Job, JobStatus
from webapp.models import Application
from webapp.services import followups

advisor = advisor_fixtures.advisor
auth = advisor_fixtures.auth
logged_in = advisor_fixtures.logged_in
make_application = advisor_fixtures.make_application


@pytest.fixture
def app_settings(jobs_settings):
    return {**jobs_settings, "VEIVISER_SOFFICE": "soffice"}


@pytest.fixture(params=["sqlite"])
def backend(request):
    # The queue stores are covered by the mail tests; a conversion is slow, so one store here.
    return request.param


def submitted(app, reference: str) -> None:
    """What drafts.submit does after its update: the follow-ups, in the same transaction."""
    with app.app_context(), app.test_request_context("/en/"):
        application = db.session.scalar(
            select(Application).where(Application.reference == reference)
        )
        followups.on_submitted(application)
        db.session.commit()


def pdfa_jobs(app) -> list[Job]:
    with app.app_context():
        jobs = list(db.session.scalars(select(Job).where(Job.kind == "pdfa").order_by(Job.id)))
        db.session.expunge_all()
        return jobs


@needs_libreoffice
def test_archive_copies_are_made_and_offered_to_advisors(
    app, pages, run_jobs, make_application, logged_in
):
    reference = make_application()  # sent to both schemes, with co-financing figures
    submitted(app, reference)
    archived = ["application-cofinancing", "application-council", "appendix-1", "appendix-2"]
    assert [job.payload["document"] for job in pdfa_jobs(app)] == archived
    assert [job.status for job in pdfa_jobs(app)] == [JobStatus.PENDING] * 4
    run_jobs()
    assert [job.status for job in pdfa_jobs(app)] == [JobStatus.DONE] * 4

    page = pages.get(f"/en/advisor/applications/{reference}")
    links = page.select("#archive-copies a")
    assert [link["href"].rsplit("/", 1)[1] for link in links] == [f"{a}.pdf" for a in archived]
    assert "Appendix 2" in page.select_one("#archive-copies").get_text()
    assert all("archive version" in link.get_text() for link in links)
    response = pages.client.get(links[0]["href"])
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    facts = pdf_facts(response.data)
    assert (facts.pdfa_part, facts.pdfa_conformance) == ("2", "B")
    vedlegg = pdf_facts(pages.client.get(links[3]["href"]).data)
    assert (vedlegg.pdfa_part, vedlegg.pdfa_conformance) == ("2", "B")
    # An archive key that is not a document is a plain 404, not an error.
    unknown = pages.client.get(f"/en/advisor/applications/{reference}/archive/x.pdf")
    assert unknown.status_code == 404
    nb_page = pages.get(f"/nb/advisor/applications/{reference}")
    assert "arkivversjon" in nb_page.select_one("#archive-copies").get_text().lower()
    assert "Vedlegg 1" in nb_page.select_one("#archive-copies").get_text()
