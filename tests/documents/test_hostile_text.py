"""Applicant text can hold anything: it must neither break nor reshape the document."""

import jinja2
import pytest

from tests.documents.helpers import W_P, W_R, W_TBL, count, open_docx
from webapp.documents import (
    DocumentMeta,
    DocumentTemplateError,
    Paragraph,
    Run,
    build_docx,
    render_docx,
    render_html,
)

LONG_WORD = "Digitaliserings" * 334  # 5 010 characters without a space
HOSTILE = {
    "markup": "<script>alert('x')</script><w:p><w:r><w:t>injected</w:t></w:r></w:p>",
    "ampersand": "Forsvarets forskningsinstitutt & Co &amp; &lt;b&gt;",
    "quotes": "\"double\" 'single' «norske» “curly”",
    "emoji": "Prosjekt 😀 med emoji 🇳🇴",
    "long": LONG_WORD,
    "controls": "nul\x00 soh\x01 vt\x0b us\x1f fffe\ufffe lone\ud800 end",
}
CLEANED_CONTROLS = "nul soh vt us fffe lone end"


def _context(letter_context: dict, value: str) -> dict:
    context = dict(letter_context)
    for key in ("project_title", "decision", "our_ref", "signer"):
        context[key] = value
    context["reasons"] = [value, value]
    context["budget"] = [(value, value)]
    context["summary"] = [value]
    return context


def _shape(document) -> tuple[int, int, int]:
    return count(document, W_P), count(document, W_R), count(document, W_TBL)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_kept_as_text(name, jinja_env, letter_context, meta):
    value = HOSTILE[name]
    data = build_docx("letter.html", _context(letter_context, value), meta, jinja_env)
    document = open_docx(data)
    expected = CLEANED_CONTROLS if name == "controls" else value
    assert document.paragraphs[6].text == expected  # the first reason
    assert document.tables[1].rows[1].cells[0].text == expected


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_adds_no_paragraphs_runs_or_tables(name, jinja_env, letter_context, meta):
    plain = open_docx(build_docx("letter.html", _context(letter_context, "x"), meta, jinja_env))
    hostile_context = _context(letter_context, HOSTILE[name])
    hostile = open_docx(build_docx("letter.html", hostile_context, meta, jinja_env))
    assert _shape(hostile) == _shape(plain)


def test_the_preview_escapes_applicant_text(jinja_env, letter_context):
    html = render_html("letter.html", _context(letter_context, HOSTILE["markup"]), jinja_env)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_the_preview_holds_no_characters_xml_cannot(jinja_env, letter_context):
    html = render_html("letter.html", _context(letter_context, HOSTILE["controls"]), jinja_env)
    assert CLEANED_CONTROLS in html
    assert not any(char in html for char in "\x00\x01\x0b\x1f\ufffe\ud800")


def test_blocks_with_control_characters_are_cleaned_by_the_writer():
    blocks = [Paragraph((Run("a\x00b\ufffec\ud83d"),))]
    document = open_docx(render_docx(blocks, DocumentMeta(title="t\x01", language="nb")))
    assert document.paragraphs[0].text == "abc"
    assert document.core_properties.title == "t"


def test_an_environment_without_autoescaping_is_refused(jinja_env, letter_context, meta):
    env = jinja2.Environment(loader=jinja_env.loader, extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)
    with pytest.raises(DocumentTemplateError, match="autoescape"):
        render_html("letter.html", letter_context, env)
    with pytest.raises(DocumentTemplateError, match="autoescape"):
        build_docx("letter.html", letter_context, meta, env)
