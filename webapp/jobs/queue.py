"""The binding to Huey: which store the queue lives in, and the one task that runs a job.

The queue only carries job ids. What a job is, whether it is due and whether it is done lives
in the outbox (our database), so a queue that loses a message costs a delay, never a job.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask
from huey import Huey, PostgresHuey, RedisHuey, SqliteHuey

QUEUE_NAME = "veiviser"
TASK_NAME = "veiviser.run_job"


def queue_store(url: str, instance_path: str) -> str:
    """The store's URL: VEIVISER_JOBS_URL, or a SQLite file in the instance folder."""
    return url or "sqlite:///" + str(Path(instance_path) / "jobs.sqlite3")


def make_huey(url: str, name: str = QUEUE_NAME) -> Huey:
    """A Huey on SQLite (one machine), Redis or PostgreSQL (many machines)."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=str(path), results=False)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url, results=False)
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return PostgresHuey(name, dsn="postgresql://" + url.removeprefix(prefix), results=False)
    raise RuntimeError(
        f"VEIVISER_JOBS_URL must start with sqlite:///, redis:// or postgresql://, not {url!r}"
    )


class JobQueue:
    """One app's queue: `send(job_id)` puts a job on it; a consumer runs `run(job_id)`."""

    def __init__(self, app: Flask, run: Callable[[int], None]) -> None:
        self.url = queue_store(app.config["VEIVISER_JOBS_URL"], app.instance_path)
        self.huey = make_huey(self.url, app.config["VEIVISER_JOBS_QUEUE"])

        def run_job(job_id: int) -> None:
            with app.app_context():
                run(job_id)

        self._task = self.huey.task(name=TASK_NAME)(run_job)

    def send(self, job_id: int) -> None:
        self._task(job_id)

    def waiting(self) -> int:
        return self.huey.pending_count()

    def flush(self) -> None:
        self.huey.flush()
