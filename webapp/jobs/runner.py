"""Run one job: claim it, call the handler for its kind, record the outcome."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from ..extensions import db
from . import outbox
from .models import Job

logger = logging.getLogger("veiviser.jobs")

# A handler does the work and returns the payload the finished job keeps (None: the
# description only). Raising means "try again later"; the message is shown to advisors.
Handler = Callable[[Job], Mapping[str, Any] | None]
HANDLERS: dict[str, Handler] = {}


class JobError(Exception):
    """A failure with a message fit to show to advisors (no traceback, no secrets)."""


def handler(kind: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register


@handler("noop")
def _noop(job: Job) -> None:
    """Does nothing: measures the queue itself (`make bench`) and checks a worker is alive."""


def describe(error: BaseException) -> str:
    if isinstance(error, JobError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def execute(job_id: int) -> str | None:
    """Run the job if this worker can claim it; returns its new status, or None if not claimed."""
    job = outbox.claim(job_id)
    if job is None:
        return None
    run = HANDLERS.get(job.kind)
    try:
        if run is None:
            raise JobError(f"no handler for jobs of kind {job.kind!r}")
        kept = run(job)
    except Exception as error:  # every failure is retried, then shown; the worker carries on
        db.session.rollback()
        gave_up = outbox.fail(job, describe(error))
        logger.warning(
            "job %s (%s) attempt %s failed%s: %s",
            job.id,
            job.kind,
            job.attempts,
            ", giving up" if gave_up else "",
            describe(error),
        )
        return "failed" if gave_up else "retry"
    outbox.finish(job, kept if kept is not None else outbox.scrub(job.payload))
    logger.info("job %s (%s) done after %s attempt(s)", job.id, job.kind, job.attempts)
    return "done"
