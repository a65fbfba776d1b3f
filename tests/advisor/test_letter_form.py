"""The letter form: the advisor's assessment, recommendations and the letter's settings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import to_user_timezone

from tests.advisor.letter import (
    ANSWERS,
    GENERATED_KEYS,
    LETTER,
    error_summary,
    events,
    form_values,
    letter_form,
    letter_url,
    rows,
    stored_assessment,
    text_of,
)
from tests.documents.applications import docx_blocks, docx_texts
from tests.documents.helpers import open_docx
from webapp.models import ApplicationStatus
from webapp.services import assessment
from webapp.services.queue import find_application
from webapp.services.recommendations import generated_recommendations

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(assessment, "today", lambda: TODAY)


@pytest.fixture
def reference(make_application) -> str:
    return make_application(answers=ANSWERS, locale="en")


def generated_texts(app, reference: str, language: str) -> list[str]:
    with app.test_request_context(f"/{language}/"):
        application = find_application(reference)
        return [r.text for r in generated_recommendations(application, language)]


def post_letter(pages, reference: str, **changes: str):
    """Open the form, change what an advisor would change, and send it."""
    values = {**form_values(pages.get(letter_url(reference))), **LETTER, **changes}
    values = {name: value for name, value in values.items() if value is not None}
    return pages.client.post(letter_url(reference), data=values)


def letter_docx(pages, reference: str):
    response = pages.client.get(letter_url(reference) + ".docx")
    assert response.status_code == 200
    return open_docx(response.data)


def numbered(document) -> list[str]:
    return [text for style, text in docx_blocks(document) if style == "List Number"]


def test_the_first_visit_starts_from_the_generated_recommendations(
    app, pages, logged_in, reference
):
    page = pages.get(letter_url(reference))
    assert page.select_one("h1").get_text(strip=True) == "Write the advice letter"
    found = rows(page)
    assert [row["key"] for row in found[:4]] == GENERATED_KEYS
    assert [row["text"] for row in found[:4]] == generated_texts(app, reference, "en")
    assert all(row["keep"] and row["origin"] == "generated" for row in found[:4])
    assert [row["position"] for row in found] == ["1", "2", "3", "4", "", "", ""]
    assert found[0]["legend"] == "Recommendation 1: The business side takes an active part"
    assert found[3]["legend"] == "Recommendation 4: Realising benefits and documenting them"
    # Three empty rows for the advisor's own, without a "keep" box.
    assert [(row["origin"], row["keep"], row["text"]) for row in found[4:]] == [
        ("new", None, "")
    ] * 3
    assert found[4]["legend"] == "Recommendation 5 (new)"
    values = form_values(page)
    assert values["case_officer"] == "Kari Nordmann"  # the advisor who is logged in
    assert values["case_officer_email"] == "kari.nordmann@example.no"
    assert values["letter_date"] == "2026-11-20"
    assert values["letter_language"] == "en"  # the application's language
    assert values["meeting_date"] == values["case_number"] == values["overall_assessment"] == ""
    assert "no_recommendations" not in values
    # Texts that go into the letter say which language they are in.
    assert page.select_one("#recommendations-0-text")["lang"] == "en"
    assert page.select_one("#overall_assessment")["lang"] == "en"


def test_a_good_letter_is_saved_and_the_preview_shows_it(app, pages, logged_in, reference):
    response = post_letter(pages, reference)
    assert response.status_code == 303
    assert response.location == letter_url(reference) + "/preview"
    assert stored_assessment(app, reference) == {
        "case_number": "26/01234-1",
        "their_reference": "",
        "letter_date": "2026-11-20",
        "letter_language": "en",
        "meeting_date": "2026-11-12",
        "overall_assessment": (
            "The project is well anchored.\n\nThe benefits work must be stronger."
        ),
        "recommendations": [{"key": key, "text": ""} for key in GENERATED_KEYS],
        "follow_up": "",
        "case_officer": "Kari Nordmann",
        "case_officer_title": "Senior adviser",
        "case_officer_email": "kari.nordmann@example.no",  # the advisor's, unless changed
        "copy_to_ministry": False,
    }
    # The generated list and the application's language were kept: not changes.
    assert events(app, reference)[-1] == (
        "letter_saved",
        {
            "fields": [
                "case_number",
                "letter_date",
                "meeting_date",
                "overall_assessment",
                "case_officer",
                "case_officer_title",
                "case_officer_email",
            ]
        },
    )
    preview = pages.get(response.location)
    assert text_of(preview.select_one(".notice--success")) == "The letter is saved."
    letter = text_of(preview.select_one(".document-preview"))
    assert "26/01234-1" in letter
    assert "The benefits work must be stronger." in letter
    assert "The council met the agency on 12 November 2026." in letter


def test_an_empty_letter_date_becomes_today_and_is_stored(app, pages, logged_in, reference):
    assert (
        post_letter(pages, reference, letter_date="", meeting_date="2026-11-19").status_code == 303
    )
    assert stored_assessment(app, reference)["letter_date"] == "2026-11-20"


CASE_NUMBER_FORMAT = (
    "Enter the case number as the archive writes it: year, case and document number, "
    "for example 26/01234-1."
)
POSITION = "Give recommendation 2 a position from 1 to 99, or leave it empty to put it last."


@pytest.mark.parametrize(
    "name, value, anchor, message",
    [
        ("case_number", "", "case_number", "Enter the case number, for example 26/01234-1."),
        ("case_number", "2026/01234-1", "case_number", CASE_NUMBER_FORMAT),
        ("case_number", "26/1234-1", "case_number", CASE_NUMBER_FORMAT),
        ("case_number", "26/01234", "case_number", CASE_NUMBER_FORMAT),
        ("case_number", "26-01234-1", "case_number", CASE_NUMBER_FORMAT),
        (
            "their_reference",
            "x" * 101,
            "their_reference",
            "Shorten the text to at most 100 characters (it has 101).",
        ),
        (
            "letter_date",
            "2026-13-01",
            "letter_date",
            "Enter the date of the letter as a real date, for example 2026-11-20.",
        ),
        ("letter_language", "de", "letter_language-0", "Choose one of the options."),
        (
            "meeting_date",
            "",
            "meeting_date",
            "Enter the date of the meeting, for example 2026-11-12.",
        ),
        (
            "meeting_date",
            "2026-02-30",
            "meeting_date",
            "Enter the date of the meeting as a real date, for example 2026-11-12.",
        ),
        (
            "meeting_date",
            "12.11.2026",
            "meeting_date",
            "Enter the date of the meeting as a real date, for example 2026-11-12.",
        ),
        (
            "meeting_date",
            "2026-11-21",
            "meeting_date",
            "The meeting must be on or before the date of the letter.",
        ),
        (
            "overall_assessment",
            " \n ",
            "overall_assessment",
            "Write the council's overall assessment.",
        ),
        (
            "overall_assessment",
            "x" * 5001,
            "overall_assessment",
            "Shorten the text to at most 5,000 characters (it has 5,001).",
        ),
        ("recommendations-1-position", "0", "recommendations-1-position", POSITION),
        ("recommendations-1-position", "100", "recommendations-1-position", POSITION),
        ("recommendations-1-position", "first", "recommendations-1-position", POSITION),
        ("recommendations-1-position", "-1", "recommendations-1-position", POSITION),
        (
            "recommendations-1-text",
            "",
            "recommendations-1-text",
            "Write the text of recommendation 2, or untick “Keep this recommendation in the "
            "letter” to leave it out.",
        ),
        (
            "recommendations-5-text",
            "x" * 2001,
            "recommendations-5-text",
            "Shorten recommendation 6 to at most 2,000 characters (it has 2,001).",
        ),
        (
            "follow_up",
            "x" * 2001,
            "follow_up",
            "Shorten the text to at most 2,000 characters (it has 2,001).",
        ),
        ("case_officer", "", "case_officer", "Enter the name of the case officer."),
        (
            "case_officer_title",
            "x" * 201,
            "case_officer_title",
            "Shorten the text to at most 200 characters (it has 201).",
        ),
    ],
)
def test_each_bad_field_is_explained_and_the_input_is_kept(
    app, pages, logged_in, reference, name, value, anchor, message
):
    response = post_letter(pages, reference, **{name: value})
    assert response.status_code == 200
    page = pages.page(response)
    assert page.title.get_text().startswith("Error: Write the advice letter")
    assert error_summary(page) == [(f"#{anchor}", message)]
    assert page.select_one(f"#{anchor}") is not None  # the link leads somewhere
    field_id = anchor.removesuffix("-0")
    inline = page.select_one(f"#{field_id}-error")
    assert text_of(inline) == f"Error: {message}"
    # Nothing is lost: what was typed, everywhere on the page.
    kept = form_values(page)
    if name != "letter_language":
        assert kept[name] == value.strip() or kept[name] == value
    for other, typed in LETTER.items():
        if other != name:
            assert kept[other] == typed, other
    assert kept["recommendations-0-keep"] == "y"
    assert stored_assessment(app, reference) == {}
    assert [action for action, _ in events(app, reference)] == []


def test_a_missing_language_is_asked_for(pages, logged_in, reference):
    page = pages.page(post_letter(pages, reference, letter_language=None))
    assert error_summary(page) == [("#letter_language-0", "Choose the language of the letter.")]


def test_a_dropped_recommendation_is_not_checked(app, pages, logged_in, reference):
    values = {"recommendations-1-keep": None, "recommendations-1-position": "first"}
    assert post_letter(pages, reference, **values).status_code == 303
    stored = stored_assessment(app, reference)["recommendations"]
    assert [item["key"] for item in stored] == [GENERATED_KEYS[0], *GENERATED_KEYS[2:]]


def test_a_letter_without_recommendations_must_be_confirmed(app, pages, logged_in, reference):
    dropped = {f"recommendations-{n}-keep": None for n in range(4)}
    page = pages.page(post_letter(pages, reference, **dropped))
    assert error_summary(page) == [
        (
            "#no_recommendations",
            "Keep or write at least one recommendation, or confirm that the letter is to have "
            "none.",
        )
    ]
    response = post_letter(pages, reference, **dropped, no_recommendations="y")
    assert response.status_code == 303
    assert stored_assessment(app, reference)["recommendations"] == []
    letter = text_of(pages.get(response.location).select_one(".document-preview"))
    assert "The council has no further recommendations for the project at this stage." in letter
    # Back in the form: the confirmation stands, and every generated one can be taken back.
    page = pages.get(letter_url(reference))
    assert form_values(page)["no_recommendations"] == "y"
    assert [(row["key"], row["keep"], row["position"]) for row in rows(page)[:4]] == [
        (key, False, "") for key in GENERATED_KEYS
    ]


def test_edit_reorder_drop_and_add_recommendations(app, pages, logged_in, reference):
    generated = generated_texts(app, reference, "en")
    edited = "The council recommends that the business side leads the project's steering group."
    changes = {
        "recommendations-0-text": edited,
        "recommendations-0-position": "3",
        "recommendations-1-keep": None,  # dropped
        "recommendations-2-position": "4",
        "recommendations-3-position": "1",
        "recommendations-4-text": "Publish the benefits plan.\nReport on it every quarter.",
        "recommendations-4-position": "2",
        "recommendations-5-text": "Meet the council again before the procurement starts.",
        "recommendations-5-position": "",  # no position: last
    }
    assert post_letter(pages, reference, **changes).status_code == 303
    assert stored_assessment(app, reference)["recommendations"] == [
        {"key": GENERATED_KEYS[3], "text": ""},
        {"key": None, "text": "Publish the benefits plan.\nReport on it every quarter."},
        {"key": GENERATED_KEYS[0], "text": edited},
        {"key": GENERATED_KEYS[2], "text": ""},
        {"key": None, "text": "Meet the council again before the procurement starts."},
    ]
    assert numbered(letter_docx(pages, reference)) == [
        generated[3],
        "Publish the benefits plan.\nReport on it every quarter.",
        edited,
        generated[2],
        "Meet the council again before the procurement starts.",
    ]
    # The form comes back in the letter's order, the dropped one last and unticked.
    found = rows(pages.get(letter_url(reference)))
    assert [(r["origin"], r["key"], r["keep"], r["position"]) for r in found] == [
        ("generated", GENERATED_KEYS[3], True, "1"),
        ("own", "", True, "2"),
        ("generated", GENERATED_KEYS[0], True, "3"),
        ("generated", GENERATED_KEYS[2], True, "4"),
        ("own", "", True, "5"),
        ("generated", GENERATED_KEYS[1], False, ""),
        ("new", "", None, ""),
        ("new", "", None, ""),
        ("new", "", None, ""),
    ]
    assert found[0]["text"] == generated[3]
    assert found[2]["text"] == edited
    assert found[1]["legend"] == "Recommendation 2 (written by the secretariat)"


def test_equal_positions_keep_the_order_of_the_page(app, pages, logged_in, reference):
    same = {f"recommendations-{n}-position": "5" for n in range(4)}
    same["recommendations-4-text"] = "First of all."
    same["recommendations-4-position"] = "1"
    assert post_letter(pages, reference, **same).status_code == 303
    keys = [item["key"] for item in stored_assessment(app, reference)["recommendations"]]
    assert keys == [None, *GENERATED_KEYS]


def test_a_forged_key_does_not_pass_for_a_generated_recommendation(
    app, pages, logged_in, reference
):
    forged = {"recommendations-4-key": "readiness:renewal:no", "recommendations-4-text": "Mine."}
    assert post_letter(pages, reference, **forged).status_code == 303
    stored = stored_assessment(app, reference)["recommendations"]
    assert stored[-1] == {"key": None, "text": "Mine."}


def test_the_letter_language_changes_the_letter(app, pages, logged_in, reference):
    edited = "Mitt eget råd, skrevet på bokmål."
    assert post_letter(pages, reference, **{"recommendations-0-text": edited}).status_code == 303
    english = docx_texts(letter_docx(pages, reference))
    assert "The council met the agency on 12 November 2026. This letter sums up the council's " in (
        " ".join(english)
    )
    values = {**form_values(pages.get(letter_url(reference))), "letter_language": "nb"}
    response = pages.client.post(letter_url(reference), data=values)
    assert response.status_code == 303
    assert events(app, reference)[-1] == ("letter_saved", {"fields": ["letter_language"]})
    norwegian = docx_texts(letter_docx(pages, reference))
    assert norwegian != english
    assert any("12. november 2026" in text for text in norwegian)
    assert not any("12 November 2026" in text for text in norwegian)
    # The advisor's own words stay as written; the rest follows the letter's language.
    numbered_nb = numbered(letter_docx(pages, reference))
    assert numbered_nb[0] == edited
    assert numbered_nb[1:] == generated_texts(app, reference, "nb")[1:]
    page = pages.get(letter_url(reference))
    assert form_values(page)["letter_language"] == "nb"
    assert page.select_one("#recommendations-1-text")["lang"] == "nb"
    preview = pages.get(letter_url(reference) + "/preview")
    assert preview.select_one(".document-preview")["lang"] == "nb"


def test_saving_without_changes_records_nothing(app, pages, logged_in, reference):
    assert post_letter(pages, reference).status_code == 303
    response = post_letter(pages, reference)
    assert response.status_code == 303
    assert [action for action, _ in events(app, reference)] == ["letter_saved"]
    notice = pages.get(response.location).select_one(".notice--success")
    assert text_of(notice) == "Nothing had changed."


def test_save_and_mark_the_letter_as_ready(app, pages, logged_in, make_application):
    submitted = make_application(answers=ANSWERS, locale="en")
    assert (
        letter_form(pages.get(letter_url(submitted))).select_one("button[name=mark_ready]") is None
    )
    reference = make_application(answers=ANSWERS, locale="en", status=ApplicationStatus.IN_REVIEW)
    button = pages.get(letter_url(reference)).select_one("button[name=mark_ready]")
    assert text_of(button) == "Save and mark the letter as ready"
    response = post_letter(pages, reference, mark_ready="y")
    assert response.status_code == 303
    with app.app_context():
        assert find_application(reference).status == ApplicationStatus.LETTER_READY
    assert [(action, detail.get("to")) for action, detail in events(app, reference)] == [
        ("letter_saved", None),
        ("status_changed", "letter_ready"),
    ]
    # Marking it ready again is not offered, and a forged press changes nothing more.
    assert pages.get(letter_url(reference)).select_one("button[name=mark_ready]") is None
    assert post_letter(pages, reference, mark_ready="y").status_code == 303
    assert [action for action, _ in events(app, reference)] == ["letter_saved", "status_changed"]


def test_a_closed_case_keeps_its_letter(app, pages, logged_in, make_application):
    reference = make_application(answers=ANSWERS, locale="en", status=ApplicationStatus.CLOSED)
    page = pages.get(letter_url(reference))
    assert letter_form(page) is None
    assert "The case is closed" in text_of(page.select_one(".notice"))
    token = pages.csrf_token("/en/advisor/")
    response = pages.client.post(letter_url(reference), data={"csrf_token": token, **LETTER})
    assert response.status_code == 303
    assert response.location == letter_url(reference)
    alert = pages.get(response.location).select_one(".notice[role=alert]")
    assert text_of(alert) == "The case is closed. Reopen it to change the letter."
    assert stored_assessment(app, reference) == {}


def test_the_form_needs_its_csrf_token(app, pages, logged_in, reference):
    response = pages.client.post(letter_url(reference), data=dict(LETTER))
    assert response.status_code == 400
    assert stored_assessment(app, reference) == {}


def test_the_form_in_norwegian(pages, logged_in, reference):
    page = pages.get(letter_url(reference, "nb"))
    assert page.html["lang"] == "nb"
    assert letter_form(page)["action"] == letter_url(reference, "nb")


def received_on(app, reference: str) -> date:
    """The day the request arrived, in Norway (as the advisor's pages show it)."""
    with app.test_request_context("/en/"):
        return to_user_timezone(find_application(reference).submitted_at).date()


def test_a_meeting_before_the_request_arrived_is_refused(app, pages, logged_in, reference):
    arrived = received_on(app, reference)
    day_before = (arrived - timedelta(days=1)).isoformat()
    response = post_letter(pages, reference, meeting_date=day_before)
    assert response.status_code == 200
    page = pages.page(response)
    arrived_text = f"{arrived.day} {arrived:%B} {arrived.year}"
    message = f"The meeting cannot be before the request arrived ({arrived_text})."
    assert error_summary(page) == [("#meeting_date", message)]
    assert form_values(page)["meeting_date"] == day_before  # what was typed is kept
    assert stored_assessment(app, reference) == {}


def test_a_meeting_on_the_day_the_request_arrived_is_accepted(app, pages, logged_in, reference):
    arrived = received_on(app, reference).isoformat()
    assert post_letter(pages, reference, meeting_date=arrived).status_code == 303
    assert stored_assessment(app, reference)["meeting_date"] == arrived


def test_the_copy_to_the_ministry_is_ticked_by_the_advisor(app, pages, logged_in, reference):
    page = pages.get(letter_url(reference))
    box = page.select_one("#copy_to_ministry")
    assert box is not None and not box.has_attr("checked")  # not automatic
    assert post_letter(pages, reference).status_code == 303
    preview = text_of(pages.get(letter_url(reference) + "/preview").select_one(".document-preview"))
    assert "Copy:" not in preview
    assert post_letter(pages, reference, copy_to_ministry="y").status_code == 303
    assert stored_assessment(app, reference)["copy_to_ministry"] is True
    preview = text_of(pages.get(letter_url(reference) + "/preview").select_one(".document-preview"))
    assert "Copy: Ministry of" in preview
    assert events(app, reference)[-1] == ("letter_saved", {"fields": ["copy_to_ministry"]})
