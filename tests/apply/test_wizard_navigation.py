"""Finding one's way in the wizard: the step counter, "Change" from the check page, saving for
later, and switching language without losing what was typed."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.apply.journey import (
    APPLICANT,
    PROJECT,
    answer_until_result,
    post_step,
    step_url,
    walk_to_check,
)
from webapp.extensions import db
from webapp.models import Application


def counter(page) -> str | None:
    element = page.select_one("main .steps")
    return element.get_text(strip=True) if element else None


def test_the_counter_shows_no_total_until_the_path_is_known(pages):
    answer_until_result(pages, "en")
    assert [counter(pages.get(step_url("en", s))) for s in ("applicant", "project", "budget")] == [
        "Step 1",
        "Step 2",
        "Step 3",
    ]
    assert counter(pages.get(step_url("en", "result"))) == "Step 4"


def test_once_the_schemes_are_chosen_the_total_never_grows(pages):
    walk_to_check(pages, "en", schemes=("cofinancing", "council"))
    seen = [
        counter(pages.get(step_url("en", step)))
        for step in ("result", "cofinancing", "council", "readiness", "check")
    ]
    numbers = [int(text.split()[1]) for text in seen]
    totals = {text.split()[-1] for text in seen}
    assert all(text.startswith("Step ") and " of " in text for text in seen), seen
    assert len(totals) == 1 and numbers == sorted(numbers) and numbers[-1] == int(totals.pop())


def test_an_exit_page_has_no_step_counter(pages):
    answer_until_result(pages, "en", total_cost="800 000 000", estimate_kind="p85")
    page = pages.get(step_url("en", "result"))
    assert counter(page) is None
    assert page.select_one("main input[name=schemes]") is None


def change_link(page, step: str) -> str:
    return next(
        a["href"] for a in page.select("td.actions a") if urlsplit(a["href"]).path.endswith(step)
    )


def test_back_and_continue_after_change_return_to_the_check_page(pages):
    walk_to_check(pages, "en", schemes=("cofinancing",))
    href = change_link(pages.get(step_url("en", "check")), "/budget")
    assert urlsplit(href).query == "change=1"
    page = pages.get(href.split("#")[0])
    back = page.select_one("a.back-link")
    assert back["href"] == step_url("en", "check")
    assert back.get_text(strip=True) == "Back to your answers"
    action = page.select_one("form#step-form")["action"]
    assert action == step_url("en", "budget") + "?change=1"
    response = pages.submit(
        action, {"total_cost": "13 000 000", "estimate_kind": "p50"}, form_url=href
    )
    assert response.status_code == 303
    assert response.location == step_url("en", "check")


def test_a_change_that_opens_new_questions_goes_to_them(pages):
    walk_to_check(pages, "en", schemes=("cofinancing",))
    href = change_link(pages.get(step_url("en", "check")), "/result")
    page = pages.get(href.split("#")[0])
    assert page.select_one("a.back-link")["href"] == step_url("en", "check")
    action = page.select_one("form#step-form")["action"]
    response = pages.submit(action, {"schemes": ["cofinancing", "council"]}, form_url=href)
    assert response.location == step_url("en", "council")


def test_without_change_the_back_link_goes_to_the_previous_step(pages):
    walk_to_check(pages, "en", schemes=("cofinancing",))
    page = pages.get(step_url("en", "budget"))
    assert page.select_one("a.back-link")["href"] == step_url("en", "project")
    assert page.select_one("form#step-form")["action"] == step_url("en", "budget")


def test_save_later_says_which_answers_were_not_saved_and_why(app, pages):
    post_step(pages, "en", "applicant", APPLICANT)
    typed = {
        "project_title": PROJECT["project_title"],
        "planned_start": "soon",
        "planned_end": "2029-06",
        "action": "save_later",
    }
    response = post_step(pages, "en", "project", typed)
    assert response.status_code == 303
    page = pages.get(response.location)
    notice = page.select_one("[aria-labelledby=not-saved-title]")
    assert notice.h2.get_text(strip=True) == "1 answer was not saved"
    (item,) = notice.select("li")
    assert item.get_text(" ", strip=True) == (
        "Planned start : Enter the month as year and month, for example 2027-03."
    )
    with app.test_request_context():
        (draft,) = drafts_with_title(PROJECT["project_title"])
        assert "planned_start" not in draft.answers
        assert draft.answers["planned_end"] == "2029-06"


def drafts_with_title(title: str) -> list[Application]:
    return db.session.scalars(select(Application).where(Application.project_title == title)).all()


def test_save_later_with_every_answer_valid_shows_no_warning(pages):
    response = post_step(pages, "en", "applicant", {**APPLICANT, "action": "save_later"})
    page = pages.get(response.location)
    assert page.select_one("[aria-labelledby=not-saved-title]") is None


@pytest.mark.parametrize(("start", "target"), [("en", "nn"), ("nb", "en")])
def test_switching_language_keeps_what_was_typed(app, pages, start, target):
    post_step(pages, start, "applicant", APPLICANT)
    page = pages.get(step_url(start, "project"))
    button = page.select_one(f".language-switch button[lang={target}]")
    assert button["form"] == "step-form" and button["value"] == "switch_language"
    typed = {"project_title": "Halvskrevet tittel", "planned_start": "snart", "phase": "concept"}
    response = pages.submit(
        button["formaction"],
        {**typed, "action": "switch_language"},
        form_url=step_url(start, "project"),
    )
    assert response.status_code == 200
    page = pages.page(response)
    assert page.html["lang"] == target
    assert page.select_one("#project_title")["value"] == "Halvskrevet tittel"
    assert page.select_one("#planned_start")["value"] == "snart"
    assert page.select_one("input[name=phase][value=concept]").has_attr("checked")
    assert page.select_one(".error-summary") is None  # nothing was checked yet
    with app.test_request_context():
        assert drafts_with_title("Halvskrevet tittel") == []  # nor saved


def test_pages_without_a_step_form_switch_language_with_links(pages):
    page = pages.get("/en/apply/resume")
    assert page.select(".language-switch button") == []
    assert {a["hreflang"] for a in page.select(".language-switch a")} == {"nb", "nn"}
