"""`flask jobs work | status | retry`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from . import job_queue, outbox, worker

jobs_cli = AppGroup("jobs", help="Background jobs: e-mail and archive copies.")


@jobs_cli.command("work")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker threads (default VEIVISER_JOBS_WORKERS).",
)
def work_command(workers: int | None) -> None:
    """Run jobs until stopped (SIGTERM finishes the jobs in hand, then exits; Ctrl-C stops at
    once, and a job it held runs again after its lease)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    worker.work(app, job_queue(app), workers or app.config["VEIVISER_JOBS_WORKERS"])


@jobs_cli.command("status")
def status_command() -> None:
    """List pending and failed jobs; exit status 1 when any job has failed."""
    counts = outbox.counts()
    click.echo(f"pending: {counts.pending}  failed: {counts.failed}  done: {counts.done}")
    for job in outbox.open_and_failed():
        line = (
            f"{job.id:>6}  {job.status:<8} {job.kind:<5} {job.event}"
            f"{'  → ' + job.recipient if job.recipient else ''}  attempts: {job.attempts}"
        )
        if job.status == "failed" or job.last_error:
            line += f"\n        last error: {job.last_error}"
        if job.status != "failed":
            line += f"\n        next attempt: {job.run_at:%Y-%m-%d %H:%M:%S} UTC"
        click.echo(line)
    if counts.failed:
        raise SystemExit(1)


@jobs_cli.command("retry")
@click.argument("job_ids", nargs=-1, type=int, required=True)
def retry_command(job_ids: tuple[int, ...]) -> None:
    """Run failed jobs again (after fixing what made them fail)."""
    for job_id in job_ids:
        if outbox.requeue(job_id):
            click.echo(f"job {job_id}: queued again")
        else:
            click.echo(f"job {job_id}: not a failed job", err=True)
    db.session.commit()
