"""Table columns are as wide as their longest word or amount, so neither breaks; the year table
of the co-financing application fits the page in every language."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn

from tests.documents.applications import store_application
from tests.documents.helpers import open_docx
from webapp.documents.blocks import Run
from webapp.documents.column_widths import table_layout, text_width, unbreakable_pieces
from webapp.documents.font_metrics import REGULAR
from webapp.services import documents

PAGE = 9070  # the reference document's text width in twips


def cells(*rows: tuple[str, ...], bold_first_row: bool = False):
    return [
        tuple((Run(text, bold=bold_first_row and index == 0),) for text in row)
        for index, row in enumerate(rows)
    ]


def test_widths_come_from_the_fonts_metrics():
    assert REGULAR["0"] == 556 and REGULAR["\xa0"] == REGULAR[" "] == 278
    # 11 pt: "20 689 592 kr" is 6116 thousandths of an em, 11 * 20 twips an em.
    assert text_width("20\xa0689\xa0592\xa0kr", 22) == pytest.approx(6116 * 220 / 1000, abs=3)
    assert text_width("ab", 22, bold=True) > text_width("ab", 22)


def test_a_long_word_gets_the_room_it_needs_and_the_rest_is_shared():
    rows = cells(("Year", "Driftskostnader"), ("2027", "12\xa0500\xa0000 kr"), bold_first_row=True)
    layout = table_layout(rows, PAGE)
    assert sum(layout.widths) == PAGE and layout.font_half_points == 22
    assert layout.widths[1] >= text_width("Driftskostnader", 22, bold=True) + 216


def test_a_no_break_space_keeps_an_amount_whole_and_a_soft_hyphen_lets_a_word_break():
    label = "x" * 200
    whole = table_layout(cells((label, "12\xa0500\xa0000\xa0kr")), PAGE).widths[1]
    split = table_layout(cells((label, "12 500 000 kr")), PAGE).widths[1]
    assert whole > split
    soft = table_layout(cells((label, "Skatte\xadfinansierings\xadkostnad")), PAGE).widths[1]
    hard = table_layout(cells((label, "Skattefinansieringskostnad")), PAGE).widths[1]
    assert soft < hard


def test_lines_break_at_spaces_soft_hyphens_and_hyphens_between_letters_only():
    assert unbreakable_pieces("Tax-financing cost") == ["Tax-", "financing", "cost"]
    assert unbreakable_pieces("-15\xa0000\xa0000") == ["-15\xa0000\xa0000"]
    assert unbreakable_pieces("Skatte\xadfinansierings\xadkostnad") == [
        "Skatte\xad",
        "finansierings\xad",
        "kostnad",
    ]


def test_a_table_too_wide_for_the_body_size_is_set_smaller_then_shrunk_alike():
    wide = cells(tuple("123456789012345" for _ in range(6)))
    assert table_layout(wide, PAGE).font_half_points < 22
    impossible = cells(("W" * 60, "W" * 30))
    layout = table_layout(impossible, 1000)
    assert sum(layout.widths) == 1000
    assert layout.widths[0] > layout.widths[1]


@pytest.fixture
def ctx(app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the document does not depend on the database; checked on SQLite")
    with app.app_context():
        yield


def cell_pieces(cell) -> list[tuple[str, bool]]:
    """The cell's unbreakable pieces with their boldness, soft hyphens included (python-docx's
    `text` leaves those out)."""
    pieces = []
    for run in cell._tc.iter(qn("w:r")):
        properties = run.find(qn("w:rPr"))
        bold = properties is not None and properties.find(qn("w:b")) is not None
        text = "".join(
            "\u00ad" if element.tag == qn("w:softHyphen") else element.text or ""
            for element in run.iter(qn("w:t"), qn("w:softHyphen"))
        )
        pieces.extend((piece, bold) for piece in unbreakable_pieces(text))
    return pieces


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_no_word_or_amount_of_the_applications_tables_breaks(lang):
    # Equal columns broke "Driftskostnade|r", "Investerin|g" and the amounts of the year table.
    application = store_application(locale=lang)
    document = open_docx(documents.application_document(application, "cofinancing").content)
    for table in document.tables[1:]:  # the reference block aside
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) == PAGE
        margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
        margin = 108 if margins is None else int(margins.find(qn("w:left")).get(qn("w:w")))
        run = table._tbl.find(".//" + qn("w:sz"))
        size = 22 if run is None else int(run.get(qn("w:val")))
        for row in table.rows:
            for width, cell in zip(grid, row.cells, strict=True):
                for piece, bold in cell_pieces(cell):
                    needed = text_width(piece, size, bold) + 2 * margin
                    assert needed <= width, (lang, piece, width)
