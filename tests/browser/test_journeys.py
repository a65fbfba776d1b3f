"""Applicants in Chromium: nb, nn and en, every routing outcome, the keyboard alone, no
JavaScript, save and resume in another browser, and the error summary. Each journey runs at
1280 px and on a 375 px phone (mobile emulation, where the applicant taps). Every page on the way
passes `audit_page` (the HTML checks, no sideways scrolling, tap targets of 24 × 24 px and
axe-core against WCAG 2.1 AA); the nb journey leaves screenshots at both widths in
test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import Download, expect

from tests.apply.journey import APPLICANT, PROJECT
from tests.browser.checks import Screenshots, audit_page
from tests.browser.conftest import Screen
from tests.browser.wizard import (
    SAVE_LATER,
    Journey,
    KeyboardApplicant,
    applicant_for,
    at_url,
    walk,
)
from webapp.services.documents import APPLICATION_KINDS

pytestmark = pytest.mark.browser


def document_name(app: Flask, lang: str, scheme: str, reference: str) -> str:
    """The file name the browser saves: the document's name in the application's language."""
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return f"{gettext(APPLICATION_KINDS[scheme].name)} {reference}.docx"


def assert_word_document(
    download: Download, app: Flask, lang: str, scheme: str, reference: str, folder: Path
) -> None:
    assert download.suggested_filename == document_name(app, lang, scheme, reference)
    path = folder / download.suggested_filename
    download.save_as(path)
    document = docx.Document(str(path))
    assert PROJECT["project_title"] in document.core_properties.title
    assert any(paragraph.text.strip() for paragraph in document.paragraphs)


def test_nb_applies_to_both_schemes_and_downloads_both_documents(
    new_page: Any, session_app: Flask, tmp_path: Path, screen: Screen
) -> None:
    page = new_page(**screen.context_options())
    screenshots = Screenshots(screen.name)
    journey = Journey("nb", "12 500 000", ("cofinancing", "council"))
    applicant = applicant_for(page, screen.mobile)

    reference = walk(page, applicant, journey, lambda name: audit_page(page, name, screenshots))

    assert reference and reference.startswith("VV-")
    receipt_url = page.url
    for scheme in journey.schemes:
        download = applicant.download(f"main li a[href$='/{scheme}.docx']")
        assert_word_document(download, session_app, "nb", scheme, reference, tmp_path)
    for scheme in journey.schemes:
        applicant.follow(f"main li a[href$='/preview/{scheme}']")
        expect(page).to_have_url(f"{receipt_url}/preview/{scheme}")
        expect(page.locator("main .document-preview")).to_contain_text(PROJECT["project_title"])
        audit_page(page, f"preview-{scheme}", screenshots)
        applicant.follow(f"main a[href$='/receipt/{receipt_url.rsplit('/', 1)[1]}']")
        expect(page).to_have_url(receipt_url)


def test_nn_asks_the_council_without_javascript(
    new_page: Any, session_app: Flask, tmp_path: Path, screen: Screen
) -> None:
    page = new_page(java_script_enabled=False, **screen.context_options())
    axe_page = new_page(**screen.context_options())  # axe needs JavaScript: it checks a copy
    journey = Journey("nn", "60 mill.", ("council",))
    applicant = applicant_for(page, screen.mobile)

    def audit(name: str) -> None:
        audit_page(page, name, axe_page=axe_page)

    reference = walk(page, applicant, journey, audit)

    assert reference
    expect(page.locator("main a[href$='/cofinancing.docx']")).to_have_count(0)
    download = applicant.download("main li a[href$='/council.docx']")
    assert_word_document(download, session_app, "nn", "council", reference, tmp_path)


def test_en_applies_for_co_financing_with_the_keyboard_alone(
    new_page: Any, session_app: Flask, tmp_path: Path, screen: Screen
) -> None:
    page = new_page(**screen.context_options())
    journey = Journey("en", "60 000 000", ("cofinancing",))
    applicant = KeyboardApplicant(page)

    reference = walk(page, applicant, journey, lambda name: audit_page(page, name))

    assert reference
    applicant.arrive()
    download = applicant.download("main li a[href$='/cofinancing.docx']")
    assert_word_document(download, session_app, "en", "cofinancing", reference, tmp_path)
    used = applicant.keys_pressed
    assert all(used[key] for key in ("Tab", "Shift+Tab", "Space", "ArrowDown", "Enter")), used


@pytest.mark.parametrize(
    ("journey", "scheme", "status"),
    [
        (Journey("nb", "20 000 000", legal_form="municipality"), "own_funding", "eligible"),
        (Journey("nn", "3 000 000", legal_form="other"), "own_funding", "eligible"),
        (Journey("en", "800 000 000", estimate_kind="p85"), "project_model", "eligible"),
    ],
    ids=["nb-municipality", "nn-other-body", "en-above-the-p85-threshold"],
)
def test_a_project_no_scheme_takes_now_ends_on_the_result_page(
    new_page: Any, journey: Journey, scheme: str, status: str, screen: Screen
) -> None:
    page = new_page(**screen.context_options())
    applicant = applicant_for(page, screen.mobile)

    assert walk(page, applicant, journey, lambda name: audit_page(page, name)) is None

    outcome = page.locator(f"main section[aria-labelledby='outcome-{scheme}']")
    expect(outcome).to_have_class(re.compile(rf"\boutcome--{status}\b"))
    expect(outcome.locator(f"h2 .tag--{status}")).to_have_count(1)
    expect(outcome.locator("p")).not_to_have_count(0)  # what to do instead
    expect(page.locator("main input[name=schemes]")).to_have_count(0)
    expect(page.locator("main .steps")).to_have_count(0)  # an exit page has no step counter


@pytest.mark.parametrize(
    "journey",
    [
        Journey("nb", "60 000 000", ("council",), phase="execution"),
        Journey("en", None, ("council",), phase="idea"),
        Journey("nn", "60 000 000", ("council",), phase="closing"),
    ],
    ids=["nb-council-in-execution", "en-council-without-an-estimate", "nn-council-closing"],
)
def test_the_council_alone_is_not_a_choice(new_page: Any, journey: Journey, screen: Screen) -> None:
    page = new_page(**screen.context_options())
    seen: list[str] = []

    def audit(name: str) -> None:
        audit_page(page, name)
        if name == "result":
            # Only the council fits: the page says so and asks nothing.
            expect(page.locator("main input[type=checkbox][name=schemes]")).to_have_count(0)
            seen.append(name)

    assert walk(page, applicant_for(page, screen.mobile), journey, audit)
    assert seen == ["result"]


def test_nn_a_budget_change_that_removes_cofinancing_shows_the_result_again(
    new_page: Any, screen: Screen
) -> None:
    page = new_page(**screen.context_options())
    applicant = applicant_for(page, screen.mobile)
    journey = Journey("nn", "60 000 000", ("cofinancing", "council"))
    page.goto(journey.url("applicant"))
    for step, answers in journey.steps():
        expect(page).to_have_url(at_url(journey.url(step)))
        applicant.answer(answers)
        applicant.go_on()
    expect(page).to_have_url(at_url(journey.url("check")))
    page.goto(journey.url("budget"))
    applicant.answer({"total_cost": "120 000 000"})
    applicant.go_on()
    expect(page).to_have_url(at_url(journey.url("result")))
    notice = page.locator("main .notice")
    expect(notice).to_contain_text("passar ikkje lenger for prosjektet")
    audit_page(page, "result-after-change")
    expect(page.locator("main input[type=hidden][name=schemes]")).to_have_value("council")
    applicant.go_on()
    expect(page).to_have_url(at_url(journey.url("check")))
    expect(page.locator("main")).not_to_contain_text("Kor mykje søkjer du om?")


def test_en_an_expired_rule_set_is_said_and_changed_only_when_asked(
    new_page: Any, session_app: Flask, screen: Screen
) -> None:
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Application

    page = new_page(**screen.context_options())
    applicant = applicant_for(page, screen.mobile)
    agency = f"Expired rules agency {screen.name}"  # one draft per width in the shared database
    page.goto("/en/apply/applicant")
    applicant.answer({**APPLICANT, "agency_name": agency})
    applicant.go_on()
    expect(page).to_have_url(at_url("/en/apply/project"))  # saved: the next step is shown
    with session_app.app_context():
        draft = db.session.scalar(select(Application).where(Application.agency_name == agency))
        draft.ruleset_id = "difi-2018"
        db.session.commit()
    page.goto("/en/apply/project")
    notice = page.locator("main #ruleset-notice-title")
    expect(notice).to_have_text("The rules of this application have expired")
    expect(page.locator("main")).to_contain_text("stopped applying after 20 September 2019")
    audit_page(page, "expired-rule-set")
    applicant.follow("main form[action$='/apply/rules'] button")
    expect(page.locator("main #ruleset-notice-title")).to_have_count(0)
    with session_app.app_context():
        draft = db.session.scalar(select(Application).where(Application.agency_name == agency))
        assert draft.ruleset_id == "digdir-10-100"


def test_save_and_come_back_later_in_another_browser(new_page: Any, screen: Screen) -> None:
    page = new_page(**screen.context_options())
    page.goto("/nn/apply/")
    expect(page).to_have_url(at_url("/nn/apply/applicant"))
    audit_page(page, "applicant")
    applicant = applicant_for(page, screen.mobile)
    applicant.answer(APPLICANT)
    applicant.go_on()
    expect(page).to_have_url(at_url("/nn/apply/project"))
    started = {name: PROJECT[name] for name in ("project_title", "project_summary")}
    applicant.answer(started)
    applicant.follow(SAVE_LATER)
    expect(page).to_have_url(at_url("/nn/apply/saved"))
    audit_page(page, "saved")
    code = page.locator("#resume-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code), code
    page.context.close()

    other = new_page(**screen.context_options())
    other.goto("/nn/apply/resume")
    audit_page(other, "resume")
    resumer = applicant_for(other, screen.mobile)
    resumer.answer({"code": code})
    resumer.go_on()

    expect(other).to_have_url(at_url("/nn/apply/project"))
    audit_page(other, "project")
    for name, value in started.items():
        expect(other.locator(f"#{name}")).to_have_value(value)
    expect(other.locator("main input[name=phase]:checked")).to_have_count(0)
    resumer.follow("main a.back-link")
    expect(other).to_have_url(at_url("/nn/apply/applicant"))
    expect(other.locator("#agency_name")).to_have_value(APPLICANT["agency_name"])


def follow_every_error_link(page: Any) -> list[str]:
    """Each link in the error summary moves focus to its field; returns the fields' ids."""
    links = page.locator(".error-summary a")
    targets = []
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href").removeprefix("#")
        links.nth(index).click()
        expect(page.locator(f"[id='{target}']")).to_be_focused()
        targets.append(target)
    return targets


def test_error_summary_links_move_focus_to_the_fields(new_page: Any, screen: Screen) -> None:
    page = new_page(**screen.context_options())
    screenshots = Screenshots(f"{screen.name}-errors")
    applicant = applicant_for(page, screen.mobile)

    page.goto("/nb/apply/applicant")
    applicant.go_on()  # nothing answered
    expect(page).to_have_title(re.compile(r"^Feil: "))
    expect(page.locator(".error-summary")).to_be_focused()
    audit_page(page, "applicant-empty", screenshots)
    assert follow_every_error_link(page) == [
        "agency_name",
        "org_number",
        "legal_form-0",
        "ministry",
        "agency_head",
        "contact_name",
        "contact_email",
    ]
    expect(page.locator("#agency_name")).to_have_attribute("aria-invalid", "true")

    applicant.answer(APPLICANT)
    applicant.go_on()
    applicant.answer(PROJECT)
    applicant.go_on()
    expect(page).to_have_url(at_url("/nb/apply/budget"))
    applicant.answer({"total_cost": "tolv millioner", "estimate_kind": "p50"})
    applicant.go_on()

    expect(page).to_have_title(re.compile(r"^Feil: "))
    expect(page.locator(".error-summary")).to_be_focused()
    audit_page(page, "budget-bad-amount", screenshots)
    assert follow_every_error_link(page) == ["total_cost"]
    expect(page.locator("#total_cost")).to_have_value("tolv millioner")  # the input is kept
    expect(page.locator("#total_cost")).to_have_attribute(
        "aria-describedby", re.compile(r"\btotal_cost-error\b")
    )
    applicant.answer({"total_cost": "12,5 mill."})
    applicant.go_on()
    expect(page).to_have_url(at_url("/nb/apply/result"))
