"""Background jobs: an outbox table in our database, relayed to a Huey queue.

Why Huey: it is the one kept library with both ends of our scale in one API. Its SQLite store
needs no other service (one machine, as `make run`), and its Redis and PostgreSQL stores serve
many workers on many hosts. See the commit that added it for the comparison.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, current_app

if TYPE_CHECKING:
    from .queue import JobQueue

EXTENSION = "veiviser.jobs"


def init_app(app: Flask) -> None:
    from ..archive import models as archive_models  # noqa: F401  (tables for migrations)
    from ..mail.message import parse_recipients, parse_sender
    from ..services import archive, mail  # noqa: F401  (register the mail and PDF/A jobs)
    from . import models  # noqa: F401
    from .commands import jobs_cli

    # A wrong address in the settings stops the app here, not a submission later.
    parse_sender(app.config["VEIVISER_MAIL_FROM"])
    parse_recipients(app.config["VEIVISER_ADVISOR_NOTIFY"])

    app.cli.add_command(jobs_cli)


def job_queue(app: Flask | None = None) -> JobQueue:
    """The app's queue, made on first use (web requests never need it: the relay does)."""
    from .queue import JobQueue  # here: web processes never need Huey (nor its Redis client)
    from .runner import execute

    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    queue = app.extensions.get(EXTENSION)
    if queue is None:
        queue = app.extensions[EXTENSION] = JobQueue(app, execute)
    return queue
