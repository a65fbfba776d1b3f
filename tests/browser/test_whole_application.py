"""One application to both schemes, from the first step to the advisor's downloads, in Chromium:
the year table filled without JavaScript on a 375 px phone and with it at 1280 px; a PDF and a
DOCX attached, a 21 MB file and a renamed program refused with the draft intact; the key figures
on the check page; sent; and every document downloaded by an advisor and opened again.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from flask import Flask
from playwright.sync_api import expect

from tests.advisor.conftest import add_advisor
from tests.apply.journey import COFINANCING, COUNCIL
from tests.attachments import samples
from tests.browser.advisor import log_in_as_advisor
from tests.browser.checks import Screenshots, audit_page
from tests.browser.wizard import Applicant, Journey, at_url
from tests.browser.year_table import (
    EXPECTED_ROWS,
    assert_check_page_figures,
    fill_field_by_field,
    fill_with_copy_forward,
    no_sideways_scroll,
    stored_rows,
)

pytestmark = pytest.mark.browser

# (language, JavaScript on, screen)
VARIANTS = {
    "nb-without-javascript-375": ("nb", False, {"width": 375, "height": 812}),
    "en-with-javascript-1280": ("en", True, {"width": 1280, "height": 900}),
}
# The co-financing answers besides the table; the project concerns municipalities, so the
# current rule set asks for the statement from KS.
OTHER_COFINANCING_ANSWERS = {
    name: value for name, value in COFINANCING.items() if not name.startswith("yearly_figures-")
} | {"municipalities_concerned": "yes"}
MESSAGES = {
    "nb": {"too_large": "Filen er større enn 20", "not_allowed": "Vi sjekker innholdet"},
    "en": {
        "too_large": "The file is larger than 20",
        "not_allowed": "We check the content, not the name",
    },
}


def attach(page: Any, kind: str, path: Path) -> None:
    page.locator(f"#file-{kind}").set_input_files(str(path))
    page.locator(f"form:has(#file-{kind}) button[type=submit]").click()


def attach_and_be_refused(page: Any, lang: str, files: dict[str, Path]) -> None:
    attach(page, "business_case", files["pdf"])
    attach(page, "ks_statement", files["docx"])
    expect(page.locator("main .attachment__name")).to_have_count(2)
    attach(page, "benefits_plan", files["large"])
    expect(page.locator("main .error-summary")).to_contain_text(MESSAGES[lang]["too_large"])
    attach(page, "benefits_plan", files["program"])
    expect(page.locator("main .error-summary")).to_contain_text(MESSAGES[lang]["not_allowed"])
    expect(page.locator("main .attachment__name")).to_have_count(2)


def download(page: Any, link: Any, folder: Path) -> bytes:
    with page.expect_download() as event:
        link.click()
    saved = folder / f"downloaded-{event.value.suggested_filename}"
    event.value.save_as(saved)
    return saved.read_bytes()


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("variant", VARIANTS)
def test_an_application_to_both_schemes_from_first_step_to_the_advisors_downloads(
    new_page: Any, session_app: Flask, tmp_path: Path, variant: str
) -> None:
    lang, javascript, screen = VARIANTS[variant]
    files = samples.write_journey_files(tmp_path, "Uttalelse fra KS.docx")
    page = new_page(viewport=screen, java_script_enabled=javascript)
    axe_page = None if javascript else new_page(viewport=screen)
    screenshots = Screenshots(f"whole-application-{variant}")
    applicant = Applicant(page)
    journey = Journey(lang, "12 500 000", ("cofinancing", "council"))

    def audit(name: str) -> None:
        audit_page(page, name, screenshots, axe_page=axe_page)
        no_sideways_scroll(page)

    page.goto(journey.url("applicant"))
    for step, answers in journey.steps():
        expect(page).to_have_url(at_url(journey.url(step)))
        if step == "cofinancing":
            if javascript:
                fill_with_copy_forward(page)
            else:
                fill_field_by_field(page)
            answers = OTHER_COFINANCING_ANSWERS
        elif step == "attachments":
            attach_and_be_refused(page, lang, files)
            expect(page).to_have_title(re.compile(r"^(Feil|Error):"))
            audit("documents-refused")
            # Nothing else was lost: the council's answers and the year table are as they were.
            page.goto(journey.url("council"))
            expect(page.locator("main [name=questions_for_council]")).to_have_value(
                COUNCIL["questions_for_council"]
            )
            assert stored_rows(session_app) == EXPECTED_ROWS
            page.goto(journey.url("attachments"))
        audit(step)
        applicant.answer(answers)
        applicant.go_on()

    expect(page).to_have_url(at_url(journey.url("check")))
    assert_check_page_figures(page, session_app, lang)
    audit("check")
    applicant.answer({"declaration": "y"})
    applicant.go_on()
    reference = page.locator("#reference").inner_text().strip()
    assert reference.startswith("VV-")

    email = f"{variant}@example.no"
    add_advisor(session_app, email, "Hele Søknaden")
    advisor = new_page()
    log_in_as_advisor(advisor, email, lang=lang)
    advisor.goto(f"/{lang}/advisor/applications/{reference}")
    links = advisor.locator("ul.document-links a[download]")
    # The advice letter, the two applications, Vedlegg 1 and 2, and Vedlegg 2 as a spreadsheet.
    expect(links).to_have_count(6)
    documents = {
        href: download(advisor, links.nth(i), tmp_path)
        for i, href in enumerate(links.evaluate_all("es => es.map(e => e.pathname)"))
    }
    assert len(documents) == 6 and sum(h.endswith(".xlsx") for h in documents) == 1
    for href, content in documents.items():
        if href.endswith(".xlsx"):
            workbook = openpyxl.load_workbook(io.BytesIO(content))  # formulas kept, not values
            formulas = [
                c.value
                for sheet in workbook.worksheets
                for row in sheet.iter_rows()
                for c in row
                if isinstance(c.value, str) and c.value.startswith("=")
            ]
            assert formulas, f"{href}: no formulas"
        else:
            assert zipfile.is_zipfile(io.BytesIO(content)), href
            assert reference in docx_text(content), f"{href} does not name {reference}"

    attached = advisor.locator("section[aria-labelledby=attachments-heading] a[download]")
    expect(attached).to_have_count(2)
    for name, original in (
        ("Prosjektbegrunnelse.pdf", files["pdf"]),
        ("Uttalelse fra KS.docx", files["docx"]),
    ):
        assert download(advisor, attached.filter(has_text=name), tmp_path) == original.read_bytes()
