import jinja2
import pytest
from markupsafe import Markup

from webapp.documents import DocumentTemplateError, render_html


def test_render_html_returns_the_preview_as_markup(jinja_env, letter_context):
    html = render_html("letter.html", letter_context, jinja_env)
    assert isinstance(html, Markup)
    assert "<h1>Svar på søknad om råd</h1>" in html
    assert '<p class="doc-signature">Med hilsen</p>' in html


def test_render_html_refuses_a_template_outside_the_vocabulary(jinja_env):
    env = jinja_env.overlay(loader=jinja2.DictLoader({"bad.html": "<p><span>x</span></p>"}))
    with pytest.raises(DocumentTemplateError, match="<span>"):
        render_html("bad.html", {}, env)


def test_templates_can_use_gettext(jinja_env, letter_context):
    assert "Attn. Ingrid Dahl" in render_html("letter.html", letter_context, jinja_env)
