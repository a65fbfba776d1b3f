"""Issue journeys under today's rules, in nb, nn and en: what the applicant sees and keeps."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.apply.journey import (
    APPLICANT,
    COFINANCING,
    PROJECT,
    answer_until_result,
    post_step,
    step_url,
    walk_to_check,
)
from webapp.extensions import db
from webapp.models import Application, AuditEvent

NBSP = "\u00a0"
AT_MOST_30 = {
    "nb": "Du kan søke om høyst 30 000 000 kr.",
    "nn": "Du kan søkje om høgst 30 000 000 kr.",
    "en": "You can apply for at most NOK 30,000,000.",
}


def text_of(page) -> str:
    return page.get_text(" ", strip=True).replace(NBSP, " ")


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_60_mnok_planning_project_fits_both_with_at_most_30_mnok(pages, lang):
    answer_until_result(pages, lang, total_cost="60 000 000")
    page = pages.get(step_url(lang, "result"))
    assert [box["value"] for box in page.select("input[name=schemes]")] == [
        "cofinancing",
        "council",
    ]
    assert AT_MOST_30[lang] in text_of(page)
    post_step(pages, lang, "result", {"schemes": ["cofinancing", "council"]})
    too_much = post_step(
        pages, lang, "cofinancing", {**COFINANCING, "requested_amount": "31 mill."}
    )
    assert too_much.status_code == 200
    assert "30" in pages.page(too_much).select_one("#requested_amount-error").get_text()


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_one_scheme_is_not_a_choice(pages, lang):
    answer_until_result(pages, lang, total_cost="60 000 000", phase="execution")
    page = pages.get(step_url(lang, "result"))
    # Only the council fits: no checkboxes, no "one or both"; the form says what it sends.
    assert not page.select("input[type=checkbox][name=schemes]")
    assert page.select_one("input[type=hidden][name=schemes]")["value"] == "council"
    response = post_step(pages, lang, "result", {"schemes": ["council"]})
    assert response.location.endswith(step_url(lang, "council"))


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_council_without_an_estimate(pages, app, lang):
    answer_until_result(pages, lang, total_cost=None, phase="idea")
    page = pages.get(step_url(lang, "result"))
    assert page.select_one("input[type=hidden][name=schemes]")["value"] == "council"
    walk_to_check(pages, lang, schemes=("council",), total_cost=None, phase="idea")
    with app.app_context():
        answers = db.session.scalar(select(Application)).answers
    assert answers["estimate_kind"] == "none" and answers["total_cost"] is None


def test_the_council_step_has_no_stage_question(pages):
    walk_to_check(pages, "en", schemes=("council",), total_cost="60 000 000")
    page = pages.get(step_url("en", "council"))
    assert not page.select("input[name=council_stage]")


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_lower_ceiling_is_said_on_the_page_the_amount_is_on(pages, lang):
    walk_to_check(pages, lang, schemes=("cofinancing",), total_cost="60 000 000")
    post_step(pages, lang, "cofinancing", {**COFINANCING, "requested_amount": "25 000 000"})
    response = post_step(
        pages, lang, "budget", {"total_cost": "40 000 000", "estimate_kind": "p50"}
    )
    # The stored 25 MNOK is above the new ceiling of 20 MNOK: the applicant is sent to the
    # co-financing step, which opens with the reason and the new ceiling.
    assert response.location.endswith(step_url(lang, "cofinancing"))
    page = pages.get(response.location)
    error = page.select_one("#requested_amount-error").get_text(" ", strip=True)
    assert "20" in error.replace(NBSP, " ")
    assert page.select_one(".error-summary a")["href"] == "#requested_amount"


def start_under(app, pages, ruleset_id: str, lang: str = "en") -> None:
    """A draft started before the rules changed: the draft keeps its rule set."""
    post_step(pages, lang, "applicant", APPLICANT)
    with app.app_context():
        application = db.session.scalar(select(Application))
        application.ruleset_id = ruleset_id
        db.session.commit()
    post_step(pages, lang, "project", PROJECT)


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("nb", "Reglene for denne søknaden gjelder ikke lenger"),
        ("nn", "Reglane for denne søknaden gjeld ikkje lenger"),
        ("en", "The rules of this application have expired"),
    ],
)
def test_an_expired_rule_set_says_so_and_moves_only_when_asked(pages, app, lang, heading):
    start_under(app, pages, "difi-2018", lang)
    post_step(pages, lang, "budget", {"total_cost": "7 000 000", "estimate_kind": "p50"})
    page = pages.get(step_url(lang, "result"))
    notice = page.select_one("#ruleset-notice-title")
    assert notice.get_text(strip=True) == heading
    assert "2019" in text_of(notice.find_parent("div"))
    # Under difi-2018 a 7 MNOK project fits co-financing; the draft stays there until asked.
    assert [box["value"] for box in page.select("input[name=schemes]")] == ["cofinancing"]
    with app.app_context():
        assert db.session.scalar(select(Application)).ruleset_id == "difi-2018"

    token = pages.csrf_token(step_url(lang, "result"))
    response = pages.client.post(f"/{lang}/apply/rules", data={"csrf_token": token})
    assert response.status_code == 303
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert application.ruleset_id == "digdir-10-100"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "ruleset_changed"))
        assert event.detail == {"from": "difi-2018", "to": "digdir-10-100"}
    page = pages.get(step_url(lang, "result"))
    assert page.select_one("#ruleset-notice-title") is None
    # Under today's rules 7 MNOK is below the co-financing band: only the council is offered.
    assert page.select_one("input[type=hidden][name=schemes]")["value"] == "council"


def test_the_rule_set_switch_needs_csrf(pages, app, client):
    start_under(app, pages, "difi-2018")
    assert client.post("/en/apply/rules").status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Application)).ruleset_id == "difi-2018"


def test_the_category_two_questions_appear_only_where_the_rule_set_has_categories(pages, app):
    assert not pages.get(step_url("en", "applicant")).select("input[name=category_basis]")
    start_under(app, pages, "digdir-2020")
    page = pages.get(step_url("en", "project"))
    assert [radio["value"] for radio in page.select("input[name=category_basis]")] == [
        "seamless_services",
        "shared_solution",
        "none",
    ]
    assert len(page.select("input[name=life_event]")) == 8  # seven priority events and "another"
    missing = post_step(pages, "en", "project", {**PROJECT, "category_basis": "seamless_services"})
    assert missing.status_code == 200
    assert pages.page(missing).select_one("#life_event-error")
    shared = post_step(pages, "en", "project", {**PROJECT, "category_basis": "shared_solution"})
    assert shared.status_code == 303
    post_step(pages, "en", "budget", {"total_cost": "60 000 000", "estimate_kind": "p50"})
    result = text_of(pages.get(step_url("en", "result")))
    assert "within co-financing category 2" in result
    assert "You can apply for at most NOK 51,000,000." in result
