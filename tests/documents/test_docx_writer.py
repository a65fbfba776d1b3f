import datetime as dt

import pytest
from docx.oxml.ns import qn

from tests.documents.helpers import W_P, W_TBL, body_elements, open_docx
from webapp.documents import (
    DocumentMeta,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    Table,
    build_docx,
    render_docx,
)


@pytest.fixture
def letter(jinja_env, letter_context, meta):
    return open_docx(build_docx("letter.html", letter_context, meta, jinja_env))


def test_paragraphs_have_the_text_and_the_word_styles(letter):
    assert [(p.style.name, p.text) for p in letter.paragraphs] == [
        ("Letterhead", "Digitaliseringsrådet\nPostboks 1382 Vika, 0114 Oslo"),
        ("Letterhead", "Statens vegvesen\nAttn. Ingrid Dahl"),
        ("Heading 1", "Svar på søknad om råd"),
        ("Normal", "We have received the application for Ny saksbehandling."),
        ("Heading 2", "Vurdering"),
        ("Normal", "Vedtak: Innvilget"),
        ("List Bullet", "Kostnaden er innenfor rammen."),
        ("List Bullet", "Virksomheten er et statlig organ."),
        ("Heading 3", "Anbefalinger"),
        ("List Number", "Forankre endringen."),
        ("List Number", "Involver fagsiden."),
        ("List Number", "Planlegg gevinster."),
        ("List Number", "Dokumenter gevinster."),
        ("List Number", "Forny prosessene."),
        ("Caption", "Budsjett"),
        ("Definition Term", "Prosjekt"),
        ("Definition", "Ny saksbehandling"),
        ("Definition Term", "Sammendrag"),
        ("Definition", "Første avsnitt."),
        ("Definition", "Andre avsnitt."),
        ("Signature", "Med hilsen"),
        ("Signature", "Kari Nordmann\nsekretariatsleder"),
        ("Letter Meta", "Dokumentet er elektronisk godkjent"),
    ]


def test_emphasis_becomes_bold_and_italic_runs(letter):
    decision = letter.paragraphs[5]
    assert [(r.text, r.bold, r.italic) for r in decision.runs] == [
        ("Vedtak:", True, None),
        (" Innvilget", None, None),
    ]
    received = letter.paragraphs[3]
    assert [(r.text, r.italic) for r in received.runs] == [
        ("We have received the application for ", None),
        ("Ny saksbehandling", True),
        (".", None),
    ]


def test_tables_come_in_place_with_their_styles(letter):
    kinds = [child.tag for child in body_elements(letter)]
    assert kinds.index(W_TBL) == 2  # the reference block, after the two address blocks
    refs, budget = letter.tables
    assert refs.style.name == "Reference Table"
    assert budget.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in refs.rows] == [
        ["Vår ref.", "Deres ref.", "Dato"],
        ["26/01234-1", "2018/77", "24. oktober 2018"],
    ]
    assert [[c.text for c in row.cells] for row in budget.rows] == [
        ["Post", "Beløp"],
        ["Investering", "10\u00a0000\u00a0000 kr"],
        ["Drift", "2\u00a0500\u00a0000 kr"],
    ]


def test_header_rows_repeat_on_every_page_and_only_they(letter):
    for table in letter.tables:
        header, *body = table.rows
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in body:
            assert row._tr.trPr.find(qn("w:tblHeader")) is None


def test_rows_do_not_break_across_pages(letter):
    for table in letter.tables:
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_header_cells_are_bold_and_styled(letter):
    refs, budget = letter.tables
    for cell in budget.rows[0].cells:
        assert all(run.bold for run in cell.paragraphs[0].runs)
        assert cell.paragraphs[0].style.name == "Table Text"
    assert not any(run.bold for run in budget.rows[1].cells[0].paragraphs[0].runs)
    assert [c.paragraphs[0].style.name for c in refs.rows[0].cells] == ["Reference Label"] * 3
    assert [c.paragraphs[0].style.name for c in refs.rows[1].cells] == ["Reference Value"] * 3


def test_caption_is_also_the_tables_title_for_assistive_technology(letter):
    budget = letter.tables[1]
    assert budget._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "Budsjett"


def test_no_empty_paragraphs_in_the_body(letter):
    paragraphs = [child for child in body_elements(letter) if child.tag == W_P]
    assert paragraphs
    assert all("".join(p.itertext()).strip() for p in paragraphs)


def _num_id(paragraph) -> int:
    return paragraph._p.pPr.numPr.numId.val


def test_each_numbered_list_restarts_at_one(letter):
    numbered = [p for p in letter.paragraphs if p.style.name == "List Number"]
    first, second = numbered[:2], numbered[2:]
    assert {_num_id(p) for p in first} != {_num_id(p) for p in second}
    assert len({_num_id(p) for p in first}) == len({_num_id(p) for p in second}) == 1

    numbering = letter.part.numbering_part.element
    style_num = letter.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    for num_id in (_num_id(first[0]), _num_id(second[0])):
        num = numbering.num_having_numId(num_id)
        assert num.abstractNumId.val == abstract
        (override,) = num.lvlOverride_lst
        assert override.ilvl == 0
        assert override.startOverride.val == 1


def test_bullets_use_the_style_numbering(letter):
    bullets = [p for p in letter.paragraphs if p.style.name == "List Bullet"]
    assert bullets and all(p._p.pPr.numPr is None for p in bullets)


def test_core_properties(letter, meta):
    properties = letter.core_properties
    assert properties.title == "Svar på søknad om råd"
    assert properties.language == "nb-NO"
    assert properties.author == properties.last_modified_by == "Digitaliseringsrådet"
    assert properties.subject == "Råd om digitaliseringsprosjekt"
    assert properties.keywords == "råd; digitalisering"
    assert properties.revision == 1
    assert properties.created == properties.modified == meta.created
    assert properties.comments == ""


def _document_language(document) -> str:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    return defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val"))


@pytest.mark.parametrize(("language", "tag"), [("nb", "nb-NO"), ("nn", "nn-NO"), ("en", "en-GB")])
def test_document_language(language, tag):
    meta = DocumentMeta(title="T", language=language)
    document = open_docx(render_docx([Paragraph((Run("x"),))], meta))
    assert _document_language(document) == tag
    assert document.core_properties.language == tag
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    assert theme_lang.get(qn("w:val")) == tag


def test_without_a_date_the_document_carries_none():
    document = open_docx(render_docx([], DocumentMeta(title="T", language="nb")))
    assert document.core_properties.created is None
    assert document.core_properties.modified is None


def test_dates_are_written_in_utc():
    oslo = dt.timezone(dt.timedelta(hours=2))
    meta = DocumentMeta(
        title="T", language="nb", created=dt.datetime(2018, 10, 24, 12, tzinfo=oslo)
    )
    document = open_docx(render_docx([], meta))
    assert document.core_properties.created == dt.datetime(2018, 10, 24, 10, tzinfo=dt.UTC)


def test_long_core_properties_are_cut_to_what_docx_allows():
    meta = DocumentMeta(title="x" * 400, language="nb", subject="y" * 300)
    properties = open_docx(render_docx([], meta)).core_properties
    assert properties.title == "x" * 255
    assert properties.subject == "y" * 255


def test_blocks_written_directly():
    blocks = [
        Heading(2, (Run("Tittel"),)),
        ListBlock(((Run("a"),), (Run("b", bold=True),)), ordered=True),
        Table(header=(), body=(((Run("1"),), (Run("2"),)),)),
    ]
    document = open_docx(render_docx(blocks, DocumentMeta(title="T", language="en")))
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Heading 2", "Tittel"),
        ("List Number", "a"),
        ("List Number", "b"),
    ]
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["1", "2"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is None  # no header row


def test_blocks_reject_what_the_writer_cannot_write():
    with pytest.raises(ValueError):
        Heading(4, (Run("x"),))
    with pytest.raises(ValueError):
        Paragraph((Run("x"),), style="lead")
    with pytest.raises(ValueError):
        Table(header=(), body=(((Run("a"),), (Run("b"),)), ((Run("c"),),)))
    with pytest.raises(ValueError):
        DocumentMeta(title="T", language="se")


def test_markup_characters_in_text_stay_text():
    text = " a & b <c> ]]> \"q\" 'x' &amp;\rz "
    caption = 'Bud\tsjett\n& "x" <y>\r'
    blocks = [
        Paragraph((Run(text),)),
        Table(header=(), body=(((Run(text, bold=True),),),), caption=(Run(caption),)),
    ]
    document = open_docx(render_docx(blocks, DocumentMeta(title="T", language="nb")))
    cell_paragraph = document.tables[0].rows[0].cells[0].paragraphs[0]
    for written in (document.paragraphs[0], cell_paragraph):
        (t,) = written._p.iter(qn("w:t"))
        assert t.text == text
        assert t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    tbl_caption = document.tables[0]._tbl.tblPr.find(qn("w:tblCaption"))
    assert tbl_caption.get(qn("w:val")) == caption
