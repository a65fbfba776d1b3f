"""The stored assessment is read once, into one typed model, by every reader alike."""

from __future__ import annotations

from datetime import date

import pytest

from tests.advisor.letter import ANSWERS, letter_url, rows
from webapp.models import ApplicationStatus
from webapp.services import assessment
from webapp.services.assessment_model import MAX_RECOMMENDATIONS, Assessment, StoredRecommendation
from webapp.services.documents import advice_letter_context
from webapp.services.queue import find_application


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(assessment, "today", lambda: date(2026, 11, 20))


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (None, Assessment()),
        ([], Assessment()),
        ("text", Assessment()),
        ({"case_number": " 26/01234-1 "}, Assessment(case_number="26/01234-1")),
        ({"case_number": 26}, Assessment()),
        ({"letter_date": "2026-11-20"}, Assessment(letter_date=date(2026, 11, 20))),
        ({"letter_date": "20261120"}, Assessment()),
        ({"letter_date": "2026-02-30"}, Assessment()),
        ({"meeting_date": ["2026-11-12"]}, Assessment()),
        ({"letter_language": "nn"}, Assessment(letter_language="nn")),
        ({"letter_language": "de"}, Assessment()),
        ({"letter_language": ["en"]}, Assessment()),
        ({"recommendations": "all"}, Assessment()),
        ({"recommendations": []}, Assessment(recommendations=())),
        (
            {"recommendations": [{"key": "gap:no_partners", "text": " Own words. "}]},
            Assessment(recommendations=(StoredRecommendation("gap:no_partners", "Own words."),)),
        ),
        (
            {"recommendations": [{"key": 7, "text": 5}, "x", {"key": "", "text": "Mine."}]},
            Assessment(
                recommendations=(
                    StoredRecommendation(None, ""),
                    StoredRecommendation(None, "Mine."),
                )
            ),
        ),
    ],
)
def test_whatever_is_stored_reads_as_typed_fields(stored, expected):
    assert Assessment.from_json(stored) == expected


def test_a_long_stored_list_reads_as_the_most_a_letter_holds():
    stored = {"recommendations": [{"key": None, "text": str(n)} for n in range(100)]}
    assert len(Assessment.from_json(stored).recommendations) == MAX_RECOMMENDATIONS


def test_the_model_writes_what_it_reads_and_keeps_keys_it_does_not_know():
    stored = {
        "case_number": "26/01234-1",
        "letter_date": "2026-11-20",
        "meeting_date": "",
        "letter_language": "en",
        "recommendations": [{"key": None, "text": "Mine."}],
        "decision": {"kind": "kept by someone else"},
    }
    model = Assessment.from_json(stored)
    written = model.to_json()
    assert written["decision"] == {"kind": "kept by someone else"}
    assert Assessment.from_json(written) == model
    assert written["letter_date"] == "2026-11-20" and written["meeting_date"] == ""


def test_the_letter_and_the_form_read_a_malformed_list_alike(
    app, pages, logged_in, make_application
):
    # A number where text belongs: the letter used to print "5" while the form dropped it.
    stored = {"recommendations": [{"key": None, "text": 5}, {"key": None, "text": "Mine."}]}
    reference = make_application(
        status=ApplicationStatus.IN_REVIEW, answers=ANSWERS, locale="en", assessment=stored
    )
    with app.test_request_context("/en/"):
        letter = advice_letter_context(find_application(reference))
    assert [r.text for r in letter["recommendations"]] == ["Mine."]
    kept = [row["text"] for row in rows(pages.get(letter_url(reference))) if row["keep"]]
    assert kept == ["Mine."]
    preview = pages.get(letter_url(reference) + "/preview").get_text()
    assert "Mine." in preview
