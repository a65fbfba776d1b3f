"""A co-financing call in Chromium, in nb, at 1280 px and on a 375 px phone: a lead advisor
creates the call (a wrong pot first), three applicants send applications through the wizard
while it is open, an advisor scores them, and the lead advisor proposes less than one asked for
and places another first with a reason. Then the lead advisor grants two (one below the amount
requested) and rejects one, an applicant opens the receipt in another browser with the receipt
code and uploads the benefits realisation plan, and the final grant goes out. Every page on the
way passes `audit_page`.

The call is made on a server of its own, so no other journey meets an open call.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from tests.advisor.conftest import add_advisor
from tests.attachments.samples import SAMPLES
from tests.browser.advisor import log_in_as_advisor, log_out, squeeze
from tests.browser.checks import Screenshots, audit_page
from tests.browser.conftest import Screen
from tests.browser.wizard import Applicant, Journey, at_url, walk
from webapp.extensions import db
from webapp.models import Application, Call, RankingEntry, Track, utcnow

pytestmark = pytest.mark.browser

LEAD_EMAIL, ADVISOR_EMAIL = "lena.call@example.no", "kari.call@example.no"
# Three applications: the total cost each applicant gives.
TOTAL_COSTS = ("40 000 000", "24 000 000", "12 500 000")
SCORES = {0: ("3", "3", "3"), 1: ("5", "4", "5"), 2: ("2", "3", "2")}


def in_nb(app: Flask, message: str, **variables: Any) -> str:
    with app.test_request_context("/nb/"), force_locale("nb"):
        return gettext(message, **variables)


def test_nb_a_call_is_created_filled_scored_and_ranked(
    app: Flask, live_server: Any, browser: Any, screen: Screen
) -> None:
    add_advisor(app, LEAD_EMAIL, "Lena Leder", role="lead")
    add_advisor(app, ADVISOR_EMAIL, "Kari Nordmann")

    def open_page(**options: Any) -> Any:
        context = browser.new_context(base_url=live_server.origin, **options)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    page = open_page(locale="nb-NO", timezone_id="Europe/Oslo", **screen.context_options())
    screenshots = Screenshots(f"{screen.name}-call")

    def audit(name: str) -> None:
        audit_page(page, name, screenshots)

    # The lead advisor creates the call; a pot that is no amount gets a message by the field.
    log_in_as_advisor(page, LEAD_EMAIL, lang="nb")
    page.locator("nav a[href$='/nb/advisor/calls']").click()
    audit("calls-empty")
    page.locator("main a[href$='/calls/new']").click()
    audit("call-new")
    today = utcnow().date()
    page.locator("#pot").fill("mange penger")
    page.locator("#opens_on").fill(today.isoformat())
    page.locator("#deadline_on").fill((today + timedelta(days=30)).isoformat())
    page.locator("#deadline_time").fill("12:00")
    expect(page.locator("input[name=ruleset_id][value='digdir-10-100']")).to_be_checked()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    audit("call-new-error")
    page.locator("#pot").fill("20 MNOK")
    page.locator("main form button[type=submit]").click()
    year = today.year + 1
    expect(page).to_have_url(at_url(f"/nb/advisor/calls/{year}"))
    expect(page.locator("main")).to_contain_text(
        in_nb(app, "The call for %(year)s is created.", year=year)
    )
    audit("ranking-empty")
    log_out(page, "nb")

    # Three applicants send co-financing applications while the call is open.
    references, codes = [], []
    for total_cost in TOTAL_COSTS:
        applicant_page = open_page()
        journey = Journey("nb", total_cost, ("cofinancing",))
        reference = walk(applicant_page, Applicant(applicant_page), journey, lambda name: None)
        receipt = squeeze(applicant_page.locator("main").inner_text())
        assert f"utlysningen for {year}" in receipt.lower()
        references.append(reference)
        codes.append(applicant_page.locator("#receipt-code").inner_text().strip())
        applicant_page.context.close()

    # An advisor scores each one from the ranking page.
    log_in_as_advisor(page, ADVISOR_EMAIL, lang="nb")
    page.goto(f"/nb/advisor/calls/{year}")
    audit("ranking-unscored")
    for index, reference in enumerate(references):
        page.goto(f"/nb/advisor/calls/{year}")
        page.locator(f"table.ranking a[href$='/applications/{reference}']").click()
        if index == 0:
            audit("entry-advisor")
        for box in ("eligible_applicant", "cost_band", "phase", "attachments"):
            page.locator(f"#{box}").check()
        for name, score in zip(("benefits", "gains", "maturity"), SCORES[index], strict=True):
            page.locator(f"input[name={name}_score][value='{score}']").check()
        page.locator("#benefits_comment").fill(f"Vurdering av søknad {index + 1}.")
        page.locator("form[action$='/assessment'] button[type=submit]").click()
        expect(page.locator(".notice--success")).to_contain_text(
            in_nb(app, "The assessment is saved.")
        )
    page.goto(f"/nb/advisor/calls/{year}")
    audit("ranking-scored")
    log_out(page, "nb")

    # The lead advisor proposes less for the best one and places the weakest first.
    log_in_as_advisor(page, LEAD_EMAIL, lang="nb")
    page.goto(f"/nb/advisor/calls/{year}")
    first = page.locator("table.ranking tbody tr:not(.pot-line)").first
    assert references[1] in first.inner_text()
    page.locator(f"table.ranking a[href$='/applications/{references[1]}']").click()
    audit("entry-lead")
    with app.app_context():
        requested = db.session.scalar(
            db.select(RankingEntry.requested_amount)
            .join(Application, Application.id == RankingEntry.application_id)
            .where(Application.reference == references[1])
        )
    lower = requested - 1_000_000
    page.locator("#proposed_amount").fill(str(requested + 1))
    page.locator("form[action$='/amount'] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    audit("entry-amount-error")
    page.locator("#proposed_amount").fill(str(lower))
    page.locator("form[action$='/amount'] button[type=submit]").click()
    expect(page.locator(".notice--success")).to_be_visible()
    page.goto(f"/nb/advisor/calls/{year}/applications/{references[2]}")
    page.locator("#place").fill("1")
    page.locator("#reason").fill("Lovpålagt frist i 2027.")
    page.locator("form[action$='/place'] button[type=submit]").click()
    expect(page.locator(".notice--success")).to_be_visible()
    page.goto(f"/nb/advisor/calls/{year}")
    rows = page.locator("table.ranking tbody tr:not(.pot-line)")
    assert references[2] in rows.nth(0).inner_text()
    assert references[1] in rows.nth(1).inner_text()
    audit("ranking-decided")

    # The export links download files named for the call.
    with page.expect_download() as download:
        page.locator("a[href$='/ranking.csv']").click()
    assert download.value.suggested_filename == f"Rangering {year}.csv"
    with app.app_context():
        assert db.session.scalar(db.select(Call.pot).where(Call.year == year)) == 20_000_000

    # Decisions: the first two get preliminary grants (one of them below the amount
    # requested), the third is rejected. The first try forgets the plan's deadline.
    plan_due = (today + timedelta(days=60)).isoformat()
    for index, reference in enumerate((references[2], references[1])):
        page.goto(f"/nb/advisor/calls/{year}/applications/{reference}")
        page.locator(
            "#decision-letters ~ p a[href$='/decision'], a[href$='/decision']"
        ).first.click()
        expect(page.locator("input[name=outcome][value=grant]")).to_be_checked()
        if index == 0:
            audit("decision-form")
            page.locator("main form button[type=submit]").click()
            expect(page.locator(".error-summary")).to_be_visible()
            audit("decision-form-error")
        page.locator("#plan_due_on").fill(plan_due)
        page.locator("#case_number").fill(f"27/0012{index}-1")
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/letters/preliminary-grant/preview$"))
        if index == 0:
            audit("decision-preview")
        page.goto(f"/nb/advisor/calls/{year}/applications/{reference}")
        page.locator("form[action$='/decision/send'] button").click()
        expect(page.locator(".notice--success")).to_contain_text(
            in_nb(app, "The preliminary grant is sent. The applicant is told by e-mail.")
        )
    page.goto(f"/nb/advisor/calls/{year}/applications/{references[0]}/decision")
    page.locator("input[name=outcome][value=rejection]").check()
    page.locator("input[name=reasons][value=other]").check()
    page.locator("#reasons_text").fill("Prosjektet er allerede finansiert over eget budsjett.")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/letters/rejection-letter/preview$"))
    audit("rejection-preview")
    page.goto(f"/nb/advisor/calls/{year}/applications/{references[0]}")
    page.locator("form[action$='/decision/send'] button").click()
    expect(page.locator(".notice--success")).to_be_visible()
    audit("entry-rejected")

    # The applicant opens the receipt in another browser with the code and sends the plan.
    applicant_page = open_page(**screen.context_options())
    applicant_page.goto("/nb/apply/receipt/open")
    audit_page(applicant_page, "receipt-open", screenshots)
    applicant_page.locator("#reference").fill(references[2])
    applicant_page.locator("#code").fill(codes[2])
    applicant_page.locator("main form button[type=submit]").click()
    expect(applicant_page.locator("#case")).to_be_visible()
    expect(applicant_page.locator("main")).to_contain_text(in_nb(app, "Preliminary grant"))
    audit_page(applicant_page, "receipt-granted", screenshots)
    applicant_page.locator("#plan-file").set_input_files(str(SAMPLES / "business-case.pdf"))
    applicant_page.locator("form[action$='/plan'] button").click()
    expect(applicant_page.locator(".notice--success")).to_be_visible()
    audit_page(applicant_page, "receipt-plan-sent", screenshots)
    applicant_page.context.close()

    # The lead advisor approves the plan and sends the final grant.
    page.goto(f"/nb/advisor/calls/{year}/applications/{references[2]}")
    audit("entry-plan-received")
    page.locator("a[href$='/final']").click()
    audit("final-form")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/letters/final-grant/preview$"))
    page.goto(f"/nb/advisor/calls/{year}/applications/{references[2]}")
    page.locator("form[action$='/final/send'] button").click()
    expect(page.locator(".notice--success")).to_contain_text(
        in_nb(app, "The final grant is sent. The applicant is told by e-mail.")
    )
    audit("entry-final-sent")
    with app.app_context():
        steps = dict(
            db.session.execute(
                db.select(Application.reference, Track.step).join(
                    Track, Track.application_id == Application.id
                )
            ).all()
        )
    assert [steps[reference] for reference in references] == [
        "rejected",
        "preliminary_grant",
        "final_grant",
    ]
    page.context.close()
