"""A real `flask jobs work` process: killed in the middle of a mail, started again, and the mail
goes out once. Each queue store in turn (SQLite always; Redis and PostgreSQL when they answer)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.jobs.smtp import SmtpServer
from webapp.extensions import db
from webapp.jobs import outbox
from webapp.jobs.models import Job, JobStatus

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 60  # seconds a worker gets to do what the test waits for


@pytest.fixture
def app_settings(jobs_settings):
    # A short lease: the restarted worker takes over the killed worker's mail after 2 s.
    return {**jobs_settings, "VEIVISER_JOBS_LEASE_SECONDS": 2}


def start_worker(app, tmp_path: Path) -> subprocess.Popen:
    config = app.config
    environment = {
        **os.environ,
        "VEIVISER_ENV": "development",
        "SECRET_KEY": "worker-test",
        "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
        "VEIVISER_JOBS_URL": config["VEIVISER_JOBS_URL"],
        "VEIVISER_JOBS_QUEUE": config["VEIVISER_JOBS_QUEUE"],
        "VEIVISER_JOBS_LEASE_SECONDS": str(config["VEIVISER_JOBS_LEASE_SECONDS"]),
        "VEIVISER_JOBS_POLL_SECONDS": "0.1",
        "VEIVISER_SMTP_HOST": config["VEIVISER_SMTP_HOST"],
        "VEIVISER_SMTP_PORT": str(config["VEIVISER_SMTP_PORT"]),
        "VEIVISER_SMTP_STARTTLS": "false",
        "VEIVISER_MAIL_FROM": config["VEIVISER_MAIL_FROM"],
    }
    log = (tmp_path / "worker.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "work", "--workers", "1"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, what: str, worker_log: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(
                f"{what} did not happen in {DEADLINE} s; worker log:\n{worker_log.read_text()}"
            )
        time.sleep(0.05)


def job_state(app, job_id: int) -> tuple[str, int]:
    with app.app_context():
        job = db.session.get(Job, job_id)
        state = (job.status, job.attempts)
        db.session.remove()
        return state


def test_a_worker_killed_mid_mail_is_replaced_and_the_mail_goes_out_once(
    app, smtp_server: SmtpServer, tmp_path
):
    log = tmp_path / "worker.log"
    with app.app_context():
        outbox.add(
            "mail",
            "receipt:submitted:VV-2026-000007",
            {
                "mail": "receipt",
                "subject": "Kvittering",
                "text": "Tekst",
                "html": "<p>Tekst</p>",
                "language": "nb",
            },
            recipient="ola@example.no",
        )
        db.session.commit()
        job_id = db.session.scalar(select(Job.id))

    # The server holds the first conversation at RCPT TO: the mail is in flight.
    smtp_server.handler.hold = threading.Event()
    smtp_server.handler.hold.set()
    first = start_worker(app, tmp_path)
    try:
        wait_for(smtp_server.handler.holding.is_set, "the first worker starting the mail", log)
        assert job_state(app, job_id) == (JobStatus.RUNNING, 1)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    smtp_server.handler.hold.clear()
    smtp_server.handler.release.set()  # the dead worker's conversation ends without a mail
    assert smtp_server.received == []

    second = start_worker(app, tmp_path)
    try:
        wait_for(lambda: job_state(app, job_id)[0] == JobStatus.DONE, "the mail being sent", log)
        assert job_state(app, job_id) == (JobStatus.DONE, 2)
        assert len(smtp_server.received) == 1
        assert smtp_server.received[0].envelope_to == ["ola@example.no"]
        # SIGTERM lets the worker finish what it holds and exit cleanly.
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=20) == 0
    finally:
        if second.poll() is None:
            second.kill()
    assert len(smtp_server.received) == 1
