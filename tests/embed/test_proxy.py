"""Behind a reverse proxy under /tjenester/veiviser/: X-Forwarded-* only when configured."""

from __future__ import annotations

import pytest
from flask import request, url_for

from tests.apply.journey import APPLICANT
from tests.pages import check_page
from webapp import create_app
from webapp.proxy import proxy_fix_counts

PREFIX = "/tjenester/veiviser"
FORWARDED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "www.example.no",
    "X-Forwarded-Prefix": PREFIX,
}


@pytest.fixture
def proxied_app(app):
    @app.get("/where")
    def where():
        return {
            "remote_addr": request.remote_addr,
            "url": url_for("apply.start", lang_code="en", _external=True),
        }

    return app


def cookie_path(response) -> str:
    cookie = next(
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("veiviser_session=")
    )
    return next(part.strip() for part in cookie.split(";") if part.strip().startswith("Path="))


def page_urls(response) -> list[str]:
    page = check_page(response.get_data(as_text=True))
    urls = [a["href"] for a in page.select("a[href]") if not a["href"].startswith("#")]
    urls += [form["action"] for form in page.select("form[action]")]
    urls += [tag.get("src") or tag.get("href") for tag in page.select("script, link")]
    return urls


class ProxiedBrowser:
    """Requests as the proxy forwards them, with the cookie a browser keeps under the prefix."""

    def __init__(self, app):
        self.client = app.test_client(use_cookies=False)
        self.cookie = ""

    def _headers(self) -> dict[str, str]:
        referer = f"https://www.example.no{PREFIX}/en/apply/applicant"
        return {**FORWARDED, "Cookie": self.cookie, "Referer": referer}

    def _keep_cookie(self, response):
        for header in response.headers.getlist("Set-Cookie"):
            if header.startswith("veiviser_session="):
                assert f"Path={PREFIX}" in header
                self.cookie = header.split(";", 1)[0]
        return response

    def get(self, path: str):
        return self._keep_cookie(self.client.get(path, headers=self._headers()))

    def post(self, path: str, data: dict):
        return self._keep_cookie(self.client.post(path, data=data, headers=self._headers()))


class TestNotConfigured:
    def test_forwarded_headers_are_ignored(self, proxied_app):
        client = proxied_app.test_client()
        response = client.get("/en/apply/", headers=FORWARDED)
        assert response.location == "/en/apply/applicant"
        where = client.get("/where", headers=FORWARDED).get_json()
        assert where == {"remote_addr": "127.0.0.1", "url": "http://localhost/en/apply/"}
        response = client.get("/en/apply/applicant", headers=FORWARDED)
        assert all(not url.startswith(PREFIX) for url in page_urls(response))
        assert cookie_path(response) == "Path=/"


class TestBehindOneProxy:
    @pytest.fixture
    def app_settings(self):
        return {
            "VEIVISER_PROXY_FIX": "1",
            "VEIVISER_FRAME_ANCESTORS": ["https://intranett.example.no"],
        }

    def test_redirects_are_under_the_prefix_and_keep_embed_mode(self, client):
        response = client.get("/en/apply/?embed=1", headers=FORWARDED)
        assert response.location == f"{PREFIX}/en/apply/?embed=1&cookie_check=1"
        response = client.get("/en/apply/?embed=1&cookie_check=1", headers=FORWARDED)
        assert response.location == f"{PREFIX}/en/apply/applicant?embed=1"

    def test_links_forms_static_files_and_cookie_are_under_the_prefix(self, client):
        response = client.get("/en/apply/applicant?embed=1", headers=FORWARDED)
        assert response.status_code == 303  # the cookie check, under the prefix too
        assert response.location == f"{PREFIX}/en/apply/applicant?embed=1&cookie_check=1"
        assert cookie_path(response) == f"Path={PREFIX}"

        response = client.get("/en/apply/applicant?embed=1&cookie_check=1", headers=FORWARDED)
        urls = page_urls(response)
        assert f"{PREFIX}/static/veiviser.css" in urls
        assert f"{PREFIX}/static/embed.js" in urls
        assert f"{PREFIX}/en/apply/applicant?embed=1" in urls  # the form's action
        assert all(url.startswith(PREFIX) for url in urls), urls

    def test_a_step_posted_through_the_proxy_redirects_under_the_prefix(self, app):
        # The test client matches cookie paths against the path the app sees (without the
        # prefix), so this browser keeps the cookie by hand, as a browser under the prefix would.
        browser = ProxiedBrowser(app)
        browser.get("/en/apply/applicant?embed=1")
        page = check_page(browser.get("/en/apply/applicant?embed=1").get_data(as_text=True))
        token = page.select_one("input[name=csrf_token]")["value"]
        response = browser.post("/en/apply/applicant?embed=1", {**APPLICANT, "csrf_token": token})
        assert response.status_code == 303
        assert response.location == f"{PREFIX}/en/apply/project?embed=1"

    def test_advisor_login_returns_to_the_page_asked_for_under_the_prefix(self, app):
        from tests.advisor.conftest import PASSWORD, add_advisor

        add_advisor(app, "kari@example.no", "Kari Nordmann")
        browser = ProxiedBrowser(app)
        response = browser.get("/en/advisor/")
        assert response.location.startswith(f"{PREFIX}/en/advisor/login?next=")
        login_path = response.location.removeprefix(PREFIX)
        page = check_page(browser.get(login_path).get_data(as_text=True))
        token = page.select_one("input[name=csrf_token]")["value"]
        response = browser.post(
            login_path, {"email": "kari@example.no", "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 303
        assert response.location == f"{PREFIX}/en/advisor/"

    def test_client_address_scheme_and_host_come_from_the_proxy(self, proxied_app):
        where = proxied_app.test_client().get("/where", headers=FORWARDED).get_json()
        assert where == {
            "remote_addr": "203.0.113.7",
            "url": f"https://www.example.no{PREFIX}/en/apply/",
        }

    def test_only_the_last_proxy_is_trusted(self, proxied_app):
        headers = {**FORWARDED, "X-Forwarded-For": "198.51.100.1, 203.0.113.7"}
        where = proxied_app.test_client().get("/where", headers=headers).get_json()
        assert where["remote_addr"] == "203.0.113.7"


class TestOnlyThePrefixTrusted:
    @pytest.fixture
    def app_settings(self):
        return {"VEIVISER_PROXY_FIX": "x_prefix=1"}

    def test_other_forwarded_headers_stay_ignored(self, proxied_app):
        where = proxied_app.test_client().get("/where", headers=FORWARDED).get_json()
        assert where == {"remote_addr": "127.0.0.1", "url": f"http://localhost{PREFIX}/en/apply/"}


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("", {}),
        ("0", {}),
        ("1", {"x_for": 1, "x_proto": 1, "x_host": 1, "x_prefix": 1}),
        ("2", {"x_for": 2, "x_proto": 2, "x_host": 2, "x_prefix": 2}),
        ("x_for=1,x_proto=1", {"x_for": 1, "x_proto": 1}),
        ("x_for=2, x_host=1, x_port=1, x_prefix=0", {"x_for": 2, "x_host": 1, "x_port": 1}),
        ("X-Prefix=1", {"x_prefix": 1}),
    ],
)
def test_proxy_fix_settings(setting, expected):
    assert proxy_fix_counts(setting) == expected


@pytest.mark.parametrize("setting", ["yes", "x_for", "x_for=one", "x_forwarded=1", "-1"])
def test_a_bad_proxy_fix_setting_stops_the_app(setting):
    with pytest.raises(RuntimeError, match="VEIVISER_PROXY_FIX"):
        create_app(
            {
                "ENV_NAME": "test",
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "VEIVISER_PROXY_FIX": setting,
            }
        )


@pytest.mark.parametrize(
    "prefix",
    [
        "https://evil.example/x",
        "//evil.example",
        "/a/../b",
        "/a b",
        '/x"><script>',
        "/ok,javascript:alert(1)",
    ],
)
def test_a_forwarded_prefix_that_is_not_a_path_is_refused(prefix):
    # Was taken as-is: a proxy passing on a client's header put any host or script into URLs.
    app = create_app({"ENV_NAME": "test", "VEIVISER_PROXY_FIX": "1"})
    response = app.test_client().get("/en/", headers={**FORWARDED, "X-Forwarded-Prefix": prefix})
    assert response.status_code == 400
    assert b"must be a path" in response.data
    clean = app.test_client().get("/en/", headers=FORWARDED)
    assert clean.status_code == 200
