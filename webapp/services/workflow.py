"""The advisors' status workflow: submitted → in review → letter ready → closed, and back."""

from __future__ import annotations

from sqlalchemy import update

from ..extensions import db
from ..models import STATUS_TRANSITIONS, Advisor, Application, ApplicationStatus, utcnow
from . import audit, followups, tracks

# Why a move the workflow allows was still refused.
LETTER_BEFORE_REVIEW = "letter_before_review"


class TransitionRefused(Exception):
    """The application cannot go from its current status to the one asked for."""

    def __init__(self, current: str, target: str, reason: str | None = None) -> None:
        super().__init__(f"cannot change status from {current!r} to {target!r}")
        self.current = current
        self.target = target
        self.reason = reason


def allowed_transitions(status: str) -> tuple[ApplicationStatus, ...]:
    """The statuses an advisor may move an application to; none while it is a draft."""
    if status == ApplicationStatus.DRAFT or status not in set(ApplicationStatus):
        return ()
    return STATUS_TRANSITIONS.get(ApplicationStatus(status), ())


def change_status(
    application: Application, target: str, advisor: Advisor, note: str | None = None
) -> None:
    """Move the application to `target` and record who did it; raises TransitionRefused.

    The update only applies while the status is still the one this request read, so two
    advisors pressing buttons at once cannot skip a step.
    """
    current = application.status
    if target not in allowed_transitions(current):
        raise TransitionRefused(current, target)
    if target == ApplicationStatus.LETTER_READY and not tracks.letter_can_be_ready(application):
        raise TransitionRefused(current, target, LETTER_BEFORE_REVIEW)
    result = db.session.execute(
        update(Application)
        .where(Application.id == application.id, Application.status == current)
        .values(status=target, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        db.session.refresh(application)
        raise TransitionRefused(application.status, target)
    audit.record(
        application,
        audit.STATUS_CHANGED,
        advisor,
        detail={"from": current, "to": target},
        note=note,
    )
    followups.on_status_changed(application, target)
    db.session.commit()
    db.session.refresh(application)
