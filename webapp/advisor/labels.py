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

READINESS_QUESTIONS = {
    "leader_ownership": _l("The head of the agency owns the change"),
    "business_involvement": _l("The business side takes an active part"),
    "project_management": _l("Project management is solid and follows good practice"),
    "agile_delivery": _l("The project uses agile development"),
    "cross_sector_collaboration": _l("The project collaborates across agencies and sectors"),
    "benefits_realisation": _l("Benefits are planned and documented"),
    "renewal": _l("The project renews how the work is done"),
    "ministry_backing": _l("The ministry backs the agency in working in new ways"),
}

READINESS_ANSWERS = {"yes": _l("Yes"), "partly": _l("Partly"), "no": _l("No")}


def status_label(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status
