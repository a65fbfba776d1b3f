"""Each scheme's own process: a track per scheme an application was sent to.

A council case goes through preparation (the agency and the secretariat agree on a meeting date
and the documents), project review (the meeting, then the advice letter) and follow-up, in that
order and whatever the project's phase (DOMAIN.md §3). The advisors move it one step at a time,
forward or back. A co-financing application starts as sent; the call's steps follow from there.
"""

from __future__ import annotations

from datetime import date

from flask_babel import to_user_timezone
from sqlalchemy import update

from forms.rulesets import COUNCIL_STEPS

from ..extensions import db
from ..models import Advisor, Application, ApplicationStatus, Track, utcnow
from . import audit

COUNCIL = "council"
COFINANCING = "cofinancing"
PREPARATION, PROJECT_REVIEW, FOLLOW_UP = COUNCIL_STEPS
SENT = "submitted"
# Co-financing (DOMAIN.md §2): sent, a preliminary grant, the benefits realisation plan in,
# the final grant; or rejected. The decisions move it (services.decisions), not a button.
PRELIMINARY_GRANT, PLAN_RECEIVED, FINAL_GRANT, REJECTED = (
    "preliminary_grant",
    "plan_received",
    "final_grant",
    "rejected",
)
COFINANCING_STEPS = (SENT, PRELIMINARY_GRANT, PLAN_RECEIVED, FINAL_GRANT)

FIRST_STEP = {COUNCIL: PREPARATION, COFINANCING: SENT}
STEPS = {COUNCIL: COUNCIL_STEPS, COFINANCING: COFINANCING_STEPS}
# Steps a track reaches only by a decision, never by the one-step moves.
DECIDED_ONLY = {COFINANCING}

# The letter is written at project review: before it, it cannot be marked ready.
LETTER_STEPS = (PROJECT_REVIEW, FOLLOW_UP)
# Statuses in which the advice letter has been marked ready or sent.
LETTER_DONE = (ApplicationStatus.LETTER_READY, ApplicationStatus.CLOSED)

TRACK_MOVED = "track_moved"
MEETING_AGREED = "meeting_agreed"

# Why a move or a date was refused; the views word them.
NO_TRACK = "no_track"
NOT_NEXT = "not_next"
NO_MEETING = "no_meeting"
LETTER_NOT_READY = "letter_not_ready"
LETTER_IS_READY = "letter_is_ready"
CHANGED_MEANWHILE = "changed_meanwhile"
BEFORE_REQUEST = "before_request"
MEETING_HELD = "meeting_held"


class TrackRefused(Exception):
    """The move or the date is not allowed; `reason` is one of the codes above."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def open_tracks(application: Application) -> None:
    """Start a track for each scheme the application was just sent to (same transaction)."""
    for scheme in application.scheme_list:
        if scheme in FIRST_STEP and application.track(scheme) is None:
            application.tracks.append(Track(scheme=scheme, step=FIRST_STEP[scheme]))


def received_on(application: Application) -> date | None:
    """The day the request reached the secretariat, in Norwegian time."""
    if application.submitted_at is None:
        return None
    return to_user_timezone(application.submitted_at).date()


def moves(track: Track | None) -> tuple[str, ...]:
    """The steps the track can go to from where it is: the next one, then the one before."""
    if track is None or track.scheme not in STEPS or track.scheme in DECIDED_ONLY:
        return ()
    steps = STEPS[track.scheme]
    if track.step not in steps:
        return (steps[0],)
    at = steps.index(track.step)
    return tuple(steps[n] for n in (at + 1, at - 1) if 0 <= n < len(steps))


def refusal(application: Application, track: Track, target: str) -> str | None:
    """Why the track cannot go to `target` now, or None when it can."""
    if target not in moves(track):
        return NOT_NEXT
    if track.scheme != COUNCIL:
        return None
    if target == PROJECT_REVIEW and track.step == PREPARATION and track.meeting_on is None:
        return NO_MEETING
    if target == FOLLOW_UP and application.status not in LETTER_DONE:
        return LETTER_NOT_READY
    if target == PREPARATION and application.status in LETTER_DONE:
        return LETTER_IS_READY
    return None


def move(application: Application, scheme: str, target: str, advisor: Advisor) -> Track:
    """Move the scheme's track to `target` and record who did it; raises TrackRefused.

    Like the status, the update applies only while the step is still the one this request read,
    so two advisors pressing at once cannot skip a step.
    """
    track = application.track(scheme)
    if track is None or application.status == ApplicationStatus.DRAFT:
        raise TrackRefused(NO_TRACK)
    reason = refusal(application, track, target)
    if reason is not None:
        raise TrackRefused(reason)
    current = track.step
    result = db.session.execute(
        update(Track)
        .where(Track.id == track.id, Track.step == current)
        .values(step=target, changed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # nothing written; what the request did before stands
        raise TrackRefused(CHANGED_MEANWHILE)
    audit.record(
        application, TRACK_MOVED, advisor, detail={"scheme": scheme, "from": current, "to": target}
    )
    db.session.flush()
    db.session.refresh(track)
    return track


def set_step(
    application: Application,
    scheme: str,
    expected: tuple[str, ...],
    target: str,
    advisor: Advisor | None,
) -> Track:
    """Move the track to `target` from one of the `expected` steps, as a decision does, in the
    caller's transaction (it flushes; the caller commits). Raises TrackRefused when the track is
    elsewhere, also when another request moved it in the meantime."""
    track = application.track(scheme)
    if track is None:
        raise TrackRefused(NO_TRACK)
    current = track.step
    if current not in expected:
        raise TrackRefused(NOT_NEXT)
    result = db.session.execute(
        update(Track)
        .where(Track.id == track.id, Track.step == current)
        .values(step=target, changed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise TrackRefused(CHANGED_MEANWHILE)
    track.step = target
    audit.record(
        application, TRACK_MOVED, advisor, detail={"scheme": scheme, "from": current, "to": target}
    )
    return track


def agree_meeting(application: Application, meeting_on: date, advisor: Advisor) -> bool:
    """Set the council meeting's date; False when it was already that date.

    The meeting is agreed in preparation and can be moved until the case reaches follow-up;
    it is never before the day the request arrived.
    """
    track = application.track(COUNCIL)
    if track is None or application.status == ApplicationStatus.DRAFT:
        raise TrackRefused(NO_TRACK)
    if track.step == FOLLOW_UP:
        raise TrackRefused(MEETING_HELD)
    arrived = received_on(application)
    if arrived is not None and meeting_on < arrived:
        raise TrackRefused(BEFORE_REQUEST)
    if track.meeting_on == meeting_on:
        return False
    previous = track.meeting_on
    track.meeting_on = meeting_on
    track.changed_at = utcnow()
    audit.record(
        application,
        MEETING_AGREED,
        advisor,
        detail={
            "date": meeting_on.isoformat(),
            "previous": previous.isoformat() if previous else None,
        },
    )
    return True


def letter_can_be_ready(application: Application) -> bool:
    """The advice letter is written at project review: a council case in preparation cannot
    have its letter marked ready. An application without a council track is not held back."""
    track = application.track(COUNCIL)
    return track is None or track.step in LETTER_STEPS
