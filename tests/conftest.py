"""Shared fixtures: an app per database backend, a client, and page checks on every fetch."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from tests.pages import PageClient
from translations import DIRECTORY
from webapp import create_app
from webapp.config import normalise_database_url
from webapp.extensions import db

BACKENDS = ["sqlite", "postgresql"]


def pytest_configure(config: pytest.Config) -> None:
    """Pages render from compiled catalogues: build any .mo that is missing or older than its .po
    (`make test` does this too; this keeps a plain `pytest` honest after editing a catalogue)."""
    for po_path in DIRECTORY.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalogue)


def pytest_report_header(config: pytest.Config) -> list[str]:
    postgres = os.environ.get("TEST_DATABASE_URL")
    return [
        "database backends: sqlite"
        + (
            ", postgresql (TEST_DATABASE_URL)"
            if postgres
            else " only (set TEST_DATABASE_URL for PostgreSQL)"
        )
    ]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A private schema in the test database, so parallel runs never see each other's rows."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip(
            "PostgreSQL tests need TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1/test)"
        )
    url = normalise_database_url(url)
    schema = f"veiviser_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_url")
    return "sqlite:///" + str(tmp_path / "test.sqlite3")


@pytest.fixture
def app_settings() -> dict[str, Any]:
    """Override in a test module to change configuration."""
    return {}


@pytest.fixture
def app(database_url: str, app_settings: dict[str, Any], tmp_path) -> Iterator[Flask]:
    settings = {"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": database_url, **app_settings}
    app = create_app(settings)
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if database_url.startswith("postgresql"):
            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def pages(client: FlaskClient) -> PageClient:
    return PageClient(client)


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say plainly what was skipped and how to run it, one line per reason."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    if reasons:
        terminalreporter.section("skipped tests")
        for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
            terminalreporter.write_line(f"{count:5d} skipped: {reason}")


@pytest.fixture
def production_like(tmp_path) -> Flask:
    """An app that handles unexpected errors as production does (no test propagation), with a
    page that always fails: /<lang>/boom raises RuntimeError("kaboom")."""
    from webapp import errors

    app = create_app(
        {
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "production-like.sqlite3"),
            "TESTING": False,
            "PROPAGATE_EXCEPTIONS": False,
        }
    )
    errors.register_catch_all(app)

    @app.get("/<lang_code>/boom")
    def boom(**_view_args):
        raise RuntimeError("kaboom")

    return app
