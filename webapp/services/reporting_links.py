"""The secret link a granted project reports through (DOMAIN.md §2, after the grant).

An advisor issues it once the preliminary grant is sent; it goes by e-mail to the contact and
the agency head. Only the SHA-256 of the token is stored, so the database alone opens nothing.
Issuing a new link revokes the old one; revoking leaves the agency without a link until an
advisor issues a new one. Services flush; the view commits.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import delete, select, update

from forms.text import N_

from ..extensions import db
from ..mail.message import AddressError, checked_address
from ..models import Advisor, Application, utcnow
from ..reporting.models import ReportingLink
from . import audit, decisions, mail

# 256 bits, URL-safe: the same strength as the applications' public ids.
TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")

LINK_ISSUED = "reporting_link_issued"
LINK_REVOKED = "reporting_link_revoked"
ACTIONS = (LINK_ISSUED, LINK_REVOKED)


class LinkRefused(decisions.DecisionRefused):
    """Not allowed now; ``message`` is an English msgid."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_granted(application: Application) -> bool:
    decision = decisions.decision_of(application)
    return (
        decision is not None
        and decision.outcome == decisions.GRANT
        and decision.sent_at is not None
    )


def active_link(application: Application) -> ReportingLink | None:
    return db.session.scalar(
        select(ReportingLink).where(
            ReportingLink.application_id == application.id, ReportingLink.revoked_at.is_(None)
        )
    )


def issue(
    application: Application, recipients: list[str], advisor: Advisor
) -> tuple[ReportingLink, str]:
    """A new link for the project, mailed to `recipients`; the old link stops working.
    Returns the link and its token (shown nowhere: it is in the mails only)."""
    if not is_granted(application):
        raise LinkRefused(N_("A reporting link can be issued once the grant has been sent."))
    addresses = _checked(recipients)
    previous = active_link(application)
    replaced = _revoke_active(application)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ReportingLink(
        application_id=application.id,
        token_hash=token_hash(token),
        recipients=addresses,
        created_by_id=advisor.id,
    )
    db.session.add(link)
    db.session.flush()
    from . import benefit_plans  # the plan is built from the answers when the first link goes

    benefit_plans.ensure_plan(application)
    audit.record(
        application,
        LINK_ISSUED,
        advisor,
        detail={"recipients": addresses, "replaced": replaced},
    )
    for address in addresses:
        mail.queue_reporting_link(application, token, address, event=f"link-{link.id}")
    if previous is not None:
        _tell_link_ended(application, previous, new_recipients=addresses)
    return link, token


def revoke(application: Application, advisor: Advisor) -> None:
    previous = active_link(application)
    if not _revoke_active(application) or previous is None:
        raise LinkRefused(N_("The project has no reporting link to revoke."))
    audit.record(application, LINK_REVOKED, advisor)
    _tell_link_ended(application, previous, new_recipients=[])


def _tell_link_ended(
    application: Application, ended: ReportingLink, new_recipients: list[str]
) -> None:
    """Tell those who had the link that it no longer works, and where a new one went: a link
    revoked by mistake, or by someone who should not, does not go unnoticed."""
    for address in ended.recipients:
        try:
            mail.queue_link_ended(
                application,
                address,
                event=f"link-{ended.id}-ended",
                sent_on=ended.created_at,
                new_recipients=new_recipients,
            )
        except mail.AddressError:  # checked when the link was sent
            continue


def _revoke_active(application: Application) -> bool:
    result = db.session.execute(
        update(ReportingLink)
        .where(ReportingLink.application_id == application.id, ReportingLink.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    _drop_unsent_link_mails(application)
    return bool(result.rowcount)


def _drop_unsent_link_mails(application: Application) -> None:
    """Mails of earlier links not sent yet (or given up) hold a token that no longer opens
    anything: delete them, so no live or dead token waits in the outbox."""
    from ..jobs.models import Job, JobStatus

    db.session.execute(
        delete(Job)
        .where(
            Job.application_id == application.id,
            Job.kind == mail.MAIL,
            Job.event.startswith(f"{mail.REPORTING_LINK}:", autoescape=True),
            Job.status.in_((JobStatus.PENDING, JobStatus.FAILED)),
        )
        .execution_options(synchronize_session=False)
    )


def _checked(recipients: list[str]) -> list[str]:
    addresses: list[str] = []
    for raw in recipients:
        if not raw.strip():
            continue
        try:
            address = checked_address(raw.strip())
        except AddressError:
            raise LinkRefused(
                N_("Enter each e-mail address in the right format, like name@agency.no")
            ) from None
        if address.lower() not in (a.lower() for a in addresses):
            addresses.append(address)
    if not addresses:
        raise LinkRefused(N_("Enter at least one e-mail address for the link."))
    return addresses


def find(token: str) -> ReportingLink | None:
    """The active link with this token, or None (a revoked, replaced or made-up token)."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    link = db.session.scalar(
        select(ReportingLink).where(
            ReportingLink.token_hash == token_hash(token), ReportingLink.revoked_at.is_(None)
        )
    )
    if link is None or not is_granted(link.application):
        return None
    return link
