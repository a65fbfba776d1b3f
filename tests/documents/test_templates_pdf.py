"""LibreOffice converts every generated document to PDF (the appendices' spreadsheet too): a
second reader besides python-docx and openpyxl."""

from __future__ import annotations

import pytest

from tests.documents.applications import ASSESSMENT, store_application
from tests.documents.libreoffice import convert_to_pdf, needs_libreoffice
from tests.documents.test_templates_hostile import HOSTILE_ANSWERS, HOSTILE_ASSESSMENT
from webapp.services import appendices, documents

pytestmark = needs_libreoffice


@pytest.fixture
def ctx(app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the conversion does not depend on the database; checked on SQLite")
    with app.app_context():
        yield


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("case", ["ordinary", "hostile"])
def test_libreoffice_converts_every_document_to_pdf(tmp_path, case):
    if case == "ordinary":
        application = store_application(assessment=ASSESSMENT)
    else:
        application = store_application(HOSTILE_ANSWERS, assessment=HOSTILE_ASSESSMENT)
    files = [
        *documents.application_documents(application),
        documents.advice_letter(application),
        *(appendices.appendix_document(application, number) for number in ("1", "2")),
        appendices.npv_spreadsheet(application),
    ]
    sources = []
    for document in files:
        source = tmp_path / document.filename
        source.write_bytes(document.content)
        sources.append(source)
    convert_to_pdf(sources, tmp_path)
