"""The co-financing year table as a browser test fills it: the figures typed, the rows they
must give, and the check page's key figures computed from them by the app's own calculation.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from forms.npv import cofinancing_figures
from forms.rulesets import load_ruleset
from forms.yearly import YEAR_COLUMNS
from webapp.extensions import db
from webapp.models import Application

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


def fill_field_by_field(page: Any) -> None:
    """Every year's every cell typed, as without JavaScript (no copy button to help)."""
    for t in range(10):
        for column in YEAR_COLUMNS:
            if column == "investment_cost":
                value = INVESTMENT.get(t, "")
            else:
                value = RUNNING_AND_GAINS[column] if t else ""
            cell(page, t, column).fill(value)


def stored_rows(app: Flask) -> list[dict[str, int]]:
    with app.app_context():
        application = db.session.scalars(
            select(Application).order_by(Application.updated_at.desc())
        ).first()
        return application.answers["yearly_figures"]


def assert_check_page_figures(page: Any, app: Flask, lang: str = "en") -> None:
    answers = {
        "yearly_figures": EXPECTED_ROWS,
        "requested_amount": 3_000_000,
        "planned_start": "2027-03",
        "total_cost": 12_500_000,
    }
    ruleset = load_ruleset(app.config["VEIVISER_RULESET"])  # the one a new draft gets
    figures = cofinancing_figures(answers, ruleset).analysis
    with app.test_request_context(f"/{lang}/"):
        from webapp.i18n import format_amount, format_decimal

        npv, per_krone = format_amount(figures.npv), format_decimal(figures.npv_per_invested_krone)
        per_grant = format_decimal(figures.npv_per_grant_krone)
        tax = format_amount(figures.pv_tax_financing_cost)
    expect(page.locator("#key-figures")).to_contain_text(npv)
    expect(page.locator("#key-figures")).to_contain_text(tax)
    expect(page.locator("#npv-per-invested-krone td")).to_have_text(per_krone)
    expect(page.locator("#npv-per-grant-krone td")).to_have_text(per_grant)


def fill_with_copy_forward(page: Any) -> None:
    """Year 0 and year 1 typed, then year 1's running costs and gains copied to the later years
    with the button the script adds."""
    cell(page, 0, "investment_cost").fill(INVESTMENT[0])
    cell(page, 1, "investment_cost").fill(INVESTMENT[1])
    for column, value in RUNNING_AND_GAINS.items():
        cell(page, 1, column).fill(value)
    page.locator("tr[data-year='1'] .year-table__copy").click()
    expect(cell(page, 9, "running_cost")).to_have_value(RUNNING_AND_GAINS["running_cost"])
