"""The outbox: one row per piece of background work, written in the transaction that causes it."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import utcnow


class JobStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for its first or next attempt (run_at)
    QUEUED = "queued"  # handed to the queue; lease_until says when to hand it again
    RUNNING = "running"  # a worker has it; lease_until says when it counts as lost
    DONE = "done"
    FAILED = "failed"  # gave up: shown to advisors and by `flask jobs status`


OPEN_STATUSES = (JobStatus.PENDING, JobStatus.QUEUED, JobStatus.RUNNING)


class Job(db.Model):
    """A job in the outbox. (kind, event, recipient) is unique: a double click, a retried
    request or a retried job can never make a second mail to the same person for one event."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    # What caused it, e.g. "submitted:VV-2026-000012"; with the recipient, the idempotency key.
    event: Mapped[str] = mapped_column(String(160))
    recipient: Mapped[str] = mapped_column(String(254), default="")
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default=JobStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    give_up_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    finished_at: Mapped[datetime | None]

    __table_args__ = (
        UniqueConstraint("kind", "event", "recipient", name="uq_jobs_kind_event_recipient"),
        # The relay's question: which open jobs are due?
        Index("ix_jobs_status_run_at", "status", "run_at"),
    )
