"""The co-financing year table in Chromium: filled field by field without JavaScript, and with
JavaScript using the totals and the copy button, on a wide screen (1280 px) and a phone (375 px).
Either way the check page shows the figures the app computes from what was typed.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from forms.npv import cofinancing_figures
from forms.rulesets import load_ruleset
from forms.yearly import YEAR_COLUMNS
from tests.browser.checks import Screenshots, audit_page
from tests.browser.wizard import CONTINUE, Applicant, Journey, at_url
from webapp.extensions import db
from webapp.models import Application

pytestmark = pytest.mark.browser

VIEWPORTS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 800}}
# Typed the way people type them; year 0 invests, years 1–9 run and gain.
INVESTMENT = {0: "8 000 000", 1: "2,5 mill."}
RUNNING_AND_GAINS = {
    "running_cost": "400 000",
    "benefit_agency_budget": "1 500 000",
    "benefit_agency_capacity": "600 000",
    "benefit_other_state": "250 000",
    "benefit_municipalities": "100 000",
    "benefit_citizens_businesses": "900 000",
}
EXPECTED_ROWS = [
    {
        **dict.fromkeys(YEAR_COLUMNS, 0),
        "investment_cost": {0: 8_000_000, 1: 2_500_000}.get(t, 0),
        **(
            {
                "running_cost": 400_000,
                "benefit_agency_budget": 1_500_000,
                "benefit_agency_capacity": 600_000,
                "benefit_other_state": 250_000,
                "benefit_municipalities": 100_000,
                "benefit_citizens_businesses": 900_000,
            }
            if t
            else {}
        ),
    }
    for t in range(10)
]


def cell(page: Any, t: int, column: str) -> Any:
    return page.locator(f"#yearly_figures-{t}-{column}")


def no_sideways_scroll(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


def fits_on_screen(page: Any, selector: str) -> None:
    """Every element matching ``selector`` ends within the screen's width."""
    widest = page.evaluate(
        "s => Math.max(...[...document.querySelectorAll(s)].map(e => e.getBoundingClientRect()"
        ".right)) - window.innerWidth",
        selector,
    )
    assert widest <= 0, f"{selector} reaches {widest}px beyond the screen"


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


def stored_rows(app: Flask) -> list[dict[str, int]]:
    with app.app_context():
        application = db.session.scalars(
            select(Application).order_by(Application.updated_at.desc())
        ).first()
        return application.answers["yearly_figures"]


def assert_check_page_figures(page: Any, app: Flask) -> None:
    answers = {
        "yearly_figures": EXPECTED_ROWS,
        "requested_amount": 3_000_000,
        "planned_start": "2027-03",
        "total_cost": 12_500_000,
    }
    ruleset = load_ruleset(app.config["VEIVISER_RULESET"])  # the one a new draft gets
    figures = cofinancing_figures(answers, ruleset).analysis
    with app.test_request_context("/en/"):
        from webapp.i18n import format_amount, format_decimal

        npv, per_krone = format_amount(figures.npv), format_decimal(figures.npv_per_invested_krone)
        per_grant = format_decimal(figures.npv_per_grant_krone)
        tax = format_amount(figures.pv_tax_financing_cost)
    expect(page.locator("#key-figures")).to_contain_text(npv)
    expect(page.locator("#key-figures")).to_contain_text(tax)
    expect(page.locator("#npv-per-invested-krone td")).to_have_text(per_krone)
    expect(page.locator("#npv-per-grant-krone td")).to_have_text(per_grant)


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_without_javascript_every_year_is_a_plain_field(
    new_page: Any, session_app: Flask, screen: str
) -> None:
    page = new_page(viewport=VIEWPORTS[screen], java_script_enabled=False)
    axe_page = new_page(viewport=VIEWPORTS[screen])
    applicant = Applicant(page)
    walk_to_the_table(page, applicant)
    assert page.locator(".year-table__copy").count() == 0  # only the script adds them
    for t in range(10):
        for column in YEAR_COLUMNS:
            if column == "investment_cost":
                value = INVESTMENT.get(t, "")
            else:
                value = RUNNING_AND_GAINS[column] if t else ""
            cell(page, t, column).fill(value)
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
