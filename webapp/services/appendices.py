"""The appendices of a co-financing application: Vedlegg 1 (the assumptions behind the
socio-economic calculation) and Vedlegg 2 (the net present value calculation), as DOCX and HTML
preview from the document templates, and Vedlegg 2 also as a spreadsheet with live formulas.

All are in the application's language and computed from its answers by ``forms.npv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from flask_babel import force_locale, gettext
from markupsafe import Markup

from forms import flow, yearly
from forms.npv import CofinancingFigures, has_figures
from forms.rulesets import BENEFIT_KINDS

from ..documents import render_html
from ..documents.spreadsheet import NpvWorkbookText, npv_workbook
from ..models import Application
from . import audit
from .documents import (
    APPENDIX_KINDS,
    DocumentFile,
    _document_file,
    _env,
    _locale,
    document_language,
    paragraphs,
)
from .drafts import ruleset_for
from .figures import computed_figures
from .recommendations import answers_on_path

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NoFigures(LookupError):
    """The application has no co-financing figures (not sent to co-financing, or no table)."""


@dataclass(frozen=True)
class Gain:
    label: str
    total: int
    present_value: Fraction


@dataclass(frozen=True)
class YearRow:
    year: int | str
    amounts: tuple[int, ...]


def figures_of(application: Application) -> CofinancingFigures:
    if "cofinancing" not in application.scheme_list:
        raise NoFigures(application.reference)
    figures = computed_figures(application.answers or {}, ruleset_for(application))
    if figures is None:
        raise NoFigures(application.reference)
    return figures


def has_appendices(application: Application) -> bool:
    """Whether `figures_of` has figures, without computing them (the receipt asks on every
    view): co-financing sent, still on the answers' path, and a year table."""
    if "cofinancing" not in application.scheme_list:
        return False
    answers, ruleset = application.answers or {}, ruleset_for(application)
    return "cofinancing" in flow.chosen_schemes(answers, ruleset) and has_figures(answers, ruleset)


def _benefit_label(kind: str) -> str:
    return gettext(yearly.COLUMN_LABELS[f"benefit_{kind}"])


def appendix_context(application: Application, number: str) -> dict[str, Any]:
    """What both appendix templates read, in the active locale."""
    figures = figures_of(application)
    answers, ruleset = application.answers or {}, ruleset_for(application)
    on_path = answers_on_path(answers, ruleset)
    analysis, rules = figures.analysis, figures.assumptions
    first_year = yearly.first_year(on_path)
    rows = [
        YearRow(
            year.year if year.year else year.t,
            (year.investment, year.running_costs, *year.given.benefits),
        )
        for year in figures.years
    ]
    return {
        "title": gettext(APPENDIX_KINDS[number].title, title=on_path.get("project_title", "")),
        "agency_name": on_path.get("agency_name", ""),
        "org_number": on_path.get("org_number", ""),
        "reference": application.reference or "",
        "submitted_on": application.submitted_at.date() if application.submitted_at else None,
        "figures": figures,
        "first_year": first_year,
        "gains": [
            Gain(
                _benefit_label(kind),
                sum(year.given.benefit(kind) for year in figures.years),
                analysis.pv_benefit(kind),
            )
            for kind in BENEFIT_KINDS
        ],
        "budget_saving_labels": [
            _benefit_label(k) for k in BENEFIT_KINDS if k in rules.budget_saving_benefits
        ],
        "budget_cut_labels": [
            _benefit_label(k) for k in BENEFIT_KINDS if k in rules.budget_cut_benefits
        ],
        "column_labels": [gettext(label) for label in yearly.COLUMN_LABELS.values()],
        "year_rows": rows,
        "column_totals": [
            sum(column) for column in zip(*(row.amounts for row in rows), strict=True)
        ],
        "non_priced_effects": paragraphs(on_path.get("non_priced_effects")),
        "figure_sources": paragraphs(on_path.get("figure_sources")),
        "ruleset": ruleset,
        "ruleset_title": ruleset.title_for(_locale()),
    }


def appendix_document(application: Application, number: str) -> DocumentFile:
    """Vedlegg ``number`` ("1" or "2") as DOCX, in the application's language."""
    figures_of(application)
    return _document_file(
        application,
        APPENDIX_KINDS[number],
        document_language(application),
        lambda: appendix_context(application, number),
        author=str((application.answers or {}).get("agency_name") or ""),
    )


def appendix_preview_html(application: Application, number: str) -> Markup:
    with force_locale(document_language(application)):
        context = appendix_context(application, number)
        return render_html(APPENDIX_KINDS[number].template, context, _env())


def preview_page_context(application: Application, number: str) -> dict[str, Any]:
    """What an appendix's preview page shows, the same for the applicant and the advisor."""
    return {
        "application": application,
        "number": number,
        "name": APPENDIX_KINDS[number].name,
        "document": appendix_preview_html(application, number),
        "document_language": document_language(application),
    }


def npv_spreadsheet(application: Application) -> DocumentFile:
    """Vedlegg 2 as XLSX: the same table, with formulas, so the arithmetic can be checked."""
    figures = figures_of(application)
    kind = APPENDIX_KINDS["2"]
    language = document_language(application)
    reference = application.reference or ""
    with force_locale(language):
        title = gettext(kind.title, title=str((application.answers or {}).get("project_title", "")))
        text = NpvWorkbookText.in_active_language(title)
        content = npv_workbook(figures, text, application.submitted_at)
        download_name = f"{gettext(kind.name)} {reference}.xlsx"
    return DocumentFile(
        filename=f"{kind.filename_stem}-{reference}.xlsx",
        content=content,
        mimetype=XLSX_MIMETYPE,
        title=title,
        download_name=download_name,
    )


def record_download(application: Application, document: DocumentFile, advisor: Any) -> None:
    """Record that an advisor downloaded an appendix (the request commits)."""
    audit.record_download(
        application,
        audit.DOWNLOADED_APPLICATION,
        advisor,
        {"appendix": document.filename, "language": document_language(application)},
        document.content,
    )
