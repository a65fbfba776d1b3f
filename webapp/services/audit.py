"""The audit trail: who did what to an application, and when."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Advisor, Application, AuditEvent, utcnow

VIEWED = "viewed"
STATUS_CHANGED = "status_changed"
SUBMITTED = "submitted"  # recorded by the applicant's side when a draft is sent
DOWNLOADED_BY_APPLICANT = "downloaded_by_applicant"  # the applicant's copy, from the receipt
LETTER_SAVED = "letter_saved"
DOWNLOADED_LETTER = "downloaded_letter"
DOWNLOADED_APPLICATION = "downloaded_application"
DOWNLOADED_ATTACHMENT = "downloaded_attachment"

# Reading a case is recorded at most this often per advisor, so the trail stays readable.
VIEW_INTERVAL = timedelta(hours=1)


def record(
    application: Application,
    action: str,
    advisor: Advisor | None = None,
    detail: dict[str, Any] | None = None,
    note: str | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Add an event to the session; the caller commits it with the change it describes."""
    event = AuditEvent(
        application_id=application.id,
        advisor_id=advisor.id if advisor else None,
        action=action,
        detail=detail or {},
        note=note,
        created_at=at or utcnow(),
    )
    db.session.add(event)
    return event


def record_view(application: Application, advisor: Advisor, at: datetime | None = None) -> bool:
    """Record that the advisor read the case, unless they did so within the last hour."""
    at = at or utcnow()
    seen_lately = db.session.scalar(
        select(AuditEvent.id)
        .where(
            AuditEvent.application_id == application.id,
            AuditEvent.advisor_id == advisor.id,
            AuditEvent.action == VIEWED,
            AuditEvent.created_at > at - VIEW_INTERVAL,
        )
        .limit(1)
    )
    if seen_lately is not None:
        return False
    record(application, VIEWED, advisor, at=at)
    db.session.commit()
    return True


def history(application: Application) -> list[AuditEvent]:
    """The application's events, newest first, each with its advisor loaded."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .options(joinedload(AuditEvent.advisor))
            .where(AuditEvent.application_id == application.id)
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        )
    )
