"""E-mail verbs. Each one renders the mail now and puts it in the outbox, in the caller's
transaction: it flushes, the request or command commits, and a worker sends it afterwards.

One mail per recipient and event: calling a verb twice for the same event (a double click, a
retried request) adds nothing the second time. Every verb returns whether it queued a mail.

    mail.queue_submission_mails(application)               # receipt + advisors, on submission
    mail.queue_receipt(application, "kari@example.no")     # the receipt again, to another address
    mail.queue_resume_code(application, code, address)      # from the save-later page
    mail.queue_letter_ready(application, event="decision:preliminary-grant",
                            document=N_("The preliminary grant letter"))

A new mail is a template `webapp/templates/mail/<name>.html` that extends `mail/_layout.html`
(its `subject` block is the subject; the text part is made from the HTML) and a call to
`queue_mail(name, to=…, event=…, language=…, context=…)`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from typing import Any

from flask import current_app, has_request_context, url_for

from ..jobs import outbox
from ..jobs.models import Job
from ..jobs.runner import JobError, handler
from ..mail.compose import render_mail
from ..mail.message import AddressError, build_message, checked_address, parse_recipients
from ..mail.transport import deliver
from ..models import Advisor, Application

MAIL = "mail"  # the outbox's job kind
logger = logging.getLogger("veiviser.mail")

# The names of the mails (templates in webapp/templates/mail/<name>.html).
RECEIPT = "receipt"
ADVISOR_NOTICE = "advisor_notice"
RESUME_CODE = "resume_code"
LETTER_READY = "letter_ready"
PLAN_CHANGES = "plan_changes"
LOGIN_LIMITED = "login_limited"
REPORTING_LINK = "reporting_link"
REPORTING_LINK_ENDED = "reporting_link_ended"
REPORT_DUE = "report_due"
REPORT_LATE = "report_late"


def queue_mail(
    name: str,
    *,
    to: str,
    event: str,
    language: str,
    context: Mapping[str, Any],
    application: Application | None = None,
) -> bool:
    """Render mail `name` in `language` for `to` and add it to the outbox; AddressError if `to`
    is not a valid address. False when this mail for this event and recipient is queued already.
    """
    recipient = checked_address(to)
    rendered = render_mail(name, language, context)
    return outbox.add(
        MAIL,
        f"{name}:{event}",
        {
            "mail": name,
            "subject": rendered.subject,
            "text": rendered.text,
            "html": rendered.html,
            "language": rendered.language,
        },
        recipient=recipient,
        application_id=application.id if application else None,
    )


def queue_submission_mails(application: Application) -> int:
    """On submission: the receipt to the contact, a notice to each VEIVISER_ADVISOR_NOTIFY
    address. Returns how many were queued."""
    queued = 0
    contact = (application.answers or {}).get("contact_email") or ""
    if contact:
        queued += queue_receipt(application, contact)
    advisors_language = current_app.config["BABEL_DEFAULT_LOCALE"]
    for address in parse_recipients(current_app.config["VEIVISER_ADVISOR_NOTIFY"]):
        queued += queue_mail(
            ADVISOR_NOTICE,
            to=address,
            event=_submitted_event(application),
            language=advisors_language,
            context={
                **_application_context(application),
                "advisor_url": url_for(
                    "advisor.application",
                    reference=application.reference,
                    lang_code=advisors_language,
                    _external=True,
                ),
            },
            application=application,
        )
    return queued


def queue_receipt(application: Application, address: str, strict: bool = False) -> bool:
    """The receipt of a submitted application, to `address`, in the application's language.
    An address that fails the check queues nothing (logged): the submission stands; with
    `strict` (the applicant typed it) the AddressError reaches the caller."""
    try:
        return queue_mail(
            RECEIPT,
            to=address,
            event=_submitted_event(application),
            language=application.locale,
            context={
                **_application_context(application),
                # Where the receipt opens again with the reference and the receipt code (the
                # code itself is never mailed: it is shown once, on the receipt page).
                "receipt_url": external_url("apply.open_receipt", lang_code=application.locale),
            },
            application=application,
        )
    except AddressError as error:
        if strict:
            raise
        logger.warning("no receipt for %s: %s", application.reference, error)
        return False


def _submitted_event(application: Application) -> str:
    return f"submitted:{application.reference}"


def queue_resume_code(application: Application, code: str, address: str) -> bool:
    """The resume code, to an address the applicant typed on the save-later page.

    The code travels in the mail's text only, never in a link. One mail per code and address;
    the body (with the code) is dropped from the outbox once sent.
    """
    code_digest = hashlib.sha256(code.encode()).hexdigest()[:16]
    return queue_mail(
        RESUME_CODE,
        to=address,
        event=f"{application.id}:{code_digest}",
        language=application.locale,
        context={
            "code": code,
            "resume_url": url_for(
                "apply.resume", lang_code=application.locale, embed=None, _external=True
            ),
            "draft_days": current_app.config["VEIVISER_DRAFT_MAX_AGE_DAYS"],
        },
        application=application,
    )


def queue_letter_ready(application: Application, *, event: str, document: str) -> bool:
    """Tell the applicant's contact that a decision or letter is ready.

    `event` names the letter, unique per application (e.g. "advice-letter",
    "decision:preliminary-grant"); `document` is its name as an English msgid (wrap it in N_),
    translated into the application's language. False when there is no contact address or the
    mail for this event is queued already.
    """
    contact = (application.answers or {}).get("contact_email") or ""
    if not contact:
        return False
    try:
        return queue_mail(
            LETTER_READY,
            to=contact,
            event=f"{application.reference}:{event}",
            language=application.locale,
            context={**_application_context(application), "document": document},
            application=application,
        )
    except AddressError as error:
        logger.warning("no letter mail for %s: %s", application.reference, error)
        return False


def queue_plan_changes(application: Application, message: str, *, event: str) -> bool:
    """Tell the applicant's contact what to change in the benefits realisation plan; `event`
    tells one request for changes from the next."""
    contact = (application.answers or {}).get("contact_email") or ""
    if not contact:
        return False
    try:
        return queue_mail(
            PLAN_CHANGES,
            to=contact,
            event=f"{application.reference}:{event}",
            language=application.locale,
            context={
                **_application_context(application),
                "message": message,
                "receipt_url": external_url("apply.open_receipt", lang_code=application.locale),
            },
            application=application,
        )
    except AddressError as error:
        logger.warning("no plan mail for %s: %s", application.reference, error)
        return False


def queue_reporting_link(application: Application, token: str, address: str, *, event: str) -> bool:
    """The secret reporting link, to the contact or the agency head. The token is in the mail
    alone (the outbox drops the body once sent); `event` tells one link from the next."""
    return queue_mail(
        REPORTING_LINK,
        to=address,
        event=f"{application.reference}:{event}",
        language=application.locale,
        context={
            **_application_context(application),
            "reporting_url": url_for(
                "reporting.overview", lang_code=application.locale, token=token, _external=True
            ),
        },
        application=application,
    )


def queue_link_ended(
    application: Application,
    address: str,
    *,
    event: str,
    sent_on: Any,
    new_recipients: list[str],
) -> bool:
    """Tell a holder of a reporting link that it no longer works, and where a new one went."""
    return queue_mail(
        REPORTING_LINK_ENDED,
        to=address,
        event=f"{application.reference}:{event}",
        language=application.locale,
        context={
            **_application_context(application),
            "sent_on": sent_on,
            "new_recipients": new_recipients,
            "contact_email": current_app.config["VEIVISER_CONTACT_EMAIL"],
        },
        application=application,
    )


def queue_report_reminder(
    application: Application, address: str, *, late: bool, kind: str, year: int, due_on: Any
) -> bool:
    """Remind of a report before its due date, or tell that it is late; once each per report
    and address. The link is not in it (only its hash is kept): the mail says where it is."""
    name = REPORT_LATE if late else REPORT_DUE
    return queue_mail(
        name,
        to=address,
        event=f"{application.reference}:{kind}:{year}",
        language=application.locale,
        context={
            **_application_context(application),
            "kind": kind,
            "year": year,
            "due_on": due_on,
            "contact_email": current_app.config["VEIVISER_CONTACT_EMAIL"],
        },
        application=application,
    )


def queue_login_limited(advisor: Advisor, scope: str, address: str) -> bool:
    """Tell an advisor that a login limit refused attempts on their account: when, from
    which address, and what to do. In the advisors' language; one mail per notice."""
    from forms.calls import in_norway

    from ..models import utcnow

    now = utcnow()
    language = current_app.config["BABEL_DEFAULT_LOCALE"]
    return queue_mail(
        LOGIN_LIMITED,
        to=advisor.email,
        event=f"{advisor.id}:{now:%Y%m%d%H%M%S}",
        language=language,
        context={
            "name": advisor.name,
            "at": in_norway(now),
            "address": address,
            "many_addresses": scope == "account",
            "login_url": external_url("advisor.login", lang_code=language),
        },
    )


def external_url(endpoint: str, **values: Any) -> str | None:
    """The full address of a page for a mail: from the request, or from SERVER_NAME when a
    mail is queued outside one (a command); None when neither says where the app lives."""
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for(endpoint, _external=True, **values)
    return None


def _application_context(application: Application) -> dict[str, Any]:
    answers = application.answers or {}
    return {
        "application": application,
        "reference": application.reference,
        "project_title": answers.get("project_title") or "",
        "agency_name": answers.get("agency_name") or "",
        "contact_name": answers.get("contact_name") or "",
        "schemes": application.scheme_list,
    }


# --- the worker's side ----------------------------------------------------------------------


@handler(MAIL)
def send_mail_job(job: Job) -> dict[str, Any]:
    """Send one queued mail; returns what the finished job keeps (the subject, not the body)."""
    payload = job.payload
    if "text" not in payload:
        raise JobError("the mail's text is gone (was it sent already?)")
    sender = current_app.config["VEIVISER_MAIL_FROM"]
    try:
        message = build_message(
            sender=sender,
            to=[job.recipient],
            subject=payload["subject"],
            text=payload["text"],
            html=payload["html"],
            message_id=_message_id(job, sender),
            language=payload["language"],
        )
    except AddressError as error:
        raise JobError(f"the address cannot be used: {error}") from None
    where = deliver(message, file_stem=f"{job.id}-{payload['mail']}")
    return {"subject": payload["subject"], "mail": payload["mail"], "sent_to": where}


def _message_id(job: Job, sender: str) -> str:
    # The same id on every attempt: a mail client that gets a duplicate can tell.
    domain = sender.rsplit("@", 1)[-1].strip("> ")
    digest = hashlib.sha256(f"{job.kind}:{job.event}:{job.recipient}".encode()).hexdigest()[:20]
    return f"<veiviser.{job.id}.{digest}@{domain}>"
