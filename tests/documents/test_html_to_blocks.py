import pytest

from webapp.documents import (
    DocumentTemplateError,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    Table,
    html_to_blocks,
)


def one(html: str):
    blocks = html_to_blocks(html)
    assert len(blocks) == 1, blocks
    return blocks[0]


def text(*parts: str) -> tuple[Run, ...]:
    return tuple(Run(part) for part in parts)


# -- each element ----------------------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3])
def test_headings(level):
    assert one(f"<h{level}>Tittel</h{level}>") == Heading(level, text("Tittel"))


def test_paragraph():
    assert one("<p>Brødtekst</p>") == Paragraph(text("Brødtekst"))


@pytest.mark.parametrize(
    ("css_class", "style"),
    [("doc-letterhead", "letterhead"), ("doc-meta", "meta"), ("doc-signature", "signature")],
)
def test_paragraph_classes(css_class, style):
    assert one(f'<p class="{css_class}">x</p>') == Paragraph(text("x"), style)


@pytest.mark.parametrize(("tag", "ordered"), [("ul", False), ("ol", True)])
def test_lists(tag, ordered):
    html = f"<{tag}><li>en</li><li>to <em>tre</em></li></{tag}>"
    assert one(html) == ListBlock(
        (text("en"), (Run("to "), Run("tre", italic=True))), ordered=ordered
    )


def test_table_with_caption_head_and_body():
    html = """
      <table>
        <caption>Budsjett</caption>
        <thead><tr><th scope="col">Post</th><th scope="col">Beløp</th></tr></thead>
        <tbody>
          <tr><th scope="row">Investering</th><td>10 kr</td></tr>
          <tr><td>Drift</td><td><strong>2</strong> kr</td></tr>
        </tbody>
      </table>"""
    assert one(html) == Table(
        header=(((Run("Post", bold=True),), (Run("Beløp", bold=True),)),),
        body=(
            ((Run("Investering", bold=True),), text("10 kr")),
            (text("Drift"), (Run("2", bold=True), Run(" kr"))),
        ),
        caption=text("Budsjett"),
    )


def test_rows_directly_in_table_are_body_rows():
    table = one("<table><tr><td>a</td></tr></table>")
    assert table.header == () and table.body == ((text("a"),),)


def test_reference_table_labels_are_not_bold():
    table = one('<table class="doc-refs"><thead><tr><th>Vår ref.</th></tr></thead></table>')
    assert table.kind == "refs"
    assert table.header == ((text("Vår ref."),),)


def test_empty_cells_are_kept():
    table = one("<table><tr><td>a</td><td></td></tr></table>")
    assert table.body == ((text("a"), ()),)


def test_description_list_is_label_and_value_paragraphs():
    html = "<dl><dt>Virksomhet</dt><dd>Digdir</dd><dt>Org.nr.</dt><dd>991 825 827</dd></dl>"
    assert html_to_blocks(html) == (
        Paragraph(text("Virksomhet"), "term"),
        Paragraph(text("Digdir"), "definition"),
        Paragraph(text("Org.nr."), "term"),
        Paragraph(text("991 825 827"), "definition"),
    )


def test_description_with_paragraphs():
    html = "<dl><dt>Sammendrag</dt><dd>Innledning <p>Første</p> <p>Andre</p> </dd></dl>"
    assert html_to_blocks(html) == (
        Paragraph(text("Sammendrag"), "term"),
        Paragraph(text("Innledning"), "definition"),
        Paragraph(text("Første"), "definition"),
        Paragraph(text("Andre"), "definition"),
    )


def test_line_break():
    assert one("<p>Postboks 1382<br>0114 Oslo</p>").runs == text("Postboks 1382\n0114 Oslo")


def test_self_closed_line_break():
    assert one("<p>a<br/>b</p>").runs == text("a\nb")


def test_wrappers_carry_no_meaning():
    html = "<article><header><p>a</p></header><section><div><p>b</p></div></section>"
    html += "<footer><p>c</p></footer></article>"
    assert html_to_blocks(html) == (
        Paragraph(text("a")),
        Paragraph(text("b")),
        Paragraph(text("c")),
    )


def test_comments_are_ignored():
    assert html_to_blocks("<!-- note --><p>a<!-- inline --></p>") == (Paragraph(text("a")),)


# -- emphasis --------------------------------------------------------------------------


def test_nested_emphasis():
    html = "<p>a <strong>b <em>c</em></strong><em> d</em></p>"
    assert one(html).runs == (
        Run("a "),
        Run("b ", bold=True),
        Run("c", bold=True, italic=True),
        Run(" d", italic=True),
    )


def test_neighbouring_runs_with_the_same_formatting_merge():
    assert one("<p><strong>a</strong><strong>b</strong>c</p>").runs == (
        Run("ab", bold=True),
        Run("c"),
    )


def test_line_break_inside_emphasis_keeps_formatting():
    assert one("<p><strong>a<br>b</strong></p>").runs == (Run("a\nb", bold=True),)


# -- whitespace ------------------------------------------------------------------------


def test_indentation_collapses():
    html = """
        <p>
            Vi har mottatt
            søknaden   deres.
        </p>
    """
    assert one(html).runs == text("Vi har mottatt søknaden deres.")


def test_whitespace_collapses_across_runs():
    assert one("<p>a <strong> b </strong> c</p>").runs == (
        Run("a "),
        Run("b ", bold=True),
        Run("c"),
    )


def test_whitespace_around_line_breaks_is_dropped():
    assert one("<p>a  <br>\n   b</p>").runs == text("a\nb")


def test_line_breaks_at_either_end_are_dropped():
    assert one("<p><br>a<br></p>").runs == text("a")


def test_no_break_space_is_kept():
    assert one("<p>12&nbsp;500&nbsp;000 kr</p>").runs == text("12\u00a0500\u00a0000 kr")


def test_other_unicode_spaces_are_not_collapsed():
    assert one("<p>a\u2003\u2003b</p>").runs == text("a\u2003\u2003b")


# -- how the markup is written ---------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<P CLASS='doc-meta'>a<BR/>b</P>",
        "<p class=doc-meta>a<br />b</p >",
        '<p\nclass="doc-&#109;eta"\n>a<br>b</p>',
        '<!-- note --><p class="doc-meta">a<br>b</p>',
    ],
)
def test_markup_written_unusually_reads_as_plain_markup_does(html):
    assert html_to_blocks(html) == html_to_blocks('<p class="doc-meta">a<br>b</p>')


# -- entities --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("&amp;", "&"),
        ("&lt;script&gt;", "<script>"),
        ("&quot;sitat&quot; &#39;x&#39;", "\"sitat\" 'x'"),
        ("&aelig;&oslash;&aring;", "æøå"),
        ("&#x1F600;", "😀"),
        ("&amp;lt;", "&lt;"),  # decoded once, not twice
    ],
)
def test_entities_are_decoded_once(source, expected):
    assert one(f"<p>{source}</p>").runs == text(expected)


# -- empty content ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<p></p>",
        "<p>   </p>",
        "<p><br></p>",
        "<h2> </h2>",
        "<ul><li> </li></ul>",
        "<ol></ol>",
        "<dl><dd></dd></dl>",
    ],
)
def test_empty_text_elements_are_dropped(html):
    assert html_to_blocks(html) == ()


def test_empty_list_items_are_dropped():
    assert one("<ul><li>a</li><li></li></ul>").items == (text("a"),)


# -- what fails ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ("<p><span>x</span></p>", "<span>"),
        ("<p><a href='x'>x</a></p>", "<a>"),
        ("<img src='x.png'>", "<img>"),
        ("<h4>x</h4>", "<h4>"),
        ("<table><tfoot></tfoot></table>", "<tfoot>"),
        ("<p><b>x</b></p>", "<b>"),
        ("<p>x</p></span>", "</span>"),
    ],
)
def test_unknown_tags_are_rejected(html, message):
    with pytest.raises(DocumentTemplateError, match=message):
        html_to_blocks(html)


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ('<p style="color:red">x</p>', "style"),
        ('<p id="a">x</p>', "id"),
        ('<p onclick="x()">x</p>', "onclick"),
        ('<div class="doc-meta"><p>x</p></div>', "class"),
        ('<p class="lead">x</p>', "lead"),
        ('<p class="doc-meta doc-signature">x</p>', "doc-meta doc-signature"),
        ('<table class="doc-meta"><tr><td>x</td></tr></table>', "doc-meta"),
        ('<td class="doc-refs">x</td>', "<td>"),
        ('<table><tr><th scope="colgroup">x</th></tr></table>', "scope"),
        ('<table><tr><td scope="col">x</td></tr></table>', "scope"),
        ("<p hidden>x</p>", "hidden"),
    ],
)
def test_unknown_attributes_and_classes_are_rejected(html, message):
    with pytest.raises(DocumentTemplateError, match=message):
        html_to_blocks(html)


@pytest.mark.parametrize(
    "html",
    [
        "<p><p>x</p></p>",
        "<li>x</li>",
        "<ul><p>x</p></ul>",
        "<ul><li><ul><li>x</li></ul></li></ul>",
        "<p><h1>x</h1></p>",
        "<td>x</td>",
        "<table><td>x</td></table>",
        "<strong>x</strong>",
        "<dt>x</dt>",
        "<dl><dt><p>x</p></dt></dl>",
        "<table><tr><td><p>x</p></td></tr></table>",
        "<p>x<br></br></p>",
    ],
)
def test_misplaced_elements_are_rejected(html):
    with pytest.raises(DocumentTemplateError):
        html_to_blocks(html)


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("loose text", "loose text"),
        ("<section>loose</section>", "loose"),
        ("<ul>loose<li>x</li></ul>", "loose"),
        ("<table><tr>loose<td>x</td></tr></table>", "loose"),
    ],
)
def test_text_outside_a_text_element_is_rejected(html, message):
    with pytest.raises(DocumentTemplateError, match=message):
        html_to_blocks(html)


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<p>x", "never closed"),
        ("<p><strong>x</p>", "</p>"),
        ("</p>", "closes nothing"),
        ("<p/>", "self-closing"),
        ("<!DOCTYPE html><p>x</p>", "DOCTYPE"),
        ("<?xml version='1.0'?><p>x</p>", "processing instruction"),
    ],
)
def test_malformed_markup_is_rejected(html, message):
    with pytest.raises(DocumentTemplateError, match=message):
        html_to_blocks(html)


@pytest.mark.parametrize(
    "html",
    [
        "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
        "<table><tr></tr></table>",
        "<table><caption>x</caption></table>",
        "<table><tr><td>a</td></tr><caption>late</caption></table>",
        "<table><tbody><tr><td>a</td></tr></tbody><thead><tr><th>h</th></tr></thead></table>",
    ],
)
def test_malformed_tables_are_rejected(html):
    with pytest.raises(DocumentTemplateError):
        html_to_blocks(html)


def test_a_chart_is_a_figure_with_its_alternative_text():
    from webapp.documents.blocks import Figure

    blocks = html_to_blocks('<section><img src="chart:years" alt="Cases per &amp; year"></section>')
    assert blocks == (Figure("years", "Cases per & year"),)
    assert html_to_blocks('<img src="chart:a-1" alt="x"/>') == (Figure("a-1", "x"),)


@pytest.mark.parametrize(
    "html",
    [
        '<img src="https://example.no/x.png" alt="x">',
        '<img src="chart:years">',
        '<img src="chart:years" alt="  ">',
        '<img src="chart:years" alt="x" width="3">',
        '<p><img src="chart:years" alt="x"></p>',
        '<img src="chart:years" alt="x"></img>',
    ],
)
def test_anything_but_a_chart_with_its_alternative_text_is_refused(html):
    with pytest.raises(DocumentTemplateError):
        html_to_blocks(html)
