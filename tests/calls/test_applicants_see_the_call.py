"""The applicant's side of the call: the deadline shown, the application joining the call, and
after the deadline co-financing kept back while the council request goes as before."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from forms.calls import parse_deadline
from tests.apply.journey import step_url, submit, walk_to_check
from webapp.extensions import db
from webapp.models import Application, ApplicationStatus, Call, RankingEntry, utcnow
from webapp.services import calls


def sent(app) -> list[Application]:
    with app.app_context():
        applications = db.session.scalars(
            select(Application).where(Application.status != ApplicationStatus.DRAFT)
        ).all()
        db.session.expunge_all()
        return list(applications)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "the deadline for the 2027 call is"),
        ("nb", "fristen for utlysningen for 2027 er"),
        ("nn", "fristen for utlysinga for 2027 er"),
    ],
)
def test_the_start_page_and_the_wizard_show_the_open_calls_deadline(pages, open_call, lang, words):
    open_call()
    notice = pages.get(f"/{lang}/").select_one("#call-notice")
    assert notice is not None and words in notice.get_text(" ", strip=True)
    walk_to_check(pages, lang)
    check = pages.get(step_url(lang, "check"))
    assert words in check.select_one("#call-notice").get_text(" ", strip=True)


def test_no_call_no_notice(pages):
    assert pages.get("/en/").select_one("#call-notice") is None


def test_an_application_sent_while_a_call_is_open_joins_it(app, pages, open_call):
    call_id = open_call(answers_expected_on=None)
    walk_to_check(pages, "en", schemes=("cofinancing", "council"))
    receipt = pages.get(submit(pages, "en").location)
    [application] = sent(app)
    assert application.call_id == call_id
    text = receipt.select_one("#call").get_text(" ", strip=True)
    assert "Your application for co-financing is in the 2027 call" in text
    with app.app_context():
        entry = db.session.get(RankingEntry, application.id)
        assert entry.requested_amount == 3_000_000
        assert entry.proposed_amount == 3_000_000
        assert entry.npv_per_krone is not None
        assert entry.eligible_applicant and entry.phase and entry.cost_band


def test_a_council_request_never_joins_a_call(app, pages, open_call):
    open_call()
    walk_to_check(pages, "en", schemes=("council",))
    receipt = pages.get(submit(pages, "en").location)
    assert sent(app)[0].call_id is None
    assert receipt.select_one("#call") is None


@pytest.mark.parametrize(
    ("lang", "closed_words", "error"),
    [
        ("en", "call for co-financing closed on", "The call for co-financing has closed"),
        ("nb", "for medfinansiering ble stengt", "Utlysningen for medfinansiering er stengt"),
        ("nn", "for medfinansiering vart stengd", "Utlysinga for medfinansiering er stengd"),
    ],
)
def test_after_the_deadline_co_financing_is_refused_and_the_draft_kept(
    app, pages, closed_call, lang, closed_words, error
):
    closed_call()
    walk_to_check(pages, lang)
    check = pages.get(step_url(lang, "check"))
    assert closed_words in check.select_one("#call-notice").get_text(" ", strip=True)
    response = submit(pages, lang)
    assert response.status_code == 200
    page = pages.page(response)
    assert error in page.select_one(".error-summary").get_text(" ", strip=True)
    assert page.title.get_text().startswith(("Error:", "Feil:"))
    assert sent(app) == []
    with app.app_context():
        [draft] = db.session.scalars(select(Application)).all()
        assert draft.status == ApplicationStatus.DRAFT and draft.answers["requested_amount"]


def test_after_the_deadline_the_council_part_is_not_affected(app, pages, closed_call):
    closed_call()
    walk_to_check(pages, "en", schemes=("council",))
    assert submit(pages, "en").status_code == 303
    assert len(sent(app)) == 1


def test_with_no_call_yet_an_application_waits_and_joins_the_next_call(app, pages):
    walk_to_check(pages, "en")
    receipt = pages.get(submit(pages, "en").location)
    text = receipt.select_one("#call").get_text(" ", strip=True)
    assert "It waits for the next call" in text
    [application] = sent(app)
    assert application.call_id is None
    with app.app_context():
        today = utcnow().date()
        call = calls.create_call(
            calls.CallDetails(
                year=2031,
                ruleset_id="digdir-10-100",
                pot=20_000_000,
                opens_on=today - timedelta(days=1),
                deadline_at=parse_deadline(f"{today + timedelta(days=40)} 12:00"),
                answers_expected_on=date(today.year + 1, 6, 1),
            )
        )
        db.session.commit()
        assert db.session.get(Application, application.id).call_id == call.id
        assert db.session.get(RankingEntry, application.id) is not None


def test_before_the_first_call_opens_an_application_waits_for_it(app, pages, upcoming_call):
    call_id = upcoming_call()
    assert "opens on" in pages.get("/en/").select_one("#call-notice").get_text()
    walk_to_check(pages, "en")
    receipt = pages.get(submit(pages, "en").location)
    assert "It waits for the 2028 call, which opens on" in receipt.select_one("#call").get_text()
    assert sent(app)[0].call_id == call_id
    with app.app_context():
        assert db.session.get(Call, call_id).year == 2028
