"""Write blocks to DOCX on the reference document, with real Word styles."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from letter_templates import REFERENCE_DOCX
from webapp.documents.blocks import (
    Block,
    DocumentMeta,
    Heading,
    ListBlock,
    Paragraph,
    Runs,
    Table,
)
from webapp.documents.package import normalise_package
from webapp.documents.sanitise import strip_xml_invalid

WORD_LANGUAGES = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}

# Style ids in the reference document (see letter_templates/build_reference.py).
PARAGRAPH_STYLE_IDS = {
    None: None,  # Normal
    "letterhead": "Letterhead",
    "meta": "LetterMeta",
    "signature": "Signature",
    "term": "DefinitionTerm",
    "definition": "Definition",
}
HEADING_STYLE_IDS = {1: "Heading1", 2: "Heading2", 3: "Heading3"}
BULLET_STYLE_ID = "ListBullet"
NUMBER_STYLE_ID = "ListNumber"
CAPTION_STYLE_ID = "Caption"
TABLE_STYLE_IDS = {"data": "TableGrid", "refs": "ReferenceTable"}
CELL_STYLE_IDS = {  # (table kind, is header row) → paragraph style id
    ("data", True): "TableText",
    ("data", False): "TableText",
    ("refs", True): "ReferenceLabel",
    ("refs", False): "ReferenceValue",
}
HEADER_FILL = "F2F2F2"
_CORE_TEXT_LIMIT = 255  # characters python-docx allows in a core property


def render_docx(
    blocks: Iterable[Block], meta: DocumentMeta, reference: Path = REFERENCE_DOCX
) -> bytes:
    """Return the DOCX bytes for ``blocks`` written on the ``reference`` document.

    The same blocks, meta and reference always give the same bytes.
    """
    document = Document(str(reference))
    _set_language(document, WORD_LANGUAGES[meta.language])
    _set_core_properties(document, meta)
    writer = _BodyWriter(document)
    for block in blocks:
        writer.write(block)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_package(buffer.getvalue())


class _BodyWriter:
    def __init__(self, document: DocxDocument) -> None:
        self._document = document
        self._numbering = document.part.numbering_part.element
        self._number_abstract_id = self._abstract_num_id(NUMBER_STYLE_ID)

    def write(self, block: Block) -> None:
        if isinstance(block, Heading):
            self._paragraph(block.runs, HEADING_STYLE_IDS[block.level])
        elif isinstance(block, Paragraph):
            self._paragraph(block.runs, PARAGRAPH_STYLE_IDS[block.style])
        elif isinstance(block, ListBlock):
            self._list(block)
        elif isinstance(block, Table):
            self._table(block)
        else:
            raise TypeError(f"not a document block: {block!r}")

    def _paragraph(self, runs: Runs, style_id: str | None) -> DocxParagraph:
        paragraph = self._document.add_paragraph()
        _fill(paragraph, runs, style_id)
        return paragraph

    def _list(self, block: ListBlock) -> None:
        if not block.ordered:
            for item in block.items:
                self._paragraph(item, BULLET_STYLE_ID)
            return
        num_id = self._restarted_numbering()
        for item in block.items:
            paragraph = self._paragraph(item, NUMBER_STYLE_ID)
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = num_id

    def _restarted_numbering(self) -> int:
        """A new list instance of the List Number definition, starting again at 1.

        Paragraphs that only carry the List Number style share one w:num and so continue
        one count through the whole document; each <ol> gets its own w:num instead.
        """
        num = self._numbering.add_num(self._number_abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    def _abstract_num_id(self, style_id: str) -> int:
        style = self._document.styles.element.get_by_id(style_id)
        num_id = style.pPr.numPr.numId.val
        return self._numbering.num_having_numId(num_id).abstractNumId.val

    def _table(self, block: Table) -> None:
        if block.caption:
            self._paragraph(block.caption, CAPTION_STYLE_ID)
        rows = (*((row, True) for row in block.header), *((row, False) for row in block.body))
        table = self._document.add_table(rows=len(rows), cols=block.column_count)
        table._tbl.tblStyle_val = TABLE_STYLE_IDS[block.kind]
        if block.caption:
            _set_table_caption(table._tbl, "".join(run.text for run in block.caption))
        for docx_row, (cells, is_header) in zip(table.rows, rows, strict=True):
            if is_header:
                # Word and LibreOffice repeat header rows at the top of every page.
                docx_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            style_id = CELL_STYLE_IDS[(block.kind, is_header)]
            for docx_cell, runs in zip(docx_row.cells, cells, strict=True):
                _fill(docx_cell.paragraphs[0], runs, style_id)
                if is_header and block.kind == "data":
                    _shade(docx_cell._tc, HEADER_FILL)


def _fill(paragraph: DocxParagraph, runs: Runs, style_id: str | None) -> None:
    if style_id is not None:
        paragraph._p.style = style_id
    for run in runs:
        docx_run = paragraph.add_run(strip_xml_invalid(run.text))
        if run.bold:
            docx_run.bold = True
        if run.italic:
            docx_run.italic = True


def _shade(tc, fill: str) -> None:
    shd = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    tc.get_or_add_tcPr().append(shd)


def _set_table_caption(tbl, text: str) -> None:
    # w:tblCaption is the table's title for assistive technology (Word's "Alt Text").
    caption = OxmlElement("w:tblCaption", {qn("w:val"): strip_xml_invalid(text)})
    tbl.tblPr.append(caption)


def _set_language(document: DocxDocument, language: str) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)


def _set_core_properties(document: DocxDocument, meta: DocumentMeta) -> None:
    properties = document.core_properties
    properties.title = _core_text(meta.title)
    properties.subject = _core_text(meta.subject)
    properties.author = _core_text(meta.author)
    properties.last_modified_by = _core_text(meta.author)
    properties.keywords = _core_text("; ".join(meta.keywords))
    properties.language = WORD_LANGUAGES[meta.language]
    properties.revision = 1
    element = properties._element
    if meta.created is None:
        for dated in (element.created, element.modified):
            if dated is not None:
                element.remove(dated)
    else:
        created = meta.created
        if created.tzinfo is not None:
            created = created.astimezone(dt.UTC)
        properties.created = properties.modified = created


def _core_text(text: str) -> str:
    return strip_xml_invalid(text)[:_CORE_TEXT_LIMIT]
