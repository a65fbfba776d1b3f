"""Build reference.docx: the page, styles, numbering and footer every document starts from.

Run from the repository root after changing it, and commit both files:

    python -m letter_templates.build_reference          # writes reference.docx
    python -m letter_templates.build_reference --check  # exit 1 if the file is stale

The output is deterministic: building twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor, Twips

from letter_templates import REFERENCE_DOCX
from webapp.documents.package import save_docx

FONT = "Arial"  # LibreOffice renders it with the metric-compatible Liberation Sans
LANGUAGE = "nb-NO"  # the writer replaces it with the document's language
MUTED = RGBColor(0x40, 0x40, 0x40)  # dark grey, 10:1 contrast on white
RULE_COLOUR = "7F7F7F"

# Built-in styles the engine uses, plus what Word needs to open the file sensibly.
KEEP_STYLES = frozenset(
    {
        "Normal",
        "Default Paragraph Font",
        "Normal Table",
        "No List",
        "Title",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "List Bullet",
        "List Number",
        "Caption",
        "Header",
        "Footer",
        "Table Grid",
    }
)

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

BULLET_NUM_ID = 1
NUMBER_NUM_ID = 2
LIST_INDENT = 357  # twips, about 6.3 mm


def build_reference() -> bytes:
    document = Document()
    _drop_template_baggage(document)
    _set_page(document)
    _set_defaults(document)
    _prune_styles(document)
    _style_builtins(document)
    _add_custom_styles(document)
    _set_numbering(document)
    _set_settings(document)
    _add_footer(document)
    _set_core_properties(document)
    return save_docx(document)


def _drop_template_baggage(document: DocxDocument) -> None:
    """Remove the thumbnail, custom XML and Word 2010 style copy of python-docx's template,
    and replace its font table and application properties with our own."""
    package_rels = document.part.package.rels
    for rId, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rId]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            # No python-docx API for app.xml; the part is a plain blob.
            rel.target_part._blob = _APP_XML.encode()
    for rId, rel in list(document.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, STYLES_WITH_EFFECTS):
            del document.part.rels[rId]
        elif rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = _FONT_TABLE_XML.encode()


def _set_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Twips(11906), Twips(16838)  # A4
    section.top_margin = section.bottom_margin = Twips(1134)  # 2 cm
    section.left_margin = section.right_margin = Twips(1418)  # 2.5 cm
    section.header_distance = Twips(709)
    section.footer_distance = Twips(567)
    for name in ("w:rsidR", "w:rsidRPr", "w:rsidSect"):
        section._sectPr.attrib.pop(qn(name), None)


def _set_defaults(document: DocxDocument) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.clear()
    for xml in (
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>',
        '<w:sz w:val="22"/>',
        '<w:szCs w:val="22"/>',
        f'<w:lang w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}"/>',
    ):
        rpr.append(_w(xml))
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    ppr.clear()
    ppr.append(_w('<w:spacing w:after="160" w:line="264" w:lineRule="auto"/>'))


def _prune_styles(document: DocxDocument) -> None:
    for style in list(document.styles):
        if style.name not in KEEP_STYLES:
            style.delete()
    for style in document.styles:
        for child in list(style.element):
            # Links point at the deleted "... Char" styles; rsids are editing history.
            if child.tag in (qn("w:link"), qn("w:rsid")):
                style.element.remove(child)
        if style.element.rPr is not None:
            for child in list(style.element.rPr):
                # Theme fonts and colours would override the reference's own choices.
                if child.tag in (qn("w:rFonts"), qn("w:color"), qn("w:szCs")):
                    style.element.rPr.remove(child)


def _style_builtins(document: DocxDocument) -> None:
    styles = document.styles
    _paragraph(styles["Title"], size=20, bold=True, before=0, after=240)
    styles["Title"].element.pPr.remove(styles["Title"].element.pPr.find(qn("w:pBdr")))
    _paragraph(styles["Heading 1"], size=16, bold=True, before=360, after=120)
    _paragraph(styles["Heading 2"], size=13, bold=True, before=280, after=80)
    _paragraph(styles["Heading 3"], size=11, bold=True, before=200, after=40)
    _paragraph(styles["Caption"], size=10, bold=True, before=120, after=60, keep_with_next=True)
    for name in ("Header", "Footer"):
        ppr = styles[name].element.pPr
        ppr.remove(ppr.find(qn("w:tabs")))
    _paragraph(styles["Footer"], size=9, color=MUTED)
    styles["Footer"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _set_num_id(styles["List Bullet"], BULLET_NUM_ID)
    _set_num_id(styles["List Number"], NUMBER_NUM_ID)
    grid = styles["Table Grid"].element.find(qn("w:tblPr"))
    for border in grid.find(qn("w:tblBorders")):
        border.set(qn("w:color"), RULE_COLOUR)
    margins = grid.find(qn("w:tblCellMar"))
    margins.find(qn("w:top")).set(qn("w:w"), "57")
    margins.find(qn("w:bottom")).set(qn("w:w"), "57")


def _add_custom_styles(document: DocxDocument) -> None:
    styles = document.styles
    normal = styles["Normal"]

    def add(name: str, builtin: bool = False, **format_args: object) -> None:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=builtin)
        style.base_style = normal
        style.quick_style = True
        _paragraph(style, **format_args)

    add("Letterhead", line=240, after=360)
    add("Letter Meta", size=9, before=240, after=240, color=MUTED, contextual=True)
    add("Signature", builtin=True, line=240, before=360, after=0, keep_with_next=True)
    add("Definition Term", bold=True, before=160, after=40, keep_with_next=True)
    add("Definition", after=80)
    add("Table Text", before=0, after=0, line=240)
    add("Reference Label", size=8, before=0, after=0, color=MUTED)
    add("Reference Value", before=0, after=0, line=240)

    refs = styles.add_style("Reference Table", WD_STYLE_TYPE.TABLE)
    refs.base_style = styles["Normal Table"]
    refs.element.append(
        parse_xml(
            f"<w:tblPr {nsdecls('w')}>"
            '<w:tblInd w:w="0" w:type="dxa"/>'
            "<w:tblBorders>"
            + "".join(
                f'<w:{side} w:val="nil"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders>"
            '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="113" w:type="dxa"/></w:tblCellMar>'
            "</w:tblPr>"
        )
    )


def _paragraph(
    style,
    *,
    size: float | None = None,
    bold: bool | None = None,
    color: RGBColor | None = None,
    before: int | None = None,
    after: int | None = None,
    line: int | None = None,
    keep_with_next: bool | None = None,
    contextual: bool = False,
) -> None:
    """Set a paragraph style's font and spacing (spacing in twips, line in 240ths)."""
    if size is not None:
        style.font.size = Pt(size)
        # python-docx sets w:sz only; complex-script text should get the same size.
        size_cs = _w(f'<w:szCs w:val="{round(size * 2)}"/>')
        style.element.rPr.find(qn("w:sz")).addnext(size_cs)
    if bold is not None:
        style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Twips(before)
    if after is not None:
        fmt.space_after = Twips(after)
    if line is not None:
        fmt.line_spacing = line / 240
    if keep_with_next is not None:
        fmt.keep_with_next = keep_with_next
    if contextual:
        # No spacing between neighbours of this style: consecutive lines form one block.
        style.element.get_or_add_pPr().append(_w("<w:contextualSpacing/>"))


def _set_num_id(style, num_id: int) -> None:
    style.element.pPr.find(qn("w:numPr")).find(qn("w:numId")).set(qn("w:val"), str(num_id))


def _set_numbering(document: DocxDocument) -> None:
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for abstract_id, (nsid, fmt, text, style_id) in enumerate(
        (("5645E101", "bullet", "•", "ListBullet"), ("5645E102", "decimal", "%1.", "ListNumber"))
    ):
        numbering.append(
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                f'<w:nsid w:val="{nsid}"/><w:multiLevelType w:val="singleLevel"/>'
                f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:pStyle w:val="{style_id}"/><w:lvlText w:val="{text}"/>'
                '<w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{LIST_INDENT}" w:hanging="{LIST_INDENT}"/></w:pPr>'
                "</w:lvl></w:abstractNum>"
            )
        )
    for num_id, abstract_id in ((BULLET_NUM_ID, 0), (NUMBER_NUM_ID, 1)):
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )


def _set_settings(document: DocxDocument) -> None:
    settings = document.settings.element
    for child in list(settings):
        settings.remove(child)
    for xml in (
        '<w:zoom w:percent="100"/>',
        '<w:defaultTabStop w:val="709"/>',
        '<w:characterSpacingControl w:val="doNotCompress"/>',
        '<w:compat><w:compatSetting w:name="compatibilityMode"'
        ' w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>',
        f'<w:themeFontLang w:val="{LANGUAGE}"/>',
        '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2"'
        ' w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4"'
        ' w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink"'
        ' w:followedHyperlink="followedHyperlink"/>',
        '<w:decimalSymbol w:val=","/>',
        '<w:listSeparator w:val=";"/>',
    ):
        settings.append(_w(xml))


def _w(xml: str):
    """Parse one element written with the w: prefix."""
    return parse_xml(f"<w:wrapper {nsdecls('w')}>{xml}</w:wrapper>")[0]


def _add_footer(document: DocxDocument) -> None:
    """Page numbers as "2 / 3": fields, so Word and LibreOffice fill them in."""
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph._p.append(_field("PAGE"))
    paragraph.add_run(" / ")
    paragraph._p.append(_field("NUMPAGES"))


def _field(instruction: str):
    return parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} \\* MERGEFORMAT ">'
        "<w:r><w:t>1</w:t></w:r></w:fldSimple>"
    )


def _set_core_properties(document: DocxDocument) -> None:
    properties = document.core_properties
    for name in ("title", "subject", "author", "keywords", "comments", "category"):
        setattr(properties, name, "")
    properties.last_modified_by = ""
    properties.revision = 1
    properties.language = LANGUAGE
    element = properties._element
    for dated in (element.created, element.modified):
        if dated is not None:
            element.remove(dated)


_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Veiviser</Application><DocSecurity>0</DocSecurity></Properties>"
)

_FONT_TABLE_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    f'<w:font w:name="{FONT}"><w:panose1 w:val="020B0604020202020204"/>'
    '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    "</w:fonts>"
)


def package_contents(data: bytes) -> dict[str, bytes]:
    """The members of a package by name: what to compare when zlib builds may differ."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the file is current")
    parser.add_argument("--output", type=Path, default=REFERENCE_DOCX)
    args = parser.parse_args(argv)
    data = build_reference()
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if not current or package_contents(current) != package_contents(data):
            print(f"{args.output.name} is stale: run python -m letter_templates.build_reference")
            return 1
        return 0
    args.output.write_bytes(data)
    print(f"wrote {args.output.name} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
