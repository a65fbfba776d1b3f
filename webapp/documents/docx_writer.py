"""Write blocks to DOCX on the reference document, with real Word styles."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml.etree import Element, SubElement

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
from webapp.documents.package import open_reference, save_docx
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

_EMU_PER_TWIP = 635
_BREAKS = re.compile("([\n\t])")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Header row on, banding off: what the table styles above are drawn for.
_TABLE_LOOK = {
    _W + "val": "0620",
    _W + "firstRow": "1",
    _W + "lastRow": "0",
    _W + "firstColumn": "0",
    _W + "lastColumn": "0",
    _W + "noHBand": "1",
    _W + "noVBand": "1",
}
_HEADER_SHADING = {_W + "val": "clear", _W + "color": "auto", _W + "fill": HEADER_FILL}
_CORE_TEXT_LIMIT = 255  # characters python-docx allows in a core property


def render_docx(
    blocks: Iterable[Block], meta: DocumentMeta, reference: Path = REFERENCE_DOCX
) -> bytes:
    """Return the DOCX bytes for ``blocks`` written on the ``reference`` document.

    The same blocks, meta and reference always give the same bytes.
    """
    document = open_reference(reference)
    _set_language(document, WORD_LANGUAGES[meta.language])
    _set_core_properties(document, meta)
    writer = _BodyWriter(document)
    for block in blocks:
        writer.write(block)
    return save_docx(document)


class _BodyWriter:
    """Appends blocks to the body as WordprocessingML.

    Elements are made with lxml directly rather than through python-docx's paragraph and
    table objects: those look up schema order for every child they add, which made
    writing a three-page letter ten times slower than opening and saving the reference.
    The markup is the same python-docx would write.
    """

    def __init__(self, document: DocxDocument) -> None:
        self._document = document
        self._numbering = document.part.numbering_part.element
        self._number_abstract_id = self._abstract_num_id(NUMBER_STYLE_ID)
        self._end = document.element.body.sectPr  # new content goes before it
        section = document.sections[-1]
        block_width = section.page_width - section.left_margin - section.right_margin
        self._block_width_twips = block_width // _EMU_PER_TWIP

    def write(self, block: Block) -> None:
        if isinstance(block, Heading):
            self._add(_paragraph(block.runs, HEADING_STYLE_IDS[block.level]))
        elif isinstance(block, Paragraph):
            self._add(_paragraph(block.runs, PARAGRAPH_STYLE_IDS[block.style]))
        elif isinstance(block, ListBlock):
            self._list(block)
        elif isinstance(block, Table):
            self._table(block)
        else:
            raise TypeError(f"not a document block: {block!r}")

    def _add(self, element) -> None:
        self._end.addprevious(element)

    def _list(self, block: ListBlock) -> None:
        if not block.ordered:
            for item in block.items:
                self._add(_paragraph(item, BULLET_STYLE_ID))
            return
        num_id = self._restarted_numbering()
        for item in block.items:
            self._add(_paragraph(item, NUMBER_STYLE_ID, num_id=num_id))

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
            self._add(_paragraph(block.caption, CAPTION_STYLE_ID))
        tbl = Element(_W + "tbl")
        tbl_pr = SubElement(tbl, _W + "tblPr")
        SubElement(tbl_pr, _W + "tblStyle", {_W + "val": TABLE_STYLE_IDS[block.kind]})
        SubElement(tbl_pr, _W + "tblW", {_W + "w": "0", _W + "type": "auto"})
        SubElement(tbl_pr, _W + "tblLook", _TABLE_LOOK)
        if block.caption:
            # w:tblCaption is the table's title for assistive technology (Word's Alt Text).
            text = strip_xml_invalid("".join(run.text for run in block.caption))
            SubElement(tbl_pr, _W + "tblCaption", {_W + "val": text})
        column_width = str(self._block_width_twips // block.column_count)
        grid = SubElement(tbl, _W + "tblGrid")
        for _ in range(block.column_count):
            SubElement(grid, _W + "gridCol", {_W + "w": column_width})
        for cells, is_header in (
            *((row, True) for row in block.header),
            *((row, False) for row in block.body),
        ):
            tr = SubElement(tbl, _W + "tr")
            tr_pr = SubElement(tr, _W + "trPr")
            # A row stays on one page (unless it is taller than a page).
            SubElement(tr_pr, _W + "cantSplit")
            if is_header:
                # Word and LibreOffice repeat header rows at the top of every page.
                SubElement(tr_pr, _W + "tblHeader")
            style_id = CELL_STYLE_IDS[(block.kind, is_header)]
            shade = is_header and block.kind == "data"
            for runs in cells:
                tc = SubElement(tr, _W + "tc")
                tc_pr = SubElement(tc, _W + "tcPr")
                SubElement(tc_pr, _W + "tcW", {_W + "w": column_width, _W + "type": "dxa"})
                if shade:
                    SubElement(tc_pr, _W + "shd", _HEADER_SHADING)
                tc.append(_paragraph(runs, style_id))
        self._add(tbl)


def _paragraph(runs: Runs, style_id: str | None, num_id: int | None = None):
    p = Element(_W + "p")
    if style_id is not None or num_id is not None:
        p_pr = SubElement(p, _W + "pPr")
        if style_id is not None:
            SubElement(p_pr, _W + "pStyle", {_W + "val": style_id})
        if num_id is not None:
            num_pr = SubElement(p_pr, _W + "numPr")
            SubElement(num_pr, _W + "ilvl", {_W + "val": "0"})
            SubElement(num_pr, _W + "numId", {_W + "val": str(num_id)})
    for run in runs:
        r = SubElement(p, _W + "r")
        if run.bold or run.italic:
            r_pr = SubElement(r, _W + "rPr")
            if run.bold:
                SubElement(r_pr, _W + "b")
            if run.italic:
                SubElement(r_pr, _W + "i")
        for piece in _BREAKS.split(strip_xml_invalid(run.text)):
            if piece == "\n":
                SubElement(r, _W + "br")
            elif piece == "\t":
                SubElement(r, _W + "tab")
            elif piece:
                t = SubElement(r, _W + "t")
                t.text = piece
                if piece[0].isspace() or piece[-1].isspace():
                    t.set(_XML_SPACE, "preserve")
    return p


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
