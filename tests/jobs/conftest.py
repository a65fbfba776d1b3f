"""Queue backends (SQLite always; Redis and PostgreSQL when they answer), an SMTP server on
loopback, and `run_jobs`, which moves due jobs through the real queue and runs them."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
from flask import Flask
from sqlalchemy import create_engine, text

from tests.jobs.smtp import SmtpServer
from webapp.config import normalise_database_url
from webapp.jobs import job_queue
from webapp.jobs.worker import relay_once

# (database, queue store): SQLite for both on one machine; Redis beside SQLite; PostgreSQL for both.
BACKENDS = {"sqlite": "sqlite", "redis": "sqlite", "postgresql": "postgresql"}


def redis_url() -> str | None:
    url = os.environ.get("RATELIMIT_STORAGE_URI", "")
    if not url.startswith("redis://"):
        return None
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return None
    return url


@pytest.fixture(params=list(BACKENDS))
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path) -> str:
    if BACKENDS[backend] == "postgresql":
        return request.getfixturevalue("postgres_url")
    return "sqlite:///" + str(tmp_path / "test.sqlite3")


@pytest.fixture
def queue_url(backend: str, request: pytest.FixtureRequest, tmp_path) -> str:
    if backend == "redis":
        url = redis_url()
        if url is None:
            pytest.skip("Redis queue tests need RATELIMIT_STORAGE_URI=redis://… answering")
        return url
    if backend == "postgresql":
        return request.getfixturevalue("postgres_queue_url")
    return "sqlite:///" + str(tmp_path / "jobs.sqlite3")


@pytest.fixture(scope="session")
def postgres_queue_url() -> Iterator[str]:
    """Huey's tables in a schema of their own, so the app's schema holds only our models."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("PostgreSQL queue tests need TEST_DATABASE_URL")
    url = normalise_database_url(url)
    schema = f"veiviser_jobs_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def jobs_settings(queue_url: str, smtp_server: SmtpServer) -> dict[str, Any]:
    return {
        **smtp_server.settings(),
        "VEIVISER_JOBS_URL": queue_url,
        # Each test its own queue, so backends shared between runs never mix jobs.
        "VEIVISER_JOBS_QUEUE": f"veiviser-test-{uuid.uuid4().hex[:12]}",
        "VEIVISER_ADVISOR_NOTIFY": ["saksbehandling@example.no", "leder@example.no"],
        "VEIVISER_MAIL_FROM": "Veiviser <veiviser@example.no>",
        # Archive copies wait here (fast); tests/jobs/test_archive_jobs.py converts for real.
        "VEIVISER_SOFFICE": "soffice-not-installed",
    }


@pytest.fixture
def app_settings(jobs_settings: dict[str, Any]) -> dict[str, Any]:
    return jobs_settings


@pytest.fixture
def run_jobs(app: Flask) -> Iterator[Callable[[], int]]:
    """Relay due jobs to the queue, then let a worker take each one off it and run it."""
    queue = job_queue(app)

    def run() -> int:
        ran = 0
        with app.app_context():
            relay_once(queue)
        while (task := queue.huey.dequeue()) is not None:
            queue.huey.execute(task)
            ran += 1
        return ran

    yield run
    queue.flush()
