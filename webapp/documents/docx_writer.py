"""Write blocks to DOCX on the reference document, with real Word styles."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml.etree import XMLParser, fromstring, strip_tags

from letter_templates import REFERENCE_DOCX
from webapp.documents.blocks import (
    Block,
    DocumentMeta,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    Runs,
    Table,
)
from webapp.documents.column_widths import TableLayout, table_layout
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
_BREAKS = re.compile("([\n\t\u00ad])")
_W_DECLARATION = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
# A picture in the text, as Word writes one: its size, its alternative text (descr), the
# image part it shows (r:embed).
_PICTURE = (
    '<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0"'
    ' distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{id}" name="Picture {id}"'
    ' descr="{alt}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/>'
    "</wp:cNvGraphicFramePr><a:graphic><a:graphicData"
    ' uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
    '<pic:cNvPr id="{id}" name="{name}" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
    '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
    '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
    "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
)
_TEXT_SPECIALS = re.compile("[&<>\r]")
_RUN_STARTS = {  # (bold, italic) → start of a w:r with its properties
    (False, False): "<w:r>",
    (True, False): "<w:r><w:rPr><w:b/></w:rPr>",
    (False, True): "<w:r><w:rPr><w:i/></w:rPr>",
    (True, True): "<w:r><w:rPr><w:b/><w:i/></w:rPr>",
}
# Width automatic, the grid's widths as computed (column_widths), not re-flowed by the word
# processor; header row on, banding off: what the table styles are drawn for.
_TABLE_WIDTH = '<w:tblW w:w="0" w:type="auto"/><w:tblLayout w:type="fixed"/>'
_TABLE_LOOK = (
    '<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0"'
    ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
)
_BODY_SIZE = 22  # half points: the reference document's body text
_HEADER_SHADING = f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>'
_CORE_TEXT_LIMIT = 255  # characters python-docx allows in a core property


def render_docx(
    blocks: Iterable[Block],
    meta: DocumentMeta,
    reference: Path = REFERENCE_DOCX,
    images: Mapping[str, bytes] | None = None,
) -> bytes:
    """Return the DOCX bytes for ``blocks`` written on the ``reference`` document; a
    :class:`Figure` shows the PNG that ``images`` holds under its name.

    The same blocks, meta, reference and images always give the same bytes.
    """
    document = open_reference(reference)
    _set_language(document, WORD_LANGUAGES[meta.language])
    _set_core_properties(document, meta)
    writer = _BodyWriter(document, images or {})
    for block in blocks:
        writer.write(block)
    writer.finish()
    return save_docx(document)


class _BodyWriter:
    """Appends blocks to the body as WordprocessingML.

    The blocks are written as one string of markup, parsed once and moved before the
    section properties. Making each element through lxml cost a few microseconds apiece,
    most of the time a three-page letter took; python-docx's paragraph and table objects
    cost ten times more. The markup is the same python-docx would write.
    """

    def __init__(self, document: DocxDocument, images: Mapping[str, bytes]) -> None:
        self._document = document
        self._images = images
        self._pictures = 0
        self._numbering = document.part.numbering_part.element
        self._number_abstract_id = self._abstract_num_id(NUMBER_STYLE_ID)
        self._end = document.element.body.sectPr  # new content goes before it
        section = document.sections[-1]
        block_width = section.page_width - section.left_margin - section.right_margin
        self._block_width_twips = block_width // _EMU_PER_TWIP
        self._xml: list[str] = []

    def write(self, block: Block) -> None:
        if isinstance(block, Heading):
            _paragraph(self._xml, block.runs, HEADING_STYLE_IDS[block.level])
        elif isinstance(block, Paragraph):
            _paragraph(self._xml, block.runs, PARAGRAPH_STYLE_IDS[block.style])
        elif isinstance(block, ListBlock):
            self._list(block)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Figure):
            self._figure(block)
        else:
            raise TypeError(f"not a document block: {block!r}")

    def finish(self) -> None:
        """Put what was written into the body."""
        markup = f"<w:body {_W_DECLARATION}>{''.join(self._xml)}</w:body>"
        # Huge text nodes are allowed: the text is escaped, and python-docx has no limit.
        fragment = fromstring(markup, XMLParser(huge_tree=True, resolve_entities=False))
        # Moved in as one element, then unwrapped: moving each child costs more than
        # the parse.
        self._end.addprevious(fragment)
        strip_tags(self._end.getparent(), fragment.tag)
        self._xml = []

    def _figure(self, block: Figure) -> None:
        """The picture as wide as the text block, its height kept in proportion. The image
        part goes in through python-docx's own method, which names it by its digest."""
        if block.image not in self._images:
            raise KeyError(f"no image named {block.image!r} for the document")
        rid, image = self._document.part.get_or_add_image(io.BytesIO(self._images[block.image]))
        cx = self._block_width_twips * _EMU_PER_TWIP
        cy = round(cx * image.px_height / image.px_width)
        self._pictures += 1
        self._xml.append(
            _PICTURE.format(
                cx=cx,
                cy=cy,
                id=self._pictures,
                rid=rid,
                name=f"{block.image}.png",
                alt=_escape_attribute(block.alt),
            )
        )

    def _list(self, block: ListBlock) -> None:
        if not block.ordered:
            for item in block.items:
                _paragraph(self._xml, item, BULLET_STYLE_ID)
            return
        num_id = self._restarted_numbering()
        for item in block.items:
            _paragraph(self._xml, item, NUMBER_STYLE_ID, num_id=num_id)

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
        xml = self._xml
        if block.caption:
            _paragraph(xml, block.caption, CAPTION_STYLE_ID)
        xml.append(f'<w:tbl><w:tblPr><w:tblStyle w:val="{TABLE_STYLE_IDS[block.kind]}"/>')
        layout = self._layout(block)
        xml.append(_TABLE_WIDTH)
        if layout.font_half_points != _BODY_SIZE:  # a compact table: narrower margins too
            margin = layout.cell_margin
            xml.append(
                f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
                f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
            )
        xml.append(_TABLE_LOOK)
        if block.caption:
            # w:tblCaption is the table's title for assistive technology (Word's Alt Text).
            text = strip_xml_invalid("".join(run.text for run in block.caption))
            xml.append(f'<w:tblCaption w:val="{_escape_attribute(text)}"/>')
        xml.append("</w:tblPr><w:tblGrid>")
        xml.extend(f'<w:gridCol w:w="{width}"/>' for width in layout.widths)
        xml.append("</w:tblGrid>")
        cell_starts = [
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>' for width in layout.widths
        ]
        size = None if layout.font_half_points == _BODY_SIZE else layout.font_half_points
        for rows, is_header in ((block.header, True), (block.body, False)):
            # A row stays on one page (unless it is taller than a page); Word and
            # LibreOffice repeat header rows at the top of every page.
            row_start = "<w:tr><w:trPr><w:cantSplit/>" + (
                "<w:tblHeader/></w:trPr>" if is_header else "</w:trPr>"
            )
            shade = _HEADER_SHADING if is_header and block.kind == "data" else ""
            style_id = CELL_STYLE_IDS[(block.kind, is_header)]
            for cells in rows:
                xml.append(row_start)
                for runs, cell_start in zip(cells, cell_starts, strict=True):
                    xml.append(cell_start)
                    xml.append(shade)
                    xml.append("</w:tcPr>")
                    _paragraph(xml, runs, style_id, size=size)
                    xml.append("</w:tc>")
                xml.append("</w:tr>")
        xml.append("</w:tbl>")

    def _layout(self, block: Table) -> TableLayout:
        if block.kind == "refs":  # the letter's reference block: equal columns, like a form
            width = self._block_width_twips // block.column_count
            return TableLayout([width] * block.column_count, _BODY_SIZE, 0)
        return table_layout((*block.header, *block.body), self._block_width_twips)


def _paragraph(
    xml: list[str],
    runs: Runs,
    style_id: str | None,
    num_id: int | None = None,
    size: int | None = None,
) -> None:
    """Append a w:p holding ``runs`` to ``xml``; ``size`` in half points overrides the style's."""
    if style_id is None and num_id is None:
        xml.append("<w:p>")
    else:
        xml.append("<w:p><w:pPr>")
        if style_id is not None:
            xml.append(f'<w:pStyle w:val="{style_id}"/>')
        if num_id is not None:
            xml.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
        xml.append("</w:pPr>")
    for run in runs:
        xml.append(_RUN_STARTS[run.bold, run.italic] if size is None else _sized_run(run, size))
        for piece in _BREAKS.split(strip_xml_invalid(run.text)):
            if piece == "\n":
                xml.append("<w:br/>")
            elif piece == "\t":
                xml.append("<w:tab/>")
            elif piece == "\u00ad":  # a soft hyphen: where a long word may break
                xml.append("<w:softHyphen/>")
            elif piece:
                if piece[0].isspace() or piece[-1].isspace():
                    xml.append('<w:t xml:space="preserve">')
                else:
                    xml.append("<w:t>")
                xml.append(_escape_text(piece))
                xml.append("</w:t>")
        xml.append("</w:r>")
    xml.append("</w:p>")


def _sized_run(run: Run, size: int) -> str:
    bold = "<w:b/>" if run.bold else ""
    italic = "<w:i/>" if run.italic else ""
    return f'<w:r><w:rPr>{bold}{italic}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'


def _escape_text(text: str) -> str:
    # A carriage return is written as a reference: the parser would read a bare one as "\n".
    if _TEXT_SPECIALS.search(text) is None:
        return text
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _escape_attribute(text: str) -> str:
    # Tabs and line ends as references too: the parser turns bare ones into spaces.
    return _escape_text(text).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


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
