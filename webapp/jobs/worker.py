"""`flask jobs work`: a Huey consumer, and a relay that moves due jobs from the outbox to it."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from flask import Flask

from ..extensions import db
from . import outbox

if TYPE_CHECKING:
    from .queue import JobQueue

logger = logging.getLogger("veiviser.jobs")


def relay_once(queue: JobQueue) -> int:
    """Hand every due job to the queue; returns how many. Call inside an app context."""
    ids = outbox.take_due()
    for job_id in ids:
        queue.send(job_id)
    return len(ids)


class Relay(threading.Thread):
    """Polls the outbox. Several relays (one per worker, on any host) can run at once:
    `take_due` hands each job to exactly one of them."""

    def __init__(self, app: Flask, queue: JobQueue) -> None:
        super().__init__(name="outbox-relay", daemon=True)
        self.app = app
        self.queue = queue
        self.stopping = threading.Event()

    def run(self) -> None:
        interval = self.app.config["VEIVISER_JOBS_POLL_SECONDS"]
        while not self.stopping.is_set():
            moved = 0
            with self.app.app_context():
                try:
                    moved = relay_once(self.queue)
                except Exception:  # the database or the queue is away: try again next round
                    logger.exception("outbox relay failed; trying again")
                    db.session.rollback()
                finally:
                    db.session.remove()
            if not moved:
                self.stopping.wait(interval)

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)


def work(app: Flask, queue: JobQueue, workers: int) -> None:
    """Run until SIGTERM (finish the jobs in hand, then return), SIGINT (stop at once) or SIGHUP
    (restart)."""
    consumer = queue.huey.create_consumer(
        workers=workers,
        worker_type="thread",
        periodic=False,
        max_delay=1.0,
        graceful_signal="TERM",
    )
    relay = Relay(app, queue)
    relay.start()
    logger.info("jobs worker: %s worker thread(s) on %s", workers, queue.url.split("@")[-1])
    try:
        consumer.run()
    finally:
        relay.stop()
