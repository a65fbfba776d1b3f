"""`flask rules …`: the routing rules at a terminal."""

from flask.cli import AppGroup

rules_cli = AppGroup("rules", help="Check a project against the routing rules.")
