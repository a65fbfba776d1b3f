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


def allowed_transitions(
    status: str, schemes: list[str] | None = None
) -> tuple[ApplicationStatus, ...]:
    """The statuses an advisor may move an application to; none while it is a draft.

    Given the application's `schemes`: without a council case there is no advice letter, so a
    co-financing application is closed from review instead of having a letter marked ready
    (its letters are the decisions, services.decisions)."""
    if status == ApplicationStatus.DRAFT or status not in set(ApplicationStatus):
        return ()
    allowed = STATUS_TRANSITIONS.get(ApplicationStatus(status), ())
    if schemes is not None and "council" not in schemes:
        allowed = tuple(target for target in allowed if target != ApplicationStatus.LETTER_READY)
        if status == ApplicationStatus.IN_REVIEW:
            allowed = (*allowed, ApplicationStatus.CLOSED)
    return allowed


def change_status(
    application: Application, target: str, advisor: Advisor, note: str | None = None
) -> None:
    """Move the application to `target` and record who did it; raises TransitionRefused.

    The update only applies while the status is still the one this request read, so two
    advisors pressing buttons at once cannot skip a step.
    """
    current = application.status
    if target not in allowed_transitions(current, application.scheme_list):
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
        # Nothing written: the letter saved just before in this request stays saved.
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
    db.session.flush()
    db.session.refresh(application)
