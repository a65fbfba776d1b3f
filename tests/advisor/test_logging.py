"""Logging: a request id on every response, on the error page and in every log line; security
events for logins, failures, logouts, refusals and limits; never a secret in the log."""

from __future__ import annotations

import json
import logging

import pytest
from flask import abort

from tests.apply.journey import APPLICANT, PROJECT, post_step
from webapp import create_app
from webapp.logs import REQUEST_ID_HEADER, JsonFormatter, RequestIdFilter

LOGIN = "/en/advisor/login"


@pytest.fixture(autouse=True)
def capture(caplog):
    caplog.set_level(logging.INFO, logger="veiviser")
    return caplog


def events(caplog) -> list[dict]:
    return [
        {"event": record.event, **{k: v for k, v in vars(record).items() if k in ("advisor",)}}
        for record in caplog.records
        if hasattr(record, "event")
    ]


def test_every_response_has_a_request_id_and_a_sane_incoming_one_is_kept(client):
    first = client.get("/en/").headers[REQUEST_ID_HEADER]
    second = client.get("/en/").headers[REQUEST_ID_HEADER]
    assert len(first) == 16 and first != second
    kept = client.get("/en/", headers={REQUEST_ID_HEADER: "proxy-1234abcd"})
    assert kept.headers[REQUEST_ID_HEADER] == "proxy-1234abcd"
    for hostile in ("not an id; drop table", "x" * 500, "short"):
        replaced = client.get("/en/", headers={REQUEST_ID_HEADER: hostile})
        assert replaced.headers[REQUEST_ID_HEADER] != hostile


def test_the_error_page_shows_the_code_to_quote(client):
    response = client.get("/en/no-such-page", headers={REQUEST_ID_HEADER: "abcdef123456"})
    assert "quote this code: abcdef123456" in response.get_data(as_text=True)


def test_an_unexpected_error_is_logged_with_the_request_id(production_like, caplog):
    app = production_like
    response = app.test_client().get("/nb/boom")
    code = response.headers[REQUEST_ID_HEADER]
    assert code in response.get_data(as_text=True)
    logged = [r for r in caplog.records if r.name == "veiviser.errors"]
    assert logged and logged[0].exc_info and "kaboom" in str(logged[0].exc_info[1])
    # The record goes out as one JSON line with the same id.
    with app.test_request_context(headers={REQUEST_ID_HEADER: code}):
        RequestIdFilter().filter(logged[0])
    line = json.loads(JsonFormatter().format(logged[0]))
    assert line["request_id"] == code and "RuntimeError: kaboom" in line["exception"]
    assert line["level"] == "error" and line["logger"] == "veiviser.errors"


def test_logins_failures_and_logouts_are_security_events(auth, advisor, pages, caplog):
    pages.submit(LOGIN, {"email": advisor.email, "password": "not it at all, sorry"})
    auth.login(advisor)
    pages.submit("/en/advisor/logout", {}, form_url="/en/advisor/")
    names = [e["event"] for e in events(caplog)]
    assert names == ["login_failed", "login", "logout"]
    assert [e.get("advisor") for e in events(caplog)][1:] == [advisor.id, advisor.id]


def test_a_refusal_and_a_rate_limit_are_security_events(tmp_path, caplog):
    app = create_app(
        {"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "d.db")}
    )

    @app.get("/<lang_code>/refused/<token>")
    def refused(**_view_args):
        abort(403)

    @app.get("/<lang_code>/limited")
    def limited(**_view_args):
        abort(429)

    client = app.test_client()
    assert client.get("/en/refused/SECRET-TOKEN").status_code == 403
    assert client.get("/en/limited").status_code == 429
    seen = [r for r in caplog.records if hasattr(r, "event")]
    assert [(r.event, r.endpoint, r.status) for r in seen] == [
        ("forbidden", "refused", 403),
        ("rate_limited", "limited", 429),
    ]
    assert "SECRET-TOKEN" not in caplog.text  # the endpoint is logged, not the URL


def test_no_secret_reaches_the_log(auth, advisor, pages, caplog):
    post_step(pages, "en", "applicant", APPLICANT)
    response = post_step(pages, "en", "project", {**PROJECT, "action": "save_later"})
    code = pages.get(response.location).select_one("#resume-code").get_text(strip=True)
    pages.submit(LOGIN, {"email": advisor.email, "password": "wrong password here"})
    auth.login(advisor)
    text = "\n".join(JsonFormatter().format(record) for record in caplog.records if _add_id(record))
    assert text  # something was logged
    for secret in (code, code.replace("-", ""), advisor.password, "wrong password here"):
        assert secret not in text
    for answer in (APPLICANT["contact_email"], PROJECT["project_title"], advisor.email):
        assert answer not in text


def _add_id(record: logging.LogRecord) -> bool:
    record.request_id = getattr(record, "request_id", "-")
    return True
