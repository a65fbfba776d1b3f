"""Render a mail template in a language: the subject, the HTML part and the text part."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import g, render_template
from flask_babel import force_locale

from .plaintext import html_to_text

TEMPLATES = "mail"  # webapp/templates/mail/<name>.html


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str
    language: str


def render_mail(name: str, language: str, context: Mapping[str, Any]) -> RenderedMail:
    """One template per mail: its <title> is the subject, its body both parts."""
    previous = g.get("lang_code")
    g.lang_code = language  # url_for() and the format filters follow the mail's language
    try:
        with force_locale(language):
            html = render_template(f"{TEMPLATES}/{name}.html", language=language, **context)
    finally:
        if previous is None:
            g.pop("lang_code", None)
        else:
            g.lang_code = previous
    subject, text = html_to_text(html)
    return RenderedMail(subject=subject, text=text, html=html, language=language)
