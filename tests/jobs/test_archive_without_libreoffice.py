"""Where LibreOffice is missing, an archive copy waits and says why; nothing else waits for it."""

from __future__ import annotations

import pytest

from tests.jobs import test_archive_jobs as archive_tests
from webapp.jobs.models import JobStatus

advisor = archive_tests.advisor
auth = archive_tests.auth
backend = archive_tests.backend
logged_in = archive_tests.logged_in
make_application = archive_tests.make_application


@pytest.fixture
def app_settings(jobs_settings):
    return {**jobs_settings, "VEIVISER_SOFFICE": "soffice-not-installed"}


def test_without_libreoffice_the_copy_waits_and_says_why(
    app, pages, run_jobs, smtp_server, make_application, logged_in
):
    reference = make_application()
    archive_tests.submitted(app, reference)
    run_jobs()
    jobs = archive_tests.pdfa_jobs(app)
    assert [job.status for job in jobs] == [JobStatus.PENDING] * 4  # 2 applications, 2 appendices
    assert all(
        "LibreOffice (soffice-not-installed) is not installed" in job.last_error for job in jobs
    )
    # The mails of the same submission went out regardless.
    assert len(smtp_server.received) == 3
    page = pages.get(f"/en/advisor/applications/{reference}")
    text = page.select_one("#jobs").get_text()
    assert "Waiting to try again" in text and "is not installed" in text
    assert page.select("#archive-copies a") == []
