"""Every response carries the security headers, set in one place."""

from __future__ import annotations

import pytest

from webapp import create_app


def parse_csp(header: str) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in header.split("; ")}


def test_every_security_header_on_a_page(client):
    response = client.get("/nb/")
    headers = response.headers
    csp = parse_csp(headers["Content-Security-Policy"])
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"  # no 'unsafe-inline': no inline script anywhere
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert csp["frame-ancestors"] == "'self'"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # only in production
    assert "X-Frame-Options: ALLOW-FROM" not in str(headers)


def test_error_pages_carry_the_headers_too(client):
    response = client.get("/nb/no-such-page")
    assert response.status_code == 404
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_production_sends_hsts_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "p.sqlite3"))
    app = create_app("production")
    response = app.test_client().get("/nb/", base_url="https://veiviser.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_no_inline_script_or_style_in_pages(pages):
    page = pages.get("/nb/")
    for script in page.select("script"):
        assert script.get("src"), "inline <script> would be blocked by the CSP"
    assert not page.select("[style]"), "inline style attributes would be blocked by the CSP"
    assert not page.select("style")


@pytest.mark.parametrize("path", ["/nb/", "/healthz"])
def test_session_cookie_flags_when_set(client, path):
    response = client.get(path)
    for cookie in response.headers.getlist("Set-Cookie"):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie


def test_applicant_pages_set_no_cookie_once_the_session_exists(client):
    """No login machinery on applicant pages: no remember-me deletions, no session churn."""
    client.get("/en/apply/applicant")
    for path in ("/en/apply/applicant", "/en/", "/en/apply/resume"):
        assert client.get(path).headers.getlist("Set-Cookie") == [], path
