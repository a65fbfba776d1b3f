"""Login attempts are limited per account and per client address; the limit shows the 429 page."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.advisor.conftest import PASSWORD, add_advisor
from tests.pages import PageClient
from webapp import create_app
from webapp.extensions import db, limiter

LOGIN = "/en/advisor/login"


def attempt(pages: PageClient, email: str, password: str = "a wrong password", **kwargs):
    return pages.submit(LOGIN, {"email": email, "password": password}, **kwargs)


def assert_too_many(pages: PageClient, response) -> None:
    assert response.status_code == 429
    page = pages.page(response)
    assert page.select_one("h1").get_text(strip=True) == "Too many attempts"
    assert response.headers["Retry-After"]


@pytest.mark.parametrize(
    "app_settings",
    [
        {
            "VEIVISER_LOGIN_LIMITS_PER_ACCOUNT": "3/minute",
            "VEIVISER_LOGIN_LIMITS_PER_ADDRESS": "50/hour",
        }
    ],
)
def test_attempts_are_limited_per_account(pages, advisor):
    for _ in range(3):
        assert attempt(pages, advisor.email).status_code == 200
    # Even the right password is refused now: guessing cannot go on.
    assert_too_many(pages, attempt(pages, advisor.email, PASSWORD))
    assert_too_many(pages, attempt(pages, advisor.email.upper()))
    # Another account from the same address is not blocked.
    assert attempt(pages, "someone.else@example.no").status_code == 200


@pytest.mark.parametrize(
    "app_settings",
    [
        {
            "VEIVISER_LOGIN_LIMITS_PER_ACCOUNT": "50/minute",
            "VEIVISER_LOGIN_LIMITS_PER_ADDRESS": "3/hour",
        }
    ],
)
def test_attempts_are_limited_per_address(pages, advisor):
    for number in range(3):
        assert attempt(pages, f"guess{number}@example.no").status_code == 200
    assert_too_many(pages, attempt(pages, advisor.email, PASSWORD))
    elsewhere = {"environ_base": {"REMOTE_ADDR": "192.0.2.44"}}
    assert attempt(pages, advisor.email, PASSWORD, **elsewhere).status_code == 303


def test_the_default_limits_are_five_a_minute_per_account(app, pages, advisor):
    assert app.config["VEIVISER_LOGIN_LIMITS_PER_ACCOUNT"] == "5/minute;20/hour"
    assert app.config["VEIVISER_LOGIN_LIMITS_PER_ADDRESS"] == "30/hour"
    for _ in range(5):
        assert attempt(pages, advisor.email).status_code == 200
    assert_too_many(pages, attempt(pages, advisor.email))


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
        "VEIVISER_LOGIN_LIMITS_PER_ACCOUNT": "3/minute",
    }
    first = create_app(settings)
    assert type(limiter.storage).__name__ == "RedisStorage"
    with first.app_context():
        db.create_all()
    account = add_advisor(first, f"redis-{uuid.uuid4().hex[:12]}@example.no", "Redis Test")
    # A fresh address per run, so keys left in Redis by an earlier run cannot interfere.
    address = {"environ_base": {"REMOTE_ADDR": f"198.51.100.{uuid.uuid4().int % 250 + 1}"}}
    try:
        pages = PageClient(first.test_client())
        for _ in range(3):
            assert attempt(pages, account.email, **address).status_code == 200
        # Another app server (a new app with its own connection) sees the same count.
        second = create_app(settings)
        assert_too_many(pages, attempt(PageClient(second.test_client()), account.email, **address))
    finally:
        with first.app_context():
            db.drop_all()
            db.engine.dispose()
