"""The council's figures for a period: a page of tables and the same numbers as CSV."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import Response, current_app, render_template, request
from flask_babel import gettext as _

from forms.ministries import MINISTRIES
from forms.routing import PHASE_LABELS
from forms.steps import READINESS_QUESTIONS
from forms.validity import today_in_norway

from ..documents import DocumentMeta, build_docx
from ..i18n import current_language, format_percent
from ..services import charts, council_figures
from ..services.council_figures import (
    READINESS_ANSWERS,
    SIZE_CLASSES,
    THEMES,
    CouncilFigures,
    Period,
    held_back,
    share,
    shown,
)
from ..services.documents import DocumentFile, send_document
from ..services.ranking_export import csv_file, guarded
from . import bp
from .chart_responses import svg_response

FIRST_YEAR = 2016  # the council's first year
YEARS_SHOWN = 5  # the default period ends this year


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None  # None: held back (see council_figures.held_back)
    share: str | None  # of the table's whole, formatted; None when held back


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    heading: str  # of the first column
    rows: list[Row]


def _percent(value: float | None) -> str | None:
    """A share in whole per cent: 1/3 as "33 %", not "33,33 %"."""
    return None if value is None else format_percent(Decimal(round(value * 100)) / 100)


def _rows(counts: dict, labels: dict, whole: int) -> list[Row]:
    hidden = held_back(counts)
    # A code the labels do not know (a ministry renamed since) is still counted, by its code.
    labels = {**labels, **{key: str(key) for key in counts if key not in labels}}
    return [
        Row(labels[key], None, None)
        if key in hidden
        else Row(labels[key], counts[key], _percent(share(counts[key], whole)))
        for key in labels
        if counts.get(key, 0)
    ]


def tables(figures: CouncilFigures) -> list[Table]:
    """The figures as tables, in the order the page shows them, with small counts held back;
    none at all when the period has fewer than 3 cases."""
    whole = figures.cases
    if shown(whole) is None:
        return []
    ministries = {code: _(name) for code, name in MINISTRIES.items()} | {"": _("Not given")}
    phases = {code: _(name) for code, name in PHASE_LABELS.items()} | {"": _("Not given")}
    years = {year: str(year) for year in range(figures.period.first, figures.period.last + 1)}
    return [
        Table("years", _("Cases by year"), _("Year"), _rows(figures.by_year, years, whole)),
        Table(
            "ministries",
            _("Cases by ministry area"),
            _("Ministry area"),
            sorted(_rows(figures.by_ministry, ministries, whole), key=lambda row: row.label),
        ),
        Table(
            "sizes",
            _("Cases by size (total cost)"),
            _("Size"),
            _rows(figures.by_size, {key: _(label) for key, label in SIZE_CLASSES.items()}, whole),
        ),
        Table("phases", _("Cases by phase"), _("Phase"), _rows(figures.by_phase, phases, whole)),
        Table(
            "joint",
            _("Joint cases"),
            _("Case"),
            _rows(
                figures.joint,
                {True: _("Across agencies or sectors"), False: _("One agency")},
                whole,
            ),
        ),
        Table(
            "themes",
            _("Recommendations by theme"),
            _("Theme"),
            sorted(
                _rows(figures.by_theme, {k: _(v) for k, v in THEMES.items()}, figures.letters)
                if shown(figures.letters) is not None
                else [],
                key=lambda row: -(row.count or 0),
            ),
        ),
    ]


def readiness_rows(figures: CouncilFigures) -> list[tuple[str, list[str | None]]]:
    """Per question, the share of the period's cases answering yes, partly and no (held back
    as the counts are: the answers of a question add up to all the cases)."""
    rows: list[tuple[str, list[str | None]]] = []
    if shown(figures.cases) is None:
        return rows
    for key, label in READINESS_QUESTIONS.items():
        counts = figures.readiness[key]
        hidden = held_back(counts)
        shares = [
            None if answer in hidden else _percent(share(counts[answer], figures.cases))
            for answer in READINESS_ANSWERS
        ]
        rows.append((_(label), shares))
    return rows


def default_period() -> Period:
    this_year = today_in_norway().year
    return Period(max(FIRST_YEAR, this_year - YEARS_SHOWN + 1), this_year)


def _year(name: str, default: int) -> tuple[int, bool]:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default, True
    if (
        raw.isascii()
        and raw.isdigit()
        and len(raw) <= 4
        and FIRST_YEAR <= int(raw) <= today_in_norway().year
    ):
        return int(raw), True
    return default, False


def _period() -> tuple[Period, bool]:
    """The period asked for, and whether it was understood (else the default period)."""
    default = default_period()
    first, first_ok = _year("from", default.first)
    last, last_ok = _year("to", default.last)
    if first > last:
        return default, False
    return Period(first, last), first_ok and last_ok


def _figures() -> dict[str, Any]:
    """What the page, the Word appendix and the CSV all show, for the period asked for."""
    period, understood = _period()
    figures = council_figures.compute(period)
    return {
        "period": period,
        "understood": understood,
        "figures": figures,
        "tables": tables(figures),
        "readiness": readiness_rows(figures),
        "answers": [_(label) for label in READINESS_ANSWERS.values()],
    }


def _whole_or_nothing(value: float) -> str:
    """An axis tick of cases: whole numbers only."""
    return str(int(value)) if value == int(value) else ""


def _whole(value: float) -> str:
    return str(int(value))


def years_chart(context: dict[str, Any]) -> charts.BarChart | None:
    """Cases per year, the years with a count shown; None when no figures are shown."""
    table = next((t for t in context["tables"] if t.key == "years"), None)
    rows = [row for row in table.rows if row.count is not None] if table else []
    if not rows:
        return None
    return charts.BarChart(
        title=_("Cases by year"),
        categories=[row.label for row in rows],
        series=[charts.Series(_("Cases"), [row.count for row in rows])],
        unit=_("Cases"),
        scale=1,
        number=_whole_or_nothing,
    )


def readiness_chart(context: dict[str, Any]) -> charts.BarChart | None:
    """Per readiness question with every share shown, the shares answering yes, partly, no."""
    figures: CouncilFigures = context["figures"]
    if shown(figures.cases) is None or not figures.cases:
        return None
    questions = []
    for key, label in READINESS_QUESTIONS.items():
        counts = figures.readiness[key]
        if held_back(counts):
            continue
        questions.append((_(label), [100 * counts[a] / figures.cases for a in READINESS_ANSWERS]))
    if not questions:
        return None
    return charts.BarChart(
        title=_("Readiness, as the agencies answered"),
        categories=[label for label, _shares in questions],
        series=[
            charts.Series(answer, [shares[index] for _label, shares in questions])
            for index, answer in enumerate(context["answers"])
        ],
        unit=_("Share of the cases (%)"),
        scale=1,
        number=_whole,
        stacked_across=True,
    )


CHARTS = {"years": years_chart, "readiness": readiness_chart}


@bp.get("/figures/council/<any(years, readiness):chart>.svg")
def council_figures_chart(chart: str):
    drawn = CHARTS[chart](_figures())
    if drawn is None:
        return Response(status=404)
    return svg_response(drawn)


@bp.get("/figures/council")
def council_figures_page():
    context = _figures()
    return render_template(
        "advisor/council_figures.html",
        years=range(FIRST_YEAR, today_in_norway().year + 1),
        charts={key: make(context) is not None for key, make in CHARTS.items()},
        **context,
    )


@bp.get("/figures/council.docx")
def council_figures_docx():
    context = _figures()
    period = context["period"]
    title = _("The council's figures %(first)s–%(last)s", first=period.first, last=period.last)
    # No creation date: the same period and cases give the same bytes.
    meta = DocumentMeta(title=title, language=current_language())
    drawn = {key: make(context) for key, make in CHARTS.items()}
    images = {key: charts.png(chart) for key, chart in drawn.items() if chart is not None}
    content = build_docx(
        "letters/council_figures.html",
        {**context, "title": title, "charts": images},
        meta,
        current_app.jinja_env,
        images=images,
    )
    name = f"radet-tal-{period.first}-{period.last}.docx"
    return send_document(DocumentFile(name, content, download_name=name))


@bp.get("/figures/council.csv")
def council_figures_csv():
    context = _figures()
    period = context["period"]
    not_shown = _("not shown")
    rows = [[_("Table"), _("Category"), _("Cases"), _("Share")]]
    for table in context["tables"]:
        for row in table.rows:
            count = not_shown if row.count is None else str(row.count)
            rows.append([guarded(table.caption), guarded(row.label), count, row.share or ""])
    for label, shares in context["readiness"]:
        question = guarded(_("Readiness: %(question)s", question=label))
        for answer, value in zip(context["answers"], shares, strict=True):
            rows.append([question, answer, "", value or ""])
    name = f"radet-tal-{period.first}-{period.last}.csv"
    content = csv_file(rows)
    return send_document(DocumentFile(name, content, "text/csv; charset=utf-8", download_name=name))
