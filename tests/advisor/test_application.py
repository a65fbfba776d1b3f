"""One application: answers, routing with reasons, figures, readiness, status and history."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from tests.advisor.conftest import COMPLETE_ANSWERS
from webapp.extensions import db
from webapp.models import Advisor, Application, ApplicationStatus, AuditEvent
from webapp.services import audit, workflow
from webapp.services.queue import find_application


def url(reference: str) -> str:
    return f"/en/advisor/applications/{reference}"


def text_of(element) -> str:
    """The element's text with runs of ordinary white space made one (no-break spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", element.get_text(" ")).strip()


def events(app, reference: str) -> list[tuple[str, int | None, dict]]:
    with app.app_context():
        application = find_application(reference)
        return [(e.action, e.advisor_id, e.detail) for e in audit.history(application)][::-1]


def test_unknown_reference_and_drafts_are_not_found(pages, logged_in, make_application):
    pages.get(url("VV-2026-999999"), status=404)
    public_id = make_application(status=ApplicationStatus.DRAFT)
    pages.get(url(public_id), status=404)


def test_the_page_shows_the_case(pages, logged_in, make_application):
    reference = make_application()
    page = pages.get(url(reference))
    assert page.select_one("h1").get_text(strip=True) == "Ny innkreving"
    case = text_of(page.select_one("section[aria-labelledby=case-heading]"))
    assert reference in case
    assert "Ministry of Finance" in case
    assert "NOK\u00a020,000,000" in case
    assert "Difi 2018" in case


def test_routing_outcomes_with_their_reasons(pages, logged_in, make_application):
    page = pages.get(url(make_application()))
    outcomes = page.select("section[aria-labelledby=routing-heading] .outcome")
    titles = [text_of(outcome.select_one("h3")) for outcome in outcomes]
    assert titles == [
        "Co-financing of digitalisation projects Eligible",
        "Digitalisation Council Eligible",
        "State project model (KS1/KS2) Not eligible",
        "Own funding or a budget proposal Not eligible",
    ]
    reasons = [text_of(li) for li in outcomes[0].select("li")]
    assert reasons[0] == (
        "The total cost, NOK\u00a020\u00a0million, is within the co-financing band of "
        "NOK\u00a05–50\u00a0million."
    )
    # The council's case steps are the advisors' to move, not a routing result.
    assert "Stage:" not in text_of(outcomes[1])
    assert "every phase of a project" in text_of(outcomes[1])


def test_unroutable_answers_say_so_instead_of_failing(pages, logged_in, make_application):
    reference = make_application(answers={"agency_name": "Etaten", "project_title": "Uten svar"})
    page = pages.get(url(reference))
    routing = text_of(page.select_one("section[aria-labelledby=routing-heading]"))
    assert "The rules cannot be applied" in routing


def test_cofinancing_figures_only_when_cofinancing_is_sought(pages, logged_in, make_application):
    page = pages.get(url(make_application()))
    figures = page.select_one("section[aria-labelledby=figures-heading]")
    rows = {
        text_of(row.select_one("th")): text_of(row.select_one("td")) for row in figures.select("tr")
    }
    assert rows["Largest possible grant"] == "NOK\u00a010,000,000"
    assert rows["Requested amount"] == "NOK\u00a08,000,000"
    # Half of (4 000 000 − 1 000 000) a year for years 1–9, discounted at 4 %.
    pv_cut = sum(1_500_000 / 1.04**t for t in range(1, 10))
    cut = next(v for k, v in rows.items() if k.startswith("Cut from the agency's budget (50%"))
    assert cut == f"NOK\u00a0{round(pv_cut):,}"
    tax = next(k for k in rows if k.startswith("Tax-financing cost (20%"))
    assert rows[tax].startswith("NOK")
    assert any("divided by the present value of the investment costs" in k for k in rows)
    assert any("divided by the amount applied for" in k for k in rows)
    assert rows["Discount rate and analysis period"] == "4% over 10 years"
    council_only = {**COMPLETE_ANSWERS, "schemes": ["council"]}
    page = pages.get(url(make_application(answers=council_only)))
    assert page.select_one("section[aria-labelledby=figures-heading]") is None


def test_readiness_profile(pages, logged_in, make_application):
    page = pages.get(url(make_application()))
    rows = page.select("section[aria-labelledby=readiness-heading] tbody tr")
    # The questions as the applicant was asked them, with the answers given.
    profile = {text_of(row.select("td")[0]): row.select_one(".tag") for row in rows}
    assert len(profile) == 8
    assert profile["The head of the agency owns the change"].get_text() == "Yes"
    assert "tag--eligible" in profile["The head of the agency owns the change"]["class"]
    assert profile["The business side takes an active part in the project"].get_text() == "Partly"
    assert profile["Project management is solid and follows good practice"].get_text() == "No"
    renewal = "The project renews how the work is done, not just digitises it"
    assert profile[renewal].get_text() == "Not answered"
    page = pages.get(url(make_application()).replace("/en/", "/nb/"))
    questions = [
        text_of(row.select("td")[0]) for row in page.select("#readiness-heading ~ table tbody tr")
    ]
    assert "Prosjektstyringen er solid og følger god praksis" in questions


def answer_tables(page) -> dict[str, dict[str, str]]:
    section = page.select_one("section[aria-labelledby=answers-heading]")
    return {
        text_of(heading): {
            text_of(row.select_one("th")): text_of(row.select_one("td"))
            for row in heading.find_next_sibling("table").select("tr")
        }
        for heading in section.select("h3")
    }


def test_answers_are_labelled_and_formatted_like_the_check_page(pages, logged_in, make_application):
    page = pages.get(url(make_application()))
    tables = answer_tables(page)
    assert list(tables) == [
        "About the agency",
        "About the project",
        "Budget",
        "Which schemes fit",
        "Co-financing",
        "The Digitalisation Council",
        "How ready is the project?",
    ]
    assert tables["About the agency"]["Organisation number"] == "974\u00a0761\u00a0076"
    assert tables["Budget"]["Total cost of the project"] == "NOK\u00a020,000,000"
    assert tables["About the project"]["Planned start"] == "March 2026"
    assert (
        tables["The Digitalisation Council"]["What do you want to discuss with the council?"]
        == "Not answered"
    )


def test_answers_of_steps_off_the_path_are_left_out(pages, logged_in, make_application):
    # Co-financing answers are still stored, but the applicant chose the council only.
    council_only = {**COMPLETE_ANSWERS, "schemes": ["council"]}
    tables = answer_tables(pages.get(url(make_application(answers=council_only))))
    assert "Co-financing" not in tables
    shown = " ".join(" ".join(rows.values()) for rows in tables.values())
    assert "NOK\u00a016,000,000" not in shown  # the investment cost


def status_buttons(page) -> list[tuple[str, str]]:
    return [(b["value"], b.get_text(strip=True)) for b in page.select("button[name=status]")]


def test_only_allowed_transitions_have_buttons(pages, logged_in, make_application):
    page = pages.get(url(make_application()))
    assert status_buttons(page) == [("in_review", "Start the review")]
    form = page.select_one("button[name=status]").find_parent("form")
    assert form["method"] == "post" and form.select_one("input[name=csrf_token]")
    page = pages.get(url(make_application(status=ApplicationStatus.LETTER_READY)))
    assert status_buttons(page) == [
        ("closed", "Close the case"),
        ("in_review", "Take back into review"),
    ]


def test_the_whole_workflow_is_recorded(app, pages, logged_in, make_application):
    reference = make_application()
    for target in ("in_review", "letter_ready", "in_review", "letter_ready", "closed", "in_review"):
        response = pages.submit(
            url(reference) + "/status", {"status": target}, form_url=url(reference)
        )
        assert response.status_code == 303
        assert response.location == url(reference)
        page = pages.get(response.location)
        assert page.select_one(".notice--success[role=status]")
    changes = [(a, d) for a, _, d in events(app, reference) if a == "status_changed"]
    assert [d["to"] for _, d in changes] == [
        "in_review",
        "letter_ready",
        "in_review",
        "letter_ready",
        "closed",
        "in_review",
    ]
    assert all(advisor_id == logged_in.id for a, advisor_id, _ in events(app, reference))


def test_an_illegal_transition_is_refused_with_a_message(app, pages, logged_in, make_application):
    reference = make_application()
    for target in ("closed", "draft", "letter_ready", "nonsense", ""):
        response = pages.submit(
            url(reference) + "/status", {"status": target}, form_url=url(reference)
        )
        assert response.status_code == 303, target
        page = pages.get(response.location)
        assert page.select_one(".notice[role=alert]"), target
    response = pages.submit(
        url(reference) + "/status",
        {"status": "closed"},
        form_url=url(reference),
        follow_redirects=True,
    )
    alert = pages.page(response).select_one(".notice[role=alert]")
    assert text_of(alert) == "The status cannot change from “Submitted” to “Closed”."
    with app.app_context():
        assert find_application(reference).status == "submitted"
    assert [a for a, _, _ in events(app, reference) if a != "viewed"] == []


def test_a_transition_that_lost_a_race_is_refused(app, advisor, make_application):
    reference = make_application()
    with app.app_context():
        mine = find_application(reference)
        account = db.session.get(Advisor, advisor.id)
        # Another advisor starts the review after this request read the application.
        with db.engine.begin() as other_request:
            other_request.execute(update(Application).values(status="in_review"))
        with pytest.raises(workflow.TransitionRefused) as refused:
            workflow.change_status(mine, "in_review", account)
        assert refused.value.current == "in_review"
        assert db.session.scalars(select(AuditEvent)).all() == []


def test_the_history_shows_who_did_what_and_when(
    app, pages, logged_in, other_advisor, make_application
):
    reference = make_application()
    with app.app_context():
        application = find_application(reference)
        db.session.add(
            AuditEvent(
                application_id=application.id,
                action="submitted",
                detail={},
                created_at=datetime(2026, 3, 1, 23, 30),
            )
        )
        db.session.commit()
        workflow.change_status(application, "in_review", db.session.get(Advisor, other_advisor.id))
        db.session.commit()  # as the view does
    page = pages.get(url(reference))
    rows = [
        [text_of(td) for td in row.select("td")]
        for row in page.select("section[aria-labelledby=history-heading] tbody tr")
    ]
    assert rows[0][1:] == ["Kari Nordmann", "Read the application."]
    assert rows[1][1:] == [
        "Ola Hansen",
        "Changed the status from “Submitted” to “In review”.",
    ]
    # Stored in UTC, shown in Norwegian time: 23:30 UTC on 1 March is 00:30 on 2 March.
    assert rows[-1] == ["2 March 2026 at 00:30", "The applicant", "Sent the application."]


def test_viewing_is_recorded_once_an_hour_per_advisor(
    app, advisor, other_advisor, make_application
):
    reference = make_application()
    with app.app_context():
        application = find_application(reference)
        kari = db.session.get(Advisor, advisor.id)
        ola = db.session.get(Advisor, other_advisor.id)
        start = datetime(2026, 3, 2, 10, 0)
        assert audit.record_view(application, kari, at=start)
        assert not audit.record_view(application, kari, at=start + timedelta(minutes=59))
        assert audit.record_view(application, ola, at=start + timedelta(minutes=59))
        assert audit.record_view(application, kari, at=start + timedelta(minutes=61))
        views = [(e.advisor.name, e.created_at) for e in audit.history(application)]
    assert views == [
        ("Kari Nordmann", start + timedelta(minutes=61)),
        ("Ola Hansen", start + timedelta(minutes=59)),
        ("Kari Nordmann", start),
    ]


def test_opening_the_page_records_a_view(app, pages, logged_in, make_application):
    reference = make_application()
    pages.get(url(reference))
    pages.get(url(reference))
    assert events(app, reference) == [("viewed", logged_in.id, {})]
