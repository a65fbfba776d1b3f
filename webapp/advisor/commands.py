"""`flask advisors …`: advisor accounts are made from the command line only."""

from flask.cli import AppGroup

advisors_cli = AppGroup("advisors", help="Create and manage advisor accounts.")
