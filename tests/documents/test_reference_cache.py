"""The reference package is read once and kept; every document still starts from a clean copy."""

import shutil

import docx

from letter_templates import REFERENCE_DOCX
from tests.documents.helpers import body_elements, open_docx
from webapp.documents import DocumentMeta, Heading, Paragraph, Run, render_docx
from webapp.documents.package import open_reference


def test_each_document_starts_from_the_untouched_reference():
    first = open_reference(REFERENCE_DOCX)
    first.add_paragraph("only in the first")
    first.core_properties.title = "changed"
    second = open_reference(REFERENCE_DOCX)
    pristine = docx.Document(str(REFERENCE_DOCX))
    assert [p.text for p in second.paragraphs] == [p.text for p in pristine.paragraphs]
    assert second.core_properties.title == pristine.core_properties.title
    assert second.element is not first.element


def test_documents_built_one_after_another_do_not_leak_into_each_other():
    meta = DocumentMeta(title="T", language="nb")
    render_docx([Heading(1, (Run("Første"),))], meta)
    later = open_docx(render_docx([Paragraph((Run("Andre"),))], meta))
    assert [p.text for p in later.paragraphs] == ["Andre"]
    assert len(body_elements(later)) == 1


def test_a_changed_reference_file_is_read_again(tmp_path):
    reference = tmp_path / "reference.docx"
    shutil.copy(REFERENCE_DOCX, reference)
    open_reference(reference)
    changed = docx.Document(str(reference))
    changed.core_properties.subject = "a new reference"
    changed.save(str(reference))
    assert open_reference(reference).core_properties.subject == "a new reference"
