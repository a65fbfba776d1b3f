"""The decision letters on co-financing: their text in nb, nn and en against reviewed
snapshots, the preview carrying the same text as the DOCX, and LibreOffice converting each.

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/documents/test_decision_letters.py
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.documents.applications import docx_texts, html_texts, snapshot_text, store_application
from tests.documents.helpers import open_docx
from tests.documents.libreoffice import convert_to_pdf, needs_libreoffice
from tests.documents.test_templates_snapshots import check_snapshot
from webapp.extensions import db
from webapp.models import Advisor, AdvisorRole, Call, GrantDecision
from webapp.services import decisions, documents

LETTERS = tuple(documents.DECISION_LETTERS)


@pytest.fixture
def ctx(app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the letters do not depend on the database; checked on SQLite")
    with app.app_context():
        yield


def decided(letter: str, language: str, reference: str = "VV-2026-000123"):
    """An application in the 2027 call with the decision behind `letter`, all dates fixed."""
    application = store_application(locale="nn" if language == "nn" else "nb", reference=reference)
    call = db.session.scalar(db.select(Call).where(Call.year == 2027)) or Call(
        year=2027,
        ruleset_id="digdir-10-100",
        pot=190_000_000,
        opens_on=date(2026, 10, 15),
        deadline_at=datetime(2027, 1, 20, 11, 0),
    )
    lead = db.session.scalar(
        db.select(Advisor).where(Advisor.email == "lena.leder@example.no")
    ) or Advisor(
        email="lena.leder@example.no", name="Lena Leder", password_hash="x", role=AdvisorRole.LEAD
    )
    db.session.add_all([call, lead])
    db.session.flush()
    application.call_id = call.id
    grant = letter != decisions.REJECTION_LETTER
    decision = GrantDecision(
        application_id=application.id,
        outcome=decisions.GRANT if grant else decisions.REJECTION,
        amount=4_000_000 if grant else None,
        conditions="Styringsgruppa får ein rapport kvart kvartal." if grant else None,
        plan_due_on=date(2027, 6, 15) if grant else None,
        reasons=[] if grant else ["beyond_pot"],
        reasons_text=None if grant else "Andre søknader tok opp ramma for året.",
        letter_language=language,
        case_number="27/00123-4",
        letter_date=date(2027, 5, 12),
        case_officer_id=lead.id,
        sent_at=datetime(2027, 5, 12, 10, 0),
    )
    if letter == decisions.FINAL_LETTER:
        decision.plan_status = decisions.PLAN_APPROVED
        decision.final_amount = 3_500_000
        decision.final_letter_date = date(2027, 8, 20)
    db.session.add(decision)
    db.session.commit()
    return application


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("letter", LETTERS)
def test_decision_letter_snapshot(letter, language):
    application = decided(letter, language)
    document = open_docx(documents.decision_letter(application, letter).content)
    check_snapshot(f"{letter}.{language}", snapshot_text(document))


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("letter", LETTERS)
def test_the_preview_carries_the_letters_text(letter, language):
    application = decided(letter, language)
    preview = documents.decision_letter_preview_html(application, letter)
    docx_file = documents.decision_letter(application, letter)
    assert html_texts(preview) == docx_texts(open_docx(docx_file.content))


@needs_libreoffice
@pytest.mark.usefixtures("ctx")
def test_libreoffice_converts_every_decision_letter(tmp_path):
    sources = []
    for number, letter in enumerate(LETTERS, start=1):
        application = decided(letter, "nn", reference=f"VV-2026-00012{number}")
        document = documents.decision_letter(application, letter)
        source = tmp_path / document.filename
        source.write_bytes(document.content)
        sources.append(source)
    pdfs = convert_to_pdf(sources, tmp_path)
    assert len(pdfs) == len(LETTERS)
    assert all(pdf.stat().st_size > 1_000 for pdf in pdfs)
