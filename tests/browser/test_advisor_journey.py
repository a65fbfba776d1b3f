"""An advisor in Chromium, in nb: from an application sent through the wizard to a letter marked
ready, at 1280 px and on a 375 px phone. Every advisor page on the way, error states included,
passes `audit_page` (the HTML checks, no sideways scrolling, target sizes and axe-core against
WCAG 2.1 AA) and leaves a `<width>-advisor-` screenshot; every one of them tells browsers never
to frame it.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
from docx.document import Document as WordDocument
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import Download, expect

from forms.routing import SCHEME_LABELS
from tests.advisor.conftest import PASSWORD, add_advisor
from tests.apply.journey import PROJECT
from tests.browser.advisor import LetterForm, history, log_out, squeeze, submit_login
from tests.browser.checks import Screenshots, audit_page
from tests.browser.conftest import Screen
from tests.browser.wizard import Applicant, Journey, at_url, walk
from webapp.advisor.figures_views import default_period
from webapp.advisor.labels import language_label, status_label
from webapp.services import council_figures

pytestmark = pytest.mark.browser

ADVISOR_EMAIL = "kari.journey@example.no"
ADVISOR_NAME = "Kari Nordmann"
OVERALL = "Prosjektet er godt forankret, men gevinstarbeidet må styrkes før gjennomføring."
EDITED = "Utpek en eier på fagsiden for hver arbeidsprosess som endres, og sett av tid til dem."
OWN = "Legg fram en oppdatert gevinstrealiseringsplan for rådet før neste beslutningspunkt."


def in_nb(app: Flask, message: str, **variables: Any) -> str:
    """`message` as the nb pages say it (the catalogue the server uses)."""
    with app.test_request_context("/nb/"), force_locale("nb"):
        return gettext(message, **variables)


def council_cases(app: Flask) -> int:
    """The council cases the figures page counts by default."""
    with app.app_context():
        return council_figures.compute(default_period()).cases


def status_in_nb(app: Flask, status: str) -> str:
    with app.test_request_context("/nb/"), force_locale("nb"):
        return status_label(status)


def status_change(app: Flask, previous: str, new: str) -> str:
    with app.test_request_context("/nb/"), force_locale("nb"):
        return gettext(
            "Changed the status from “%(previous)s” to “%(new)s”.",
            previous=status_label(previous),
            new=status_label(new),
        )


def expected_history(app: Flask) -> list[tuple[str, str]]:
    """(who, what) for each step of the journey, oldest first; the letter's save by prefix."""
    with app.test_request_context("/nb/"), force_locale("nb"):
        saved = gettext("Saved the letter; changed: %(fields)s.", fields="\0").split("\0")[0]
        letter = gettext(
            "Downloaded the advice letter in %(language)s.", language=language_label("nb")
        )
        application = gettext(
            "Downloaded the application to “%(scheme)s”.",
            scheme=gettext(SCHEME_LABELS["cofinancing"]),
        )
        meeting = gettext(
            "Set the date of the meeting with the council to %(date)s.", date="\0"
        ).split("\0")[0]
        moved = gettext(
            "Moved the council case from “%(previous)s” to “%(new)s”.",
            previous=gettext("Preparation"),
            new=gettext("Project review"),
        )
        return [
            (gettext("The applicant"), gettext("Sent the application.")),
            (ADVISOR_NAME, gettext("Read the application.")),
            (ADVISOR_NAME, status_change(app, "submitted", "in_review")),
            (ADVISOR_NAME, meeting),
            (ADVISOR_NAME, moved),
            (ADVISOR_NAME, saved),
            (ADVISOR_NAME, letter),
            (ADVISOR_NAME, application),
            (ADVISOR_NAME, status_change(app, "in_review", "letter_ready")),
        ]


def save_download(download: Download, folder: Path) -> WordDocument:
    path = folder / download.suggested_filename
    download.save_as(path)
    return docx.Document(str(path))


def numbered_items(document: WordDocument) -> list[tuple[str, str | None]]:
    """(text, numbering id) of each "List Number" paragraph of the letter."""
    items = []
    for paragraph in document.paragraphs:
        if paragraph.style.name != "List Number":
            continue
        numbering = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        num_id = numbering.numId.val if numbering is not None else None
        items.append((squeeze(paragraph.text), num_id))
    return items


def follow_error_link(page: Any, field_id: str) -> None:
    """The error summary has one link, to the field, and following it moves focus there."""
    expect(page.locator(".error-summary a")).to_have_count(1)
    page.locator(f".error-summary a[href='#{field_id}']").click()
    expect(page.locator(f"[id='{field_id}']")).to_be_focused()


def test_nb_advisor_reviews_an_application_and_marks_the_letter_ready(
    new_page: Any, session_app: Flask, tmp_path: Path, screen: Screen
) -> None:
    applicant_page = new_page()
    journey = Journey("nb", "12 500 000", ("cofinancing", "council"))
    reference = walk(applicant_page, Applicant(applicant_page), journey, lambda name: None)
    assert reference
    advisor_email = f"{screen.name}.{ADVISOR_EMAIL}"
    add_advisor(session_app, advisor_email, ADVISOR_NAME)

    page = new_page(locale="nb-NO", timezone_id="Europe/Oslo", **screen.context_options())
    screenshots = Screenshots(f"{screen.name}-advisor")
    pages_served: list[tuple[str, dict[str, str]]] = []

    def keep_headers(response: Any) -> None:
        if response.request.resource_type == "document":
            pages_served.append((response.url, response.headers))

    page.on("response", keep_headers)

    def audit(name: str) -> None:
        audit_page(page, name, screenshots)

    error_title = re.compile("^" + re.escape(in_nb(session_app, "Error:")) + " ")

    # Log in: a wrong password first, then the right one on the page that said so.
    page.goto("/nb/advisor/login")
    audit("login")
    submit_login(page, advisor_email, "feil passord")
    expect(page).to_have_url(at_url("/nb/advisor/login"))
    expect(page).to_have_title(error_title)
    expect(page.locator(".error-summary")).to_contain_text(
        in_nb(session_app, "E-mail or password is wrong")
    )
    expect(page.locator("#email")).to_have_value(advisor_email)
    audit("login-wrong-password")
    follow_error_link(page, "email")
    submit_login(page, advisor_email, PASSWORD)
    expect(page).to_have_url(at_url("/nb/advisor/"))
    audit("queue")

    # Find the application by its reference and open it.
    page.locator("#filter-q").fill(reference)
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/nb/advisor/\?.*\bq=" + re.escape(reference)))
    found = page.locator("main table.data tbody tr").filter(
        has=page.locator(f"a[href$='/applications/{reference}']")
    )
    expect(found).to_have_count(1)
    listed = page.locator("main table.data tbody td:first-child").all_inner_texts()
    assert all(text.strip().startswith(reference) for text in listed), listed
    expect(found).to_contain_text(PROJECT["project_title"])
    audit("queue-search")
    found.locator("a").first.click()
    case_url = f"/nb/advisor/applications/{reference}"
    expect(page).to_have_url(at_url(case_url))
    audit("application")

    # Start the review.
    page.locator("main button[name=status][value=in_review]").click()
    expect(page).to_have_url(at_url(case_url))
    expect(page.locator(".notice--success")).to_contain_text(status_in_nb(session_app, "in_review"))
    audit("application-in-review")

    # Preparation: the meeting with the council is agreed (the day the request arrived; no
    # meeting may come before it), then the case moves on to the project review.
    today = datetime.now(ZoneInfo("Europe/Oslo")).date().isoformat()
    council = page.locator("main section[aria-labelledby=council-heading]")
    expect(council.locator("[aria-current=step]")).to_contain_text(
        in_nb(session_app, "Preparation")
    )
    council.locator("#meeting_on").fill(today)
    council.locator("form[action$='/council/meeting'] button").click()
    expect(page.locator(".notice--success")).to_have_count(1)
    council.locator("button[name=step][value=project_review]").click()
    expect(council.locator("[aria-current=step]")).to_contain_text(
        in_nb(session_app, "Project review")
    )
    audit("application-project-review")

    # The letter: one error first (a case number the archive would not write).
    page.locator(f"main a[href$='{case_url}/letter']").click()
    expect(page).to_have_url(at_url(f"{case_url}/letter"))
    audit("letter")
    page.locator("#case_number").fill("26/1234-1")
    # The meeting date comes from the one agreed in preparation.
    page.locator("#letter_date").fill(today)
    expect(page.locator("#meeting_date")).to_have_value(today)
    page.locator("#overall_assessment").fill(OVERALL)
    page.locator("main form button[type=submit]:not([name])").click()
    expect(page).to_have_title(error_title)
    audit("letter-bad-case-number")
    follow_error_link(page, "case_number")
    expect(page.locator("#case_number")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#case_number")).to_have_value("26/1234-1")  # the input is kept
    expect(page.locator("#overall_assessment")).to_have_value(OVERALL)

    # Fix it; edit one generated recommendation, drop one, write one, and reorder them.
    page.locator("#case_number").fill("26/01234-1")
    letter = LetterForm(page)
    generated = letter.listed_count()
    assert generated >= 3, f"the journey's answers should suggest 3 recommendations: {generated}"
    texts = [letter.text(row).input_value().strip() for row in range(generated)]
    letter.text(0).fill(EDITED)
    letter.position(0).fill("")  # empty: last
    letter.keep(1).uncheck()
    letter.text(generated).fill(OWN)  # the first empty row
    letter.position(generated).fill("1")
    expected = [OWN, *texts[2:], EDITED]
    page.locator("main form button[type=submit]:not([name])").click()

    expect(page).to_have_url(at_url(f"{case_url}/letter/preview"))
    expect(page.locator(".notice--success")).to_have_count(1)
    preview_items = page.locator("main .document-preview ol > li")
    expect(preview_items).to_have_count(len(expected))
    assert [squeeze(text) for text in preview_items.all_inner_texts()] == expected
    expect(page.locator("main .document-preview")).not_to_contain_text(texts[1])
    expect(page.locator("main .document-preview")).to_contain_text(OVERALL)
    audit("letter-preview")

    # The letter as Word: the same recommendations, numbered as one list.
    with page.expect_download() as letter_download:
        page.locator("main a.button[href$='/letter.docx']").click()
    assert letter_download.value.suggested_filename.endswith(".docx")
    items = numbered_items(save_download(letter_download.value, tmp_path))
    assert [text for text, _ in items] == expected
    assert all(num_id is not None for _, num_id in items), items
    assert len({num_id for _, num_id in items}) == 1, f"one list, numbered from 1: {items}"

    # The application as Word, from the application page.
    page.locator(f"main a[href$='{case_url}']").first.click()
    expect(page).to_have_url(at_url(case_url))
    audit("application-letter-saved")
    with page.expect_download() as application_download:
        page.locator("main a[href$='/application-cofinancing.docx']").click()
    document = save_download(application_download.value, tmp_path)
    assert PROJECT["project_title"] in document.core_properties.title
    assert reference in application_download.value.suggested_filename

    # The letter is ready, and the history tells every step, newest first.
    page.locator("main button[name=status][value=letter_ready]").click()
    expect(page).to_have_url(at_url(case_url))
    expect(page.locator(".notice--success")).to_contain_text(
        status_in_nb(session_app, "letter_ready")
    )
    steps = history(page)[::-1]
    wanted = expected_history(session_app)
    assert len(steps) == len(wanted), steps
    for (who, what), (wanted_who, wanted_what) in zip(steps, wanted, strict=True):
        assert who == wanted_who and what.startswith(wanted_what), (steps, wanted)
    audit("application-letter-ready")

    # The council's figures: with fewer than 3 council cases in the period the page says it
    # has too few to show; with 3 or more it shows the tables.
    page.locator("nav a[href$='/advisor/figures/council']").click()
    if council_cases(session_app) < 3:
        period = default_period()
        too_few = in_nb(
            session_app,
            "Fewer than 3 cases from %(first)s to %(last)s: too few to show any figures.",
            first=period.first,
            last=period.last,
        )
        expect(page.locator("main [role=status]")).to_have_text(too_few)
        audit("council-figures-too-few")
        while council_cases(session_app) < 3:
            walk(applicant_page, Applicant(applicant_page), journey, lambda name: None)
        page.reload()
    expect(page.locator("#figures-years")).to_be_visible()
    expect(page.locator("#figures-readiness + .table-scroll table tbody tr")).to_have_count(8)
    audit("council-figures")

    # Log out: the workspace sends the browser back to the login page.
    log_out(page, "nb")
    expect(page.locator(".notice--success")).to_have_count(1)
    audit("logged-out")
    page.goto(case_url)
    expect(page).to_have_url(re.compile(r"/nb/advisor/login\?next="))
    expect(page.locator("main input[name=password]")).to_be_visible()

    # No advisor page may be framed by any site.
    advisor_pages = [(url, headers) for url, headers in pages_served if "/advisor/" in url]
    assert len(advisor_pages) >= 10, [url for url, _ in pages_served]
    for url, headers in advisor_pages:
        assert headers.get("x-frame-options") == "DENY", url
        assert "frame-ancestors 'none'" in headers.get("content-security-policy", ""), url
