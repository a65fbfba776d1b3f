"""forms.npv: the analysis the state asks for, by tables of cases, boundaries first."""

from fractions import Fraction

import pytest

from forms.npv import (
    Analysis,
    Assumptions,
    YearInput,
    analyse,
    cofinancing_figures,
    discount_factor,
    npv,
    npv_per_invested_krone,
)
from forms.rulesets import BENEFIT_KINDS

FOUR_PERCENT = Fraction(4, 100)
BUDGET = frozenset({"agency_budget"})


def assumptions(
    years: int = 4,
    rate: Fraction = FOUR_PERCENT,
    tax: Fraction = Fraction(1, 5),
    savings: frozenset[str] = BUDGET,
    cut: Fraction = Fraction(1, 2),
    cut_base: frozenset[str] = BUDGET,
) -> Assumptions:
    return Assumptions(rate, years, tax, savings, cut, cut_base)


def gains(budget=0, capacity=0, state=0, municipalities=0, society=0) -> tuple[int, ...]:
    return (budget, capacity, state, municipalities, society)


# --- discounting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flows", "rate", "expected"),
    [
        ([], FOUR_PERCENT, Fraction(0)),
        ([-100], FOUR_PERCENT, Fraction(-100)),
        ([0, 104], FOUR_PERCENT, Fraction(100)),
        ([0, 0, Fraction("108.16")], FOUR_PERCENT, Fraction(100)),
        ([-100, 60, 60], 0, Fraction(20)),
        ([-100, 110], Fraction(1, 10), Fraction(0)),
        # -100 + 60/1.04 + 60/1.04² = 13.1656…
        ([-100, 60, 60], 0.04, Fraction(-100) + Fraction(60 * 25, 26) + Fraction(60 * 625, 676)),
    ],
)
def test_npv_by_hand(flows, rate, expected):
    assert npv(flows, rate) == expected


@pytest.mark.parametrize(
    ("t", "rate", "expected"),
    [(0, FOUR_PERCENT, 1), (1, FOUR_PERCENT, Fraction(25, 26)), (2, 0.04, Fraction(625, 676))],
)
def test_discount_factor_is_exact(t, rate, expected):
    assert discount_factor(t, rate) == expected


# --- the worked example (checked by hand in the commit message) --------------------------

WORKED = [
    YearInput(1_000_000, 0, gains()),
    YearInput(500_000, 100_000, gains(300_000, 200_000, 100_000, 50_000, 150_000)),
    YearInput(0, 100_000, gains(300_000, 200_000, 100_000, 50_000, 150_000)),
    YearInput(0, 100_000, gains(300_000, 200_000, 100_000, 50_000, 150_000)),
]


@pytest.fixture
def worked() -> Analysis:
    return analyse(WORKED, assumptions(), grant=600_000, first_year=2027)


def test_worked_example_year_by_year(worked):
    rows = [
        (y.t, y.year, y.public_budget_effect, y.tax_financing_cost, y.net, y.budget_cut)
        for y in worked.years
    ]
    assert rows == [
        (0, 2027, 1_000_000, 200_000, -1_200_000, 0),
        (1, 2028, 300_000, 60_000, 140_000, 100_000),
        (2, 2029, -200_000, -40_000, 740_000, 100_000),
        (3, 2030, -200_000, -40_000, 740_000, 100_000),
    ]
    assert [round(float(y.present_value), 2) for y in worked.years] == [
        -1_200_000.00,
        134_615.38,
        684_171.60,
        657_857.31,
    ]


def test_worked_example_totals(worked):
    assert round(float(worked.npv), 2) == 276_644.29
    assert round(float(worked.pv_investment), 2) == 1_480_769.23
    assert round(float(worked.pv_tax_financing_cost), 2) == 185_150.20
    assert round(float(worked.npv_per_invested_krone), 4) == 0.1868
    assert round(float(worked.npv_per_grant_krone), 4) == 0.4611
    assert round(float(worked.pv_budget_cut), 2) == 277_509.10
    # The parts add up: benefits − investment − running costs − tax-financing cost.
    parts = (
        worked.pv_benefits
        - worked.pv_investment
        - worked.pv_running_costs
        - worked.pv_tax_financing_cost
    )
    assert parts == worked.npv
    assert sum((worked.pv_benefit(kind) for kind in BENEFIT_KINDS), Fraction(0)) == (
        worked.pv_benefits
    )


# --- boundaries --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected_effect", "expected_tax"),
    [
        (YearInput(0, 0, gains()), 0, 0),
        (YearInput(100, 0, gains()), 100, 20),
        (YearInput(0, 100, gains()), 100, 20),
        (YearInput(0, 100, gains(budget=100)), 0, 0),
        (YearInput(0, 0, gains(budget=100)), -100, -20),  # savings lower the cost
        # Freed time, other agencies, municipalities and citizens are not budget savings here.
        (YearInput(0, 0, gains(0, 100, 100, 100, 100)), 0, 0),
    ],
)
def test_tax_financing_cost(given, expected_effect, expected_tax):
    (year,) = analyse([given], assumptions(years=1)).years
    assert year.public_budget_effect == expected_effect
    assert year.tax_financing_cost == expected_tax


def test_which_benefits_are_budget_savings_comes_from_the_rule_set():
    given = YearInput(0, 0, gains(municipalities=100))
    wide = assumptions(years=1, savings=frozenset({"agency_budget", "municipalities"}))
    assert analyse([given], wide).years[0].tax_financing_cost == -20


@pytest.mark.parametrize(
    ("running", "benefits", "base", "expected"),
    [
        (1_000_000, gains(4_000_000), BUDGET, 1_500_000),
        (0, gains(1_000_001), BUDGET, 500_000),  # half a krone is not cut
        (1_000_000, gains(1_000_000), BUDGET, 0),
        (2_000_000, gains(500_000), BUDGET, 0),  # never negative
        (0, gains(0, 1_000_000), BUDGET, 0),  # freed time is outside the realisable base
        (0, gains(0, 1_000_000), frozenset({"agency_budget", "agency_capacity"}), 500_000),
        (0, gains(0, 0, 1_000_000, 1_000_000, 1_000_000), BUDGET, 0),  # others' gains: no cut
    ],
)
def test_budget_cut(running, benefits, base, expected):
    given = YearInput(0, running, benefits)
    (year,) = analyse([given], assumptions(years=1, cut_base=base)).years
    assert year.budget_cut == expected


def test_budget_cut_share_comes_from_the_rule_set():
    given = YearInput(0, 0, gains(1_000))
    assert analyse([given], assumptions(years=1, cut=Fraction(1, 4))).years[0].budget_cut == 250


@pytest.mark.parametrize(
    ("inputs", "grant", "per_invested", "per_grant"),
    [
        ([], None, None, None),  # nothing invested, nothing applied for
        ([YearInput(0, 0, gains(100))], 0, None, None),
        ([YearInput(100, 0, gains())], 100, Fraction(-6, 5), Fraction(-6, 5)),
        ([YearInput(100, 0, gains(budget=50))], 50, Fraction(-3, 5), Fraction(-6, 5)),
    ],
)
def test_per_krone_figures(inputs, grant, per_invested, per_grant):
    analysis = analyse(inputs, assumptions(years=1), grant=grant)
    assert analysis.npv_per_invested_krone == per_invested
    assert analysis.npv_per_grant_krone == per_grant


def test_investment_in_later_years_is_discounted():
    analysis = analyse([YearInput(), YearInput(104, 0, gains())], assumptions(years=2, tax=0))
    assert analysis.pv_investment == 100
    assert analysis.npv_per_invested_krone == -1


@pytest.mark.parametrize(("given", "period"), [(0, 10), (3, 10), (10, 10), (12, 10), (5, 1)])
def test_the_period_is_the_rule_sets_whatever_is_given(given, period):
    analysis = analyse([YearInput(1, 0, gains())] * given, assumptions(years=period))
    assert [y.t for y in analysis.years] == list(range(period))
    assert sum(y.investment for y in analysis.years) == min(given, period)


def test_zero_rate_means_plain_sums():
    analysis = analyse(WORKED, assumptions(rate=Fraction(0)))
    assert analysis.npv == sum(y.net for y in analysis.years)


# --- from the answers and the rule set ---------------------------------------------------


def row(investment=0, running=0, budget=0, capacity=0, state=0, municipalities=0, society=0):
    return {
        "investment_cost": investment,
        "running_cost": running,
        "benefit_agency_budget": budget,
        "benefit_agency_capacity": capacity,
        "benefit_other_state": state,
        "benefit_municipalities": municipalities,
        "benefit_citizens_businesses": society,
    }


ANSWERS = {
    "total_cost": 20_000_000,
    "cross_sector": "no",
    "planned_start": "2027-03",
    "requested_amount": 8_000_000,
    "yearly_figures": [
        row(investment=16_000_000),
        *[row(running=1_000_000, budget=3_000_000, society=2_000_000)] * 9,
    ],
}


def test_figures_use_the_rule_sets_facts(difi):
    figures = cofinancing_figures(ANSWERS, difi)
    assert not figures.provisional
    assert figures.max_grant == 10_000_000
    analysis = figures.analysis
    assert len(analysis.years) == difi.analysis_years == 10
    assert [y.year for y in analysis.years] == list(range(2027, 2037))
    # Year 0: −16 MNOK − 20 % tax-financing; years 1–9: +5 − 1 − 20 % × (1 − 3) MNOK.
    annuity = sum(Fraction(25, 26) ** t for t in range(1, 10))
    expected = -16_000_000 * Fraction(6, 5) + 4_400_000 * annuity
    assert analysis.npv == expected
    assert analysis.npv_per_invested_krone == expected / 16_000_000
    assert analysis.npv_per_grant_krone == expected / 8_000_000
    assert analysis.years[1].budget_cut == 1_000_000
    assert npv_per_invested_krone(ANSWERS, difi) == expected / 16_000_000


def test_old_scalar_answers_give_the_same_figures(difi):
    old = {
        **{key: value for key, value in ANSWERS.items() if key != "yearly_figures"},
        "investment_cost": 16_000_000,
        "annual_operating_cost": 1_000_000,
        "annual_internal_benefit": 3_000_000,
        "annual_external_benefit": 2_000_000,
        "benefit_start_year": 2028,
    }
    assert cofinancing_figures(old, difi).analysis.npv == (
        cofinancing_figures(ANSWERS, difi).analysis.npv
    )


def test_max_grant_follows_the_rule_set_and_category(digdir):
    cross = cofinancing_figures({**ANSWERS, "category_basis": "shared_solution"}, digdir)
    assert cross.max_grant == 17_000_000
    assert cofinancing_figures({**ANSWERS, "total_cost": 60_000_000}, digdir).max_grant is None


@pytest.mark.parametrize(
    "answers",
    [{}, {"yearly_figures": "lots"}, {"total_cost": 1}, {"yearly_figures": None}],
)
def test_no_table_gives_no_figures(difi, answers):
    assert cofinancing_figures(answers, difi) is None
    assert npv_per_invested_krone(answers, difi) is None


@pytest.mark.parametrize(
    "answers",
    [
        {**ANSWERS, "requested_amount": None},
        {**ANSWERS, "total_cost": "much"},
        {**ANSWERS, "yearly_figures": ANSWERS["yearly_figures"][:3]},
        {**ANSWERS, "yearly_figures": [row(investment=-5), *ANSWERS["yearly_figures"][1:]]},
        {**ANSWERS, "yearly_figures": [{"investment_cost": "x"}, *ANSWERS["yearly_figures"][1:]]},
    ],
)
def test_gaps_make_the_figures_provisional(difi, answers):
    assert cofinancing_figures(answers, difi).provisional


def test_a_table_without_investment_has_no_ranking_figure(difi):
    answers = {**ANSWERS, "yearly_figures": [row(budget=1_000)] * 10}
    assert npv_per_invested_krone(answers, difi) is None


def test_the_current_rule_set_cuts_all_internal_net_gains(current, difi):
    capacity_only = {**ANSWERS, "yearly_figures": [row(investment=1, capacity=1_000_000)] * 10}
    assert cofinancing_figures(capacity_only, current).years[0].budget_cut == 500_000
    assert cofinancing_figures(capacity_only, difi).years[0].budget_cut == 0  # realisable only
