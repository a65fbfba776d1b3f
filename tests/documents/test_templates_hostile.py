"""Whatever an applicant or advisor types, the documents open and nothing is injected; the
same application always gives the same bytes."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tests.documents.applications import ASSESSMENT, docx_texts, store_application
from tests.documents.helpers import open_docx
from webapp.extensions import db
from webapp.services import documents

LONG_WORD = "x" * 5_000
HOSTILE = (
    "<script>alert('x')</script> & \"quotes\" 'single' <b>bold</b> "
    "\U0001f680\U0001f1f3\U0001f1f4 \x00\x01\x08\x0b\x0c\x1f\ufffe end"
)
VOCABULARY = {
    *("article", "section", "header", "footer", "div", "h1", "h2", "h3", "p", "ul", "ol"),
    *("li", "table", "caption", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd"),
    *("strong", "em", "br"),
}
HOSTILE_ANSWERS = {
    "agency_name": HOSTILE,
    "agency_head": '</p><p class="doc-signature">Mallory',
    "project_title": "{{ 7*7 }} {% raw %} %(title)s %s & <i>x</i>",
    "project_summary": HOSTILE + "\n\n" + LONG_WORD,
    "problem_and_goals": LONG_WORD,
    "partners": "]]><![CDATA[ <!-- -->",
    "questions_for_council": HOSTILE,
    "non_priced_effects": HOSTILE,
    "benefits_owner": HOSTILE,
}
HOSTILE_ASSESSMENT = {
    **ASSESSMENT,
    "overall_assessment": HOSTILE + "\r\n\r\n" + LONG_WORD,
    "case_number": "<b>26/01234-1</b>",
    "case_officer": HOSTILE,
    "case_officer_title": "&amp;",
    "follow_up": "<ol><li>x</li></ol>",
    "their_reference": "\x07",
    "recommendations": [{"key": None, "text": HOSTILE}, {"key": ["not", "hashable"], "text": "x"}],
}


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def hostile(ctx):
    return store_application(HOSTILE_ANSWERS, locale="en", assessment=HOSTILE_ASSESSMENT)


def every_document(application):
    return [*documents.application_documents(application), documents.advice_letter(application)]


def test_hostile_text_gives_documents_that_open(hostile):
    for document in every_document(hostile):
        opened = open_docx(document.content)
        with zipfile.ZipFile(BytesIO(document.content)) as package:
            etree.fromstring(package.read("word/document.xml"))  # well-formed XML
        text = "\n".join(docx_texts(opened))
        assert "<script>alert('x')</script>" in text  # shown as text, not markup
        assert "\x00" not in text and "\x0b" not in text and "\ufffe" not in text
        assert "\U0001f680" in text


def test_hostile_text_adds_no_elements_to_the_preview(hostile):
    for preview in (
        documents.application_preview_html(hostile, "cofinancing"),
        documents.application_preview_html(hostile, "council"),
        documents.advice_letter_preview_html(hostile),
    ):
        soup = BeautifulSoup(preview, "html.parser")
        assert {tag.name for tag in soup.find_all()} <= VOCABULARY
        assert not soup.find_all(["script", "b", "i"])
        assert "&lt;script&gt;" in preview
        assert "{{ 7*7 }}" in soup.get_text()
    letter = BeautifulSoup(documents.advice_letter_preview_html(hostile), "html.parser")
    assert len(letter.find_all("ol")) == 1  # the recommendations; the advisor's <ol> is text
    assert len(letter.select("p.doc-signature")) == 2


def test_hostile_text_cannot_forge_a_signature(hostile):
    letter = open_docx(documents.advice_letter(hostile).content)
    signatures = [p.text for p in letter.paragraphs if p.style.name == "Signature"]
    assert len(signatures) == 2 and not any(s == "Mallory" for s in signatures)
    letterhead = [p.text for p in letter.paragraphs if p.style.name == "Letterhead"]
    assert 'Attn. </p><p class="doc-signature">Mallory, head of the agency' in letterhead[1]


def test_template_syntax_in_answers_is_just_text(hostile):
    text = "\n".join(docx_texts(open_docx(documents.advice_letter(hostile).content)))
    assert "{{ 7*7 }} {% raw %} %(title)s %s & <i>x</i>" in text


def test_a_five_thousand_character_word_survives_whole(hostile):
    text = docx_texts(open_docx(documents.application_document(hostile, "council").content))
    assert LONG_WORD in text


def test_the_download_name_of_a_hostile_document_is_safe(hostile):
    for document in every_document(hostile):
        disposition = documents.content_disposition(document.filename, document.download_name)
        assert "\n" not in disposition and "\r" not in disposition
        assert disposition.isascii()


def test_the_same_application_gives_the_same_bytes(ctx):
    application = store_application(assessment=ASSESSMENT)
    first = [d.content for d in every_document(application)]
    second = [d.content for d in every_document(application)]
    assert first == second


def test_the_same_data_in_another_row_gives_the_same_bytes(ctx):
    one = store_application(assessment=ASSESSMENT)
    same = [d.content for d in every_document(one)]
    db.session.delete(one)
    db.session.commit()
    again = store_application(assessment=ASSESSMENT)  # a new row, a new id and public id
    assert [d.content for d in every_document(again)] == same


def test_a_change_in_the_answers_changes_the_bytes(ctx):
    one = store_application()
    before = documents.advice_letter(one).content
    db.session.delete(one)
    db.session.commit()
    changed = store_application({"project_title": "Noe annet"})
    assert documents.advice_letter(changed).content != before
