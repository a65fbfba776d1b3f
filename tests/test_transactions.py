"""One transaction per request: services never commit; a view that leaves writes uncommitted or
commits twice is caught at the end of the request; error answers roll their writes back."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from webapp.extensions import db
from webapp.models import Advisor
from webapp.transactions import TransactionMisuse

SERVICES = Path(__file__).resolve().parents[1] / "webapp" / "services"


def _add(email: str) -> None:
    db.session.add(Advisor(email=email, name="T", password_hash="x", role="advisor"))
    db.session.flush()


@pytest.fixture
def app(app: Flask) -> Flask:
    """The test app with a few views that use the session well and badly."""

    def commits_once():
        _add("once@example.no")
        db.session.commit()
        return "ok"

    def forgets_to_commit():
        _add("forgotten@example.no")
        return "ok"

    def commits_twice():
        _add("first@example.no")
        db.session.commit()
        _add("second@example.no")
        db.session.commit()
        return "ok"

    def updates_without_commit():
        db.session.execute(update(Advisor).values(name="Changed"))
        return "ok"

    def writes_then_refuses():
        _add("refused@example.no")
        return "no", 409

    def reads_only():
        db.session.scalar(select(func.count(Advisor.id)))
        db.session.commit()
        return "ok"

    for view in (
        commits_once,
        forgets_to_commit,
        commits_twice,
        updates_without_commit,
        writes_then_refuses,
        reads_only,
    ):
        app.add_url_rule(f"/t/{view.__name__}", view.__name__, view)
    return app


def advisors(app: Flask) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(Advisor.email)))


def test_a_view_that_commits_once_keeps_its_change(app, client):
    assert client.get("/t/commits_once").status_code == 200
    assert client.get("/t/reads_only").status_code == 200
    assert advisors(app) == {"once@example.no"}


@pytest.mark.parametrize(
    ("view", "problem"),
    [
        ("forgets_to_commit", "left writes uncommitted"),
        ("updates_without_commit", "left writes uncommitted"),
        ("commits_twice", "committed writes 2 times"),
    ],
)
def test_a_view_that_breaks_the_rule_is_an_error_in_tests(app, client, view, problem):
    assert client.get("/t/commits_once").status_code == 200  # a row for the UPDATE to change
    with pytest.raises(TransactionMisuse, match=re.escape(f"GET {view} {problem}")):
        client.get(f"/t/{view}")


def test_outside_the_tests_it_is_logged(app, client, caplog):
    app.config["VEIVISER_STRICT_TRANSACTIONS"] = False
    with caplog.at_level(logging.ERROR, logger="veiviser.transactions"):
        assert client.get("/t/forgets_to_commit").status_code == 200
    assert "GET forgets_to_commit left writes uncommitted" in caplog.text
    assert advisors(app) == set()  # rolled back when the request ended


def test_an_error_answer_rolls_its_writes_back_quietly(app, client):
    assert client.get("/t/writes_then_refuses").status_code == 409
    assert advisors(app) == set()


def test_no_service_commits_or_begins_its_own_transaction():
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(SERVICES.glob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\.(commit|begin)\(\)", line) and not line.lstrip().startswith(("#", "..."))
    ]
    assert not offenders, offenders


def test_an_update_that_matched_nothing_needs_no_commit(app, client):
    def loses_the_race():
        db.session.execute(update(Advisor).where(Advisor.email == "nobody").values(name="x"))
        return "refused, nothing written", 303, {"Location": "/"}

    app.add_url_rule("/t/loses_the_race", "loses_the_race", loses_the_race)
    assert client.get("/t/loses_the_race").status_code == 303
