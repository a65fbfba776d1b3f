"""The whole advisor's path, as the workspace is meant to be used: an account made from the
command line, a search in a full queue, the assessment written, the letter read and downloaded,
the case marked ready, and every step in the history."""

from __future__ import annotations

from datetime import date

import pytest

from tests.advisor.conftest import add_many
from tests.advisor.letter import ANSWERS, case_url, form_values, letter_url, text_of
from tests.documents.applications import docx_blocks, docx_texts
from tests.documents.helpers import open_docx
from webapp.services import assessment

PASSWORD = "grønne fjell og blå fjorder"
OVERALL = "The council finds the project well prepared.\n\nThe benefits work needs an owner."


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(assessment, "today", lambda: date(2026, 11, 20))


def test_from_the_command_line_to_a_downloaded_letter(app, runner, pages, make_application):
    result = runner.invoke(
        args=[
            "advisors",
            "create",
            "--email",
            "siri.lund@example.no",
            "--name",
            "Siri Lund",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    add_many(app, 300)  # references VV-2026-000001 to VV-2026-000300
    reference = make_application(answers=ANSWERS, locale="en", reference="VV-2026-004711")

    # Log in, and find the application among three hundred others.
    response = pages.submit(
        "/en/advisor/login", {"email": "Siri.Lund@example.no", "password": PASSWORD}
    )
    assert response.status_code == 303 and response.location == "/en/advisor/"
    queue = pages.get("/en/advisor/?q=FØRERKORT")
    assert "1 application found." in text_of(queue.select_one("main [role=status]"))
    link = queue.select_one("table.data tbody a")
    assert link["href"] == case_url(reference)

    # Read it and start the review.
    page = pages.get(link["href"])
    assert page.select_one("h1").get_text(strip=True) == "Digital førerkortfornyelse"
    response = pages.submit(
        case_url(reference) + "/status", {"status": "in_review"}, form_url=case_url(reference)
    )
    assert response.status_code == 303

    # Write the assessment: keep the generated recommendations, add one of her own first.
    letter_link = pages.get(case_url(reference)).select_one(
        "section[aria-labelledby=documents-heading] a[href$='/letter']"
    )
    form = pages.get(letter_link["href"])
    values = {
        **form_values(form),
        "case_number": "26/04711-2",
        "meeting_date": "2026-11-12",
        "overall_assessment": OVERALL,
        "case_officer_title": "Senior adviser",
        "recommendations-4-text": "Name an owner for each benefit before the next phase.",
        "recommendations-4-position": "1",
        "recommendations-0-position": "2",  # equal positions keep the order of the page
    }
    response = pages.client.post(letter_url(reference), data=values)
    assert response.status_code == 303

    # Preview, then download the letter that carries it.
    preview = pages.get(response.location)
    letter_text = text_of(preview.select_one(".document-preview"))
    assert "26/04711-2" in letter_text and "The benefits work needs an owner." in letter_text
    download = preview.select_one("a[href$='/letter.docx']")["href"]
    response = pages.client.get(download)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    document = open_docx(response.data)
    texts = docx_texts(document)
    assert "26/04711-2" in texts
    assert "The benefits work needs an owner." in texts
    assert "Siri Lund" in " ".join(texts) and "Senior adviser" in " ".join(texts)
    recommendations = [text for style, text in docx_blocks(document) if style == "List Number"]
    assert recommendations[0] == "Name an owner for each benefit before the next phase."
    assert len(recommendations) == 5

    # The letter is ready.
    response = pages.submit(
        case_url(reference) + "/status", {"status": "letter_ready"}, form_url=case_url(reference)
    )
    assert response.status_code == 303

    page = pages.get(case_url(reference))
    rows = page.select("section[aria-labelledby=history-heading] tbody tr")
    steps = [(text_of(row.select("td")[1]), text_of(row.select("td")[2])) for row in rows][::-1]
    assert steps == [
        ("Siri Lund", "Read the application."),
        ("Siri Lund", "Changed the status from “Submitted” to “In review”."),
        (
            "Siri Lund",
            "Saved the letter; changed: case number, date of the letter, date of the meeting, "
            "overall assessment, recommendations, case officer, case officer's title, and "
            "case officer's e-mail address.",
        ),
        ("Siri Lund", "Downloaded the advice letter in English."),
        ("Siri Lund", "Changed the status from “In review” to “Letter ready”."),
    ]
