"""The portfolio: sums per call, per ministry and in total, late and lagging projects, the
charts and their tables agreeing, and the CSV with the same numbers and no contact details."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
from sqlalchemy import select

from tests.reporting.conftest import MNOK
from webapp.extensions import db
from webapp.reporting.models import Benefit, RealisedBenefit, Report

KR = "\xa0kr"


def _m(value: float) -> str:
    return f"{int(value * MNOK):,}".replace(",", "\xa0") + KR


def _file(app, project, kind, year, spent, realised: dict[int, int] | None = None) -> None:
    """A submitted report, as the agency's form leaves it."""
    with app.app_context():
        report = Report(
            application_id=project.id,
            kind=kind,
            year=year,
            spent=spent,
            texts={},
            submitted_at=datetime(2026, 11, 20, 12),
        )
        benefits = db.session.scalars(
            select(Benefit).where(Benefit.application_id == project.id).order_by(Benefit.position)
        ).all()
        for position, amount in (realised or {}).items():
            report.realised.append(
                RealisedBenefit(benefit_id=benefits[position - 1].id, amount=amount)
            )
        db.session.add(report)
        db.session.commit()


def _cells(page, table_id):
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in page.select(f"#{table_id} tbody tr, #{table_id} tfoot tr")
    ]


@pytest.fixture
def two_projects(app, grant, link):
    """Alfa (fin, 7 MNOK) reported its spending for 2026; Bravo (kdd, 5 MNOK, final grant)
    reported 2026 and 2027, realising 3 of the 5 MNOK planned for 2027. Neither sent the
    forecast for 2026, due 1 October 2026."""
    alfa = grant(amount=7 * MNOK)
    bravo = grant(amount=5 * MNOK, ministry="kdd", final_sent_at=datetime(2026, 9, 1, 10))
    link(alfa)
    link(bravo)
    _file(app, alfa, "annual", 2026, 10 * MNOK)
    _file(app, bravo, "annual", 2026, 8 * MNOK)
    _file(app, bravo, "annual", 2027, 6 * MNOK, {1: 2 * MNOK, 2: 1 * MNOK})
    return alfa, bravo


def test_the_portfolio_sums_and_flags_late_and_lagging_projects(pages, auth, advisor, two_projects):
    alfa, bravo = two_projects
    auth.login(advisor, lang="nb")
    page = pages.get("/nb/advisor/portfolio")
    total = ["2", _m(12), _m(24), _m(5), _m(3)]
    assert _cells(page, "totals-by-call") == [["2026", *total], ["I alt", *total]]
    by_ministry = dict((row[0], row[1:]) for row in _cells(page, "totals-by-ministry"))
    assert by_ministry["Finansdepartementet"] == ["1", _m(7), _m(10), "0" + KR, "0" + KR]
    assert by_ministry["Kommunal- og distriktsdepartementet"] == ["1", _m(5), _m(14), _m(5), _m(3)]
    assert _cells(page, "benefits-by-year") == [["2027", _m(10), _m(3)], ["2028", _m(12), "0" + KR]]
    assert _cells(page, "spending-by-year") == [["2026", _m(18), _m(18)], ["2027", _m(6), _m(24)]]
    late = _cells(page, "late-projects")
    assert [row[0].split()[0] for row in late] == [alfa.reference, bravo.reference]
    assert "Utgiftsprognose 2026" in late[0][2]
    assert [row[0].split()[0] for row in _cells(page, "lagging-projects")] == [bravo.reference]
    # Bravo is 40 % short: with a share of 40 it does not lag, with 39 it does.
    assert not pages.get("/nb/advisor/portfolio?lag=40").select("#lagging-projects")
    assert pages.get("/nb/advisor/portfolio?lag=39").select("#lagging-projects")


def test_filters_select_a_call_and_a_ministry_and_a_bad_filter_says_so(
    pages, auth, advisor, two_projects
):
    auth.login(advisor, lang="nb")
    page = pages.get("/nb/advisor/portfolio?ministry=kdd")
    assert [row[0] for row in _cells(page, "totals-by-ministry")] == [
        "Kommunal- og distriktsdepartementet"
    ]
    page = pages.get("/nb/advisor/portfolio?call=1999&lag=mye")
    assert page.select_one(".notice[role=alert]")
    assert _cells(page, "totals-by-call")[-1][1] == "2"  # the bad filters are not used


BAR = re.compile(
    r'<path d="M ([\d.]+) ([\d.]+)\s+L [\d.]+ [\d.]+\s+L [\d.]+ ([\d.]+)[^"]*"\s+'
    r'clip-path="[^"]+" style="fill: ([^;]+);'
)


def _bars(svg: str) -> dict[str, list[float]]:
    """The heights of the bars (the patches inside the plot area) by fill, left to right."""
    found: dict[str, list[tuple[float, float]]] = {}
    for match in BAR.finditer(svg):
        x, bottom, top, fill = match.groups()
        found.setdefault(fill, []).append((float(x), float(bottom) - float(top)))
    return {fill: [height for _x, height in sorted(bars)] for fill, bars in found.items()}


def test_the_charts_draw_the_numbers_of_their_tables(client, pages, auth, advisor, two_projects):
    auth.login(advisor, lang="nb")
    response = client.get("/nb/advisor/portfolio/benefits.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert "script-src" not in response.headers["Content-Security-Policy"]
    svg = response.get_data(as_text=True)
    assert ">2027<" in svg and ">2028<" in svg and ">Planlagt<" in svg and ">Realisert<" in svg
    bars = _bars(svg)
    planned = bars.pop("#1f4e79")
    (realised,) = bars.values()  # the second series: hatched in orange
    assert len(planned) == 2 and planned[0] / planned[1] == pytest.approx(10 / 12, rel=1e-3)
    assert realised[0] / planned[0] == pytest.approx(3 / 10, rel=1e-3)
    # The same numbers, the same bytes: no dates or random ids in the drawing.
    assert client.get("/nb/advisor/portfolio/benefits.svg").data == response.data
    spending = client.get("/nb/advisor/portfolio/spending.svg").get_data(as_text=True)
    bars = _bars(spending)["#1f4e79"]
    assert bars[0] / bars[1] == pytest.approx(18 / 24, rel=1e-3)


def test_the_csv_has_the_same_numbers_and_no_contact_details(client, auth, advisor, two_projects):
    alfa, bravo = two_projects
    auth.login(advisor, lang="nb")
    response = client.get("/nb/advisor/portfolio.csv")
    assert response.status_code == 200
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    by_reference = {row[0]: row for row in rows[1:] if row}
    assert by_reference[bravo.reference][5:] == [
        str(5 * MNOK),
        str(14 * MNOK),
        str(5 * MNOK),
        str(3 * MNOK),
        "1",
        "ja",
    ]
    assert by_reference[alfa.reference][5:] == [str(7 * MNOK), str(10 * MNOK), "0", "0", "1", "nei"]
    assert ["2027", str(10 * MNOK), str(3 * MNOK), str(6 * MNOK)] in rows
    assert "@" not in text and "Ingrid" not in text


def test_the_portfolio_is_for_advisors_only(client, two_projects):
    for url in (
        "/nb/advisor/portfolio",
        "/nb/advisor/portfolio.csv",
        "/nb/advisor/portfolio/benefits.svg",
    ):
        assert client.get(url).status_code in (302, 303)


def test_the_word_document_has_the_tables_and_the_charts(client, auth, advisor, two_projects):
    import docx
    from docx.oxml.ns import qn

    auth.login(advisor, lang="nn")
    response = client.get("/nn/advisor/portfolio.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.data))
    assert document.core_properties.language == "nn-NO" or document.core_properties.title
    years = next(t for t in document.tables if t.rows[1].cells[0].text == "2027")
    assert [c.text for c in years.rows[1].cells] == ["2027", _m(10), _m(3)]
    alts = [p.get("descr") for p in document.element.body.findall(".//" + qn("wp:docPr"))]
    assert len(alts) == 2 and all("Tabellen under har dei same tala." in alt for alt in alts)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "@" not in text
    assert client.get("/nn/advisor/portfolio.docx").data == response.data


def test_a_filter_of_thousands_of_digits_is_a_message_not_an_error(
    pages, auth, advisor, two_projects
):
    auth.login(advisor, lang="nb")
    page = pages.get("/nb/advisor/portfolio?call=" + "9" * 5000 + "&lag=" + "1" * 5000)
    assert page.select_one(".notice[role=alert]")
    assert pages.client.get("/nb/advisor/figures/council?from=" + "9" * 5000).status_code == 200
