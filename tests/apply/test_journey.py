"""The applicant's journey from the first question to the receipt."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forms.steps import CofinancingForm
from tests.apply.journey import (
    APPLICANT,
    READINESS,
    YEARLY_FIGURES,
    answer_until_result,
    post_step,
    step_url,
    submit,
    walk_to_check,
)
from webapp.extensions import db
from webapp.models import Application, ApplicationStatus


def test_apply_starts_at_the_first_step(client):
    response = client.get("/en/apply/")
    assert response.status_code == 303
    assert response.location.endswith("/en/apply/applicant")


def test_no_draft_is_created_until_the_first_answer(client, app):
    client.get("/en/apply/applicant")
    with app.app_context():
        assert db.session.scalar(select(func.count(Application.id))) == 0


@pytest.mark.parametrize(
    ("schemes", "total_cost", "overrides"),
    [
        (("cofinancing",), "12,5 MNOK", {}),
        (("cofinancing", "council"), "60 mill.", {}),
        (("council",), "60 000 000", {"phase": "execution"}),
        (("council",), None, {"phase": "idea"}),  # no estimate yet: the council only
        (("council",), "20 000 000", {"phase": "concept"}),
    ],
)
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_whole_journey_to_receipt(pages, app, lang, schemes, total_cost, overrides):
    walk_to_check(pages, lang, schemes=schemes, total_cost=total_cost, **overrides)
    page = pages.get(step_url(lang, "check"))
    assert page.select_one("button[type=submit]").get_text(strip=True)
    response = submit(pages, lang)
    assert response.status_code == 303
    receipt = pages.get(response.location)
    reference = receipt.select_one("#reference").get_text(strip=True)
    assert reference.startswith("VV-") and len(reference) == len("VV-2026-000001")
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert application.status == ApplicationStatus.SUBMITTED
        assert application.reference == reference
        assert application.scheme_list == list(schemes)
        assert application.locale == lang
        assert application.resume_code_hash is None


def test_stored_answers_use_the_data_dictionary(pages, app):
    walk_to_check(pages, "en", schemes=("cofinancing",))
    with app.app_context():
        answers = db.session.scalar(select(Application)).answers
    assert answers["org_number"] == "971032081"
    assert answers["total_cost"] == 12_500_000
    assert answers["requested_amount"] == 3_000_000
    assert answers["yearly_figures"] == YEARLY_FIGURES
    assert answers["planned_start"] == "2027-03"
    assert answers["schemes"] == ["cofinancing"]
    assert answers["business_involvement"] == "partly"
    asked = set(APPLICANT) | set(CofinancingForm.field_names()) | set(READINESS)
    assert asked <= set(answers)


def test_no_skipping_ahead(pages, client):
    post_step(pages, "en", "applicant", APPLICANT)
    for step in ("budget", "result", "cofinancing", "readiness", "check"):
        response = client.get(step_url("en", step))
        assert response.status_code == 303, step
        assert response.location.endswith("/en/apply/project")


def test_unknown_step_is_not_found(client):
    assert client.get("/en/apply/nonsense").status_code == 404


def test_later_step_without_a_draft_goes_to_the_start(client):
    response = client.get("/en/apply/budget")
    assert response.location.endswith("/en/apply/applicant")


def test_path_is_recomputed_when_the_budget_changes(pages, client, app):
    walk_to_check(pages, "en", schemes=("cofinancing", "council"), total_cost="12 500 000")
    # 120 MNOK: co-financing no longer fits, the council still does. The applicant sees the
    # result page again, with what changed, instead of silently losing a scheme.
    response = post_step(
        pages, "en", "budget", {"total_cost": "120 000 000", "estimate_kind": "p50"}
    )
    assert response.location.endswith("/en/apply/result")
    result = pages.get(response.location)
    assert "“Co-financing of digitalisation projects” no longer fits the project" in (
        result.select_one(".notice").get_text(" ", strip=True)
    )
    assert client.get(step_url("en", "check")).status_code == 303
    assert post_step(pages, "en", "result", {"schemes": ["council"]}).location.endswith(
        "/en/apply/check"
    )
    assert client.get(step_url("en", "cofinancing")).status_code == 303
    check = client.get(step_url("en", "check"))
    assert check.status_code == 200
    page = pages.get(step_url("en", "check"))
    headings = [h.get_text(strip=True) for h in page.select("h2")]
    assert "Co-financing" not in headings
    assert "The Digitalisation Council" in headings
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert application.answers["requested_amount"] == 3_000_000  # kept, not shown
        assert application.scheme_list == ["council"]
    response = submit(pages, "en")
    assert response.status_code == 303


def test_a_change_that_removes_every_choice_sends_back_to_the_result(pages, client):
    walk_to_check(pages, "en", schemes=("cofinancing",), total_cost="12 500 000")
    post_step(pages, "en", "applicant", {**APPLICANT, "legal_form": "municipality"})
    response = client.get(step_url("en", "check"))
    assert response.status_code == 303
    assert response.location.endswith("/en/apply/result")
    page = pages.get(step_url("en", "result"))
    assert not page.select("input[name=schemes]")
    assert page.h1.get_text(strip=True) == "Fund the project within the agency's own budget"


def test_submitting_twice_creates_one_application(pages, client, app):
    walk_to_check(pages, "en")
    token = pages.csrf_token(step_url("en", "check"))
    first = client.post(step_url("en", "check"), data={"csrf_token": token, "declaration": "y"})
    second = client.post(step_url("en", "check"), data={"csrf_token": token, "declaration": "y"})
    assert first.status_code == 303
    assert second.status_code == 303  # the draft is gone from the session: back to the start
    with app.app_context():
        assert db.session.scalar(select(func.count(Application.id))) == 1


def test_two_tabs_submitting_the_same_draft_create_one_application(app, pages):
    from webapp.services import drafts

    walk_to_check(pages, "en")
    with app.app_context():
        application = db.session.scalar(select(Application))
        first = drafts.submit(application)
        reference = first.reference
        again = drafts.submit(db.session.get(Application, application.id))
        assert again.reference == reference
        assert db.session.scalar(select(func.count(Application.id))) == 1


def test_declaration_is_required(pages):
    walk_to_check(pages, "en")
    response = post_step(pages, "en", "check", {})
    assert response.status_code == 200
    page = pages.page(response)
    assert page.title.get_text().startswith("Error:")
    assert page.select_one(".error-summary a")["href"] == "#declaration"


def test_check_page_lists_every_answer_with_a_change_link(pages):
    walk_to_check(pages, "en", schemes=("cofinancing", "council"))
    page = pages.get(step_url("en", "check"))
    rows = {row.th.get_text(strip=True): row for row in page.select("table.summary-list tr")}
    assert (
        rows["Total cost of the project"].select_one("td.answer").get_text()
        == "NOK\u00a012,500,000"
    )
    assert rows["Organisation number"].select_one("td.answer").get_text() == "971\u00a0032\u00a0081"
    assert rows["Planned start"].select_one("td.answer").get_text() == "March 2027"
    change = rows["Total cost of the project"].select_one("td.actions a")["href"]
    assert change.startswith("/en/apply/budget")


def test_change_from_check_page_returns_to_check(pages):
    walk_to_check(pages, "en")
    response = post_step(pages, "en", "applicant", {**APPLICANT, "agency_name": "Skatteetaten"})
    assert response.location.endswith("/en/apply/check")


def test_receipt_is_only_for_the_browser_that_sent_it(pages, app):
    walk_to_check(pages, "en")
    location = submit(pages, "en").location
    assert pages.client.get(location).status_code == 200
    stranger = app.test_client()
    assert stranger.get(location).status_code == 404


def test_language_switch_keeps_answers_and_place(pages):
    answer_until_result(pages, "en")
    page = pages.get("/en/apply/budget")
    switch = {b["lang"]: b["formaction"] for b in page.select("nav.language-switch button")}
    assert switch["nn"] == "/nn/apply/budget"
    shown = page.select_one("input[name=total_cost]")["value"]
    response = pages.submit(
        switch["nn"],
        {"total_cost": shown, "action": "switch_language"},
        form_url="/en/apply/budget",
    )
    nynorsk = pages.page(response)
    assert nynorsk.html["lang"] == "nn"
    assert nynorsk.select_one("input[name=total_cost]")["value"] == "12\u00a0500\u00a0000"


def test_every_change_link_points_at_a_field_on_its_step(pages):
    walk_to_check(pages, "en", schemes=("cofinancing", "council"))
    page = pages.get(step_url("en", "check"))
    for link in page.select("td.actions a"):
        path, anchor = link["href"].split("#")
        target = pages.get(path)
        assert target.select_one(f"#{anchor}"), link["href"]
