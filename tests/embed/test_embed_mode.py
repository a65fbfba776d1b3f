"""Embed mode (?embed=1): kept through the whole journey, without the site's header and footer."""

from __future__ import annotations

import re

import pytest

from tests.apply.journey import APPLICANT, COFINANCING, PROJECT, READINESS
from tests.embed.helpers import (
    ALLOW_LIST,
    INTRANET,
    PORTAL,
    assert_page_keeps_embed_mode,
    in_embed_mode,
    journey_urls,
)

JOURNEY = [
    ("applicant", APPLICANT),
    ("project", PROJECT),
    ("budget", {"total_cost": "12 500 000", "estimate_kind": "p50"}),
    ("result", {"schemes": ["cofinancing"]}),
    ("cofinancing", COFINANCING),
    ("readiness", READINESS),
]


@pytest.fixture
def app_settings():
    return {"VEIVISER_FRAME_ANCESTORS": ALLOW_LIST}


@pytest.fixture
def embedded(pages):
    """The browser inside the frame: it keeps the cookie, so the cookie check passes once."""
    pages.get("/en/apply/?embed=1", follow_redirects=True)
    return pages


def test_the_whole_journey_stays_in_embed_mode(embedded):
    location = "/en/apply/applicant?embed=1"
    for step, answers in JOURNEY:
        assert location == f"/en/apply/{step}?embed=1"
        page = embedded.get(location)
        assert_page_keeps_embed_mode(page)
        response = embedded.submit(location, answers)
        assert response.status_code == 303, embedded.page(response).select(".error-message")
        location = response.location
    assert location == "/en/apply/check?embed=1"
    assert_page_keeps_embed_mode(embedded.get(location))

    response = embedded.submit(location, {"declaration": "y"})
    assert response.status_code == 303
    assert in_embed_mode(response.location)
    receipt = embedded.get(response.location)
    assert_page_keeps_embed_mode(receipt)
    assert receipt.select_one("form[action='/en/apply/new?embed=1']")


def test_save_and_come_back_later_stays_in_embed_mode(embedded):
    response = embedded.submit(
        "/en/apply/applicant?embed=1", {"agency_name": "Statens vegvesen", "action": "save_later"}
    )
    assert response.location == "/en/apply/saved?embed=1"
    saved = embedded.get(response.location)
    # The resume link is kept for later, to open anywhere: it leads to the full form.
    resume_link = saved.select_one("a[href*='/apply/resume?code=']")
    assert "embed=1" not in resume_link["href"]
    resume_link.decompose()
    assert_page_keeps_embed_mode(saved)
    code = saved.select_one("#resume-code").get_text(strip=True)

    resume = embedded.submit("/en/apply/resume?embed=1", {"code": code})
    assert resume.status_code == 303
    assert resume.location == "/en/apply/applicant?embed=1"  # the first step still incomplete


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/?embed=1", "/nb/?embed=1"),
        ("/en/apply/?embed=1", "/en/apply/applicant?embed=1"),
        ("/en/apply/budget?embed=1", "/en/apply/applicant?embed=1"),  # not reachable yet
    ],
)
def test_redirects_keep_embed_mode(embedded, path, location):
    response = embedded.client.get(path, headers={"Accept-Language": "nb"})
    assert response.status_code in (302, 303)
    assert response.location == location


def test_a_failed_step_is_shown_again_in_embed_mode(embedded):
    response = embedded.submit("/en/apply/applicant?embed=1", {"agency_name": ""})
    assert response.status_code == 200
    page = embedded.page(response)
    assert page.select(".error-message")
    assert_page_keeps_embed_mode(page)


def test_embedded_pages_have_no_site_header_or_footer(embedded):
    page = embedded.get("/en/apply/applicant?embed=1")
    assert "embed" in page.body["class"]
    assert not page.select("header.site-header")
    assert not page.select("footer.site-footer")
    assert page.select_one("main#main-content")
    assert page.select_one("a.skip-link[href='#main-content']")


def test_the_language_switch_stays_and_keeps_embed_mode(embedded):
    page = embedded.get("/en/?embed=1")
    links = {a["hreflang"]: a["href"] for a in page.select(".language-switch a[hreflang]")}
    assert links == {"nb": "/nb/?embed=1", "nn": "/nn/?embed=1"}
    # On a step, the switch posts the step's form (what was typed survives) and keeps the mode.
    page = embedded.get("/en/apply/applicant?embed=1")
    buttons = {b["lang"]: b["formaction"] for b in page.select(".language-switch button")}
    assert buttons == {"nb": "/nb/apply/applicant?embed=1", "nn": "/nn/apply/applicant?embed=1"}
    assert page.select_one(".language-switch [aria-current]")["lang"] == "en"


def test_the_height_script_is_an_external_file_with_the_allow_list(embedded):
    page = embedded.get("/en/?embed=1")
    scripts = page.select("script")
    assert len(scripts) == 1
    script = scripts[0]
    assert script["src"] == "/static/embed.js"
    assert script.has_attr("defer")
    assert script["data-allowed-origins"].split() == [INTRANET, PORTAL]
    assert not script.get_text(strip=True)  # CSP forbids inline script


def test_the_height_script_posts_only_to_allowed_origins(client):
    response = client.get("/static/embed.js")
    assert response.status_code == 200
    assert "javascript" in response.mimetype
    source = response.get_data(as_text=True)
    assert '"veiviser:height"' in source
    assert "data-allowed-origins" in source
    assert not re.search(r"postMessage\([^;]*['\"]\*['\"]", source)
    assert "ResizeObserver" in source


def test_pages_outside_embed_mode_keep_the_site_and_load_no_script(pages):
    page = pages.get("/en/apply/applicant")
    assert page.select_one("header.site-header .language-switch")
    assert page.select_one("footer.site-footer")
    assert not page.select("script")
    assert not [url for url in journey_urls(page) if in_embed_mode(url)]


def test_advisor_pages_ignore_embed_mode(pages):
    page = pages.get("/en/advisor/login?embed=1")
    assert page.select_one("header.site-header")
    assert not page.select("script")
    assert all("embed" not in form["action"] for form in page.select("form[action]"))


def test_an_error_page_inside_the_journey_stays_embedded(embedded):
    page = embedded.get("/en/apply/no-such-step?embed=1", status=404)
    assert not page.select("header.site-header")
    assert page.select_one("script[src='/static/embed.js']")
    assert page.select_one("main a[href='/en/?embed=1']")


class TestWithoutAllowList:
    @pytest.fixture
    def app_settings(self):
        return {}

    def test_embed_mode_still_drops_the_chrome_but_names_no_origins(self, pages):
        page = pages.get("/en/apply/applicant?embed=1")  # no cookie check: first-party only
        assert not page.select("header.site-header")
        assert page.select_one("script[src='/static/embed.js']")["data-allowed-origins"] == ""
        assert_page_keeps_embed_mode(page)
