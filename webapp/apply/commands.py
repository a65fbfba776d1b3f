"""`flask drafts …`: housekeeping of unsent drafts."""

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from ..services.drafts import purge_drafts

drafts_cli = AppGroup("drafts", help="Housekeeping of applicants' unsent drafts.")


@drafts_cli.command("purge")
@click.option(
    "--older-than-days",
    type=click.IntRange(min=1),
    default=None,
    help="Delete drafts unchanged for this many days (default: VEIVISER_DRAFT_MAX_AGE_DAYS).",
)
def purge(older_than_days: int | None) -> None:
    """Delete unsent drafts that nobody has touched for a while."""
    days = older_than_days or current_app.config["VEIVISER_DRAFT_MAX_AGE_DAYS"]
    count = purge_drafts(days)
    db.session.commit()
    click.echo(f"Deleted {count} draft(s) unchanged for more than {days} days.")
