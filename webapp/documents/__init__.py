"""Documents: one Jinja template gives both the HTML preview and the DOCX.

A document template renders a small, strict HTML vocabulary (see ``html_to_blocks``).
That HTML is the preview; the same HTML parsed into blocks is written to DOCX on the
reference document (``letter_templates/reference.docx``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from webapp.documents.blocks import (
    Block,
    DocumentMeta,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    Table,
)
from webapp.documents.docx_writer import render_docx
from webapp.documents.html_to_blocks import DocumentTemplateError, html_to_blocks
from webapp.documents.sanitise import strip_xml_invalid

__all__ = [
    "Block",
    "DocumentMeta",
    "DocumentTemplateError",
    "Figure",
    "Heading",
    "ListBlock",
    "Paragraph",
    "Run",
    "Table",
    "build_docx",
    "html_to_blocks",
    "render_docx",
    "render_html",
    "strip_xml_invalid",
]


def render_html(template_name: str, context: Mapping[str, Any], jinja_env: Environment) -> Markup:
    """Render a document template to its HTML preview.

    The HTML is checked against the document vocabulary, so a preview that renders is a
    document that builds.
    """
    html = _render(template_name, context, jinja_env)
    html_to_blocks(html)
    return Markup(html)


def build_docx(
    template_name: str,
    context: Mapping[str, Any],
    meta: DocumentMeta,
    jinja_env: Environment,
    images: Mapping[str, bytes] | None = None,
) -> bytes:
    """Render a document template and return it as DOCX bytes; its <img src="chart:KEY">
    show the PNG bytes ``images`` holds under KEY."""
    blocks = html_to_blocks(_render(template_name, context, jinja_env))
    return render_docx(blocks, meta, images=images)


def _render(template_name: str, context: Mapping[str, Any], jinja_env: Environment) -> str:
    template = jinja_env.get_template(template_name)
    autoescape = jinja_env.autoescape
    if callable(autoescape):
        autoescape = autoescape(template.name)
    if not autoescape:
        # Without autoescaping, applicant text could add tags to the preview.
        raise DocumentTemplateError(f"{template_name}: the Jinja environment must autoescape it")
    return strip_xml_invalid(template.render(context))
