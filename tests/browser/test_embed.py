"""The wizard inside an intranet page, in Chromium.

The intranet page is served from http://127.0.0.2 and frames the app on http://127.0.0.1: two
sites, so the session cookie is a third-party cookie there. Playwright's contexts block
third-party cookies as incognito windows do; the journey works because the cookie is
Partitioned (Chromium counts loopback http as a secure context, so Secure cookies are kept).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.apply.journey import APPLICANT
from tests.browser.conftest import LiveServer, serve

pytestmark = pytest.mark.browser

README = Path(__file__).resolve().parents[2] / "README.md"
README_ORIGIN = "https://veiviser.example.no"


def readme_listener() -> str:
    """The listener script an intranet owner pastes, exactly as README.md gives it."""
    snippet = re.search(r"```html\n(<iframe id=\"veiviser\".*?)```", README.read_text(), re.S)
    assert snippet, "README.md has no intranet snippet"
    script = re.search(r"<script>.*?</script>", snippet.group(1), re.S)
    assert script and README_ORIGIN in script.group(0)
    return script.group(0)


# The intranet page: news above the frame, the README's snippet, and a log for the test.
INTRANET_PAGE = """<!doctype html>
<html lang="nb">
<head><meta charset="utf-8"><title>Intranett</title></head>
<body>
<h1>Intranett</h1>
<div id="news" style="height: 30rem">Nyheiter</div>
<iframe id="veiviser" title="Søknad om støtte til digitaliseringsprosjekter (Veiviser)"
        src="{frame_url}" style="width: 100%; height: 40rem; border: 0"></iframe>
<script>
  window.received = [];
  window.addEventListener("message", function (event) {{
    window.received.push({{origin: event.origin, data: event.data}});
  }});
</script>
{listener}
</body>
</html>
"""


class IntranetPage:
    """A page on another origin that frames whatever `frame_url` is set to."""

    def __init__(self, host: str):
        self.frame_url = "about:blank"
        self.server: LiveServer = serve(self.wsgi, host=host)

    @property
    def origin(self) -> str:
        return self.server.origin

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        frame_origin = re.match(r"^https?://[^/]+", self.frame_url)
        origin = frame_origin.group(0) if frame_origin else ""
        body = INTRANET_PAGE.format(
            frame_url=self.frame_url, listener=readme_listener().replace(README_ORIGIN, origin)
        )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body.encode()]


@pytest.fixture
def intranet() -> Iterator[IntranetPage]:
    page = IntranetPage("127.0.0.2")
    yield page
    page.server.stop()


@pytest.fixture
def stranger() -> Iterator[IntranetPage]:
    """A site that is not on the allow-list."""
    page = IntranetPage("127.0.0.3")
    yield page
    page.server.stop()


@pytest.fixture
def app_settings(intranet: IntranetPage) -> dict[str, Any]:
    return {"VEIVISER_FRAME_ANCESTORS": [intranet.origin]}


def fill_applicant_step(frame) -> None:
    for name in ("agency_name", "org_number", "agency_head", "contact_name", "contact_email"):
        frame.locator(f"#{name}").fill(APPLICANT[name])
    frame.locator(f"input[name=legal_form][value={APPLICANT['legal_form']}]").check()
    frame.locator("#ministry").select_option(APPLICANT["ministry"])


def veiviser_frame(page, path: str):
    return next(frame for frame in page.frames if path in frame.url)


def test_an_allowed_intranet_frames_the_wizard_and_learns_its_height(page, intranet, live_server):
    intranet.frame_url = live_server.url("/en/apply/?embed=1")
    page.goto(intranet.origin + "/")
    frame = page.frame_locator("#veiviser")
    expect(frame.locator("h1")).to_have_text("About the agency")
    expect(frame.locator("header.site-header")).to_have_count(0)
    # The cookie check passed: the frame keeps the cookie, so no warning.
    expect(frame.locator(".notice a[target=_blank]")).to_have_count(0)
    (cookie,) = page.context.cookies(live_server.origin)
    assert cookie["partitionKey"] == "http://127.0.0.2"  # the intranet's site: no port

    fill_applicant_step(frame)
    frame.get_by_role("button", name="Save and continue").click()

    expect(frame.locator("h1")).to_have_text("About the project")
    assert veiviser_frame(page, "/en/apply/project").url == live_server.url(
        "/en/apply/project?embed=1"
    )

    page.wait_for_function("window.received.some(m => m.data && m.data.type === 'veiviser:height')")
    messages = page.evaluate("window.received")
    assert {message["origin"] for message in messages} == {live_server.origin}
    heights = [message["data"]["height"] for message in messages]
    assert all(isinstance(height, int) and height > 200 for height in heights)
    # The README's listener sized the frame to the last height the page reported.
    page.wait_for_function(
        "() => { const r = window.received; const h = r[r.length - 1].data.height;"
        " return document.getElementById('veiviser').style.height === h + 'px'; }"
    )


FRAME_TOP = "document.getElementById('veiviser').getBoundingClientRect().top"


def test_after_each_step_the_intranet_page_scrolls_to_the_top_of_the_frame(
    page, intranet, live_server
):
    intranet.frame_url = live_server.url("/en/apply/?embed=1")
    page.goto(intranet.origin + "/")
    frame = page.frame_locator("#veiviser")
    expect(frame.locator("h1")).to_have_text("About the agency")
    page.wait_for_function("window.received.length > 0")
    # The first page asks for no scroll: the applicant has not started.
    assert all("scroll" not in message["data"] for message in page.evaluate("window.received"))

    fill_applicant_step(frame)
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert page.evaluate(FRAME_TOP) < 0  # the frame's top is above the window
    frame.get_by_role("button", name="Save and continue").click()
    expect(frame.locator("h1")).to_have_text("About the project")

    page.wait_for_function("window.received.some(m => m.data && m.data.scroll === 'top')")
    page.wait_for_function(f"Math.abs({FRAME_TOP}) < 2")


def test_an_error_in_the_frame_moves_focus_to_the_summary(page, intranet, live_server):
    intranet.frame_url = live_server.url("/en/apply/?embed=1")
    page.goto(intranet.origin + "/")
    frame = page.frame_locator("#veiviser")
    frame.get_by_role("button", name="Save and continue").click()  # nothing answered
    expect(frame.locator(".error-summary")).to_be_focused()


def test_the_language_switch_works_inside_the_frame(page, intranet, live_server):
    intranet.frame_url = live_server.url("/en/apply/?embed=1")
    page.goto(intranet.origin + "/")
    frame = page.frame_locator("#veiviser")
    expect(frame.locator("h1")).to_have_text("About the agency")
    frame.locator("#agency_name").fill(APPLICANT["agency_name"])
    frame.locator(".language-switch button[lang=nb]").click()
    expect(frame.locator("html")).to_have_attribute("lang", "nb")
    assert veiviser_frame(page, "/nb/apply/").url.endswith("/nb/apply/applicant?embed=1")
    expect(frame.locator("#agency_name")).to_have_value(APPLICANT["agency_name"])


def test_a_frame_that_refuses_the_cookie_offers_a_new_tab(page, intranet, app, live_server):
    # Without Partitioned, Chromium treats the cookie as a blocked third-party cookie: the same
    # as a browser that refuses cookies in frames altogether.
    app.config["SESSION_COOKIE_PARTITIONED"] = False
    intranet.frame_url = live_server.url("/en/apply/?embed=1")
    page.goto(intranet.origin + "/")
    frame = page.frame_locator("#veiviser")
    expect(frame.locator("h1")).to_have_text("About the agency")
    expect(frame.locator(".notice a[target=_blank]")).to_have_count(1)

    fill_applicant_step(frame)
    frame.get_by_role("button", name="Save and continue").click()
    expect(frame.locator("h1")).to_have_text("Your browser blocked the form inside this page")
    expect(frame.locator("main table")).to_contain_text(APPLICANT["agency_name"])

    with page.context.expect_page() as new_tab:
        frame.locator("main a[target=_blank]").click()
    tab = new_tab.value
    tab.wait_for_load_state()
    assert tab.url == live_server.url("/en/apply/applicant")
    expect(tab.locator("header.site-header")).to_have_count(1)
    fill_applicant_step(tab)
    tab.get_by_role("button", name="Save and continue").click()
    expect(tab.locator("h1")).to_have_text("About the project")


def test_a_site_not_on_the_allow_list_cannot_frame_it(page, stranger, live_server):
    stranger.frame_url = live_server.url("/en/apply/?embed=1")
    with page.expect_console_message(lambda message: "frame-ancestors" in message.text):
        page.goto(stranger.origin + "/")
    frame = page.frame_locator("#veiviser")
    expect(frame.locator("main#main-content")).to_have_count(0)
    assert page.evaluate("window.received") == []
