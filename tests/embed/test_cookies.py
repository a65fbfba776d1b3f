"""The session cookie inside an intranet frame, and what the applicant sees when it is refused."""

from __future__ import annotations

import pytest

from tests.apply.journey import APPLICANT
from tests.embed.helpers import ALLOW_LIST, count_applications, in_embed_mode, query
from tests.pages import check_page
from webapp import create_app


def session_cookie(response) -> str:
    # Secure (as in a frame) at the host's root, the cookie carries the __Host- prefix.
    names = ("veiviser_session=", "__Host-veiviser_session=")
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(names)]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return cookies[0]


def attributes(cookie: str) -> set[str]:
    return {part.strip() for part in cookie.split(";")[1:]}


class TestWithoutAllowList:
    def test_the_cookie_stays_first_party(self, client):
        cookie = session_cookie(client.get("/en/apply/applicant"))
        assert {"HttpOnly", "SameSite=Lax", "Path=/"} <= attributes(cookie)
        assert "Partitioned" not in cookie
        assert "Secure" not in attributes(cookie)  # the test configuration serves plain http

    def test_no_cookie_check_in_embed_mode(self, client):
        assert client.get("/en/apply/applicant?embed=1").status_code == 200


class TestWithAllowList:
    @pytest.fixture
    def app_settings(self):
        return {"VEIVISER_FRAME_ANCESTORS": ALLOW_LIST, "SESSION_COOKIE_SECURE": False}

    def test_the_cookie_is_cross_site_secure_and_partitioned(self, app, client):
        cookie = session_cookie(client.get("/en/apply/applicant"))
        assert {"HttpOnly", "Secure", "SameSite=None", "Partitioned"} <= attributes(cookie)
        # SameSite=None is refused without Secure, whatever VEIVISER_SECURE_COOKIES says.
        assert app.config["SESSION_COOKIE_SECURE"] is True

    def test_the_first_embedded_page_checks_that_the_cookie_is_kept(self, client):
        response = client.get("/en/apply/applicant?embed=1")
        assert response.status_code == 303
        assert query(response.location) == {"embed": ["1"], "cookie_check": ["1"]}
        assert response.location.startswith("/en/apply/applicant?")
        session_cookie(response)

        page = check_page(client.get(response.location).get_data(as_text=True))
        assert not page.select(".notice a[target=_blank]")
        # With the cookie kept, there is no second check.
        assert client.get("/en/apply/applicant?embed=1").status_code == 200

    def test_a_frame_that_refuses_the_cookie_is_told_before_any_typing(self, app):
        refusing = app.test_client(use_cookies=False)
        first = refusing.get("/en/apply/applicant?embed=1")
        response = refusing.get(first.location)
        assert response.status_code == 200
        page = check_page(response.get_data(as_text=True))
        link = page.select_one(".notice a[target=_blank]")
        assert link["href"] == "/en/apply/applicant"
        assert link["rel"] == ["noopener"]

    def test_pages_outside_embed_mode_are_not_checked(self, client):
        assert client.get("/en/apply/applicant").status_code == 200
        assert client.get("/en/advisor/login?embed=1").status_code == 200

    def test_a_post_whose_cookie_was_refused_gets_a_way_out_and_saves_nothing(self, app):
        refusing = app.test_client(use_cookies=False)
        typed = {**APPLICANT, "agency_name": "Statens <b>vegvesen</b>", "legal_form": "forged"}
        response = refusing.post(
            "/en/apply/applicant?embed=1", data={**typed, "csrf_token": "from-the-page"}
        )

        assert response.status_code == 400
        page = check_page(response.get_data(as_text=True))
        assert page.select_one("h1").get_text(strip=True) == (
            "Your browser blocked the form inside this page"
        )
        assert not page.select("header.site-header")
        link = page.select_one("main a[target=_blank]")
        assert link["href"] == "/en/apply/applicant"
        assert not in_embed_mode(link["href"])
        assert link["rel"] == ["noopener"]
        assert "new tab" in link.get_text()

        written = {
            row.select_one("th").get_text(strip=True): row.select_one("td").get_text(strip=True)
            for row in page.select("main table tr")
        }
        assert written["Name of the agency"] == "Statens <b>vegvesen</b>"  # as text, escaped
        assert "<b>" not in str(page.select_one("main table"))
        assert "What kind of body is the agency?" not in written  # "forged" is not a choice
        assert written["Responsible ministry"]  # a choice, shown by its label
        assert written["Responsible ministry"] != APPLICANT["ministry"]
        assert not page.select("main form")  # nothing to send from here
        assert count_applications(app) == 0

    def test_every_step_can_show_what_was_written(self, app):
        from forms.flow import STEPS

        refusing = app.test_client(use_cookies=False)
        for step in STEPS:
            response = refusing.post(f"/nb/apply/{step.id}?embed=1", data={"x": "y"})
            assert response.status_code == 400, step.id
            check_page(response.get_data(as_text=True))

    def test_a_post_only_address_opens_the_front_page_in_the_new_tab(self, app):
        refusing = app.test_client(use_cookies=False)
        response = refusing.post("/nn/apply/new?embed=1")
        page = check_page(response.get_data(as_text=True))
        assert page.select_one("main a[target=_blank]")["href"] == "/nn/"

    def test_an_expired_token_with_a_working_cookie_gets_the_usual_page(self, pages, client):
        pages.get("/en/apply/applicant?embed=1", follow_redirects=True)
        response = client.post(
            "/en/apply/applicant?embed=1", data={**APPLICANT, "csrf_token": "stale"}
        )
        assert response.status_code == 400
        page = check_page(response.get_data(as_text=True))
        assert "expired" in page.select_one("h1").get_text()
        assert not page.select("main a[target=_blank]")

    def test_outside_embed_mode_a_missing_cookie_gets_the_usual_page(self, app):
        refusing = app.test_client(use_cookies=False)
        response = refusing.post("/en/apply/applicant", data=APPLICANT)
        page = check_page(response.get_data(as_text=True))
        assert "expired" in page.select_one("h1").get_text()
        assert not page.select("main a[target=_blank]")
        assert count_applications(app) == 0


def test_production_with_an_allow_list_sends_the_partitioned_cookie(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "p.sqlite3"))
    monkeypatch.setenv("VEIVISER_FRAME_ANCESTORS", "https://intranett.example.no")
    app = create_app("production")
    assert app.config["VEIVISER_FRAME_ANCESTORS"] == ["https://intranett.example.no"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "None"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_PARTITIONED"] is True


class TestHostPrefix:
    """Over HTTPS, at the root of the host, the cookie takes the `__Host-` prefix; under a
    proxy prefix (its path is the prefix) it keeps its plain name."""

    @pytest.fixture
    def app_settings(self):
        return {"SESSION_COOKIE_SECURE": True}

    def test_the_cookie_is_a_host_cookie_over_https(self, client):
        response = client.get("/en/apply/applicant", base_url="https://veiviser.example")
        cookies = response.headers.getlist("Set-Cookie")
        (cookie,) = [c for c in cookies if c.startswith("__Host-veiviser_session=")]
        assert {"Secure", "HttpOnly", "Path=/"} <= attributes(cookie)
        assert not any(part.startswith("Domain=") for part in attributes(cookie))
        # The browser sends it back under that name, and the session holds.
        token = client.get("/en/apply/applicant", base_url="https://veiviser.example")
        assert not [c for c in token.headers.getlist("Set-Cookie") if "veiviser_session=" in c]

    def test_under_a_proxy_prefix_the_cookie_keeps_its_name(self, app):
        with app.test_request_context("/en/", base_url="https://www.example.no/tjenester/veiviser"):
            interface = app.session_interface
            assert interface.get_cookie_path(app) == "/tjenester/veiviser"
            assert interface.get_cookie_name(app) == "veiviser_session"
