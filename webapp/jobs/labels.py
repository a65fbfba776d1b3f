"""How a job reads on the advisor's page of an application: what it is and how it went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from forms.translation import lazy_gettext as _l

from .models import Job, JobStatus

MAIL_NAMES = {
    "receipt": _l("Receipt to the contact person"),
    "advisor_notice": _l("Notice to the advisors"),
    "resume_code": _l("Resume code to the applicant"),
    "letter_ready": _l("“Letter ready” to the contact person"),
}


@dataclass(frozen=True)
class JobLine:
    what: str
    recipient: str
    state: str  # "done", "waiting" or "failed": the tag's colour
    state_label: str
    at: datetime | None
    error: str | None
    attempts: int


def describe(job: Job) -> JobLine:
    if job.kind == "mail":
        what = str(MAIL_NAMES.get(job.payload.get("mail", ""), _("E-mail")))
    elif job.kind == "pdfa":
        from ..services.archive import ARCHIVED

        archived = ARCHIVED.get(job.payload.get("document", ""))
        name = _(archived.name) if archived else job.payload.get("document", "")
        what = _("Archive version (PDF/A): %(title)s", title=name)
    else:
        what = job.kind
    if job.status == JobStatus.DONE:
        state, label, at = "done", _("Sent") if job.kind == "mail" else _("Made"), job.finished_at
    elif job.status == JobStatus.FAILED:
        state, label, at = "failed", _("Failed, gave up"), job.finished_at
    else:
        state, label, at = "waiting", _("Waiting"), job.run_at
        if job.attempts:
            label = _("Waiting to try again")
    return JobLine(what, job.recipient, state, label, at, job.last_error, job.attempts)
