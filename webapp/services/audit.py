"""The audit trail: who did what to an application, and when."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from flask import has_request_context, request, session
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
# The downloads this browser session has had recorded (short digests), the newest last.
DOWNLOADS_KEY = "downloads_recorded"
DOWNLOADS_KEPT = 40


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


def record_download(
    application: Application,
    action: str,
    advisor: Advisor | None,
    detail: dict[str, Any],
    version: bytes | str,
) -> bool:
    """Record a download once per browser session and version of the document (`version`:
    its bytes or its digest), and only for a GET that the browser made from this site or on
    its own (typed, bookmarked). A HEAD, a repeat, or a navigation from another site (a link
    elsewhere pointing at the download) is served but adds nothing to the trail."""
    if has_request_context():
        if request.method != "GET":
            return False
        if request.headers.get("Sec-Fetch-Site", "none") not in ("same-origin", "none"):
            return False
        raw = version if isinstance(version, bytes) else version.encode()
        key = hashlib.sha256(
            f"{application.id}:{action}:".encode() + hashlib.sha256(raw).digest()
        ).hexdigest()[:16]
        seen = list(session.get(DOWNLOADS_KEY, []))
        if key in seen:
            return False
        session[DOWNLOADS_KEY] = [*seen[-(DOWNLOADS_KEPT - 1) :], key]
    record(application, action, advisor, detail=detail)
    return True


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
