"""Advisor input that once broke pages: each case gets an answer, never a server error."""

from __future__ import annotations

from datetime import date

import pytest

from tests.advisor.letter import (
    ANSWERS,
    LETTER,
    error_summary,
    form_values,
    letter_url,
    rows,
    stored_assessment,
)
from webapp.models import ApplicationStatus
from webapp.services import assessment
from webapp.services.assessment import FORM_ROWS, MAX_RECOMMENDATIONS

QUEUE = "/en/advisor/"


def references(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select("table.data tbody tr td a")]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(assessment, "today", lambda: date(2026, 11, 20))


@pytest.fixture
def reference(make_application) -> str:
    return make_application(status=ApplicationStatus.IN_REVIEW, answers=ANSWERS, locale="en")


def letter_with_own(pages, reference: str, count: int) -> dict[str, str]:
    """The form as shown, the letter filled in, and `count` own recommendations after it."""
    values = {**form_values(pages.get(letter_url(reference))), **LETTER}
    first = len(rows(pages.get(letter_url(reference))))
    for number in range(first, first + count):
        values[f"recommendations-{number}-origin"] = "new"
        values[f"recommendations-{number}-text"] = f"Own recommendation {number}."
    return values


def test_the_most_recommendations_a_letter_can_hold_still_open_the_form(
    app, pages, logged_in, reference
):
    # Four generated ones are kept; the advisor's own fill the letter to its limit.
    values = letter_with_own(pages, reference, MAX_RECOMMENDATIONS - 4)
    response = pages.client.post(letter_url(reference), data=values)
    assert response.status_code == 303
    assert len(stored_assessment(app, reference)["recommendations"]) == MAX_RECOMMENDATIONS
    shown = rows(pages.get(letter_url(reference)))
    assert len(shown) <= FORM_ROWS
    assert sum(row["keep"] is True for row in shown) == MAX_RECOMMENDATIONS
    assert [row["origin"] for row in shown[-3:]] == ["new"] * 3


def test_more_recommendations_than_a_letter_holds_are_explained(pages, logged_in, reference):
    values = letter_with_own(pages, reference, MAX_RECOMMENDATIONS - 4 + 2)
    response = pages.client.post(letter_url(reference), data=values)
    assert response.status_code == 200
    messages = [message for _, message in error_summary(pages.page(response))]
    assert messages == [
        f"A letter can have at most {MAX_RECOMMENDATIONS} recommendations, and "
        f"{MAX_RECOMMENDATIONS + 2} are kept. Untick “Keep this recommendation in the letter” "
        "for some, or empty new rows."
    ]
    # Nothing is lost: every row the advisor wrote is on the page again.
    written = [row for row in rows(pages.page(response)) if row["text"]]
    assert len(written) == MAX_RECOMMENDATIONS + 2


def test_a_letter_stored_with_too_many_recommendations_still_opens(
    app, pages, logged_in, make_application
):
    stored = [{"key": None, "text": f"Own {n}."} for n in range(90)]
    reference = make_application(
        status=ApplicationStatus.IN_REVIEW,
        answers=ANSWERS,
        locale="en",
        assessment={"recommendations": stored},
    )
    shown = rows(pages.get(letter_url(reference)))
    assert len(shown) <= FORM_ROWS


@pytest.mark.parametrize("number", ["²", "١", "0" * 5000, "9" * 5000])
def test_a_row_number_that_is_not_plain_digits_names_no_row(
    app, pages, logged_in, reference, number
):
    values = {**form_values(pages.get(letter_url(reference))), **LETTER}
    values[f"recommendations-{number}-origin"] = "new"
    values[f"recommendations-{number}-text"] = "Not a row."
    response = pages.client.post(letter_url(reference), data=values)
    assert response.status_code == 303
    texts = [item["text"] for item in stored_assessment(app, reference)["recommendations"]]
    assert "Not a row." not in texts


@pytest.mark.parametrize("position", ["²", "1" * 5000, "\x00"])
def test_an_odd_position_is_explained(pages, logged_in, reference, position):
    values = {**form_values(pages.get(letter_url(reference))), **LETTER}
    values["recommendations-0-position"] = position
    response = pages.client.post(letter_url(reference), data=values)
    assert response.status_code in (200, 303)
    if response.status_code == 200:
        assert error_summary(pages.page(response))


@pytest.mark.parametrize("parameter", ["q", "ministry"])
def test_a_nul_in_the_queue_filters_is_no_error(pages, logged_in, make_application, parameter):
    make_application()
    page = pages.get(QUEUE + f"?{parameter}=Skatte%00etaten")
    assert page.select_one("h1")


def test_a_nul_in_the_search_is_dropped(pages, logged_in, make_application):
    wanted = make_application()
    assert references(pages.get(QUEUE + "?q=Skatte%00etaten")) == [wanted]


def test_an_unknown_ministry_shows_the_whole_queue(pages, logged_in, make_application):
    sent = make_application()
    page = pages.get(QUEUE + "?ministry=nope")
    assert references(page) == [sent]


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("kari.nordmann@example.no\x00", "E-mail or password is wrong"),
        ("a\x00b@example.no", "E-mail or password is wrong"),
        ("\x00", "Enter your e-mail address."),
    ],
)
def test_a_nul_in_the_login_address_is_a_wrong_login(pages, advisor, email, message):
    response = pages.submit("/en/advisor/login", {"email": email, "password": "wrong one"})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_the_account_service_never_sends_a_nul_to_the_database(app, advisor):
    from webapp.services.advisors import authenticate, find_advisor

    with app.app_context():
        assert find_advisor(advisor.email + "\x00") is None
        assert authenticate("\x00" + advisor.email, "wrong one") is None
