"""The advisor's pages for calls and the ranking: forms, messages, roles, audit."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.calls.conftest import enter_in_call
from webapp.extensions import db
from webapp.models import Application, AuditEvent, Call, RankingEntry
from webapp.services import ranking

MNOK = 1_000_000
NEW_CALL = {
    "year": "2031",
    "ruleset_id": "digdir-10-100",
    "pot": "190 MNOK",
    "opens_on": "2030-10-15",
    "deadline_on": "2031-01-20",
    "deadline_time": "12:00",
    "answers_expected_on": "2031-05-01",
}


def _summary(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".error-summary a")]


def test_a_lead_advisor_creates_a_call_from_the_form(app, pages, auth, lead_advisor):
    auth.login(lead_advisor, lang="nb")
    form = pages.get("/nb/advisor/calls/new")
    assert form.select_one("h1").get_text(strip=True) == "Opprett en utlysning"
    response = pages.submit("/nb/advisor/calls/new", NEW_CALL)
    assert response.status_code == 303
    assert response.location.endswith("/nb/advisor/calls/2031")
    with app.app_context():
        call = db.session.scalar(db.select(Call).where(Call.year == 2031))
        assert call.pot == 190 * MNOK
        assert call.deadline_at == datetime(2031, 1, 20, 11, 0)  # 12:00 in Oslo, winter
        assert call.answers_expected_on.isoformat() == "2031-05-01"
    page = pages.get("/nb/advisor/calls/2031")
    assert "Utlysningen for 2031 er opprettet." in page.get_text()
    assert "20. januar 2031 kl. 12:00" in page.get_text()
    assert "190 000 000" in page.get_text().replace("\xa0", " ")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"pot": "mange penger"}, "pot", None),
        ({"pot": "0"}, "pot", "Rammen må være mer enn 0 kroner."),
        ({"year": "31"}, "year", None),
        ({"deadline_on": "2030-10-01"}, "deadline_on", None),
        ({"deadline_on": "2031-03-30", "deadline_time": "02:30"}, "deadline_time", None),
        ({"deadline_time": "25:00"}, "deadline_time", None),
        ({"answers_expected_on": "2031-01-01"}, "answers_expected_on", None),
        ({"ruleset_id": "finnes-ikke"}, "ruleset_id", None),
    ],
)
def test_a_wrong_call_gets_a_message_by_the_field_and_keeps_what_was_typed(
    app, pages, auth, lead_advisor, changes, field, message
):
    auth.login(lead_advisor, lang="nb")
    response = pages.submit("/nb/advisor/calls/new", {**NEW_CALL, **changes})
    assert response.status_code == 200
    page = pages.page(response)
    links = page.select(".error-summary a")
    assert links, changes
    assert links[0]["href"].startswith(f"#{field}")
    if message:
        assert _summary(page)[0] == message
    for name, value in changes.items():
        control = page.select_one(f"input[name={name}]")
        if control is not None and control.get("type") not in ("radio",):
            assert control["value"] == value
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Call)) == 0


def test_the_second_call_for_a_year_is_refused(app, pages, auth, lead_advisor, open_call):
    open_call(year=2027)
    auth.login(lead_advisor)
    response = pages.submit("/en/advisor/calls/new", {**NEW_CALL, "year": "2027"})
    assert "There is already a call for 2027." in _summary(pages.page(response))


def test_a_lead_advisor_changes_a_call(app, pages, auth, lead_advisor, open_call):
    open_call(year=2027)
    auth.login(lead_advisor, lang="nn")
    form = pages.get("/nn/advisor/calls/2027/edit")
    assert form.select_one("input[name=year]")["value"] == "2027"
    values = {
        control["name"]: control.get("value", "")
        for control in form.select("input[name]")
        if control["name"] != "csrf_token" and control.get("type") != "radio"
    }
    values.update(ruleset_id="digdir-10-100", pot="25 000 000")
    response = pages.submit("/nn/advisor/calls/2027/edit", values)
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(db.select(Call.pot).where(Call.year == 2027)) == 25 * MNOK
    assert "Utlysinga for 2027 er lagra." in pages.get("/nn/advisor/calls/2027").get_text()


def test_a_plain_advisor_cannot_create_or_change_calls(pages, auth, advisor, open_call):
    open_call(year=2027)
    auth.login(advisor)
    pages.get("/en/advisor/calls/new", status=403)
    pages.get("/en/advisor/calls/2027/edit", status=403)
    calls_page = pages.get("/en/advisor/calls")
    assert not calls_page.select("a[href$='/calls/new']")
    assert calls_page.select_one("a[href$='/calls/2027']")


@pytest.fixture
def entry(app, open_call, make_application) -> str:
    call_id = open_call(pot=20 * MNOK)
    reference = make_application(answers={"project_title": "Alfa", "schemes": ["cofinancing"]})
    enter_in_call(app, call_id, reference, "1.5", 8 * MNOK, ceiling=10 * MNOK)
    return reference


def _entry(app, reference: str) -> RankingEntry:
    with app.app_context():
        application = db.session.scalar(
            db.select(Application).where(Application.reference == reference)
        )
        found = db.session.get(RankingEntry, application.id)
        db.session.expunge(found)
        return found


ASSESSMENT = {
    "eligible_applicant": "y",
    "cost_band": "y",
    "phase": "y",
    "attachments": "y",
    "benefits_score": "4",
    "benefits_comment": "Tydelige gevinster for innbyggerne.",
    "gains_score": "3",
    "maturity_score": "5",
}


def test_an_advisor_scores_an_application_and_the_save_is_audited(app, pages, auth, advisor, entry):
    auth.login(advisor, lang="nb")
    url = f"/nb/advisor/calls/2027/applications/{entry}"
    page = pages.get(url)
    legends = [legend.get_text(" ", strip=True) for legend in page.select("legend")]
    assert legends == [
        "Formelle krav",
        "Ikke-prissatte virkninger (valgfritt)",
        "Uttak av interne gevinster (valgfritt)",
        "Modenhet (valgfritt)",
    ]
    assert "Bare ledende saksbehandlere" in page.get_text()
    assert not page.select("input[name=proposed_amount]")
    response = pages.submit(f"{url}/assessment", ASSESSMENT, form_url=url)
    assert response.status_code == 303
    saved = _entry(app, entry)
    assert (saved.benefits_score, saved.gains_score, saved.maturity_score) == (4, 3, 5)
    assert saved.benefits_comment == "Tydelige gevinster for innbyggerne."
    assert saved.requirements_checked and saved.requirements_met
    with app.app_context():
        event = db.session.scalar(
            db.select(AuditEvent).where(AuditEvent.action == ranking.ASSESSED)
        )
        assert event.advisor_id == advisor.id
        assert event.detail["benefits_score"] == 4 and event.detail["requirements_met"]
    page = pages.get(url)
    assert "Vurderingen er lagret." in page.get_text()
    assert page.select_one("input[name=benefits_score][value='4']").has_attr("checked")
    case_page = pages.get(f"/nb/advisor/applications/{entry}")
    assert case_page.select_one(f"#call-heading ~ p a[href='{url}']")
    history = " ".join(case_page.get_text().split())
    assert "Vurderte søknaden for rangeringen: formelle krav oppfylt; poeng 4, 3 og 5." in history


def test_a_score_off_the_scale_and_a_long_comment_are_refused(app, pages, auth, advisor, entry):
    auth.login(advisor)
    url = f"/en/advisor/calls/2027/applications/{entry}"
    data = {**ASSESSMENT, "benefits_score": "7", "gains_comment": "x" * 2_001}
    page = pages.page(pages.submit(f"{url}/assessment", data, form_url=url))
    assert _summary(page) == [
        "Choose one of the options.",
        "Shorten the text to at most 2,000 characters (it has 2,001).",
    ]
    assert page.select_one("textarea[name=gains_comment]").get_text().lstrip() == "x" * 2_001
    assert _entry(app, entry).benefits_score is None


def test_a_lead_advisor_sets_the_amount_and_the_place(app, pages, auth, lead_advisor, entry):
    auth.login(lead_advisor)
    url = f"/en/advisor/calls/2027/applications/{entry}"
    page = pages.page(pages.submit(f"{url}/amount", {"proposed_amount": "9 000 000"}, form_url=url))
    assert _summary(page) == ["The amount is above the amount requested, NOK\xa08,000,000."]
    assert page.select_one("input[name=proposed_amount]")["value"] == "9 000 000"
    response = pages.submit(f"{url}/amount", {"proposed_amount": "6,5 MNOK"}, form_url=url)
    assert response.status_code == 303
    assert _entry(app, entry).proposed_amount == 6_500_000
    assert "The amount proposed is now NOK\xa06,500,000." in pages.get(url).get_text()

    page = pages.page(pages.submit(f"{url}/place", {"place": "1", "reason": ""}, form_url=url))
    assert _summary(page) == ["Give the reason for placing the application elsewhere."]
    page = pages.page(pages.submit(f"{url}/place", {"place": "første"}, form_url=url))
    assert _summary(page) == ["Enter the place as a whole number from 1."]
    response = pages.submit(f"{url}/place", {"place": "1", "reason": "Frist i lov"}, form_url=url)
    assert response.status_code == 303
    saved = _entry(app, entry)
    assert (saved.rank_override, saved.override_reason) == (1, "Frist i lov")
    response = pages.submit(f"{url}/place", {"place": "", "reason": ""}, form_url=url)
    assert _entry(app, entry).rank_override is None
    assert "The application has its weighted rank again." in pages.get(url).get_text()
    history = " ".join(pages.get(f"/en/advisor/applications/{entry}").get_text().split())
    assert "Changed the amount proposed from NOK 8,000,000 to NOK 6,500,000." in history
    assert "Placed the application at 1 in the ranking: Frist i lov" in history
    assert "Gave the application its weighted rank in the ranking again." in history


def test_a_plain_advisor_cannot_post_amounts_or_places(app, pages, auth, advisor, entry):
    auth.login(advisor)
    url = f"/en/advisor/calls/2027/applications/{entry}"
    assert pages.submit(f"{url}/amount", {"proposed_amount": "1"}, form_url=url).status_code == 403
    response = pages.submit(f"{url}/place", {"place": "1", "reason": "x"}, form_url=url)
    assert response.status_code == 403
    saved = _entry(app, entry)
    assert (saved.proposed_amount, saved.rank_override) == (8 * MNOK, None)


def test_unknown_calls_and_applications_outside_the_call_are_not_found(
    pages, auth, advisor, entry, make_application
):
    auth.login(advisor)
    pages.get("/en/advisor/calls/1999", status=404)
    pages.get(f"/en/advisor/calls/1999/applications/{entry}", status=404)
    outside = make_application()
    pages.get(f"/en/advisor/calls/2027/applications/{outside}", status=404)


@pytest.mark.parametrize(
    "path", ["/en/advisor/calls/2027", "/en/advisor/calls/2027/ranking.csv", "{entry}"]
)
def test_reading_the_ranking_stores_missing_places_once_for_good(
    app, pages, auth, advisor, entry, path
):
    with app.app_context():
        db.session.execute(db.update(RankingEntry).values(place=None, cumulative=0))
        db.session.commit()
    auth.login(advisor)
    pages.client.get(path.format(entry=f"/en/advisor/calls/2027/applications/{entry}"))
    assert _entry(app, entry).place == 1  # committed by the page that read it


def test_the_ranking_page_says_the_weights_are_veivisers_own(app, pages, auth, advisor, entry):
    auth.login(advisor)
    page = pages.get("/nb/advisor/calls/2027")
    method = " ".join(
        page.select_one("#pot-heading").find_parent("section").get_text(" ", strip=True).split()
    )
    assert "40 %" in method and "20 %" in method
    assert "Vektene og poengene er Veivisers egen metode" in method
