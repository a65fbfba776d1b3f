"""Submitted applications for the document tests, stored as the wizard stores them, and ways
to read a generated document back as text."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bs4 import BeautifulSoup
from docx.document import Document as DocxDocument
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from tests.apply.journey import (
    APPLICANT,
    COFINANCING,
    COUNCIL,
    PROJECT,
    READINESS,
    YEARLY_FIGURES,
)
from tests.documents.helpers import W_P, W_TBL
from webapp.extensions import db
from webapp.models import Application, ApplicationStatus

SUBMITTED_AT = datetime(2026, 10, 24, 9, 30)
UPDATED_AT = datetime(2026, 11, 2, 14, 0)

# The journey's answers (tests/apply/journey.py) as the wizard stores them once parsed.
ANSWERS: dict[str, Any] = {
    **APPLICANT,
    "org_number": "971032081",
    **PROJECT,
    "project_summary": "Fornye førerkort digitalt.\nUten oppmøte på trafikkstasjon.",
    "total_cost": 12_500_000,
    "estimate_kind": "p50",
    "schemes": ["cofinancing", "council"],
    **{key: value for key, value in COFINANCING.items() if not key.startswith("yearly_figures-")},
    "requested_amount": 3_000_000,
    "yearly_figures": YEARLY_FIGURES,
    "benefits_plan": "in_progress",
    **COUNCIL,
    **READINESS,
    "declaration": True,
}

ASSESSMENT: dict[str, Any] = {
    "overall_assessment": (
        "Prosjektet er godt forankret og har en tydelig gevinstside.\n\n"
        "Rådet mener likevel at gevinstarbeidet må styrkes før gjennomføring."
    ),
    "case_number": "26/01234-1",
    "case_officer": "Kari Nordmann",
    "case_officer_title": "seniorrådgiver",
    "case_officer_email": "kari.nordmann@digdir.example",
    "meeting_date": "2026-11-12",
    "follow_up": "Rådet ber om en kort statusrapport innen 1. mars 2027.",
}


def chosen(schemes: tuple[str, ...]) -> list[str]:
    return [scheme for scheme in ("cofinancing", "council") if scheme in schemes]


def store_application(
    answers: dict[str, Any] | None = None,
    *,
    locale: str = "nb",
    assessment: dict[str, Any] | None = None,
    reference: str = "VV-2026-000123",
    status: str = ApplicationStatus.SUBMITTED,
    ruleset_id: str = "digdir-10-100",
) -> Application:
    """A submitted application in the database (call inside an app context)."""
    answers = {**ANSWERS, **(answers or {})}
    application = Application(
        reference=reference,
        status=status,
        locale=locale,
        ruleset_id=ruleset_id,
        answers=answers,
        assessment=assessment or {},
        agency_name=str(answers.get("agency_name"))[:300],
        project_title=str(answers.get("project_title"))[:300],
        total_cost=answers.get("total_cost"),
        schemes=",".join(chosen(tuple(answers.get("schemes") or ()))),
        created_at=SUBMITTED_AT,
        updated_at=UPDATED_AT,
        submitted_at=SUBMITTED_AT,
    )
    db.session.add(application)
    db.session.commit()
    return application


# --- reading documents back ---------------------------------------------------------------


def normalise(text: str) -> str:
    # A soft hyphen is invisible until a line breaks there; python-docx reads none.
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def docx_blocks(document: DocxDocument) -> list[tuple[str, str]]:
    """(style, text) for every paragraph of the body in order, table cells included
    (style "cell"), tables' rows as they come."""
    blocks: list[tuple[str, str]] = []
    for child in document.element.body.iterchildren():
        if child.tag == W_P:
            paragraph = DocxParagraph(child, document)
            blocks.append((paragraph.style.name, paragraph.text))
        elif child.tag == W_TBL:
            for row in DocxTable(child, document).rows:
                for cell in row.cells:
                    blocks.append(("cell", "\n".join(p.text for p in cell.paragraphs)))
    return blocks


def docx_texts(document: DocxDocument) -> list[str]:
    return [normalise(text) for _, text in docx_blocks(document) if normalise(text)]


_HTML_TEXT_HOLDERS = ("h1", "h2", "h3", "p", "li", "caption", "th", "td", "dt", "dd")


def html_texts(html: str) -> list[str]:
    """The text of every element that holds text, in document order."""
    soup = BeautifulSoup(html, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    texts = []
    for element in soup.find_all(_HTML_TEXT_HOLDERS):
        if element.find(_HTML_TEXT_HOLDERS):
            continue  # a <dd> with paragraphs: the paragraphs speak for it
        text = normalise(element.get_text())
        if text:
            texts.append(text)
    return texts


def snapshot_text(document: DocxDocument) -> str:
    """The document as reviewable text: one line per paragraph with its style, tables as
    rows of cells."""
    lines = []
    for child in document.element.body.iterchildren():
        if child.tag == W_P:
            paragraph = DocxParagraph(child, document)
            text = paragraph.text.replace("\n", " / ")
            lines.append(f"[{paragraph.style.name}] {text}")
        elif child.tag == W_TBL:
            table = DocxTable(child, document)
            lines.append(f"[table {table.style.name}]")
            for row in table.rows:
                cells = (cell.text.replace("\n", " / ") for cell in row.cells)
                lines.append("  | " + " | ".join(cells))
    return "\n".join(lines) + "\n"
