"""The portfolio of granted projects: a page of tables with two charts, the charts as SVG, and
the same numbers as CSV. The filters are in the address, so a view can be bookmarked."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, request
from flask_babel import gettext as _

from forms.ministries import MINISTRIES
from forms.validity import today_in_norway

from ..documents import DocumentMeta, build_docx
from ..i18n import current_language, format_decimal
from ..services import charts, portfolio, reports
from ..services.documents import DocumentFile, send_document
from ..services.portfolio import Portfolio, Selection
from ..services.ranking_export import csv_file, guarded
from . import bp
from .chart_responses import svg_response


def _selection() -> tuple[Selection, int, bool]:
    """The projects asked for, the lagging share, and whether every filter was understood."""
    understood = True
    call_year = None
    raw = request.args.get("call", "").strip()
    if raw:
        if raw.isascii() and raw.isdigit() and len(raw) <= 4 and int(raw) in portfolio.call_years():
            call_year = int(raw)
        else:
            understood = False
    ministry = request.args.get("ministry", "").strip() or None
    if ministry is not None and ministry not in MINISTRIES:
        ministry, understood = None, False
    share = current_app.config["VEIVISER_LAGGING_PERCENT"]
    raw = request.args.get("lag", "").strip().rstrip("%").strip()
    if raw:
        if raw.isascii() and raw.isdigit() and len(raw) <= 4 and 0 <= int(raw) <= 100:
            share = int(raw)
        else:
            understood = False
    return Selection(call_year, ministry), share, understood


def _context() -> dict[str, Any]:
    selection, share, understood = _selection()
    found = portfolio.portfolio(selection, today_in_norway())
    return {
        "selection": selection,
        "share": share,
        "understood": understood,
        "portfolio": found,
        "benefit_rows": benefit_rows(found),
        "spending_rows": spending_rows(found),
        "lagging": found.lagging(share),
        "late": found.late(),
        "ministry_names": {code: _(name) for code, name in MINISTRIES.items()},
        "kind_labels": reports.KIND_LABELS,
    }


def benefit_rows(found: Portfolio) -> list[tuple[int, int, int]]:
    """(year, planned, realised) for each year with a target or a realised value."""
    years = sorted(set(found.planned_by_year) | set(found.realised_by_year))
    return [(y, found.planned_by_year.get(y, 0), found.realised_by_year.get(y, 0)) for y in years]


def spending_rows(found: Portfolio) -> list[tuple[int, int, int]]:
    """(year, spent in the year, spent up to it) for each year with reported spending."""
    return [(y, found.spent_by_year[y], total) for y, total in found.cumulative_spending()]


def _query() -> dict[str, str]:
    return {key: request.args[key] for key in ("call", "ministry", "lag") if request.args.get(key)}


@bp.get("/portfolio")
def portfolio_page():
    return render_template(
        "advisor/portfolio.html",
        call_years=portfolio.call_years(),
        query=_query(),
        **_context(),
    )


def _millions(value: float) -> str:
    return format_decimal(value, 1) if value % 1 else format_decimal(value, 0)


def benefits_chart(found: Portfolio) -> charts.BarChart:
    rows = benefit_rows(found)
    return charts.BarChart(
        title=_("Benefits per year, planned and realised"),
        categories=[str(year) for year, _p, _r in rows],
        series=[
            charts.Series(_("Planned"), [planned for _y, planned, _r in rows]),
            charts.Series(_("Realised"), [realised for _y, _p, realised in rows]),
        ],
        unit=_("MNOK"),
        number=_millions,
    )


def spending_chart(found: Portfolio) -> charts.BarChart:
    rows = spending_rows(found)
    return charts.BarChart(
        title=_("Spending against the grant"),
        categories=[str(year) for year, _s, _t in rows],
        series=[charts.Series(_("Spent up to the year"), [total for _y, _s, total in rows])],
        unit=_("MNOK"),
        limit=(_("Granted"), found.total.granted),
        number=_millions,
    )


@bp.get("/portfolio/benefits.svg")
def portfolio_benefits_svg():
    return svg_response(benefits_chart(_context()["portfolio"]))


@bp.get("/portfolio/spending.svg")
def portfolio_spending_svg():
    return svg_response(spending_chart(_context()["portfolio"]))


@bp.get("/portfolio.docx")
def portfolio_docx():
    context = _context()
    found: Portfolio = context["portfolio"]
    title = _("Portfolio of granted projects")
    drawn = {"benefits": benefits_chart(found), "spending": spending_chart(found)}
    images = {key: charts.png(chart) for key, chart in drawn.items() if chart.categories}
    content = build_docx(
        "letters/portfolio.html",
        {**context, "title": title, "charts": images},
        DocumentMeta(title=title, language=current_language()),
        current_app.jinja_env,
        images=images,
    )
    name = "portefolje.docx"
    return send_document(DocumentFile(name, content, download_name=name))


@bp.get("/portfolio.csv")
def portfolio_csv():
    context = _context()
    found: Portfolio = context["portfolio"]
    share = context["share"]
    names = context["ministry_names"]
    rows: list[list[str]] = [
        [
            _("Reference"),
            _("Project"),
            _("Agency"),
            _("Ministry area"),
            _("Call"),
            _("Granted (NOK)"),
            _("Spent (NOK)"),
            _("Planned benefits, years reported (NOK)"),
            _("Realised benefits (NOK)"),
            _("Late reports"),
            _("Lagging"),
        ]
    ]
    for project in found.projects:
        rows.append(
            [
                project.reference,
                guarded(project.title),
                guarded(project.agency),
                guarded(names.get(project.ministry, project.ministry)),
                str(project.call_year),
                str(project.granted),
                str(project.spent),
                str(project.planned),
                str(project.realised),
                str(len(project.late)),
                _("yes") if project.lagging(share) else _("no"),
            ]
        )
    rows.append([])
    rows.append(
        [_("Year"), _("Planned benefits (NOK)"), _("Realised benefits (NOK)"), _("Spent (NOK)")]
    )
    for year in found.years:
        rows.append(
            [
                str(year),
                str(found.planned_by_year.get(year, 0)),
                str(found.realised_by_year.get(year, 0)),
                str(found.spent_by_year.get(year, 0)),
            ]
        )
    name = "portefolje.csv"
    return send_document(
        DocumentFile(name, csv_file(rows), "text/csv; charset=utf-8", download_name=name)
    )
