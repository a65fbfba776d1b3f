"""The council case's own track: preparation → project review → follow-up, moved by the
advisors one step at a time, the meeting agreed in preparation, the letter written at project
review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.advisor.letter import (
    ANSWERS,
    LETTER,
    case_url,
    form_values,
    letter_form,
    letter_url,
    text_of,
)
from tests.apply.journey import submit, walk_to_check
from webapp.extensions import db
from webapp.models import Advisor, Application, ApplicationStatus, Track
from webapp.services import tracks
from webapp.services.queue import find_application


@pytest.fixture
def council_case(app, make_application):
    """A council case sent on 2 January 2026 (09:00 UTC), in review, with its tracks opened."""

    def make(status: str = ApplicationStatus.IN_REVIEW, **columns) -> str:
        reference = make_application(answers=ANSWERS, locale="en", status=status, **columns)
        with app.app_context():
            application = find_application(reference)
            tracks.open_tracks(application)
            db.session.commit()
        return reference

    return make


def track_of(app, reference: str, scheme: str = "council") -> tuple[str, date | None]:
    with app.app_context():
        track = find_application(reference).track(scheme)
        return track.step, track.meeting_on


def events(app, reference: str) -> list[tuple[str, dict]]:
    with app.app_context():
        return [
            (event.action, event.detail)
            for event in find_application(reference).events
            if event.action not in ("viewed",)
        ]


def move(pages, reference: str, step: str, lang: str = "en"):
    return pages.submit(
        case_url(reference, lang) + "/council/step",
        {"step": step},
        form_url=case_url(reference, lang),
    )


def agree(pages, reference: str, day: str, lang: str = "en"):
    return pages.submit(
        case_url(reference, lang) + "/council/meeting",
        {"meeting_on": day},
        form_url=case_url(reference, lang),
    )


def flash(pages, response) -> str:
    page = pages.get(response.location)
    return text_of(page.select_one(".notice[role=alert], .notice--success"))


# --- opening --------------------------------------------------------------------------------


def test_sending_opens_a_track_per_scheme_in_the_same_transaction(app, pages):
    walk_to_check(pages, "en", schemes=("cofinancing", "council"))
    assert submit(pages, "en").status_code == 303
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        assert {(t.scheme, t.step, t.meeting_on) for t in application.tracks} == {
            ("council", "preparation", None),
            ("cofinancing", "submitted", None),
        }


def test_a_draft_has_no_track_and_opening_twice_adds_none(app, make_application):
    draft = make_application(status=ApplicationStatus.DRAFT)
    with app.app_context():
        assert find_application(draft) is None or not find_application(draft).tracks
    reference = make_application()
    with app.app_context():
        application = find_application(reference)
        tracks.open_tracks(application)
        tracks.open_tracks(application)
        db.session.commit()
        assert db.session.scalars(select(Track.scheme)).all() == ["cofinancing", "council"]


# --- the rules, as a table -----------------------------------------------------------------


@pytest.mark.parametrize(
    "step, meeting, status, target, reason",
    [
        ("preparation", None, "in_review", "project_review", tracks.NO_MEETING),
        ("preparation", date(2026, 2, 1), "in_review", "project_review", None),
        ("preparation", date(2026, 2, 1), "in_review", "follow_up", tracks.NOT_NEXT),
        ("preparation", date(2026, 2, 1), "in_review", "preparation", tracks.NOT_NEXT),
        ("project_review", date(2026, 2, 1), "in_review", "follow_up", tracks.LETTER_NOT_READY),
        ("project_review", date(2026, 2, 1), "submitted", "follow_up", tracks.LETTER_NOT_READY),
        ("project_review", date(2026, 2, 1), "letter_ready", "follow_up", None),
        ("project_review", date(2026, 2, 1), "closed", "follow_up", None),
        ("project_review", date(2026, 2, 1), "in_review", "preparation", None),
        ("project_review", date(2026, 2, 1), "letter_ready", "preparation", tracks.LETTER_IS_READY),
        ("follow_up", date(2026, 2, 1), "closed", "project_review", None),
        ("follow_up", date(2026, 2, 1), "closed", "preparation", tracks.NOT_NEXT),
        ("follow_up", date(2026, 2, 1), "closed", "unknown", tracks.NOT_NEXT),
    ],
)
def test_which_moves_are_allowed(step, meeting, status, target, reason):
    application = Application(status=status, schemes="council")
    track = Track(scheme="council", step=step, meeting_on=meeting)
    assert tracks.refusal(application, track, target) == reason


def test_the_letter_waits_for_project_review_only_in_a_council_case():
    council = Application(status="in_review", schemes="council")
    council.tracks.append(Track(scheme="council", step="preparation"))
    assert not tracks.letter_can_be_ready(council)
    council.tracks[0].step = "project_review"
    assert tracks.letter_can_be_ready(council)
    council.tracks[0].step = "follow_up"
    assert tracks.letter_can_be_ready(council)
    cofinancing = Application(status="in_review", schemes="cofinancing")
    cofinancing.tracks.append(Track(scheme="cofinancing", step="submitted"))
    assert tracks.letter_can_be_ready(cofinancing)


# --- the advisor's pages --------------------------------------------------------------------


def test_the_page_shows_the_step_and_only_the_moves_open_from_it(
    app, pages, logged_in, council_case
):
    reference = council_case()
    page = pages.get(case_url(reference))
    section = page.select_one("section[aria-labelledby=council-heading]")
    steps = [text_of(li) for li in section.select(".track-steps li")]
    assert steps == ["Preparation (where the case is now)", "Project review", "Follow-up"]
    assert section.select_one("[aria-current=step]").get_text(strip=True).startswith("Preparation")
    assert "No meeting date agreed yet." in text_of(section)
    buttons = [(b["value"], text_of(b)) for b in section.select("button[name=step]")]
    assert buttons == [("project_review", "Move to project review")]


def test_a_case_goes_through_its_three_steps(app, pages, logged_in, council_case):
    reference = council_case()
    # No meeting yet: the move is refused with a reason, nothing changes.
    response = move(pages, reference, "project_review")
    assert response.status_code == 303
    assert flash(pages, response) == (
        "Agree on the date of the meeting with the agency first: the project review is that "
        "meeting."
    )
    assert track_of(app, reference) == ("preparation", None)

    response = agree(pages, reference, "2026-02-10")
    assert response.status_code == 303
    assert flash(pages, response) == "The meeting is set for 10 February 2026."
    assert move(pages, reference, "project_review").status_code == 303
    assert track_of(app, reference) == ("project_review", date(2026, 2, 10))

    # Follow-up waits for the letter.
    response = move(pages, reference, "follow_up")
    assert "Mark the advice letter as ready first" in flash(pages, response)
    with app.app_context():
        application = find_application(reference)
        application.status = ApplicationStatus.LETTER_READY
        db.session.commit()
    response = move(pages, reference, "follow_up")
    assert flash(pages, response) == "The council case is now at “Follow-up”."
    assert track_of(app, reference)[0] == "follow_up"

    # In follow-up the meeting has been held: no date form, and a forged post is refused.
    page = pages.get(case_url(reference))
    assert page.select_one("#meeting_on") is None
    response = agree(pages, reference, "2026-02-11")
    assert response.status_code == 200
    summary = page = pages.page(response)
    assert "The case is in follow-up" in text_of(summary.select_one(".error-summary"))
    assert track_of(app, reference) == ("follow_up", date(2026, 2, 10))

    assert [(action, detail) for action, detail in events(app, reference)] == [
        ("meeting_agreed", {"date": "2026-02-10", "previous": None}),
        ("track_moved", {"scheme": "council", "from": "preparation", "to": "project_review"}),
        ("track_moved", {"scheme": "council", "from": "project_review", "to": "follow_up"}),
    ]
    history = text_of(
        pages.get(case_url(reference)).select_one("[aria-labelledby=history-heading]")
    )
    assert "Set the date of the meeting with the council to 10 February 2026." in history
    assert "Moved the council case from “Project review” to “Follow-up”." in history


def test_a_meeting_before_the_request_arrived_is_refused_and_kept(
    app, pages, logged_in, council_case
):
    reference = council_case()  # sent on 2 January 2026
    response = agree(pages, reference, "2026-01-01")
    assert response.status_code == 200
    page = pages.page(response)
    summary = page.select_one(".error-summary")
    assert [a["href"] for a in summary.select("a")] == ["#meeting_on"]
    assert text_of(summary.select_one("a")) == (
        "The meeting cannot be before the request arrived (2 January 2026)."
    )
    assert page.select_one("#meeting_on")["value"] == "2026-01-01"
    assert track_of(app, reference) == ("preparation", None)
    # The day it arrived is fine; a nonsense date gets the form's own message.
    assert agree(pages, reference, "2026-01-02").status_code == 303
    page = pages.page(agree(pages, reference, "2026-02-30"))
    assert "Enter the date of the meeting as a real date" in text_of(
        page.select_one(".error-summary")
    )
    assert track_of(app, reference) == ("preparation", date(2026, 1, 2))


def test_the_same_date_again_changes_nothing(app, pages, logged_in, council_case):
    reference = council_case()
    agree(pages, reference, "2026-02-10")
    response = agree(pages, reference, "2026-02-10")
    assert flash(pages, response) == "Nothing had changed."
    assert [action for action, _ in events(app, reference)] == ["meeting_agreed"]


def test_the_letter_is_written_at_project_review(app, pages, logged_in, council_case):
    reference = council_case()
    page = pages.get(letter_url(reference))
    assert "The council case is in preparation." in text_of(page.select_one(".notice"))
    assert letter_form(page).select_one("button[name=mark_ready]") is None
    # A forged "mark ready" saves the draft but leaves the status where it was, and says why.
    data = {**form_values(page), **LETTER, "meeting_date": "2026-02-10", "mark_ready": "y"}
    response = pages.client.post(letter_url(reference), data=data)
    assert response.status_code == 303
    message = text_of(pages.get(response.location).select_one(".notice[role=alert]"))
    assert message.startswith("The letter is saved. The advice letter is written at project review")
    with app.app_context():
        assert find_application(reference).status == ApplicationStatus.IN_REVIEW
    # Nor through the status buttons.
    response = pages.submit(
        case_url(reference) + "/status", {"status": "letter_ready"}, form_url=case_url(reference)
    )
    assert "move the council case to project review" in flash(pages, response)
    with app.app_context():
        assert find_application(reference).status == ApplicationStatus.IN_REVIEW

    agree(pages, reference, "2026-02-10")
    move(pages, reference, "project_review")
    page = pages.get(letter_url(reference))
    assert page.select_one(".notice") is None or "in preparation" not in text_of(
        page.select_one(".notice")
    )
    assert letter_form(page).select_one("button[name=mark_ready]") is not None
    data = {**form_values(page), **LETTER, "meeting_date": "2026-02-10", "mark_ready": "y"}
    assert pages.client.post(letter_url(reference), data=data).status_code == 303
    with app.app_context():
        assert find_application(reference).status == ApplicationStatus.LETTER_READY


def test_the_letter_starts_from_the_agreed_meeting_date(app, pages, logged_in, council_case):
    reference = council_case()
    agree(pages, reference, "2026-02-10")
    page = pages.get(letter_url(reference))
    assert letter_form(page).select_one("#meeting_date")["value"] == "2026-02-10"
    preview = text_of(pages.get(letter_url(reference) + "/preview").select_one(".document-preview"))
    assert "The council met the agency on 10 February 2026." in preview


def test_back_to_preparation_is_refused_once_the_letter_is_ready(
    app, pages, logged_in, council_case
):
    reference = council_case(status=ApplicationStatus.LETTER_READY)
    agree(pages, reference, "2026-02-10")
    move(pages, reference, "project_review")
    response = move(pages, reference, "preparation")
    assert "Take the application back into review" in flash(pages, response)
    assert track_of(app, reference)[0] == "project_review"


def test_two_advisors_moving_at_once_cannot_skip_a_step(app, council_case, advisor):
    reference = council_case()
    with app.test_request_context("/en/"):
        application = find_application(reference)
        tracks.agree_meeting(application, date(2026, 2, 10), _advisor_row(advisor))
        db.session.commit()  # as the view does
    with app.test_request_context("/en/"):
        # The first advisor read the case in preparation, then someone moved it on.
        stale = find_application(reference)
        track = stale.track("council")
        assert track.step == "preparation"
        db.session.execute(
            Track.__table__.update().where(Track.id == track.id).values(step="project_review")
        )
        with pytest.raises(tracks.TrackRefused) as refused:
            tracks.move(stale, "council", "project_review", _advisor_row(advisor))
        assert refused.value.reason == tracks.CHANGED_MEANWHILE


def _advisor_row(account):
    return db.session.get(Advisor, account.id)


def test_an_application_without_a_council_track_has_no_council_section(
    app, pages, logged_in, make_application
):
    reference = make_application(answers={**ANSWERS, "schemes": ["cofinancing"]}, locale="en")
    page = pages.get(case_url(reference))
    assert page.select_one("#council-heading") is None
    response = move(pages, reference, "project_review")
    assert flash(pages, response) == "The application was not sent to the council."


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_council_section_in_norwegian(pages, logged_in, council_case, lang):
    reference = council_case()
    section = pages.get(case_url(reference, lang)).select_one("[aria-labelledby=council-heading]")
    steps = [li.contents[0].strip() for li in section.select(".track-steps li")]
    expected = {
        "nb": ["Forberedelser", "Prosjektgjennomgang", "Oppfølging"],
        "nn": ["Førebuingar", "Prosjektgjennomgang", "Oppfølging"],
    }
    assert steps == expected[lang]


def test_the_step_form_needs_its_csrf_token(app, pages, logged_in, council_case):
    reference = council_case()
    response = pages.client.post(case_url(reference) + "/council/step", data={"step": "x"})
    assert response.status_code == 400
    response = pages.client.post(
        case_url(reference) + "/council/meeting", data={"meeting_on": "2026-02-10"}
    )
    assert response.status_code == 400
    assert track_of(app, reference) == ("preparation", None)


def test_the_track_pages_need_a_login(app, pages, council_case):
    reference = council_case()
    token = pages.csrf_token("/en/advisor/login")
    for path, data in (
        ("/council/step", {"step": "project_review"}),
        ("/council/meeting", {"meeting_on": "2026-02-10"}),
    ):
        response = pages.client.post(case_url(reference) + path, data={"csrf_token": token, **data})
        assert response.status_code in (302, 303)
        assert "/advisor/login" in response.location
    assert track_of(app, reference) == ("preparation", None)


def test_the_meeting_is_never_before_the_request_in_the_service(app, council_case, advisor):
    reference = council_case()
    with app.test_request_context("/en/"):
        application = find_application(reference)
        arrived = tracks.received_on(application)
        with pytest.raises(tracks.TrackRefused) as refused:
            tracks.agree_meeting(application, arrived - timedelta(days=1), _advisor_row(advisor))
        assert refused.value.reason == tracks.BEFORE_REQUEST


def test_the_queue_shows_where_each_council_case_stands(app, pages, logged_in, council_case):
    reference = council_case()
    agree(pages, reference, "2026-02-10")
    move(pages, reference, "project_review")
    page = pages.get(f"/en/advisor/?q={reference}")
    row = page.select_one("main table.data tbody tr")
    cell = text_of(row.select_one("td[data-label=Schemes]"))
    assert (
        cell == "Co-financing of digitalisation projects, Digitalisation Council (Project review)"
    )
