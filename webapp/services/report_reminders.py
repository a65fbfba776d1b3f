"""Reminders of the reports a granted project owes: one before each due date, one when late.

Run daily (`flask reports remind`, from cron or a systemd timer). Each mail is an outbox job
whose event names the report, so running it twice a day, or on two hosts, sends nothing twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..reporting.models import ReportingLink
from . import mail, reports

logger = logging.getLogger("veiviser.reports")


@dataclass
class Sent:
    due: int = 0
    late: int = 0


def remind(today: date) -> Sent:
    """Queue the reminders due on `today`; the caller commits."""
    days = current_app.config["VEIVISER_REPORT_REMINDER_DAYS"]
    sent = Sent()
    links = db.session.scalars(
        select(ReportingLink)
        .where(ReportingLink.revoked_at.is_(None))
        .options(selectinload(ReportingLink.application))
        .order_by(ReportingLink.id)
    )
    for link in links:
        application = link.application
        for due in reports.schedule(application):
            late = due.is_late(today)
            if not late and not due.due_within(today, days):
                continue
            for address in link.recipients:
                try:
                    queued = mail.queue_report_reminder(
                        application,
                        address,
                        late=late,
                        kind=due.kind,
                        year=due.year,
                        due_on=due.due_on,
                    )
                except mail.AddressError:  # checked when the link was sent; the rest go on
                    logger.warning("no reminder for %s: bad address", application.reference)
                    continue
                if queued and late:
                    sent.late += 1
                elif queued:
                    sent.due += 1
    return sent
