"""Words for codes on the advisor's pages: statuses, buttons, audit actions, readiness."""

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

READINESS_ANSWERS = {"yes": _l("Yes"), "partly": _l("Partly"), "no": _l("No")}


def status_label(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status
