"""Where a database benchmark runs: PostgreSQL when given (in a private schema, dropped after),
else a temporary SQLite file."""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.bench_queue import in_private_schema
from webapp.config import normalise_database_url


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        default=os.environ.get("TEST_DATABASE_URL"),
        help="a PostgreSQL database (a private schema is used and dropped); "
        "default: TEST_DATABASE_URL, else SQLite",
    )


def run_on_database(database_url: str | None, run: Callable[[str], None]) -> None:
    """``run(url)`` on the PostgreSQL database named, else on a fresh SQLite file."""
    if database_url:
        url = normalise_database_url(database_url)
        if not url.startswith("postgresql"):
            raise SystemExit("--database-url takes a PostgreSQL URL; SQLite is the default")
        in_private_schema(url, run)
        return
    print("No PostgreSQL given (--database-url or TEST_DATABASE_URL): running on SQLite.")
    with tempfile.TemporaryDirectory() as directory:
        run("sqlite:///" + str(Path(directory) / "bench.sqlite3"))
