"""LibreOffice, as a stand-in for every other consumer, opens what we write."""

from tests.documents.libreoffice import convert_to_pdf, needs_libreoffice
from tests.documents.samples import render_sample_letter

pytestmark = needs_libreoffice


def test_libreoffice_converts_a_generated_document_to_pdf(tmp_path):
    source = tmp_path / "letter.docx"
    source.write_bytes(render_sample_letter())
    convert_to_pdf([source], tmp_path, timeout=180)
