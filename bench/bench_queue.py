"""Benchmark: the advisors' queue at 10 000 applications, against a bare count in the same run.

    python -m bench.bench_queue [--rows 10000] [--repeat 20] [--database-url URL]

Times are machine-dependent, so the figures that matter are the ratios: a page of the queue (the
whole request: guard, count, rows, template) and the service call alone, each divided
by the time of `SELECT count(*) FROM applications` on the same database in the same run.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl

from sqlalchemy import create_engine, func, insert, select, text
from werkzeug.security import generate_password_hash

from bench.timing import median_seconds
from tests.advisor.bulk import queue_rows
from webapp import create_app
from webapp.config import normalise_database_url
from webapp.extensions import db
from webapp.models import Advisor, Application
from webapp.services.queue import QueueQuery, list_queue

PASSWORD = "benchmark password"
QUERIES = {
    "first page, newest first": "",
    "page 100": "?page=100",
    "sorted by agency, page 57": "?sort=agency&direction=asc&page=57",
    "sorted by total cost": "?sort=total-cost",
    "search 'etat 1', closed": "?q=etat+1&status=closed",
    "council, one ministry": "?scheme=council&ministry=kd&sort=reference",
}


def fill(rows: int) -> None:
    db.session.execute(insert(Application), queue_rows(rows, datetime(2026, 1, 1), "bench"))
    db.session.add(
        Advisor(
            email="bench@example.no",
            name="Bench",
            password_hash=generate_password_hash(PASSWORD, method="scrypt:1024:8:1"),
        )
    )
    db.session.commit()


def logged_in_client(app):
    client = app.test_client()
    page = client.get("/en/advisor/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/en/advisor/login",
        data={"csrf_token": token, "email": "bench@example.no", "password": PASSWORD},
    )
    assert response.status_code == 303, "login failed"
    return client


def run(database_url: str, rows: int, repeat: int) -> None:
    app = create_app(
        {"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False}
    )
    with app.app_context():
        db.create_all()
        fill(rows)
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE applications"))
            db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Application)) == rows
        dialect = db.engine.dialect.name
        baseline = median_seconds(
            lambda: db.session.execute(text("SELECT count(*) FROM applications")).scalar(),
            repeat,
        )
        service = {
            name: median_seconds(
                lambda args=args: list_queue(QueueQuery.from_args(dict(parse_qsl(args[1:])))),
                repeat,
            )
            for name, args in QUERIES.items()
        }
    client = logged_in_client(app)

    def page(args: str) -> None:
        response = client.get("/en/advisor/" + args)
        assert response.status_code == 200

    pages = {name: median_seconds(lambda a=args: page(a), repeat) for name, args in QUERIES.items()}

    print(f"{dialect}, {rows} applications, median of {repeat} runs")
    print(f"baseline SELECT count(*): {baseline * 1000:8.3f} ms")
    print(f"{'query':30} {'service ms':>11} {'ratio':>8} {'page ms':>9} {'ratio':>8}")
    for name in QUERIES:
        print(
            f"{name:30} {service[name] * 1000:11.3f} {service[name] / baseline:8.1f}"
            f" {pages[name] * 1000:9.3f} {pages[name] / baseline:8.1f}"
        )
    with app.app_context():
        db.engine.dispose()


def in_private_schema(url: str, action: Callable[[str], None]) -> None:
    """Run against a PostgreSQL schema of our own, dropped afterwards: other tables stay."""
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        action(f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}")
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--database-url", help="a PostgreSQL database (a private schema is used and dropped)"
    )
    arguments = parser.parse_args(argv)
    if arguments.database_url:
        url = normalise_database_url(arguments.database_url)
        if not url.startswith("postgresql"):
            raise SystemExit("--database-url takes a PostgreSQL URL; SQLite is the default")
        in_private_schema(url, lambda url: run(url, arguments.rows, arguments.repeat))
        return
    with tempfile.TemporaryDirectory() as directory:
        url = "sqlite:///" + str(Path(directory) / "bench.sqlite3")
        run(url, arguments.rows, arguments.repeat)


if __name__ == "__main__":
    main()
