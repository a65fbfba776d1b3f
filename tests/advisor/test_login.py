"""Logging in and out: generic errors, a fresh session, safe redirects, the idle timeout."""

from __future__ import annotations

import pytest

from webapp.advisor import sessions
from webapp.services import advisors

LOGIN = "/en/advisor/login"
QUEUE = "/en/advisor/"


def test_login_page_has_a_form_with_labels(pages):
    page = pages.get(LOGIN)
    assert page.select_one("h1").get_text(strip=True) == "Log in to the advisor workspace"
    form = page.select_one("form[method=post]")
    assert form.select_one("input[type=email][name=email][autocomplete=username]")
    assert form.select_one("input[type=password][name=password]")


def test_an_advisor_logs_in_and_sees_the_queue(auth, advisor, pages):
    response = auth.login(advisor)
    assert response.status_code == 303
    assert response.location.endswith(QUEUE)
    page = pages.get(QUEUE)
    assert "Logged in as Kari Nordmann" in page.get_text()


@pytest.mark.parametrize(
    "email, password",
    [
        ("kari.nordmann@example.no", "not the password at all"),
        ("nobody@example.no", "fjordgrønn kaffekopp"),
        ("disabled@example.no", "fjordgrønn kaffekopp"),
    ],
    ids=["wrong password", "unknown e-mail", "disabled account"],
)
def test_every_failed_login_gets_the_same_message(app, pages, advisor, email, password):
    from tests.advisor.conftest import add_advisor

    add_advisor(app, "disabled@example.no", "Disabled", active=False)
    response = pages.submit(LOGIN, {"email": email, "password": password})
    assert response.status_code == 200
    page = pages.page(response)
    assert page.title.get_text().startswith("Error:")
    summary = page.select_one(".error-summary")
    assert summary.select_one("a[href='#email']").get_text(strip=True) == (
        "E-mail or password is wrong"
    )
    assert page.select_one("input[name=email]")["value"] == email
    assert not page.select_one("input[name=password]").get("value")


def test_empty_fields_are_named(pages):
    page = pages.page(pages.submit(LOGIN, {"email": " ", "password": ""}))
    messages = [a.get_text(strip=True) for a in page.select(".error-summary a")]
    assert messages == ["Enter your e-mail address.", "Enter your password."]


def test_login_is_case_insensitive_in_the_email(auth, advisor, pages):
    response = pages.submit(
        LOGIN, {"email": "  Kari.Nordmann@EXAMPLE.no ", "password": advisor.password}
    )
    assert response.status_code == 303


def test_login_starts_a_new_session(client, auth, advisor):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        session["draft_id"] = "a draft"
    auth.login(advisor)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert "draft_id" not in session
        assert session["_user_id"].startswith(f"{advisor.id}:")
        assert not session.permanent  # ends with the browser


def test_unknown_email_costs_a_hash_check_too(app, monkeypatch):
    checked = []
    real = advisors.check_password_hash
    monkeypatch.setattr(
        advisors, "check_password_hash", lambda *args: checked.append(1) or real(*args)
    )
    with app.app_context():
        assert advisors.authenticate("nobody@example.no", "whatever password") is None
    assert checked == [1]


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/en/advisor/applications/VV-2026-000001", "/en/advisor/applications/VV-2026-000001"),
        ("/nb/advisor/?status=submitted&page=2", "/nb/advisor/?status=submitted&page=2"),
        ("https://evil.example/en/advisor/", QUEUE),
        ("//evil.example/en/advisor/", QUEUE),
        ("/\\evil.example/en/advisor/", QUEUE),
        ("/en/apply/", QUEUE),
        ("/en/advisor/../../evil", QUEUE),
        ("/de/advisor/", QUEUE),
        ("javascript:alert(1)", QUEUE),
        ("/en/advisor/\r\nLocation: x", QUEUE),
        ("", QUEUE),
    ],
)
def test_next_only_leads_inside_the_advisor_area(pages, advisor, target, expected):
    pages.get(LOGIN)  # for the CSRF token
    response = pages.submit(
        "/en/advisor/login?" + __import__("urllib.parse").parse.urlencode({"next": target}),
        {"email": advisor.email, "password": advisor.password},
        form_url=LOGIN,
    )
    assert response.status_code == 303
    assert response.location == expected


def test_a_guarded_page_sends_you_to_login_and_back(client, pages, advisor):
    response = client.get("/en/advisor/?status=closed")
    assert response.status_code == 303
    assert response.location == "/en/advisor/login?next=/en/advisor/?status%3Dclosed"
    response = pages.submit(
        response.location, {"email": advisor.email, "password": advisor.password}
    )
    assert response.location == "/en/advisor/?status=closed"


def test_the_login_page_sends_a_logged_in_advisor_on(client, logged_in):
    response = client.get(LOGIN)
    assert response.status_code == 303
    assert response.location == QUEUE


def test_logout_ends_the_session_on_the_server(client, auth, logged_in):
    stolen = client.get_cookie("veiviser_session").value
    response = auth.logout()
    assert response.status_code == 303
    assert response.location == LOGIN
    assert client.get(QUEUE).status_code == 303
    # The cookie from before the logout, replayed, is refused: the session token changed.
    client.set_cookie("veiviser_session", stolen)
    response = client.get(QUEUE)
    assert response.status_code == 303
    assert response.location.startswith(LOGIN)


def test_logout_needs_post_with_csrf(client, logged_in):
    assert client.get("/en/advisor/logout").status_code == 405
    assert client.post("/en/advisor/logout").status_code == 400
    assert client.get(QUEUE).status_code == 200


def test_the_session_ends_after_the_idle_time(client, pages, logged_in, monkeypatch, app):
    start = sessions.now()
    idle = app.config["VEIVISER_ADVISOR_IDLE_MINUTES"] * 60
    monkeypatch.setattr(sessions, "now", lambda: start + idle - 5)
    assert client.get(QUEUE).status_code == 200  # activity moves the deadline on
    monkeypatch.setattr(sessions, "now", lambda: start + 2 * idle - 10)
    assert client.get(QUEUE).status_code == 200
    monkeypatch.setattr(sessions, "now", lambda: start + 3 * idle)
    response = client.get(QUEUE)
    assert response.status_code == 303
    assert response.location.startswith(LOGIN)
    page = pages.get(response.location)
    assert "You were logged out because you had not used the workspace for 30 minutes." in (
        page.select_one("[role=status]").get_text()
    )
    with client.session_transaction() as session:
        assert "_user_id" not in session


@pytest.mark.parametrize("app_settings", [{"VEIVISER_ADVISOR_IDLE_MINUTES": 5}])
def test_the_idle_time_is_configurable(client, logged_in, monkeypatch):
    start = sessions.now()
    monkeypatch.setattr(sessions, "now", lambda: start + 5 * 60 + 1)
    assert client.get(QUEUE).status_code == 303


def test_another_browser_with_the_same_cookie_is_logged_out(client, logged_in):
    # Session protection "strong": the cookie is bound to the address and browser it was made in.
    assert client.get(QUEUE).status_code == 200
    response = client.get(QUEUE, headers={"User-Agent": "Someone else's browser"})
    assert response.status_code == 303


def test_advisor_pages_are_never_cached_or_framed(client, logged_in):
    for url in (LOGIN, QUEUE, "/en/advisor/applications/VV-2099-999999"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store", url
        assert response.headers["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], url


def test_a_busy_session_still_ends_after_the_absolute_lifetime(
    client, pages, logged_in, monkeypatch, app
):
    # Was: a session used every few minutes lasted for ever.
    start = sessions.now()
    hours = app.config["VEIVISER_ADVISOR_SESSION_HOURS"]
    idle = app.config["VEIVISER_ADVISOR_IDLE_MINUTES"] * 60
    moment = start
    while moment < start + hours * 3600 - idle:
        moment += idle - 60
        monkeypatch.setattr(sessions, "now", lambda moment=moment: moment)
        assert client.get(QUEUE).status_code == 200
    monkeypatch.setattr(sessions, "now", lambda: start + hours * 3600 - 30)
    assert client.get(QUEUE).status_code == 200  # still in use half a minute before the end
    monkeypatch.setattr(sessions, "now", lambda: start + hours * 3600 + 1)
    response = client.get(QUEUE)
    assert response.status_code == 303 and response.location.startswith(LOGIN)
    page = pages.get(response.location)
    assert f"a session lasts at most {hours} hours" in page.select_one("[role=status]").get_text()
