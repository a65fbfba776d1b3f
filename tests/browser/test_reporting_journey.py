"""After the grant in Chromium, in nb, nn and en: the agency opens its reporting link, gives a
benefit its indicator, baseline and targets, files the annual report (an unreadable amount
first), and reads it back read-only; an advisor then finds it in the portfolio, where the chart
draws the numbers of the table beside it, and downloads the CSV and the Word document.
Every page on the way passes `audit_page` (axe included); nb also on a 375 px phone.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import docx
import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from tests.advisor.conftest import add_advisor
from tests.browser.advisor import log_in_as_advisor
from tests.browser.checks import Screenshots, audit_page
from tests.browser.conftest import DESKTOP, PHONE, Screen
from tests.reporting.conftest import (  # noqa: F401  (fixtures: a granted project, its link)
    MNOK,
    grant,
    lead_advisor,
    link,
    today,
)
from tests.reporting.test_portfolio import _bars

pytestmark = pytest.mark.browser

ADVISOR_EMAIL = "kari.portfolio@example.no"


def in_language(app: Flask, lang: str, message: str, **variables: Any) -> str:
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return gettext(message, **variables)


def _rows(page: Any, table_id: str) -> list[list[str]]:
    return [
        [re.sub(r"\s+", " ", cell).strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in page.locator(f"#{table_id} tbody tr").all()
    ]


@pytest.mark.parametrize(
    ("lang", "screen"),
    [("nb", DESKTOP), ("nn", DESKTOP), ("en", DESKTOP), ("nb", PHONE)],
    ids=["nb-1280", "nn-1280", "en-1280", "nb-375"],
)
def test_a_granted_project_reports_and_the_advisor_sees_it_in_the_portfolio(
    app: Flask,
    live_server: Any,
    browser: Any,
    grant,  # noqa: F811
    link,  # noqa: F811
    lang: str,
    screen: Screen,
) -> None:
    project = grant(amount=7 * MNOK)
    token = link(project)
    add_advisor(app, ADVISOR_EMAIL, "Kari Portefølje")
    context = browser.new_context(base_url=live_server.origin, **screen.context_options())
    page = context.new_page()
    page.set_default_timeout(10_000)
    screenshots = Screenshots(f"{lang}-{screen.name}-reporting")

    def audit(name: str) -> None:
        audit_page(page, name, screenshots)

    def text(message: str, **variables: Any) -> str:
        return in_language(app, lang, message, **variables)

    # The agency opens the link from its mail: the plan made from the application's year table.
    page.goto(f"/{lang}/report/{token}")
    audit("overview")
    page.locator("#plan ~ div table tbody tr").first.locator("a").click()
    audit("benefit")
    page.locator("#indicator").fill("Årsverk i innkrevingen")
    page.locator("#baseline").fill("42 årsverk i 2025")
    page.locator("#target_2027").fill("3,5 mill.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".notice--success")).to_have_text(text("The benefit is saved."))
    audit("overview-plan-saved")

    # The annual report on 2026: an unreadable amount is explained, then it goes in.
    page.get_by_role("link", name=text("Annual report on %(year)s", year=2026)).click()
    audit("report")
    page.locator("#spent").fill("ni og en halv")
    page.locator("button[value=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#spent")).to_have_value("ni og en halv")
    audit("report-error")
    page.locator("#spent").fill("9,5 mill.")
    page.locator("#deviations").fill("Innkjøpet kom i gang seinare enn planlagt.")
    page.locator("button[value=submit]").click()
    expect(page.locator(".notice--success")).to_have_text(
        text("Thank you. The report is submitted to the secretariat.")
    )
    audit("overview-report-submitted")
    page.get_by_role("link", name=text("Annual report on %(year)s", year=2026)).click()
    expect(page.locator("main form[method=post]")).to_have_count(0)
    audit("report-read-only")

    # The advisor's portfolio: the table, and the chart drawing the same numbers.
    log_in_as_advisor(page, ADVISOR_EMAIL, lang=lang)
    page.locator("nav a[href$='/advisor/portfolio']").click()
    audit("portfolio")
    benefits = _rows(page, "benefits-by-year")
    assert [row[0] for row in benefits] == ["2027", "2028"]
    chart = page.locator(
        "#portfolio-benefits ~ * img, section[aria-labelledby=portfolio-benefits] img"
    )
    assert chart.first.evaluate("image => image.complete && image.naturalWidth > 0")
    svg = page.request.get(chart.first.get_attribute("src")).text()
    planned = _bars(svg)["#1f4e79"]
    assert planned[0] / planned[1] == pytest.approx(5.5 / 6, rel=1e-3)  # 5.5 and 6 MNOK
    assert _rows(page, "spending-by-year")[0][0] == "2026"

    with page.expect_download() as download:
        page.locator("a[href*='/advisor/portfolio.csv']").click()
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        rows = list(csv.reader(io.StringIO(exported.read()), delimiter=";"))
    assert [str(9_500_000)] == [row[6] for row in rows[1:2]]
    with page.expect_download() as download:
        page.locator("a[href*='/advisor/portfolio.docx']").click()
    document = docx.Document(download.value.path())
    years = next(t for t in document.tables if t.rows[1].cells[0].text == "2027")
    assert len(years.rows) == 3
    context.close()
