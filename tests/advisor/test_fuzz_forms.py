"""Generated input for every advisor form and the queue's filters: never a server error.

Hypothesis posts what a browser, a script or an attacker might: any text (NUL, controls, other
scripts' digits, very long strings), field names the form never had, fields given twice, rows
with odd numbers, and bodies that are not even UTF-8. The answer may be a page with errors, a
redirect, a 400 or a 429; it is never a 5xx. CSRF is off here so the input reaches the form
code (the CSRF check itself is tested with the forms); login limits are set high so the
limiter's keys are computed without stopping the run.

Each target gets its share of the inputs: 2 200 in all on SQLite, a tenth of that on PostgreSQL
(which refuses more than SQLite does: a NUL in text). VEIVISER_FUZZ_SCALE multiplies every share,
for a longer run by hand (``VEIVISER_FUZZ_SCALE=5`` sends at least 2 000 to each form).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import quote_from_bytes, urlencode

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.advisor.conftest import CHEAP_SCRYPT, PASSWORD, Account
from tests.advisor.letter import ANSWERS, LETTER, letter_url
from webapp.extensions import db
from webapp.models import Advisor, ApplicationStatus
from webapp.services import advisors, assessment, second_factor

# Inputs per target on SQLite: the letter form has the most fields, logout the fewest.
SHARES = {
    "login": 400,
    "logout": 100,
    "second_factor": 300,
    "recovery_codes": 100,
    "status": 350,
    "letter": 550,
    "queue": 400,
}
SCALE = float(os.environ.get("VEIVISER_FUZZ_SCALE") or 1)
BACKEND_SHARE = {"sqlite": 1.0, "postgresql": 0.1}
HIGH_LIMIT = "100000/minute"


# CSRF off so the input reaches the form code; every limit high enough never to stop a run.
FUZZ_SETTINGS = {
    "WTF_CSRF_ENABLED": False,
    "VEIVISER_LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS": HIGH_LIMIT,
    "VEIVISER_LOGIN_LIMITS_PER_ACCOUNT": HIGH_LIMIT,
    "VEIVISER_LOGIN_LIMITS_PER_ADDRESS": HIGH_LIMIT,
    "VEIVISER_SECOND_FACTOR_LIMITS": HIGH_LIMIT,
    "VEIVISER_UPLOAD_LIMITS": HIGH_LIMIT,
}


@pytest.fixture
def app_settings() -> dict[str, Any]:
    return FUZZ_SETTINGS


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    # Unknown addresses are checked against a dummy hash of the real cost; a cheap one keeps
    # thousands of login attempts fast (the code path is the same).
    monkeypatch.setattr(advisors, "HASH_METHOD", CHEAP_SCRYPT)
    monkeypatch.setattr(second_factor, "RECOVERY_HASH_METHOD", CHEAP_SCRYPT)
    advisors._dummy_hash.cache_clear()
    yield
    advisors._dummy_hash.cache_clear()


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(assessment, "today", lambda: date(2026, 11, 20))


@pytest.fixture
def backend(database_url: str) -> str:
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


# --- what is sent ------------------------------------------------------------------------

# Text as typed or pasted, and text made to hurt: no lone surrogates (they cannot be sent).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
odd_text = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "²",
        "١٢",
        "٣",
        "-1",
        "0",
        "99",
        "100",
        "1e3",
        "9" * 5000,
        "x" * 6000,
        "2026-02-30",
        "2026-11-20",
        "0000-00-00",
        "26/01234-1",
        "<script>alert(1)</script>",
        "{{ 7 * 7 }}",
        "%(number)s",
        "y",
        "on",
        "generated",
        "own",
        "new",
        "readiness:agile_delivery:no",
        "in_review",
        "letter_ready",
        "closed",
        "nb",
        "nn",
        "en",
        "\r\n\r\n",
        "\u202e",
        "\ufeff",
    ]
)
value = st.one_of(odd_text, any_text)
values = st.one_of(value.map(lambda one: [one]), st.lists(value, min_size=0, max_size=3))

LETTER_FIELDS = [*LETTER, "no_recommendations", "mark_ready"]
ROW_FIELDS = ["origin", "key", "keep", "text", "position"]
row_number = st.one_of(
    st.integers(0, 80).map(str), st.sampled_from(["²", "١", "-1", "00", "9" * 30, "", "x"])
)
row_name = st.builds(
    lambda number, field: f"recommendations-{number}-{field}",
    row_number,
    st.sampled_from([*ROW_FIELDS, "", "csrf_token", "other"]),
)


def fields(names: list[str], extra: st.SearchStrategy[str] | None = None) -> st.SearchStrategy:
    """A post of the form's own fields (any of them left out) and some it never had."""
    name = st.sampled_from(names) if extra is None else st.one_of(st.sampled_from(names), extra)
    return st.dictionaries(st.one_of(name, any_text), values, max_size=len(names) + 6)


def as_body(form: dict[str, list[str]]) -> str:
    return urlencode([(name, one) for name, many in form.items() for one in many])


# Now and then a body that is not UTF-8, or not a form at all.
raw_body = st.binary(max_size=200).map(lambda raw: "a=" + quote_from_bytes(raw) + "&" + raw.hex())


def body(names: list[str], extra: st.SearchStrategy[str] | None = None) -> st.SearchStrategy:
    return st.one_of(fields(names, extra).map(as_body), raw_body)


FORM = "application/x-www-form-urlencoded"


def examples(target: str, backend: str) -> int:
    return max(1, round(SHARES[target] * SCALE * BACKEND_SHARE[backend]))


def forget_messages(client: FlaskClient) -> None:
    # Nobody reads the flashed messages here; left alone they grow the session cookie.
    with client.session_transaction() as session:
        session.pop("_flashes", None)


def run(examples: int, strategy: st.SearchStrategy, send: Callable[[Any], int]) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def never_a_server_error(payload: Any) -> None:
        status = send(payload)
        assert status < 500, payload

    never_a_server_error()


def login(client: FlaskClient, account: Account) -> None:
    response = client.post("/en/advisor/login", data={"email": account.email, "password": PASSWORD})
    assert response.status_code == 303


@pytest.fixture
def case(make_application) -> str:
    return make_application(status=ApplicationStatus.IN_REVIEW, answers=ANSWERS, locale="en")


# --- the forms ---------------------------------------------------------------------------


def test_the_login_form(client, advisor, backend):
    names = ["email", "password", "csrf_token"]

    def send(payload: str) -> int:
        return client.post("/en/advisor/login", data=payload, content_type=FORM).status_code

    run(examples("login", backend), body(names), send)


def test_the_logout_form(app: Flask, advisor, backend):
    client = app.test_client()

    def send(payload: str) -> int:
        login(client, advisor)
        return client.post("/nb/advisor/logout", data=payload, content_type=FORM).status_code

    run(examples("logout", backend), body(["csrf_token"]), send)


def test_the_second_factor_forms(app: Flask, advisor, other_advisor, backend):
    """The code at login (an enrolled advisor, codes and recovery codes) and at set-up."""
    with app.app_context():
        enrolled = db.session.get(Advisor, advisor.id)
        secret = second_factor.start_enrolment(enrolled).secret
        second_factor.confirm_enrolment(enrolled, pyotp.TOTP(secret).now())
        db.session.commit()
    app.config["VEIVISER_SECOND_FACTOR"] = True
    logging_in, setting_up = app.test_client(), app.test_client()
    for client, account in ((logging_in, advisor), (setting_up, other_advisor)):
        client.post("/en/advisor/login", data={"email": account.email, "password": PASSWORD})
    code = st.one_of(st.from_regex(r"\A[0-9]{6}\Z"), st.from_regex(r"\A[2-9a-z -]{10,12}\Z"))
    names = st.fixed_dictionaries({"code": st.one_of(code, value)}).map(
        lambda form: {name: [one] for name, one in form.items()}
    )
    strategy = st.one_of(names.map(as_body), body(["code", "csrf_token"]))

    def send(payload: str) -> int:
        statuses = [
            client.post(url, data=payload, content_type=FORM).status_code
            for client, url in (
                (logging_in, "/en/advisor/login/second-factor"),
                (setting_up, "/en/advisor/login/second-factor/set-up"),
            )
        ]
        return max(statuses)

    run(examples("second_factor", backend), strategy, send)


def test_the_recovery_codes_form(client, logged_in, backend):
    def send(payload: str) -> int:
        url = "/en/advisor/account/recovery-codes"
        return client.post(url, data=payload, content_type=FORM).status_code

    run(examples("recovery_codes", backend), body(["code", "csrf_token"]), send)


def test_the_status_form(client, logged_in, case, backend):
    url = f"/en/advisor/applications/{case}/status"

    def send(payload: str) -> int:
        status = client.post(url, data=payload, content_type=FORM).status_code
        forget_messages(client)
        return status

    run(examples("status", backend), body(["status", "csrf_token"]), send)


def test_the_letter_form(client, logged_in, case, backend):
    url = letter_url(case)

    def send(payload: str) -> int:
        status = client.post(url, data=payload, content_type=FORM).status_code
        forget_messages(client)
        return status

    run(examples("letter", backend), body(LETTER_FIELDS, row_name), send)
    assert client.get(url).status_code == 200


def test_the_queue_filters(client, logged_in, make_application, backend):
    make_application()
    names = ["q", "status", "scheme", "ministry", "sort", "direction", "page"]

    def send(query: str) -> int:
        return client.get("/en/advisor/?" + query).status_code

    run(examples("queue", backend), body(names), send)
