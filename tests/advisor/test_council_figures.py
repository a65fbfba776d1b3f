"""The council's figures: counted by year, ministry area, size, phase, joint cases, readiness and
recommendation theme; small counts held back; the page and the CSV in every language."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import docx
import pytest
from docx.oxml.ns import qn

from tests.advisor.conftest import COMPLETE_ANSWERS
from webapp.models import ApplicationStatus
from webapp.services import council_figures
from webapp.services.council_figures import Period, size_class, theme_of

MNOK = 1_000_000
READY = ApplicationStatus.LETTER_READY


@pytest.fixture
def cases(app, make_application):
    """Seven council cases in 2025–2026 (one sent on New Year's night, Norwegian time), a
    co-financing application and a draft that do not count."""

    def case(sent, ministry, total_cost, phase="planning", joint="no", status=None, **answers):
        values = {
            **COMPLETE_ANSWERS,
            "agency_name": "Hemmelig etat",
            "contact_email": "kontakt@hemmelig.no",
            "ministry": ministry,
            "total_cost": total_cost,
            "phase": phase,
            "cross_sector": joint,
            "schemes": ["council"],
            "leader_ownership": "yes",
            "agile_delivery": "no",
            **answers,
        }
        make_application(
            status=status or ApplicationStatus.SUBMITTED, answers=values, submitted_at=sent
        )

    # 31 December 2025 23:30 UTC is 1 January 2026 in Oslo.
    case(datetime(2025, 12, 31, 23, 30), "fin", 20 * MNOK, status=READY)
    case(datetime(2026, 2, 1, 9), "fin", 25 * MNOK, joint="yes", status=READY)
    case(datetime(2026, 3, 1, 9), "fin", 26 * MNOK, phase="concept", status=READY)
    case(datetime(2026, 4, 1, 9), "hod", 200 * MNOK, joint="yes")
    case(datetime(2026, 5, 1, 9), "hod", 201 * MNOK, agile_delivery="partly")
    case(datetime(2026, 6, 1, 9), "kdd", None, phase="idea")
    case(datetime(2025, 6, 1, 9), "fin", 30 * MNOK)
    make_application(answers={**COMPLETE_ANSWERS, "schemes": ["cofinancing"]})
    make_application(status=ApplicationStatus.DRAFT, answers={**COMPLETE_ANSWERS})


def test_size_classes_and_themes():
    assert [
        size_class(x) for x in (None, 25 * MNOK, 25 * MNOK + 1, 200 * MNOK, 200 * MNOK + 1)
    ] == [
        "no_estimate",
        "up_to_25",
        "26_to_200",
        "26_to_200",
        "over_200",
    ]
    assert theme_of("readiness:agile_delivery:no") == "agile_delivery"
    assert theme_of("gap:no_partners") == "cross_sector_collaboration"
    assert theme_of("gap:no_benefits_plan:no") == "benefits_realisation"
    assert theme_of(None) == theme_of("mine") == "other"


def test_the_cases_of_a_period_are_counted(app, cases):
    with app.app_context():
        figures = council_figures.compute(Period(2026, 2026))
    assert figures.cases == 6  # the New Year's night one counts for 2026; the 2025 one does not
    assert dict(figures.by_year) == {2026: 6}
    assert dict(figures.by_ministry) == {"fin": 3, "hod": 2, "kdd": 1}
    assert dict(figures.by_size) == {"up_to_25": 2, "26_to_200": 2, "over_200": 1, "no_estimate": 1}
    assert dict(figures.by_phase) == {"planning": 4, "concept": 1, "idea": 1}
    assert dict(figures.joint) == {True: 2, False: 4}
    assert figures.readiness["leader_ownership"]["yes"] == 6
    assert dict(figures.readiness["agile_delivery"]) == {"no": 5, "partly": 1}
    # Three letters are ready; each recommends agile development (the "no" answer).
    assert figures.letters == 3 and figures.by_theme["agile_delivery"] == 3
    with app.app_context():
        assert council_figures.compute(Period(2025, 2026)).cases == 7


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ({"a": 5, "b": 1, "c": 4}, {"b", "c"}),  # b alone would be the total minus a and c
        # b and c sum to 3: each would be known to be 1 or 2, so a goes too.
        ({"a": 5, "b": 1, "c": 2}, {"a", "b", "c"}),
        ({"a": 5, "b": 2, "c": 4, "d": 1}, {"b", "c", "d"}),
        ({"a": 3, "b": 0}, set()),
        ({"a": 1}, {"a"}),
        ({True: 2, False: 4}, {True, False}),
    ],
)
def test_a_count_held_back_cannot_be_worked_out_from_the_others(counts, hidden):
    assert council_figures.held_back(counts) == hidden


def test_counts_of_one_or_two_are_held_back():
    assert [council_figures.shown(n) for n in (0, 1, 2, 3)] == [0, None, None, 3]
    assert council_figures.share(3, 2) is None  # too few cases for any share
    assert council_figures.share(2, 10) is None
    assert council_figures.share(3, 12) == 0.25


@pytest.mark.parametrize(
    ("lang", "hidden", "ministry"),
    [
        ("nb", "vises ikke", "Finansdepartementet"),
        ("nn", "vert ikkje vist", "Finansdepartementet"),
        ("en", "not shown", "Ministry of Finance"),
    ],
)
def test_the_page_shows_the_figures_without_singling_anyone_out(
    pages, auth, advisor, cases, lang, hidden, ministry
):
    auth.login(advisor, lang=lang)
    page = pages.get(f"/{lang}/advisor/figures/council?from=2026&to=2026")
    ministries = page.select_one("#figures-ministries").find_parent("section")
    rows = {
        tr.th.get_text(strip=True): tr.select("td")[0].get_text(strip=True)
        for tr in ministries.select("tbody tr")
    }
    # fin 3, hod 2, kdd 1: with fin shown, hod and kdd (3 in all) would each be known to be
    # 1 or 2 and which is which worked out from the others, so all three are held back.
    assert rows == {ministry: hidden, **{k: hidden for k in rows if k != ministry}}
    assert len(rows) == 3
    years = page.select_one("#figures-years").find_parent("section")
    assert years.select_one("tbody tr td").get_text(strip=True) == "6"
    text = page.get_text()
    assert "Hemmelig etat" not in text and "kontakt@hemmelig.no" not in text
    assert page.select_one("#period-from option[selected]")["value"] == "2026"


def test_the_csv_has_the_same_numbers_and_no_contact_details(client, auth, advisor, cases):
    auth.login(advisor)
    response = client.get("/en/advisor/figures/council.csv?from=2026&to=2026")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0] == ["Table", "Category", "Cases", "Share"]
    assert ["Cases by year", "2026", "6", "100%"] in rows
    assert ["Cases by ministry area", "Ministry of Finance", "not shown", ""] in rows
    assert "Hemmelig" not in body and "@" not in body


@pytest.mark.parametrize(
    "query", ["from=1999", "from=2026&to=2025", "to=9999", "from=%00", "from=²"]
)
def test_a_period_that_makes_no_sense_gets_a_message(pages, auth, advisor, cases, query):
    auth.login(advisor)
    page = pages.get(f"/en/advisor/figures/council?{query}")
    assert "Choose years from 2016" in page.select_one(".notice[role=alert]").get_text()


@pytest.mark.parametrize(
    ("lang", "heading"), [("nb", "Departementsområde"), ("en", "Ministry area")]
)
def test_the_docx_appendix_has_the_same_tables_with_real_header_rows(
    client, auth, advisor, cases, lang, heading
):
    auth.login(advisor, lang=lang)
    response = client.get(f"/{lang}/advisor/figures/council.docx?from=2026&to=2026")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    document = docx.Document(io.BytesIO(response.data))
    ministries = next(t for t in document.tables if t.rows[0].cells[0].text == heading)
    header = ministries.rows[0]._tr
    assert header.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None  # repeats on each page
    assert not [r.cells[1].text for r in ministries.rows[1:] if r.cells[1].text.isdigit()]
    years = next(t for t in document.tables if t.rows[1].cells[0].text == "2026")
    assert years.rows[1].cells[1].text == "6"
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "Hemmelig" not in text and "@" not in text
    again = client.get(f"/{lang}/advisor/figures/council.docx?from=2026&to=2026").data
    assert again == response.data  # no clock in the bytes


def test_a_period_of_fewer_than_3_cases_shows_no_figures(pages, auth, advisor, cases):
    auth.login(advisor)
    page = pages.get("/en/advisor/figures/council?from=2025&to=2025")
    status = page.select_one("main [role=status]").get_text(" ", strip=True)
    assert status.startswith("Fewer than 3 cases from 2025 to 2025")
    assert page.select_one("#figures-years") is None
    assert page.select_one("#figures-readiness + .table-scroll") is None


def test_the_docx_appendix_has_its_charts_as_images_with_alternative_text(
    client, auth, advisor, cases
):
    auth.login(advisor)
    response = client.get("/en/advisor/figures/council.docx?from=2026&to=2026")
    document = docx.Document(io.BytesIO(response.data))
    pictures = document.element.body.findall(".//" + qn("wp:docPr"))
    alts = [picture.get("descr") for picture in pictures]
    assert len(alts) == 2 and all(
        alt.endswith("the table above gives the same numbers.") for alt in alts
    )
    assert alts[0].startswith("Bar chart of the cases per year")
    images = [part for part in document.part.package.parts if part.content_type == "image/png"]
    assert len(images) == 2 and all(part.blob.startswith(b"\x89PNG") for part in images)
    for shape in document.inline_shapes:  # as wide as the text, in proportion
        assert shape.width > shape.height > 0


def test_the_charts_leave_out_what_the_tables_hold_back(client, auth, advisor, cases):
    auth.login(advisor)
    response = client.get("/en/advisor/figures/council/readiness.svg?from=2026&to=2026")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    # Agile delivery: one case answered "partly", held back, so the question is not drawn.
    assert "The head of the agency owns the change" in svg
    assert "agile" not in svg.lower()
    years = client.get("/en/advisor/figures/council/years.svg?from=2026&to=2026")
    assert ">2026<" in years.get_data(as_text=True)
    # 2025 has 1 case: held back, and 2026 with it (it would tell 2025 from the total), so
    # there is nothing to draw.
    assert client.get("/en/advisor/figures/council/years.svg?from=2025&to=2026").status_code == 404
    assert client.get("/en/advisor/figures/council/years.svg?from=2025&to=2025").status_code == 404
