"""The outbox: a job lives and dies with the transaction that adds it, is unique per event and
recipient in the database, retries with backoff and gives up at its stated time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.jobs import outbox, runner
from webapp.jobs.models import Job, JobStatus
from webapp.models import utcnow


def _count() -> int:
    return db.session.scalar(select(func.count(Job.id)))


def test_a_rolled_back_change_leaves_no_job_and_a_committed_one_keeps_it(app):
    with app.app_context():
        assert outbox.add("noop", "event:1", {}) is True
        db.session.rollback()
        assert _count() == 0
        outbox.add("noop", "event:1", {})
        db.session.commit()
        db.session.remove()
        assert _count() == 1


def test_one_job_per_kind_event_and_recipient(app):
    with app.app_context():
        assert outbox.add("mail", "receipt:VV-1", {}, recipient="a@example.no")
        assert not outbox.add("mail", "receipt:VV-1", {}, recipient="a@example.no")
        assert outbox.add("mail", "receipt:VV-1", {}, recipient="b@example.no")
        db.session.commit()
        assert _count() == 2
        # The database itself refuses a second row, whoever writes it.
        db.session.add(
            Job(kind="mail", event="receipt:VV-1", recipient="a@example.no", give_up_at=utcnow())
        )
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_backoff_doubles_up_to_an_hour(app):
    with app.app_context():
        delays = [outbox.retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 10, 20)]
        assert delays == [30, 60, 120, 240, 3600, 3600]


def test_failures_retry_until_the_stated_time_then_give_up(app):
    with app.app_context():
        outbox.add(
            "nonexistent",
            "event:1",
            {"subject": "S", "text": "secret"},
            give_up_after=timedelta(minutes=2),
        )
        db.session.commit()
        now = utcnow()
        (job_id,) = outbox.take_due(now=now)
        assert runner.execute(job_id) == "retry"  # retry in 30 s: within the two minutes
        job = db.session.get(Job, job_id, populate_existing=True)
        assert job.status == JobStatus.PENDING and job.attempts == 1
        assert "no handler" in job.last_error
        assert outbox.take_due(now=now) == []  # not due before its backoff
        later = job.run_at
        assert outbox.take_due(now=later) == [job_id]
        assert runner.execute(job_id) == "retry"  # next in 60 s: still within
        job = db.session.get(Job, job_id, populate_existing=True)
        assert outbox.take_due(now=job.run_at) == [job_id]
        assert runner.execute(job_id) == "failed"  # next would be past the two minutes
        job = db.session.get(Job, job_id, populate_existing=True)
        assert job.status == JobStatus.FAILED and job.finished_at is not None
        assert job.payload == {"subject": "S", "text": "secret"}  # kept for a retry
        assert outbox.take_due(now=job.run_at + timedelta(days=1)) == []
        assert outbox.requeue(job_id)
        db.session.commit()
        assert outbox.take_due() == [job_id]


def test_a_job_whose_worker_vanished_is_taken_again_after_its_lease(app):
    with app.app_context():
        outbox.add("noop", "event:1", {})
        db.session.commit()
        now = utcnow()
        (job_id,) = outbox.take_due(now=now)
        assert outbox.claim(job_id, now=now) is not None
        assert outbox.claim(job_id, now=now) is None  # one worker at a time
        lease = timedelta(seconds=app.config["VEIVISER_JOBS_LEASE_SECONDS"])
        assert outbox.take_due(now=now + lease / 2) == []
        assert outbox.take_due(now=now + lease * 2) == [job_id]
        assert runner.execute(job_id) == "done"
        job = db.session.get(Job, job_id, populate_existing=True)
        assert job.status == JobStatus.DONE and job.attempts == 2
