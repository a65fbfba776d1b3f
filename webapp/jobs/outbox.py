"""Outbox verbs: add a job in the caller's transaction; claim, finish and retry it in a worker.

`add` only flushes: the job is committed with the change that caused it, or rolled back with it.
Everything else here runs in the worker and commits its own small transactions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import utcnow
from .models import OPEN_STATUSES, Job, JobStatus

MAX_RETRY_DELAY = timedelta(hours=1)
ERROR_LENGTH = 2000
# What a finished job keeps of its payload: what it was, never a body or a secret.
KEPT_KEYS = frozenset({"mail", "subject", "title", "document"})


def add(
    kind: str,
    event: str,
    payload: Mapping[str, Any],
    *,
    recipient: str = "",
    application_id: int | None = None,
    give_up_after: timedelta | None = None,
) -> bool:
    """Add a job unless (kind, event, recipient) is already in the outbox; True if it was added.

    INSERT … ON CONFLICT DO NOTHING lets the database decide, so two requests racing for the
    same event cannot both add one, and the caller's transaction is never broken by a conflict.
    """
    now = utcnow()
    if give_up_after is None:
        give_up_after = timedelta(hours=current_app.config["VEIVISER_JOBS_GIVE_UP_HOURS"])
    values = {
        "kind": kind,
        "event": event,
        "recipient": recipient,
        "application_id": application_id,
        "payload": dict(payload),
        "status": JobStatus.PENDING,
        "attempts": 0,
        "run_at": now,
        "give_up_at": now + give_up_after,
        "created_at": now,
    }
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(Job).values(**values).on_conflict_do_nothing().returning(Job.id)
    added = db.session.execute(statement).first() is not None
    db.session.flush()
    return added


# --- the relay and the worker -------------------------------------------------------------


def _lease() -> timedelta:
    return timedelta(seconds=current_app.config["VEIVISER_JOBS_LEASE_SECONDS"])


def take_due(limit: int = 200, now: datetime | None = None) -> list[int]:
    """Mark due jobs as queued and return their ids, for the relay to hand to the queue.

    Due: pending with run_at passed, or queued/running with the lease run out (the queue lost
    the message, or the worker died). Runs as one UPDATE, so two relays never take the same job.
    """
    now = now or utcnow()
    due = or_(
        and_(Job.status == JobStatus.PENDING, Job.run_at <= now),
        and_(Job.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)), Job.lease_until < now),
    )
    ids = select(Job.id).where(due).order_by(Job.run_at, Job.id).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        ids = ids.with_for_update(skip_locked=True)
    taken = db.session.scalars(
        update(Job)
        .where(Job.id.in_(ids.scalar_subquery()), due)
        .values(status=JobStatus.QUEUED, lease_until=now + _lease())
        .returning(Job.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(taken)


def claim(job_id: int, now: datetime | None = None) -> Job | None:
    """Take a queued job for this worker; None when another worker has it or it is finished."""
    now = now or utcnow()
    result = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, attempts=Job.attempts + 1, lease_until=now + _lease())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:
        return None
    return db.session.get(Job, job_id, populate_existing=True)


def finish(job: Job, payload: Mapping[str, Any] | None = None) -> None:
    """Mark the job done; `payload` replaces what it carried (a sent mail keeps no body)."""
    values: dict[str, Any] = {
        "status": JobStatus.DONE,
        "finished_at": utcnow(),
        "lease_until": None,
        "last_error": None,
    }
    if payload is not None:
        values["payload"] = dict(payload)
    _update_own(job, values)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: the first retry after VEIVISER_JOBS_RETRY_SECONDS, then doubling."""
    base = timedelta(seconds=current_app.config["VEIVISER_JOBS_RETRY_SECONDS"])
    return min(base * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY)


def fail(job: Job, error: str, now: datetime | None = None) -> bool:
    """Record a failed attempt: retry later, or give up once the next try would be too late.
    Returns True when the job gave up."""
    now = now or utcnow()
    run_at = now + retry_delay(job.attempts)
    give_up = run_at > job.give_up_at
    values: dict[str, Any] = {
        "status": JobStatus.FAILED if give_up else JobStatus.PENDING,
        "run_at": run_at,
        "lease_until": None,
        "last_error": error[:ERROR_LENGTH],
    }
    if give_up:
        # The mail stays whole, so `flask jobs retry` can send it once the cause is fixed.
        values["finished_at"] = now
    _update_own(job, values)
    return give_up


def scrub(payload: Mapping[str, Any]) -> dict[str, Any]:
    """What a finished job keeps: the description, never a body or a secret."""
    return {key: value for key, value in payload.items() if key in KEPT_KEYS}


def _update_own(job: Job, values: Mapping[str, Any]) -> None:
    # Only while this worker still holds the job (same attempt): a job whose lease ran out
    # and was taken over is not marked by the worker that lost it.
    db.session.execute(
        update(Job)
        .where(Job.id == job.id, Job.status == JobStatus.RUNNING, Job.attempts == job.attempts)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def requeue(job_id: int) -> bool:
    """Give a failed job a new run (an advisor or operator fixed the cause)."""
    now = utcnow()
    result = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.FAILED)
        .values(
            status=JobStatus.PENDING,
            run_at=now,
            finished_at=None,
            give_up_at=now + timedelta(hours=current_app.config["VEIVISER_JOBS_GIVE_UP_HOURS"]),
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


# --- what people see ----------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCounts:
    pending: int
    failed: int
    done: int


def counts() -> StatusCounts:
    rows = dict(db.session.execute(select(Job.status, func.count()).group_by(Job.status)).all())
    return StatusCounts(
        pending=sum(rows.get(status, 0) for status in OPEN_STATUSES),
        failed=rows.get(JobStatus.FAILED, 0),
        done=rows.get(JobStatus.DONE, 0),
    )


def open_and_failed(limit: int = 100) -> Sequence[Job]:
    return db.session.scalars(
        select(Job)
        .where(Job.status.in_((*OPEN_STATUSES, JobStatus.FAILED)))
        .order_by(Job.created_at, Job.id)
        .limit(limit)
    ).all()


def for_application(application_id: int) -> Sequence[Job]:
    return db.session.scalars(
        select(Job).where(Job.application_id == application_id).order_by(Job.id)
    ).all()
