"""Login attempts are limited per account and client address (strict), per account (looser) and
per client address; the limit shows the 429 page, and the advisor is told when theirs trips."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.advisor.conftest import PASSWORD, add_advisor
from tests.pages import PageClient
from webapp import create_app
from webapp.extensions import db, limiter
from webapp.models import Advisor
from webapp.services import account_events, login_limits

LOGIN = "/en/advisor/login"


def attempt(pages: PageClient, email: str, password: str = "a wrong password", **kwargs):
    return pages.submit(LOGIN, {"email": email, "password": password}, **kwargs)


def assert_too_many(pages: PageClient, response) -> None:
    assert response.status_code == 429
    page = pages.page(response)
    assert page.select_one("h1").get_text(strip=True) == "Too many attempts"
    assert response.headers["Retry-After"]


ELSEWHERE = {"environ_base": {"REMOTE_ADDR": "192.0.2.44"}}
STRICT = {
    "VEIVISER_LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS": "3/minute",
    "VEIVISER_LOGIN_LIMITS_PER_ACCOUNT": "50/hour",
    "VEIVISER_LOGIN_LIMITS_PER_ADDRESS": "50/hour",
}


def from_address(number: int) -> dict:
    return {"environ_base": {"REMOTE_ADDR": f"198.51.100.{number}"}}


def limit_events(app, account) -> list[dict]:
    with app.app_context():
        advisor = db.session.get(Advisor, account.id)
        return [
            event.detail
            for event in account_events.history(advisor)
            if event.action == account_events.LOGIN_LIMITED
        ]


@pytest.mark.parametrize("app_settings", [STRICT])
def test_attempts_are_limited_per_account_and_address(pages, advisor):
    for _ in range(3):
        assert attempt(pages, advisor.email).status_code == 200
    # Even the right password is refused from here now: guessing cannot go on.
    assert_too_many(pages, attempt(pages, advisor.email, PASSWORD))
    assert_too_many(pages, attempt(pages, advisor.email.upper()))
    assert_too_many(pages, attempt(pages, f"  {advisor.email}\x00"))
    # Another account from the same address is not blocked.
    assert attempt(pages, "someone.else@example.no").status_code == 200


@pytest.mark.parametrize("app_settings", [STRICT])
def test_a_stranger_cannot_lock_the_advisor_out_from_their_own_desk(pages, advisor):
    for _ in range(5):
        attempt(pages, advisor.email, **ELSEWHERE)
    assert_too_many(pages, attempt(pages, advisor.email, PASSWORD, **ELSEWHERE))
    assert attempt(pages, advisor.email, PASSWORD).status_code == 303


@pytest.mark.parametrize(
    "app_settings",
    [{**STRICT, "VEIVISER_LOGIN_LIMITS_PER_ACCOUNT": "6/hour"}],
)
def test_guessing_from_many_addresses_meets_the_looser_account_limit(pages, advisor):
    for number in range(3):
        for _ in range(2):
            assert attempt(pages, advisor.email, **from_address(number + 1)).status_code == 200
    assert_too_many(pages, attempt(pages, advisor.email, PASSWORD, **from_address(9)))
    assert attempt(pages, "someone.else@example.no", **from_address(9)).status_code == 200


@pytest.mark.parametrize("app_settings", [STRICT])
def test_the_advisor_is_told_once_when_their_limit_trips(app, pages, advisor, caplog):
    for _ in range(3):
        attempt(pages, advisor.email, **ELSEWHERE)
    assert limit_events(app, advisor) == []
    for _ in range(4):
        assert_too_many(pages, attempt(pages, advisor.email, **ELSEWHERE))
    assert limit_events(app, advisor) == [
        {"scope": login_limits.ACCOUNT_AND_ADDRESS, "address": "192.0.2.44"}
    ]
    # The notice is one mail to the advisor, in the outbox with the change that caused it.
    with app.app_context():
        from webapp.jobs.models import Job

        mails = [job for job in db.session.scalars(db.select(Job)) if job.kind == "mail"]
        assert [(job.recipient, job.payload["mail"]) for job in mails] == [
            (advisor.email, "login_limited")
        ]
        assert mails[0].payload["subject"] == (
            "Forsøk på å logge inn på Veiviser-kontoen din ble stoppet"
        )
        assert "192.0.2.44" in mails[0].payload["text"]
    # The log names the account by its id, never by what was typed.
    assert all(advisor.email not in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("app_settings", [STRICT])
def test_a_limit_on_an_address_that_is_no_account_tells_nobody(app, pages, advisor):
    for _ in range(5):
        attempt(pages, "nobody@example.no")
    assert limit_events(app, advisor) == []


def test_the_limit_counters_never_hold_what_was_typed():
    key = login_limits.account_key("Kari.Nordmann@Example.no ")
    assert key == login_limits.account_key("kari.nordmann@example.no\x00")
    assert "kari" not in key and len(key) == 32


@pytest.mark.parametrize(
    "app_settings",
    [
        {
            "VEIVISER_LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS": "50/minute",
            "VEIVISER_LOGIN_LIMITS_PER_ADDRESS": "3/hour",
        }
    ],
)
def test_attempts_are_limited_per_address(pages, advisor):
    for number in range(3):
        assert attempt(pages, f"guess{number}@example.no").status_code == 200
    assert_too_many(pages, attempt(pages, advisor.email, PASSWORD))
    assert attempt(pages, advisor.email, PASSWORD, **ELSEWHERE).status_code == 303


def test_the_default_limits_are_five_a_minute_per_account_and_address(app, pages, advisor):
    assert app.config["VEIVISER_LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS"] == "5/minute;20/hour"
    assert app.config["VEIVISER_LOGIN_LIMITS_PER_ACCOUNT"] == "30/hour;100/day"
    assert app.config["VEIVISER_LOGIN_LIMITS_PER_ADDRESS"] == "30/hour"
    for _ in range(5):
        assert attempt(pages, advisor.email).status_code == 200
    assert_too_many(pages, attempt(pages, advisor.email))
    assert attempt(pages, advisor.email, PASSWORD, **ELSEWHERE).status_code == 303


def test_viewing_the_login_page_is_not_an_attempt(pages):
    for _ in range(8):
        pages.get(LOGIN)


def test_the_limits_hold_in_redis_shared_by_every_app_server(tmp_path):
    uri = os.environ.get("RATELIMIT_STORAGE_URI", "")
    if not uri.startswith("redis"):
        pytest.skip("set RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/15 to test with Redis")
    settings = {
        "ENV_NAME": "test",
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "redis.sqlite3"),
        "RATELIMIT_STORAGE_URI": uri,
        "VEIVISER_LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS": "3/minute",
    }
    first = create_app(settings)
    assert type(limiter.storage).__name__ == "RedisStorage"
    with first.app_context():
        db.create_all()
    account = add_advisor(first, f"redis-{uuid.uuid4().hex[:12]}@example.no", "Redis Test")
    # A fresh address per run, so keys left in Redis by an earlier run cannot interfere.
    address = {"environ_base": {"REMOTE_ADDR": f"198.51.100.{uuid.uuid4().int % 250 + 1}"}}
    with first.app_context():
        # Ids start at 1 in every run: forget a notice an earlier run left in Redis.
        limiter.limiter.clear(login_limits.NOTICE_LIMIT, *login_limits.notice_key(account.id))
    try:
        pages = PageClient(first.test_client())
        for _ in range(3):
            assert attempt(pages, account.email, **address).status_code == 200
        # Another app server (a new app with its own connection) sees the same count.
        second = create_app(settings)
        assert_too_many(pages, attempt(PageClient(second.test_client()), account.email, **address))
        # The advisor hears of it once, whichever server refused the attempts.
        assert_too_many(pages, attempt(pages, account.email, **address))
        assert len(limit_events(first, account)) == 1
    finally:
        with first.app_context():
            db.drop_all()
            db.engine.dispose()
