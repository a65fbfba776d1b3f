"""The test letter's environment and data, usable without pytest (the bench uses them too)."""

import datetime as dt
from pathlib import Path

import jinja2

from webapp.documents import DocumentMeta

TEMPLATES = Path(__file__).parent / "templates"


def sample_jinja_env() -> jinja2.Environment:
    """A plain environment shaped like the app's: autoescaping, gettext installed."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)
    return env


def sample_letter_context() -> dict:
    return {
        "sender": {"name": "Digitaliseringsrådet", "address": "Postboks 1382 Vika, 0114 Oslo"},
        "recipient": {"name": "Statens vegvesen", "head": "Ingrid Dahl"},
        "our_ref": "26/01234-1",
        "your_ref": "2018/77",
        "date": "24. oktober 2018",
        "subject": "Svar på søknad om råd",
        "project_title": "Ny saksbehandling",
        "decision": "Innvilget",
        "reasons": ["Kostnaden er innenfor rammen.", "Virksomheten er et statlig organ."],
        "first_steps": ["Forankre endringen.", "Involver fagsiden."],
        "second_steps": ["Planlegg gevinster.", "Dokumenter gevinster.", "Forny prosessene."],
        "budget": [("Investering", "10\u00a0000\u00a0000 kr"), ("Drift", "2\u00a0500\u00a0000 kr")],
        "summary": ["Første avsnitt.", "Andre avsnitt."],
        "signer": "Kari Nordmann",
        "signer_title": "sekretariatsleder",
    }


def sample_meta() -> DocumentMeta:
    return DocumentMeta(
        title="Svar på søknad om råd",
        language="nb",
        author="Digitaliseringsrådet",
        subject="Råd om digitaliseringsprosjekt",
        keywords=("råd", "digitalisering"),
        created=dt.datetime(2018, 10, 24, 9, 30, tzinfo=dt.UTC),
    )


def render_sample_letter() -> bytes:
    from webapp.documents import build_docx

    return build_docx("letter.html", sample_letter_context(), sample_meta(), sample_jinja_env())
