"""The session cookie is written when the session changed, and otherwise once an hour, so a
permanent session's 30 days still run from the last visit (webapp/session_cookie.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from werkzeug.http import parse_date

from tests.apply import journey
from webapp.session_cookie import RENEW_AFTER, SessionCookieInterface

APPLICANT = "/nb/apply/applicant"
AGENCY = journey.APPLICANT["agency_name"]


@pytest.fixture
def sqlite_only(database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the cookie does not depend on the database; checked on SQLite")


def session_cookie_header(response) -> str | None:
    cookies = [value for value in response.headers.getlist("Set-Cookie")]
    found = [value for value in cookies if value.startswith("veiviser_session=")]
    assert len(found) <= 1
    return found[0] if found else None


def expires_of(header: str) -> datetime:
    part = next(p for p in header.split("; ") if p.lower().startswith("expires="))
    found = parse_date(part.split("=", 1)[1])
    assert found is not None
    return found


def start_draft(pages):
    saved = journey.post_step(pages, "nb", "applicant", journey.APPLICANT)
    assert saved.status_code == 303
    header = session_cookie_header(saved)
    assert header is not None, "saving the first answers sets the session cookie"
    return header


def test_an_unchanged_session_is_not_signed_again_on_every_page(sqlite_only, pages):
    start_draft(pages)
    for _ in range(3):
        page = pages.client.get(APPLICANT)
        assert page.status_code == 200
        assert session_cookie_header(page) is None
    # The draft is still found: the cookie the browser holds is the one it got.
    assert f'value="{AGENCY}"' in pages.client.get(APPLICANT).get_data(as_text=True)


def test_a_session_older_than_an_hour_gets_a_new_thirty_days(sqlite_only, app, pages, monkeypatch):
    first = start_draft(pages)
    later = datetime.now(UTC) + RENEW_AFTER
    monkeypatch.setattr(SessionCookieInterface, "now", staticmethod(lambda: later))
    renewed = session_cookie_header(pages.client.get(APPLICANT))
    assert renewed is not None
    lifetime = app.permanent_session_lifetime
    assert abs(expires_of(renewed) - (later + lifetime)).total_seconds() < 5
    assert expires_of(renewed) > expires_of(first)
    assert "HttpOnly" in renewed and "SameSite=Lax" in renewed


def test_a_changed_session_is_always_written(sqlite_only, pages):
    start_draft(pages)
    assert session_cookie_header(pages.client.get(APPLICANT)) is None
    # Starting a new application forgets the draft: the browser must hear of it at once.
    new = pages.client.post(
        "/nb/apply/new", data={"csrf_token": pages.csrf_token("/nb/apply/applicant")}
    )
    assert new.status_code == 303
    assert session_cookie_header(new) is not None
    assert f'value="{AGENCY}"' not in pages.client.get(APPLICANT).get_data(as_text=True)


def test_a_tampered_cookie_is_a_new_session(sqlite_only, pages):
    start_draft(pages)
    cookie = pages.client.get_cookie("veiviser_session")
    pages.client.set_cookie("veiviser_session", cookie.value[:-2] + "xx")
    page = pages.client.get(APPLICANT, follow_redirects=False)
    assert page.status_code == 200
    assert f'value="{AGENCY}"' not in page.get_data(as_text=True)


def test_a_new_key_is_taken_at_once_and_the_old_one_read_as_a_fallback(sqlite_only, app, pages):
    """The signing serializer is kept, but follows SECRET_KEY and SECRET_KEY_FALLBACKS."""
    start_draft(pages)
    signed_with_old_key = pages.client.get_cookie("veiviser_session").value
    old_key = app.secret_key
    app.config["SECRET_KEY"] = app.secret_key = "a-new-key-" + "y" * 40
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    assert f'value="{AGENCY}"' in pages.client.get(APPLICANT).get_data(as_text=True)
    # A cookie still signed with the old key is refused once the key is dropped.
    app.config["SECRET_KEY_FALLBACKS"] = []
    pages.client.set_cookie("veiviser_session", signed_with_old_key)
    assert f'value="{AGENCY}"' not in pages.client.get(APPLICANT).get_data(as_text=True)


def test_a_cookie_of_the_old_key_is_signed_again_with_the_new_one_at_once(sqlite_only, app, pages):
    """After a rotation the next visit moves the cookie to the new key, however recently it
    was signed, so the old key can then be dropped without ending the session."""
    start_draft(pages)
    old_key = app.secret_key
    app.config["SECRET_KEY"] = app.secret_key = "a-new-key-" + "z" * 40
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    moved = pages.client.get(APPLICANT)
    assert session_cookie_header(moved) is not None
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert f'value="{AGENCY}"' in pages.client.get(APPLICANT).get_data(as_text=True)
