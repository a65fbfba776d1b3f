"""What follows a change in the background: mails and archive copies, queued in the outbox in
the transaction of the change itself. Services call these, once, when the change happened."""

from __future__ import annotations

from ..models import Application, ApplicationStatus
from . import archive, documents, mail


def on_submitted(application: Application) -> None:
    """The receipt, the advisors' notice and the archive copies of what was sent."""
    mail.queue_submission_mails(application)
    archive.queue_application_copies(application)


def on_status_changed(application: Application, status: str) -> None:
    """A letter marked ready is archived and the applicant told; a rewritten letter marked
    ready again is a new version of both."""
    if status != ApplicationStatus.LETTER_READY:
        return
    version = archive.letter_version(application)
    archive.queue_archive_copy(application, "advice-letter", version=version)
    mail.queue_letter_ready(
        application, event=f"advice-letter:{version}", document=documents.ADVICE_LETTER.name
    )
