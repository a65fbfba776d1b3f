from fractions import Fraction

import pytest

from forms.npv import (
    CofinancingFigures,
    benefit_offset,
    budget_cut_obligation,
    cofinancing_figures,
    discount_factor,
    npv,
    npv_per_invested_krone,
    project_cash_flows,
)


@pytest.mark.parametrize(
    ("flows", "rate", "expected"),
    [
        # -100 + 60/1.04 + 60/1.04² = -100 + 57.6923… + 55.4733… = 13.1656…
        ([-100, 60, 60], 0.04, 13.165680473372781),
        ([-100], 0.04, -100.0),
        ([], 0.04, 0.0),
        ([0, 104], 0.04, 100.0),
        ([0, 0, 108.16], 0.04, 100.0),
        ([-100, 60, 60], 0, 20.0),
        ([-100, 110], Fraction(1, 10), 0.0),
    ],
)
def test_npv_by_hand(flows, rate, expected):
    assert npv(flows, rate) == pytest.approx(expected, abs=1e-9)


def test_npv_default_rate_is_four_percent():
    assert npv([0, 104]) == pytest.approx(100.0)


def test_discount_factor_is_exact():
    assert discount_factor(2) == Fraction(625, 676)  # (25/26)²
    assert discount_factor(0) == 1


@pytest.mark.parametrize(
    ("start", "first", "expected"),
    [(2021, 2020, 1), (2020, 2020, 0), (2019, 2020, 0), (2025, 2020, 5)],
)
def test_benefit_offset(start, first, expected):
    assert benefit_offset(start, first) == expected


def test_project_cash_flows_place_investment_and_running_years():
    flows = project_cash_flows(
        investment_cost=1_000,
        annual_operating_cost=100,
        annual_internal_benefit=300,
        annual_external_benefit=50,
        benefit_offset=2,
        years=4,
    )
    assert [(f.t, f.costs, f.benefits, f.net) for f in flows] == [
        (0, 1_000, 0, -1_000),
        (1, 0, 0, 0),
        (2, 100, 350, 250),
        (3, 100, 350, 250),
    ]
    assert flows[2].discounted_net == pytest.approx(250 / 1.04**2)
    assert sum(f.discounted_net for f in flows) == pytest.approx(npv([f.net for f in flows]))


def test_benefits_from_year_zero_when_offset_is_zero():
    flows = project_cash_flows(1_000, 0, 100, 0, benefit_offset=0, years=10)
    assert flows[0].net == -900
    assert len(flows) == 10 and flows[-1].t == 9


def test_project_cash_flows_refuses_impossible_periods():
    with pytest.raises(ValueError):
        project_cash_flows(1, 0, 0, 0, benefit_offset=-1)
    with pytest.raises(ValueError):
        project_cash_flows(1, 0, 0, 0, benefit_offset=1, years=0)


def test_npv_per_invested_krone():
    assert npv_per_invested_krone(50.0, 100.0) == 0.5
    assert npv_per_invested_krone(50.0, 0) is None


@pytest.mark.parametrize(
    ("internal", "operating", "expected"),
    [
        (4_000_000, 1_000_000, 1_500_000),
        (1_000_001, 0, 500_000),  # half a krone is not cut
        (1_000_000, 1_000_000, 0),
        (500_000, 2_000_000, 0),  # running costs above the gains: no cut, never negative
        (0, 0, 0),
    ],
)
def test_budget_cut_obligation(internal, operating, expected):
    assert budget_cut_obligation(internal, operating) == expected


def test_budget_cut_share_comes_from_the_caller():
    assert budget_cut_obligation(1_000, 0, share=Fraction(1, 4)) == 250


COMPLETE = {
    "total_cost": 20_000_000,
    "cross_sector": "no",
    "investment_cost": 16_000_000,
    "annual_operating_cost": 1_000_000,
    "annual_internal_benefit": 3_000_000,
    "annual_external_benefit": 2_000_000,
    "benefit_start_year": 2021,
    "planned_start": "2020-03",
}


def test_cofinancing_figures_from_complete_answers(difi):
    figures = cofinancing_figures(COMPLETE, difi)
    assert isinstance(figures, CofinancingFigures)
    assert figures.missing == ()
    assert figures.benefit_offset == 1
    assert len(figures.flows) == 10
    # -16 MNOK in year 0, then +4 MNOK a year for years 1–9 at 4 %.
    annuity = sum(1 / 1.04**t for t in range(1, 10))
    expected_npv = -16_000_000 + 4_000_000 * annuity
    assert figures.npv == pytest.approx(expected_npv)
    assert figures.pv_investment == 16_000_000
    assert figures.npv_per_krone == pytest.approx(expected_npv / 16_000_000)
    assert figures.annual_budget_cut == 1_000_000
    assert figures.max_grant == 10_000_000
    assert figures.discount_rate == Fraction(1, 25) and figures.analysis_years == 10


def test_max_grant_follows_the_rule_set_and_category(digdir):
    # Category 2 opens on its basis, not on crossing sectors.
    cross = cofinancing_figures({**COMPLETE, "cross_sector": "yes"}, digdir)
    assert cross.max_grant == 10_000_000
    shared = cofinancing_figures({**COMPLETE, "category_basis": "shared_solution"}, digdir)
    assert shared.max_grant == 17_000_000
    too_big = cofinancing_figures({**COMPLETE, "total_cost": 60_000_000}, digdir)
    assert too_big.max_grant is None


def test_missing_investment_gives_no_figures(difi):
    assert cofinancing_figures({}, difi) is None
    assert cofinancing_figures({"investment_cost": "lots"}, difi) is None


def test_partial_answers_give_provisional_figures(difi):
    figures = cofinancing_figures({"investment_cost": 1_000_000}, difi)
    assert figures.npv == -1_000_000
    assert figures.benefit_offset == 1
    assert figures.max_grant is None
    assert set(figures.missing) == {
        "annual_operating_cost",
        "annual_internal_benefit",
        "annual_external_benefit",
        "benefit_start_year",
        "planned_start",
        "total_cost",
    }


def test_amounts_typed_as_text_are_read(difi):
    figures = cofinancing_figures({**COMPLETE, "investment_cost": "16 mill."}, difi)
    assert figures.pv_investment == 16_000_000


def test_benefits_before_the_start_are_clamped_to_year_zero(difi):
    figures = cofinancing_figures({**COMPLETE, "benefit_start_year": 2018}, difi)
    assert figures.benefit_offset == 0
    assert figures.flows[0].benefits == 5_000_000
