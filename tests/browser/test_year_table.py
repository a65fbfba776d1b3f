"""The co-financing year table in Chromium: filled field by field without JavaScript, and with
JavaScript using the totals and the copy button, on a wide screen (1280 px) and a phone (375 px).
Either way the check page shows the figures the app computes from what was typed.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from tests.browser.checks import Screenshots, audit_page
from tests.browser.wizard import CONTINUE, Applicant, Journey, at_url
from tests.browser.year_table import (
    EXPECTED_ROWS,
    RUNNING_AND_GAINS,
    assert_check_page_figures,
    cell,
    fill_field_by_field,
    fits_on_screen,
    no_sideways_scroll,
    stored_rows,
)

pytestmark = pytest.mark.browser

VIEWPORTS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 800}}


def walk_to_the_table(page: Any, applicant: Applicant) -> None:
    journey = Journey("en", "12 500 000", ("cofinancing",))
    page.goto(journey.url("applicant"))
    for step, answers in journey.steps():
        if step == "cofinancing":
            break
        applicant.answer(answers)
        applicant.go_on()
    expect(page).to_have_url(at_url(journey.url("cofinancing")))


def fill_the_other_questions(applicant: Applicant) -> None:
    applicant.answer(
        {
            "requested_amount": "3 000 000",
            "benefits_plan": "in_progress",
            "benefits_owner": "Divisjonsdirektør",
            "why_decisive": "Uten midlene blir prosjektet utsatt.",
            "municipalities_concerned": "no",
        }
    )


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_without_javascript_every_year_is_a_plain_field(
    new_page: Any, session_app: Flask, screen: str
) -> None:
    page = new_page(viewport=VIEWPORTS[screen], java_script_enabled=False)
    axe_page = new_page(viewport=VIEWPORTS[screen])
    applicant = Applicant(page)
    walk_to_the_table(page, applicant)
    assert page.locator(".year-table__copy").count() == 0  # only the script adds them
    fill_field_by_field(page)
    fill_the_other_questions(applicant)
    no_sideways_scroll(page)
    audit_page(page, "year table", Screenshots(f"year-table-nojs-{screen}"), axe_page=axe_page)
    applicant.go_on()
    expect(page).to_have_url(at_url("/en/apply/readiness"))
    assert stored_rows(session_app) == EXPECTED_ROWS
    # Back on the step, the table shows what was stored, with the totals of each column.
    page.goto("/en/apply/cofinancing")
    expect(cell(page, 1, "investment_cost")).to_have_value("2,500,000")
    expect(page.locator("[data-total-for=investment_cost]")).to_have_text("NOK\u00a010,500,000")


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_with_javascript_totals_follow_typing_and_a_year_copies_forward(
    new_page: Any, session_app: Flask, screen: str
) -> None:
    page = new_page(viewport=VIEWPORTS[screen])
    applicant = Applicant(page)
    walk_to_the_table(page, applicant)
    total = page.locator("[data-total-for=investment_cost]")
    cell(page, 0, "investment_cost").fill("8 000 000")
    expect(total).to_have_text("NOK\u00a08,000,000")
    cell(page, 1, "investment_cost").fill("2,5 mill.")
    expect(total).to_have_text("NOK\u00a010,500,000")
    for column, value in RUNNING_AND_GAINS.items():
        cell(page, 1, column).fill(value)
    copy = page.locator("tr[data-year='1'] .year-table__copy")
    expect(copy).to_have_accessible_name(
        "Copy the running costs and gains of 2028 to the later years"
    )
    copy.click()
    expect(page.locator("[role=status]")).to_contain_text("2028")
    expect(cell(page, 9, "benefit_municipalities")).to_have_value("100 000")
    expect(cell(page, 9, "investment_cost")).to_have_value("")  # investments are not copied
    expect(page.locator("[data-total-for=running_cost]")).to_have_text("NOK\u00a03,600,000")
    fill_the_other_questions(applicant)
    no_sideways_scroll(page)
    audit_page(page, "year table", Screenshots(f"year-table-js-{screen}"))
    page.locator(CONTINUE).click()
    expect(page).to_have_url(at_url("/en/apply/readiness"))
    assert stored_rows(session_app) == EXPECTED_ROWS
    applicant.answer(
        {
            name: "yes"
            for name in (
                "leader_ownership",
                "business_involvement",
                "project_management",
                "agile_delivery",
                "cross_sector_collaboration",
                "benefits_realisation",
                "renewal",
                "ministry_backing",
            )
        }
    )
    applicant.go_on()
    expect(page).to_have_url(at_url("/en/apply/check"))
    # The figures fit; the year table scrolls inside its own box.
    fits_on_screen(page, "#key-figures, #key-figures *, .table-scroll")
    assert_check_page_figures(page, session_app)
    Screenshots(f"year-table-check-{screen}").take(page, "check")
