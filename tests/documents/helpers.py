"""Reading generated documents back in tests."""

import io

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

W_P, W_R, W_TBL = qn("w:p"), qn("w:r"), qn("w:tbl")


def open_docx(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def body_elements(document: DocxDocument) -> list:
    """The paragraphs and tables of the body, in order (without the section properties)."""
    return [child for child in document.element.body if child.tag in (W_P, W_TBL)]


def count(document: DocxDocument, tag: str) -> int:
    return sum(1 for _ in document.element.body.iter(tag))
