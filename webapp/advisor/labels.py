"""Words for codes on the advisor's pages: statuses, buttons, languages, letter fields."""

from __future__ import annotations

from forms.translation import lazy_gettext as _l

from ..models import ApplicationStatus
from ..services import tracks
from ..track_labels import TRACK_STEP_LABELS, track_step_label  # noqa: F401  (shared)

STATUS_LABELS = {
    ApplicationStatus.DRAFT: _l("Draft"),
    ApplicationStatus.SUBMITTED: _l("Submitted"),
    ApplicationStatus.IN_REVIEW: _l("In review"),
    ApplicationStatus.LETTER_READY: _l("Letter ready"),
    ApplicationStatus.CLOSED: _l("Closed"),
}

# The button that moves an application from one status to the next, named after what it does.
TRANSITION_LABELS = {
    (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW): _l("Start the review"),
    (ApplicationStatus.IN_REVIEW, ApplicationStatus.LETTER_READY): _l("Mark the letter as ready"),
    (ApplicationStatus.LETTER_READY, ApplicationStatus.CLOSED): _l("Close the case"),
    (ApplicationStatus.IN_REVIEW, ApplicationStatus.CLOSED): _l("Close the case"),
    (ApplicationStatus.LETTER_READY, ApplicationStatus.IN_REVIEW): _l("Take back into review"),
    (ApplicationStatus.CLOSED, ApplicationStatus.IN_REVIEW): _l("Reopen the case"),
}

# The button that moves a council case from one step to another.
TRACK_MOVE_LABELS = {
    (tracks.PREPARATION, tracks.PROJECT_REVIEW): _l("Move to project review"),
    (tracks.PROJECT_REVIEW, tracks.FOLLOW_UP): _l("Move to follow-up"),
    (tracks.PROJECT_REVIEW, tracks.PREPARATION): _l("Back to preparation"),
    (tracks.FOLLOW_UP, tracks.PROJECT_REVIEW): _l("Back to project review"),
}

# Why a track could not move, or a meeting date was refused.
TRACK_REFUSALS = {
    tracks.NO_TRACK: _l("The application was not sent to the council."),
    tracks.NOT_NEXT: _l("The case cannot go to that step from where it is."),
    tracks.NO_MEETING: _l(
        "Agree on the date of the meeting with the agency first: the project review is that "
        "meeting."
    ),
    tracks.LETTER_NOT_READY: _l(
        "Mark the advice letter as ready first: follow-up comes after the agency has the "
        "council's recommendation."
    ),
    tracks.LETTER_IS_READY: _l(
        "The advice letter is marked as ready. Take the application back into review before "
        "the case goes back to preparation."
    ),
    tracks.CHANGED_MEANWHILE: _l(
        "Someone else moved the case in the meantime. Here is where it stands now."
    ),
    tracks.BEFORE_REQUEST: _l("The meeting cannot be before the request arrived (%(date)s)."),
    tracks.MEETING_HELD: _l(
        "The case is in follow-up, so the meeting has been held. Take the case back to project "
        "review to change its date."
    ),
}

# The languages a letter can be written in, named in the language of the page.
LANGUAGE_LABELS = {
    "nb": _l("Norwegian Bokmål"),
    "nn": _l("Norwegian Nynorsk"),
    "en": _l("English"),
}

# The letter's settings as the audit trail names them when they change.
LETTER_FIELD_LABELS = {
    "case_number": _l("case number"),
    "their_reference": _l("their reference"),
    "letter_date": _l("date of the letter"),
    "letter_language": _l("language"),
    "meeting_date": _l("date of the meeting"),
    "overall_assessment": _l("overall assessment"),
    "recommendations": _l("recommendations"),
    "follow_up": _l("follow-up"),
    "case_officer": _l("case officer"),
    "case_officer_title": _l("case officer's title"),
    "case_officer_email": _l("case officer's e-mail address"),
    "copy_to_ministry": _l("copy to the ministry"),
}


def status_label(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


def language_label(code: str) -> str:
    label = LANGUAGE_LABELS.get(code)
    return str(label) if label is not None else code
