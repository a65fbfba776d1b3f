"""Who may frame which page: CSP frame-ancestors and X-Frame-Options, per configuration."""

from __future__ import annotations

import pytest

from tests.apply.journey import APPLICANT
from tests.embed.helpers import ALLOW_LIST, INTRANET, PORTAL, frame_ancestors

JOURNEY_PAGES = ["/en/", "/en/apply/applicant", "/en/apply/resume", "/nb/apply/applicant?embed=1"]
ADVISOR_PAGES = ["/en/advisor/login", "/en/advisor/login?embed=1", "/en/advisor/"]


def assert_never_allow_from(response) -> None:
    for name, value in response.headers:
        assert "allow-from" not in value.lower(), (name, value)


class TestWithoutAllowList:
    @pytest.mark.parametrize("path", JOURNEY_PAGES)
    def test_journey_pages_are_framed_by_the_site_itself_only(self, client, path):
        response = client.get(path)
        assert response.status_code == 200
        assert frame_ancestors(response) == "'self'"
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
        assert_never_allow_from(response)

    @pytest.mark.parametrize("path", ADVISOR_PAGES)
    def test_advisor_pages_are_never_framed(self, client, path):
        response = client.get(path)
        assert frame_ancestors(response) == "'none'"
        assert response.headers["X-Frame-Options"] == "DENY"

    def test_error_pages_are_framed_by_the_site_itself_only(self, client):
        response = client.get("/en/apply/no-such-step?embed=1")
        assert response.status_code == 404
        assert frame_ancestors(response) == "'self'"
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


class TestWithAllowList:
    @pytest.fixture
    def app_settings(self):
        return {"VEIVISER_FRAME_ANCESTORS": ALLOW_LIST}

    @pytest.mark.parametrize("path", JOURNEY_PAGES)
    def test_journey_pages_may_be_framed_by_the_intranets(self, client, path):
        response = client.get(path, follow_redirects=True)  # past the cookie check
        assert response.status_code == 200
        assert frame_ancestors(response) == f"'self' {INTRANET} {PORTAL}"
        # No SAMEORIGIN beside the allow-list: it would block the intranets where XFO wins.
        assert "X-Frame-Options" not in response.headers
        assert_never_allow_from(response)

    @pytest.mark.parametrize("path", [*ADVISOR_PAGES, "/en/advisor/no-such-page?embed=1"])
    def test_advisor_pages_are_still_never_framed(self, client, path):
        response = client.get(path)
        assert frame_ancestors(response) == "'none'"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert_never_allow_from(response)

    @pytest.mark.parametrize(
        "path", ["/en/apply/no-such-step?embed=1", "/en/nothing-here?embed=1", "/nowhere?embed=1"]
    )
    def test_error_pages_inside_the_embedded_journey_may_be_framed(self, client, path):
        response = client.get(path)
        assert response.status_code == 404
        assert frame_ancestors(response) == f"'self' {INTRANET} {PORTAL}"
        assert "X-Frame-Options" not in response.headers

    def test_error_pages_outside_the_journey_are_not_opened_to_the_intranets(self, client):
        response = client.get("/en/nothing-here")
        assert response.status_code == 404
        assert frame_ancestors(response) == "'self'"
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"

    def test_the_csrf_page_of_the_journey_may_be_framed(self, pages, client):
        pages.get(
            "/en/apply/applicant?embed=1", follow_redirects=True
        )  # a session with a token: only the token is bad
        response = client.post(
            "/en/apply/applicant?embed=1", data={**APPLICANT, "csrf_token": "forged"}
        )
        assert response.status_code == 400
        assert frame_ancestors(response) == f"'self' {INTRANET} {PORTAL}"

    def test_the_json_api_is_not_opened_to_the_intranets(self, client):
        response = client.get("/healthz")
        assert frame_ancestors(response) == f"'self' {INTRANET} {PORTAL}"  # blueprint main
        response = client.get("/api/v1/eligibility")
        assert frame_ancestors(response) == "'self'"
