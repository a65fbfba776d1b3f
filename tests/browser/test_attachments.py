"""An applicant attaches documents in Chromium without JavaScript on a 375 px screen, has a
21 MB file and a renamed program refused, sends the request, and an advisor downloads the files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from tests.advisor.conftest import add_advisor
from tests.apply.journey import COUNCIL
from tests.attachments import samples
from tests.browser.advisor import log_in_as_advisor
from tests.browser.checks import Screenshots, audit_page
from tests.browser.wizard import START_NOW, Applicant, Journey, at_url

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
ADVISOR_EMAIL = "vedlegg.radgiver@example.no"


def attach(page: Any, input_id: str, path: Path) -> None:
    """Choose the file and press the button of the same form, as a person does."""
    page.locator(f"#{input_id}").set_input_files(str(path))
    page.locator(f"form:has(#{input_id}) button[type=submit]").click()


def fits_the_screen(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "(limit) => [...document.querySelectorAll('main *')]"
        ".filter(e => e.getBoundingClientRect().right > limit).slice(0, 3)"
        ".map(e => e.outerHTML.slice(0, 120))",
        PHONE["width"],
    )
    assert width <= PHONE["width"], (
        f"the page is {width} px wide on a {PHONE['width']} px screen: {wide}"
    )


def test_nb_attaches_documents_without_javascript_and_an_advisor_downloads_them(
    new_page: Any, session_app: Flask, tmp_path: Path
) -> None:
    files = samples.write_journey_files(tmp_path, "Styringsdokument.docx")

    page = new_page(java_script_enabled=False, viewport=PHONE)
    axe_page = new_page()
    screenshots = Screenshots("attachments")
    applicant = Applicant(page)
    journey = Journey("nb", "60 mill.", ("council",))

    def audit(name: str) -> None:
        audit_page(page, name, screenshots, axe_page=axe_page)
        if name.startswith("documents"):  # the other pages' width is checked by their own tests
            fits_the_screen(page)

    page.goto("/nb/")
    applicant.follow(START_NOW)
    for step, answers in journey.steps():
        expect(page).to_have_url(at_url(journey.url(step)))
        if step == "attachments":
            audit("documents")
            attach(page, "file-business_case", files["pdf"])
            expect(page.locator("main .notice")).to_contain_text(
                "«Prosjektbegrunnelse.pdf» er lagt ved."
            )
            attach(page, "file-governance_document", files["docx"])
            expect(page.locator("#kind-governance_document .attachment__name")).to_contain_text(
                "Styringsdokument.docx"
            )

            attach(page, "file-benefits_plan", files["large"])
            expect(page.locator("main .error-summary")).to_contain_text("Filen er større enn 20")
            expect(page).to_have_title(re.compile(r"^Feil:"))
            audit("documents-too-large")
            attach(page, "file-benefits_plan", files["program"])
            expect(page.locator("main .error-summary")).to_contain_text("Vi sjekker innholdet")
            # The draft is intact: both files are still there, and so are the council answers.
            expect(page.locator("main .attachment__name")).to_have_count(2)
            page.goto(journey.url("council"))
            expect(page.locator("main [name=questions_for_council]")).to_have_value(
                COUNCIL["questions_for_council"]
            )
            page.goto(journey.url("attachments"))
        else:
            audit(step)
        applicant.answer(answers)
        applicant.go_on()

    expect(page).to_have_url(at_url(journey.url("check")))
    expect(page.locator("main #section-attachments + table")).to_contain_text(
        "Prosjektbegrunnelse.pdf"
    )
    audit("check")
    applicant.answer({"declaration": "y"})
    applicant.go_on()
    reference = page.locator("#reference").inner_text().strip()
    assert reference.startswith("VV-")

    add_advisor(session_app, ADVISOR_EMAIL, "Vera Vedlegg")
    advisor = new_page()
    log_in_as_advisor(advisor, ADVISOR_EMAIL, lang="nb")
    advisor.goto(f"/nb/advisor/applications/{reference}")
    section = advisor.locator("section[aria-labelledby=attachments-heading]")
    expect(section.locator("a[download]")).to_have_count(2)
    for name, original in (
        ("Prosjektbegrunnelse.pdf", files["pdf"]),
        ("Styringsdokument.docx", files["docx"]),
    ):
        with advisor.expect_download() as download:
            section.locator("a[download]", has_text=name).click()
        assert download.value.suggested_filename == name
        saved = tmp_path / f"downloaded-{name}"
        download.value.save_as(saved)
        assert saved.read_bytes() == original.read_bytes()
    advisor.reload()
    expect(advisor.locator("section[aria-labelledby=history-heading]")).to_contain_text(
        "Lastet ned den vedlagte filen «Styringsdokument.docx»."
    )
