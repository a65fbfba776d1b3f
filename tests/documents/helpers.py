"""Reading generated documents back in tests."""

import io
import zipfile

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


def save_with_public_api(document: DocxDocument) -> bytes:
    """The public way: Document.save, then each member rewritten with the fixed metadata."""
    saved = io.BytesIO()
    document.save(saved)
    source = zipfile.ZipFile(io.BytesIO(saved.getvalue()))
    rewritten = io.BytesIO()
    with zipfile.ZipFile(rewritten, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member.filename), compresslevel=6)
    return rewritten.getvalue()
