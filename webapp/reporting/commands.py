"""`flask reports remind`."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from ..extensions import db
from ..models import utcnow
from ..services import report_reminders

reports_cli = AppGroup("reports", help="The reports of granted projects.")


@reports_cli.command("remind")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day to remind as of (default: today in Norway).",
)
def remind_command(today) -> None:
    """Queue the reminders of reports due soon or late (run it daily)."""
    from forms.calls import in_norway

    day: date = today.date() if today else in_norway(utcnow()).date()
    sent = report_reminders.remind(day)
    db.session.commit()
    click.echo(f"reminders queued: {sent.due} due soon, {sent.late} late")
