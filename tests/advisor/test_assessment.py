"""The assessment service on its own: ordering, what counts as a change, and what is stored."""

from __future__ import annotations

from datetime import date

import pytest

from tests.advisor.letter import ANSWERS, GENERATED_KEYS
from webapp.extensions import db
from webapp.models import Advisor, ApplicationStatus
from webapp.services import assessment
from webapp.services.assessment import RecommendationChoice as Choice
from webapp.services.assessment_model import StoredRecommendation as Stored
from webapp.services.queue import find_application
from webapp.services.recommendations import generated_recommendations

LETTER = {
    "case_number": "26/01234-1",
    "their_reference": "",
    "letter_date": date(2026, 11, 20),
    "letter_language": "en",
    "meeting_date": date(2026, 11, 12),
    "overall_assessment": "Good.",
    "follow_up": "",
    "case_officer": "Kari Nordmann",
    "case_officer_title": "",
}


@pytest.fixture
def ctx(app, make_application, advisor):
    reference = make_application(answers=ANSWERS, locale="en")
    with app.test_request_context("/en/"):
        yield find_application(reference), db.session.get(Advisor, advisor.id)


def kept(key: str | None, text: str = "", position: int | None = None) -> Choice:
    return Choice(key=key, text=text, position=position, included=True)


def test_order_by_position_then_by_row(ctx):
    application, _ = ctx
    choices = [
        kept(GENERATED_KEYS[0], position=2),
        kept(GENERATED_KEYS[1], position=None),
        kept(GENERATED_KEYS[2], position=2),
        kept(None, "Own, first.", position=1),
        Choice(GENERATED_KEYS[3], "", 1, included=False),
        kept(None, "Own, last.", position=None),
    ]
    stored = assessment.ordered_recommendations(application, choices)
    assert [(item.key, item.text) for item in stored] == [
        (None, "Own, first."),
        (GENERATED_KEYS[0], ""),
        (GENERATED_KEYS[2], ""),
        (GENERATED_KEYS[1], ""),
        (None, "Own, last."),
    ]


def test_generated_wording_in_any_language_is_stored_as_unchanged(ctx):
    application, _ = ctx
    english = generated_recommendations(application, "en")[0].text
    norwegian = generated_recommendations(application, "nb")[0].text
    for text in (english, norwegian, english.replace(". ", ".\n"), "  "):
        stored = assessment.ordered_recommendations(application, [kept(GENERATED_KEYS[0], text)])
        assert stored == (Stored(GENERATED_KEYS[0], ""),), text
    stored = assessment.ordered_recommendations(application, [kept(GENERATED_KEYS[0], "Mine.")])
    assert stored == (Stored(GENERATED_KEYS[0], "Mine."),)


def test_unknown_and_repeated_keys_become_the_advisors_own(ctx):
    application, _ = ctx
    choices = [
        kept(GENERATED_KEYS[0], "One."),
        kept(GENERATED_KEYS[0], "Two."),
        kept("readiness:renewal:no", "Three."),
        kept(None, "   "),  # an own row without text is nothing
    ]
    assert assessment.ordered_recommendations(application, choices) == (
        Stored(GENERATED_KEYS[0], "One."),
        Stored(None, "Two."),
        Stored(None, "Three."),
    )


def test_saving_assigns_a_new_dict_and_names_the_changes(ctx):
    application, advisor = ctx
    application.assessment = {"unrelated": "kept"}
    db.session.commit()
    before = application.assessment
    choices = [kept(key) for key in GENERATED_KEYS]
    changed = assessment.save_assessment(
        application, {**LETTER, "recommendations": choices}, advisor
    )
    assert application.assessment is not before
    assert application.assessment["unrelated"] == "kept"
    assert "recommendations" not in changed  # the generated list, as it was
    assert "letter_language" not in changed  # the application's language, as it was
    db.session.expire_all()
    assert find_application(application.reference).assessment["case_number"] == "26/01234-1"
    changed = assessment.save_assessment(
        application,
        {**LETTER, "letter_language": "nb", "recommendations": choices[::-1]},
        advisor,
    )
    assert changed == ["letter_language", "recommendations"]


def test_a_closed_case_is_refused(ctx):
    application, advisor = ctx
    application.status = ApplicationStatus.CLOSED
    db.session.commit()
    with pytest.raises(assessment.AssessmentLocked):
        assessment.save_assessment(application, {**LETTER, "recommendations": []}, advisor)
    assert application.assessment == {}


def test_mark_ready_only_moves_a_case_in_review(ctx):
    application, advisor = ctx
    data = {**LETTER, "recommendations": []}
    assessment.save_assessment(application, data, advisor, mark_ready=True)
    assert application.status == ApplicationStatus.SUBMITTED
    application.status = ApplicationStatus.IN_REVIEW
    db.session.commit()
    assessment.save_assessment(application, data, advisor, mark_ready=True)
    assert application.status == ApplicationStatus.LETTER_READY


def test_rows_survive_odd_stored_lists(ctx):
    application, _ = ctx
    application.assessment = {
        "recommendations": [
            "not a mapping",
            {"key": 7, "text": "A key that is not text."},
            {"key": None, "text": ""},
            {"key": GENERATED_KEYS[2]},
        ]
    }
    rows = assessment.recommendation_rows(application)
    assert [(row.origin, row.key, row.keep) for row in rows] == [
        ("own", None, True),
        ("generated", GENERATED_KEYS[2], True),
        ("generated", GENERATED_KEYS[0], False),
        ("generated", GENERATED_KEYS[1], False),
        ("generated", GENERATED_KEYS[3], False),
        ("new", None, False),
        ("new", None, False),
        ("new", None, False),
    ]
    assert rows[0].text == "A key that is not text."
    assert rows[1].text == generated_recommendations(application, "en")[2].text
