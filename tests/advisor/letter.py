"""Helpers for the letter tests: fill in the letter form the way a browser sends it."""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup

from tests.documents.applications import ANSWERS as JOURNEY_ANSWERS
from webapp.services import audit
from webapp.services.queue import find_application

# The journey's answers: four generated recommendations (business side partly, agile no,
# benefits partly, and the benefits plan still being written).
ANSWERS = dict(JOURNEY_ANSWERS)
GENERATED_KEYS = [
    "readiness:business_involvement:partly",
    "readiness:agile_delivery:no",
    "readiness:benefits_realisation:partly",
    "gap:no_benefits_plan:in_progress",
]
LETTER = {
    "case_number": "26/01234-1",
    "their_reference": "",
    "letter_date": "2026-11-20",
    "letter_language": "en",
    "meeting_date": "2026-11-12",
    "overall_assessment": "The project is well anchored.\n\nThe benefits work must be stronger.",
    "follow_up": "",
    "case_officer": "Kari Nordmann",
    "case_officer_title": "Senior adviser",
}


def case_url(reference: str, lang: str = "en") -> str:
    return f"/{lang}/advisor/applications/{reference}"


def letter_url(reference: str, lang: str = "en") -> str:
    return case_url(reference, lang) + "/letter"


def text_of(element) -> str:
    return re.sub(r"[ \t\r\n]+", " ", element.get_text(" ")).strip()


def letter_form(page: BeautifulSoup):
    return page.select_one("form[method=post][action$='/letter']")


def form_values(page: BeautifulSoup) -> dict[str, str]:
    """What the browser would send for the letter form as shown (no button pressed)."""
    values: dict[str, str] = {}
    for control in letter_form(page).select("input, textarea"):
        name, kind = control.get("name"), control.get("type", "text")
        if not name or kind == "submit":
            continue
        if control.name == "textarea":
            values[name] = re.sub(r"^\r?\n", "", control.get_text())  # as browsers do
        elif kind in ("checkbox", "radio"):
            if control.has_attr("checked"):
                values[name] = control.get("value", "on")
        else:
            values[name] = control.get("value", "")
    return values


def rows(page: BeautifulSoup) -> list[dict[str, Any]]:
    """Each recommendation row of the form: legend, hidden values, keep, text and position."""
    found = []
    for fieldset in page.select("fieldset.recommendation"):
        keep = fieldset.select_one("input[type=checkbox]")
        found.append(
            {
                "legend": text_of(fieldset.select_one("legend")),
                "origin": fieldset.select_one("input[name$='-origin']")["value"],
                "key": fieldset.select_one("input[name$='-key']")["value"],
                "keep": None if keep is None else keep.has_attr("checked"),
                "text": fieldset.select_one("textarea").get_text().strip(),
                "position": fieldset.select_one("input[name$='-position']").get("value", ""),
            }
        )
    return found


def error_summary(page: BeautifulSoup) -> list[tuple[str, str]]:
    summary = page.select_one(".error-summary")
    if summary is None:
        return []
    return [(a["href"], text_of(a)) for a in summary.select("a")]


def stored_assessment(app, reference: str) -> dict[str, Any]:
    with app.app_context():
        return dict(find_application(reference).assessment)


def events(app, reference: str) -> list[tuple[str, dict]]:
    """The application's events, oldest first."""
    with app.app_context():
        application = find_application(reference)
        return [(e.action, e.detail) for e in audit.history(application)][::-1]
