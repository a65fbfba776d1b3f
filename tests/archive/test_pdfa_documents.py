"""Every document converts to PDF/A-2b: declared in the XMP metadata, fonts embedded, and the
document's title and language carried over. One LibreOffice run per language."""

from __future__ import annotations

import pytest

from tests.archive.pdfcheck import pdf_facts
from tests.documents.applications import ASSESSMENT, store_application
from tests.documents.libreoffice import needs_libreoffice
from webapp.archive.pdfa import convert_many
from webapp.documents.docx_writer import WORD_LANGUAGES
from webapp.services import appendices, documents

pytestmark = needs_libreoffice


@pytest.fixture
def ctx(app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the conversion does not depend on the database; checked on SQLite")
    with app.app_context():
        yield


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_applications_appendices_and_advice_letter_are_pdfa_2b(lang):
    application = store_application(locale=lang, assessment={**ASSESSMENT, "letter_language": lang})
    files = [
        *documents.application_documents(application),
        *(appendices.appendix_document(application, number) for number in ("1", "2")),
        documents.advice_letter(application),
    ]
    assert len(files) == 5
    pdfs = convert_many([file.content for file in files])
    for file, pdf in zip(files, pdfs, strict=True):
        facts = pdf_facts(pdf)
        assert (facts.pdfa_part, facts.pdfa_conformance) == ("2", "B"), file.filename
        assert facts.fonts and all(facts.fonts.values()), (file.filename, facts.fonts)
        assert facts.title == file.title
        assert facts.xmp_title == file.title
        assert facts.language == WORD_LANGUAGES[lang]
        assert facts.pages >= 1


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_decision_letters_are_pdfa_2b(lang):
    from tests.documents.test_decision_letters import LETTERS, decided

    files = [
        documents.decision_letter(decided(letter, lang, f"VV-2026-00020{n}"), letter)
        for n, letter in enumerate(LETTERS, start=1)
    ]
    pdfs = convert_many([file.content for file in files])
    for file, pdf in zip(files, pdfs, strict=True):
        facts = pdf_facts(pdf)
        assert (facts.pdfa_part, facts.pdfa_conformance) == ("2", "B"), file.filename
        assert facts.fonts and all(facts.fonts.values()), (file.filename, facts.fonts)
        assert facts.title == facts.xmp_title == file.title
        assert facts.language == WORD_LANGUAGES[lang]
