"""Words for codes on the advisor's pages: statuses, buttons, languages, letter fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..models import ApplicationStatus

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
    (ApplicationStatus.LETTER_READY, ApplicationStatus.IN_REVIEW): _l("Take back into review"),
    (ApplicationStatus.CLOSED, ApplicationStatus.IN_REVIEW): _l("Reopen the case"),
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
}


def status_label(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


def language_label(code: str) -> str:
    label = LANGUAGE_LABELS.get(code)
    return str(label) if label is not None else code
