"""Every wizard page renders, in every language, and shows what the applicant needs."""

from __future__ import annotations

import pytest

from tests.apply.journey import answer_until_result, post_step, step_url, submit, walk_to_check

LANGUAGES = ("nb", "nn", "en")
STEPS_BOTH = (
    "applicant",
    "project",
    "budget",
    "result",
    "cofinancing",
    "council",
    "readiness",
    "check",
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_the_journey_renders_in_each_language(pages, lang):
    walk_to_check(pages, lang, schemes=("cofinancing", "council"))
    for step in STEPS_BOTH:
        page = pages.get(step_url(lang, step))
        assert page.html["lang"] == lang
        form = page.select_one("form[method=post]")
        assert form["action"] == step_url(lang, step)
    for path in ("/", "/resume"):
        pages.get(f"/{lang}/apply{path}" if path != "/" else f"/{lang}/")
    receipt = pages.get(submit(pages, lang).location)
    assert receipt.select_one("#reference")


def test_step_counter_and_back_link(pages):
    walk_to_check(pages, "en", schemes=("cofinancing",))
    page = pages.get(step_url("en", "cofinancing"))
    assert page.select_one(".steps").get_text(strip=True) == "Step 5 of 7"
    assert page.select_one("a.back-link")["href"] == "/en/apply/result"


def test_check_page_shows_the_computed_figures(pages):
    walk_to_check(pages, "en", schemes=("cofinancing",))
    page = pages.get(step_url("en", "check"))
    figures = {
        row.th.contents[0].strip(): row.td.get_text(strip=True)
        for row in page.select("table[aria-labelledby=section-figures] tr")
    }
    assert figures["Most you can be granted"] == "NOK\u00a06,250,000"
    npv_label = next(label for label in figures if label.startswith("Net present value ("))
    assert "10 years" in npv_label and "4%" in npv_label
    tax = next(v for k, v in figures.items() if k.startswith("Tax-financing cost (20%"))
    assert tax.startswith("NOK")
    # Each per-krone figure says how it is defined, beside the figure.
    per_invested = page.select_one("#npv-per-invested-krone")
    assert "divided by the present value of the investment" in per_invested.th.get_text()
    assert figures["Net present value per invested krone"]
    per_grant = page.select_one("#npv-per-grant-krone")
    assert "divided by the amount you apply for" in per_grant.th.get_text()
    assert figures["Net present value per krone of grant"]
    years = page.select("table.data tbody tr")
    assert len(years) == 10
    assert years[0].th.get_text(strip=True) == "2027"
    # Half of the agency's own gains less the running costs, (2 000 000 + 1 000 000 − 500 000),
    # is cut each year with gains: today's rules count freed capacity as well as the budget.
    assert years[1].select("td")[4].get_text(strip=True) == "NOK\u00a01,250,000"


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_check_page_figures_table_has_every_year_and_the_totals(app, pages, lang):
    """Every cell of the per-year table, and the totals row, as the amount filter writes the
    figures the app computes from the stored answers, in the page's language."""
    from forms.npv import cofinancing_figures
    from webapp.i18n import format_amount
    from webapp.services import drafts

    walk_to_check(pages, lang, schemes=("cofinancing",))
    page = pages.get(step_url(lang, "check"))
    with pages.client.session_transaction() as session:
        draft_id = session["draft_id"]
    with app.test_request_context(f"/{lang}/"):
        app.preprocess_request()
        draft = drafts.find_draft(draft_id)
        figures = cofinancing_figures(draft.answers, drafts.ruleset_for(draft))
        expected_rows = [
            [str(year.year)]
            + [
                format_amount(value)
                for value in (
                    year.investment,
                    year.running_costs,
                    year.benefits,
                    year.tax_financing_cost,
                    year.budget_cut,
                    year.present_value,
                )
            ]
            for year in figures.years
        ]
        analysis = figures.analysis
        expected_totals = [
            format_amount(value)
            for value in (
                analysis.pv_investment,
                analysis.pv_running_costs,
                analysis.pv_benefits,
                analysis.pv_tax_financing_cost,
                analysis.pv_budget_cut,
                analysis.npv,
            )
        ]
    rows = [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in page.select("table.data tbody tr")
    ]
    assert rows == expected_rows
    totals = [cell.get_text(strip=True) for cell in page.select("table.data tfoot td")]
    assert totals == expected_totals
    assert all(("kr" in cell) if lang != "en" else ("NOK" in cell) for cell in totals)


def test_no_figures_without_cofinancing(pages):
    walk_to_check(pages, "en", schemes=("council",))
    page = pages.get(step_url("en", "check"))
    assert page.select_one("#section-figures") is None


@pytest.mark.parametrize(
    ("total_cost", "overrides", "expected"),
    [
        (
            "3 000 000",
            {"legal_form": "municipality"},
            "Fund the project within the agency's own budget",
        ),
        ("900 000 000", {}, "Your project follows the state project model"),
        ("20 000 000", {"legal_form": "other"}, "Fund the project within the agency's own budget"),
    ],
)
def test_exit_pages_say_what_to_do_instead(pages, total_cost, overrides, expected):
    answer_until_result(pages, "en", total_cost=total_cost, estimate_kind="p85", **overrides)
    page = pages.get(step_url("en", "result"))
    # An exit page has a title of its own and no step counter.
    assert page.h1.get_text(strip=True) == expected
    assert page.title.get_text().startswith(expected)
    assert not page.select(".steps")
    assert not page.select("input[name=schemes]")


def test_over_the_threshold_only_the_project_model_is_offered(pages):
    answer_until_result(pages, "en", total_cost="900 000 000", estimate_kind="p85")
    page = pages.get(step_url("en", "result"))
    offered = [h2.get_text(" ", strip=True) for h2 in page.select("main section > h2")]
    assert offered == ["State project model (KS1/KS2) Eligible"]


def test_concept_phase_says_come_back_for_cofinancing(pages):
    answer_until_result(pages, "en", total_cost="18 000 000", phase="concept")
    page = pages.get(step_url("en", "result"))
    assert "Come back when the concept phase is finished" in page.get_text(" ")


def test_result_page_names_the_rule_set(pages):
    answer_until_result(pages, "en")
    page = pages.get(step_url("en", "result"))
    assert "Digdir: co-financing of projects of 10–100 MNOK" in (
        page.select_one("main h1").find_next("p").get_text()
    )


def test_saving_is_possible_from_every_step(pages):
    answer_until_result(pages, "en")
    response = post_step(pages, "en", "result", {"action": "save_later"})
    assert response.location.endswith("/en/apply/saved")
