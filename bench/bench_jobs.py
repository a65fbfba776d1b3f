"""Benchmark: the job queue's throughput and the PDF/A conversion, each against a baseline run
in the same process.

    python -m bench.bench_jobs [--jobs 300] [--mails 100] [--pdf-runs 3] [--queue-url URL]

- No-op jobs through the outbox and the queue (take due jobs, hand them to Huey, run each one,
  mark it done), against Huey alone running the same number of no-op tasks.
- Mails through the outbox to an SMTP server on loopback (aiosmtpd), against smtplib sending
  the same number of messages directly.
- One application document to PDF/A-2b through the archive converter (own profile, slot lock),
  against `soffice --convert-to pdf` run directly on the same DOCX.
"""

from __future__ import annotations

import argparse
import shutil
import smtplib
import statistics
import subprocess
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select

from tests.documents.applications import store_application
from tests.jobs.smtp import SmtpServer
from webapp import create_app
from webapp.archive.pdfa import convert_docx_to_pdfa
from webapp.extensions import db
from webapp.jobs import job_queue, outbox
from webapp.jobs.models import Job, JobStatus
from webapp.jobs.worker import relay_once
from webapp.services import documents


def make_app(folder: Path, queue_url: str, smtp: SmtpServer):
    app = create_app(
        {
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(folder / "bench.sqlite3"),
            "VEIVISER_JOBS_URL": queue_url or "sqlite:///" + str(folder / "jobs.sqlite3"),
            "VEIVISER_JOBS_QUEUE": f"bench-{time.time_ns()}",
            **smtp.settings(),
        }
    )
    with app.app_context():
        db.create_all()
    return app


def drain(app) -> int:
    """Relay and run until the outbox has nothing due: what a worker does, without polling."""
    queue = job_queue(app)
    ran = 0
    while True:
        with app.app_context():
            moved = relay_once(queue)
        while (task := queue.huey.dequeue()) is not None:
            queue.huey.execute(task)
            ran += 1
        if not moved:
            return ran


def outbox_jobs_per_second(app, count: int, kind: str, payload: dict) -> float:
    with app.app_context():
        for number in range(count):
            outbox.add(kind, f"bench:{time.time_ns()}:{number}", payload, recipient="b@example.no")
        db.session.commit()
    start = time.perf_counter()
    drain(app)
    elapsed = time.perf_counter() - start
    with app.app_context():
        statuses = db.session.scalars(select(Job.status).where(Job.kind == kind)).all()
    assert statuses.count(JobStatus.DONE) >= count, "not every job finished"
    return count / elapsed


def huey_alone_per_second(app, count: int) -> float:
    huey = job_queue(app).huey
    noop = huey.task(name="bench.noop")(lambda: None)
    start = time.perf_counter()
    for _ in range(count):
        noop()
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
    return count / (time.perf_counter() - start)


def smtplib_alone_per_second(smtp: SmtpServer, count: int) -> float:
    start = time.perf_counter()
    for number in range(count):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = (
            "veiviser@example.no",
            "b@example.no",
            f"Bench {number}",
        )
        message.set_content("Tekst")
        with smtplib.SMTP("127.0.0.1", smtp.port, timeout=10) as client:
            client.send_message(message)
    return count / (time.perf_counter() - start)


def soffice_direct_seconds(docx: bytes, folder: Path) -> float:
    work = Path(tempfile.mkdtemp(dir=folder))
    source = work / "document.docx"
    source.write_bytes(docx)
    start = time.perf_counter()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return time.perf_counter() - start


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the job queue and PDF/A copies.")
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--mails", type=int, default=100)
    parser.add_argument("--pdf-runs", type=int, default=3)
    parser.add_argument(
        "--queue-url", default="", help="redis://… or postgresql://… (default SQLite)"
    )
    args = parser.parse_args(argv)

    smtp = SmtpServer()
    smtp.start()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        app = make_app(folder, args.queue_url, smtp)
        store = (args.queue_url or "sqlite").split(":")[0]
        print(f"queue store: {store}; outbox: SQLite")
        print(f"{'measurement':<44} {'jobs/s':>9} {'× baseline':>11}")
        base = huey_alone_per_second(app, args.jobs)
        noop = outbox_jobs_per_second(app, args.jobs, "noop", {})
        print(f"{'Huey alone, no-op tasks (baseline)':<44} {base:9.0f} {1:11.2f}")
        print(f"{'outbox + queue, no-op jobs':<44} {noop:9.0f} {noop / base:11.2f}")
        mail_base = smtplib_alone_per_second(smtp, args.mails)
        sent_before = len(smtp.received)
        mail = outbox_jobs_per_second(
            app,
            args.mails,
            "mail",
            {
                "mail": "receipt",
                "subject": "Kvittering",
                "text": "Tekst",
                "html": "<p>Tekst</p>",
                "language": "nb",
            },
        )
        assert len(smtp.received) - sent_before == args.mails
        print(f"{'smtplib alone to loopback (baseline)':<44} {mail_base:9.0f} {1:11.2f}")
        print(f"{'outbox + queue, mail to loopback':<44} {mail:9.0f} {mail / mail_base:11.2f}")

        if shutil.which("soffice") is None or args.pdf_runs < 1:
            print("PDF/A: skipped (LibreOffice is not installed)")
        else:
            with app.app_context():
                docx = documents.application_document(store_application(), "cofinancing").content
            direct = [soffice_direct_seconds(docx, folder) for _ in range(args.pdf_runs)]
            ours = [timed(lambda: convert_docx_to_pdfa(docx)) for _ in range(args.pdf_runs)]
            base_pdf, ours_pdf = statistics.median(direct), statistics.median(ours)
            print(f"{'measurement':<44} {'median s':>9} {'× baseline':>11}")
            print(f"{'soffice --convert-to pdf, direct (baseline)':<44} {base_pdf:9.2f} {1:11.2f}")
            ratio = ours_pdf / base_pdf
            print(f"{'PDF/A-2b copy of one application':<44} {ours_pdf:9.2f} {ratio:11.2f}")
    smtp.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
