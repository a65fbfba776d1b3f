"""Vedlegg 1 and 2 of a co-financing application: DOCX reopened, the preview with the same text,
in nb, nn and en, and the spreadsheet whose formulas LibreOffice computes to the app's figures."""

from __future__ import annotations

import io
import itertools
import time

import openpyxl
import pytest
from flask_babel import force_locale, gettext

from forms.npv import cofinancing_figures
from tests.documents.applications import ANSWERS, docx_texts, html_texts, store_application
from tests.documents.helpers import open_docx
from tests.documents.libreoffice import needs_libreoffice, recalculate_spreadsheet
from webapp.i18n import format_amount, format_decimal
from webapp.services import appendices
from webapp.services.drafts import ruleset_for

TITLES = {
    "nb": (
        "Vedlegg 1: Forutsetninger for den samfunnsøkonomiske analysen",
        "Vedlegg 2: Beregning av netto nåverdi",
    ),
    "nn": (
        "Vedlegg 1: Føresetnader for den samfunnsøkonomiske analysen",
        "Vedlegg 2: Utrekning av netto noverdi",
    ),
    "en": (
        "Appendix 1: Assumptions of the socio-economic analysis",
        "Appendix 2: Net present value calculation",
    ),
}


@pytest.fixture
def ctx(app):
    with app.app_context(), app.test_request_context("/en/"):
        yield app


def analysis_of(application):
    return cofinancing_figures(application.answers, ruleset_for(application)).analysis


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("lang", TITLES)
def test_both_appendices_in_the_applications_language_with_the_same_preview(lang):
    application = store_application(locale=lang)
    for number, title in zip("12", TITLES[lang], strict=True):
        document = appendices.appendix_document(application, number)
        assert document.filename == (
            f"{appendices.APPENDIX_KINDS[number].filename_stem}-VV-2026-000123.docx"
        )
        assert document.download_name == f"{title} VV-2026-000123.docx"
        docx = open_docx(document.content)
        assert docx.core_properties.title == f"{title} – Digital førerkortfornyelse"
        assert docx.core_properties.language.startswith(lang)
        preview = appendices.appendix_preview_html(application, number)
        assert html_texts(str(preview)) == docx_texts(docx)


@pytest.mark.usefixtures("ctx")
def test_appendix_1_lists_the_assumptions_and_the_applicants_words():
    application = store_application(locale="en")
    text = docx_texts(open_docx(appendices.appendix_document(application, "1").content))
    assert "Today's kroner (real prices, without inflation), as expected values" in text
    assert "4% real per year" in text
    assert "10 years, 2027 to 2036; the first year is the first year with investment costs" in text
    assert any(t.startswith("20% of the net effect on public budgets each year") for t in text)
    # Only the agency's own budget effect is a public-budget saving; today's rules cut from
    # all of the agency's own gains, freed capacity too.
    rows = list(itertools.pairwise(text))
    assert ("Counted as savings in public budgets", "The agency's budget") in rows
    both = "The agency's budget, The agency's freed capacity"
    assert ("The agency's own gains, as the base of the budget cut", both) in rows
    # Who gains what: sums over the period (9 years of gains) and present values.
    analysis = analysis_of(application)
    capacity = format_amount(analysis.pv_benefit("agency_capacity")).replace("\u00a0", " ")
    at = text.index("The agency's freed capacity")
    assert text[at + 1 : at + 3] == ["NOK 9,000,000", capacity]
    assert ANSWERS["non_priced_effects"] in text
    assert ANSWERS["figure_sources"] in text


@pytest.mark.usefixtures("ctx")
def test_appendix_2_has_every_year_its_discount_factor_and_the_totals():
    application = store_application(locale="en")
    document = open_docx(appendices.appendix_document(application, "2").content)
    analysis = analysis_of(application)
    discounting = next(t for t in document.tables if t.rows[0].cells[1].text == "Discount factor")
    years = [[cell.text for cell in row.cells] for row in discounting.rows[1:]]
    assert [row[0] for row in years] == [*map(str, range(2027, 2037)), "Present value"]
    assert years[1][1] == "0.9615" and years[2][1] == "0.9246"
    assert years[0][3] == "NOK\u00a02,500,000"  # 20 % of the 12.5 MNOK invested in year 0
    assert years[-1][5] == format_amount(analysis.npv)
    per_year = next(t for t in document.tables if t.rows[0].cells[1].text == "Investment")
    assert [cell.text for cell in per_year.rows[-1].cells][:3] == [
        "Sum",
        "NOK\u00a012,500,000",
        "NOK\u00a04,500,000",
    ]
    text = docx_texts(document)
    assert format_decimal(analysis.npv_per_invested_krone) in text
    assert format_decimal(analysis.npv_per_grant_krone) in text


@pytest.mark.usefixtures("ctx")
def test_only_applications_with_a_year_table_to_cofinancing_have_appendices():
    council_only = store_application({"schemes": ["council"]}, reference="VV-2026-000124")
    assert not appendices.has_appendices(council_only)
    no_table = store_application({"yearly_figures": None}, reference="VV-2026-000125")
    assert not appendices.has_appendices(no_table)
    with pytest.raises(appendices.NoFigures):
        appendices.appendix_document(council_only, "1")


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize(
    "changed",
    [
        {},
        {"schemes": ["council"]},
        {"schemes": ["cofinancing", "council"]},
        {"yearly_figures": None},
        {"yearly_figures": []},
        {"yearly_figures": [{"investment": "x"}]},
        {"total_cost": 3_000_000},
        {"total_cost": None, "requested_amount": None},
    ],
)
def test_has_appendices_says_what_computing_the_figures_finds(changed):
    """has_appendices answers without the NPV; it must agree with figures_of."""
    application = store_application(changed, reference="VV-2026-000126")
    try:
        appendices.figures_of(application)
    except appendices.NoFigures:
        computed = False
    else:
        computed = True
    assert appendices.has_appendices(application) is computed


@pytest.mark.usefixtures("ctx")
def test_the_spreadsheet_is_the_same_bytes_whenever_it_is_built(monkeypatch):
    application = store_application(locale="nb")
    before = appendices.npv_spreadsheet(application).content
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 400 * 24 * 3600)
    after = appendices.npv_spreadsheet(application).content
    assert before == after
    workbook = openpyxl.load_workbook(io.BytesIO(after))
    assert workbook.properties.modified == application.submitted_at.replace(tzinfo=None)


@pytest.mark.usefixtures("ctx")
def test_the_spreadsheet_holds_formulas_not_results():
    application = store_application(locale="nb")
    workbook = openpyxl.load_workbook(io.BytesIO(appendices.npv_spreadsheet(application).content))
    sheet = workbook.active
    formulas = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "=1/(1+$B$3)^B10" in formulas
    assert "=$B$4*K9" in formulas
    assert any(value.startswith("=SUMPRODUCT(C9:C18") for value in formulas)
    assert sheet["H8"].value == "Kommuner"  # headers in the application's language


@needs_libreoffice
@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize(
    "changes",
    [
        {},
        # Gains in the agency's budget below the running costs: no cut that year.
        {
            "yearly_figures": [
                {**row, "benefit_agency_budget": 100_000} for row in ANSWERS["yearly_figures"]
            ],
            "requested_amount": 5_999_999,
        },
    ],
)
def test_libreoffice_computes_the_spreadsheet_to_the_apps_figures(tmp_path, database_url, changes):
    if not database_url.startswith("sqlite"):
        pytest.skip("the spreadsheet does not depend on the database; checked on SQLite")
    application = store_application(changes)
    source = tmp_path / "in" / "vedlegg-2.xlsx"
    source.parent.mkdir()
    source.write_bytes(appendices.npv_spreadsheet(application).content)
    computed = openpyxl.load_workbook(
        recalculate_spreadsheet(source, tmp_path / "out"), data_only=True
    ).active
    analysis = analysis_of(application)
    years = list(analysis.years)
    for offset, year in enumerate(years):
        row = 9 + offset
        assert computed[f"L{row}"].value == pytest.approx(float(year.tax_financing_cost))
        assert computed[f"N{row}"].value == pytest.approx(float(year.discount_factor), rel=1e-12)
        assert computed[f"O{row}"].value == pytest.approx(float(year.present_value), rel=1e-12)
        assert computed[f"P{row}"].value == year.budget_cut
    expected = [
        float(analysis.npv),
        float(analysis.pv_investment),
        float(analysis.pv_tax_financing_cost),
        float(analysis.npv_per_invested_krone),
        float(analysis.npv_per_grant_krone),
        float(analysis.pv_budget_cut),
    ]
    key_figures = [computed[f"B{row}"].value for row in range(22, 28)]
    assert key_figures == pytest.approx(expected, rel=1e-12)


def test_appendix_names_are_translated(app):
    with app.test_request_context("/nb/"):
        for lang, titles in TITLES.items():
            with force_locale(lang):
                names = tuple(gettext(k.name) for k in appendices.APPENDIX_KINDS.values())
            assert names == titles
