"""`flask drafts …`: housekeeping of unsent drafts."""

from flask.cli import AppGroup

drafts_cli = AppGroup("drafts", help="Housekeeping of applicants' unsent drafts.")
