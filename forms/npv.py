"""Net present value (netto nåverdi) of a co-financing application, computed the state's way.

Following Finansdepartementet's circular R-109 and DFØ's guide: real prices (today's kroner),
expected values, year 0 = the first investment year, every cost and benefit in the year it falls.
For each year t of the analysis period:

    tax-financing cost_t = share × (investment_t + running_t − budget savings_t)
    net_t                = benefits_t − investment_t − running_t − tax-financing cost_t
    NPV                  = Σ_t net_t / (1 + rate)^t

NPV per invested krone is NPV divided by the present value of the investment (the ranking
figure of the scheme); NPV per krone of grant divides by the amount applied for. The budget cut
is a share of the agency's own net gains (its gains minus the new running costs), per year.
The rate, the period, the tax-financing share, which benefits are budget savings, and the
budget cut's share and base all come from the rule set.

Arithmetic is exact (``Fraction``); round only when presenting, with ``forms.formatting``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from math import floor
from typing import Any

from forms import yearly
from forms.money import AmountError, parse_amount
from forms.routing import grant_ceiling
from forms.rulesets import BENEFIT_KINDS, RuleSet

Amount = int | float | Fraction | Decimal


def _exact(value: Amount) -> Fraction:
    """An exact fraction; floats go through their shortest repr, so 0.04 is exactly 1/25."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def discount_factor(t: int, rate: Amount) -> Fraction:
    """1 / (1 + rate)^t."""
    return 1 / (1 + _exact(rate)) ** t


def npv(flows: Sequence[Amount], rate: Amount) -> Fraction:
    """Σ_t flows[t] / (1 + rate)^t, with flows[0] in year 0 (not discounted)."""
    return sum(
        (_exact(flow) * discount_factor(t, rate) for t, flow in enumerate(flows)), Fraction(0)
    )


@dataclass(frozen=True)
class Assumptions:
    """The rule set's facts the calculation uses."""

    discount_rate: Fraction
    analysis_years: int
    tax_financing_share: Fraction
    budget_saving_benefits: frozenset[str]
    budget_cut_share: Fraction
    budget_cut_benefits: frozenset[str]

    @classmethod
    def of(cls, ruleset: RuleSet) -> Assumptions:
        return cls(
            discount_rate=ruleset.discount_rate,
            analysis_years=ruleset.analysis_years,
            tax_financing_share=ruleset.tax_financing_share,
            budget_saving_benefits=ruleset.budget_saving_benefits,
            budget_cut_share=ruleset.cofinancing.budget_cut_share,
            budget_cut_benefits=ruleset.cofinancing.budget_cut_benefits,
        )


@dataclass(frozen=True)
class YearInput:
    """One year as the applicant gives it, in whole kroner; benefits in BENEFIT_KINDS order."""

    investment: int = 0
    running_costs: int = 0
    benefits: tuple[int, ...] = (0,) * len(BENEFIT_KINDS)

    @classmethod
    def from_row(cls, row: Mapping[str, int]) -> YearInput:
        return cls(
            investment=row.get(yearly.INVESTMENT, 0),
            running_costs=row.get(yearly.RUNNING, 0),
            benefits=tuple(row.get(column, 0) for column in yearly.BENEFIT_COLUMNS),
        )

    def benefit(self, kind: str) -> int:
        return self.benefits[BENEFIT_KINDS.index(kind)]

    def benefits_of(self, kinds: frozenset[str]) -> int:
        return sum(self.benefit(kind) for kind in kinds)


@dataclass(frozen=True)
class YearResult:
    """One year of the analysis: the inputs and what follows from them (exact)."""

    t: int
    year: int | None  # the calendar year, when the first investment year is known
    given: YearInput
    discount_factor: Fraction
    public_budget_effect: int  # costs the state pays minus budget savings
    tax_financing_cost: Fraction  # negative when the measure saves public money
    budget_cut: int  # whole kroner, rounded down, never negative

    @property
    def investment(self) -> int:
        return self.given.investment

    @property
    def running_costs(self) -> int:
        return self.given.running_costs

    @property
    def benefits(self) -> int:
        return sum(self.given.benefits)

    @property
    def net(self) -> Fraction:
        return self.benefits - self.investment - self.running_costs - self.tax_financing_cost

    @property
    def present_value(self) -> Fraction:
        return self.net * self.discount_factor


@dataclass(frozen=True)
class Analysis:
    """The year-by-year table and its totals, as Vedlegg 2 shows them (each total is computed
    once: the documents read them many times)."""

    years: tuple[YearResult, ...]
    assumptions: Assumptions
    grant: int | None  # the amount applied for

    def present_value_of(self, amount: Any) -> Fraction:
        return sum((amount(y) * y.discount_factor for y in self.years), Fraction(0))

    @cached_property
    def npv(self) -> Fraction:
        return self.present_value_of(lambda y: y.net)

    @cached_property
    def pv_investment(self) -> Fraction:
        return self.present_value_of(lambda y: y.investment)

    @cached_property
    def pv_running_costs(self) -> Fraction:
        return self.present_value_of(lambda y: y.running_costs)

    @cached_property
    def pv_benefits(self) -> Fraction:
        return self.present_value_of(lambda y: y.benefits)

    def pv_benefit(self, kind: str) -> Fraction:
        return self.present_value_of(lambda y: y.given.benefit(kind))

    @cached_property
    def pv_tax_financing_cost(self) -> Fraction:
        return self.present_value_of(lambda y: y.tax_financing_cost)

    @cached_property
    def pv_budget_cut(self) -> Fraction:
        return self.present_value_of(lambda y: y.budget_cut)

    @cached_property
    def npv_per_invested_krone(self) -> Fraction | None:
        """NPV divided by the present value of the investment; None when nothing is invested."""
        return _ratio(self.npv, self.pv_investment)

    @cached_property
    def npv_per_grant_krone(self) -> Fraction | None:
        """NPV divided by the amount applied for; None without an amount."""
        return None if self.grant is None else _ratio(self.npv, Fraction(self.grant))


def _ratio(numerator: Fraction, denominator: Fraction) -> Fraction | None:
    return None if denominator <= 0 else numerator / denominator


def analyse(
    inputs: Sequence[YearInput],
    assumptions: Assumptions,
    grant: int | None = None,
    first_year: int | None = None,
) -> Analysis:
    """The analysis over ``assumptions.analysis_years`` years: missing years count as empty,
    years beyond the period are left out."""
    years = []
    for t in range(assumptions.analysis_years):
        given = inputs[t] if t < len(inputs) else YearInput()
        budget_effect = (
            given.investment
            + given.running_costs
            - given.benefits_of(assumptions.budget_saving_benefits)
        )
        own_net_gains = given.benefits_of(assumptions.budget_cut_benefits) - given.running_costs
        years.append(
            YearResult(
                t=t,
                year=None if first_year is None else first_year + t,
                given=given,
                discount_factor=discount_factor(t, assumptions.discount_rate),
                public_budget_effect=budget_effect,
                tax_financing_cost=assumptions.tax_financing_share * budget_effect,
                budget_cut=max(0, floor(assumptions.budget_cut_share * own_net_gains)),
            )
        )
    return Analysis(years=tuple(years), assumptions=assumptions, grant=grant)


@dataclass(frozen=True)
class CofinancingFigures:
    """What the check page, the advisor and the documents show about the economics.

    ``provisional`` is true when some answer the figures need was missing or unreadable and was
    taken as 0. ``max_grant`` is None when no co-financing band fits the total cost.
    """

    analysis: Analysis
    max_grant: int | None
    provisional: bool

    @property
    def years(self) -> tuple[YearResult, ...]:
        return self.analysis.years

    @property
    def assumptions(self) -> Assumptions:
        return self.analysis.assumptions


def has_figures(answers: Mapping[str, Any], ruleset: RuleSet) -> bool:
    """Whether `cofinancing_figures` gives figures, without computing them."""
    return yearly.stored_rows(answers, Assumptions.of(ruleset).analysis_years) is not None


def cofinancing_figures(answers: Mapping[str, Any], ruleset: RuleSet) -> CofinancingFigures | None:
    """The figures for these answers, or None until there is a year table (or the old scalars).

    Never raises on odd answers: an unreadable value counts as 0 and makes the figures provisional.
    """
    assumptions = Assumptions.of(ruleset)
    stored = yearly.stored_rows(answers, assumptions.analysis_years)
    if stored is None:
        return None
    rows, unreadable = stored
    grant = _amount(answers.get("requested_amount"))
    total_cost = _amount(answers.get("total_cost"))
    analysis = analyse(
        [YearInput.from_row(row) for row in rows],
        assumptions,
        grant=grant,
        first_year=yearly.first_year(answers),
    )
    return CofinancingFigures(
        analysis=analysis,
        max_grant=None if total_cost is None else grant_ceiling(answers, ruleset),
        provisional=unreadable or grant is None or total_cost is None,
    )


def npv_per_invested_krone(answers: Mapping[str, Any], ruleset: RuleSet) -> Fraction | None:
    """The scheme's ranking figure for an application: NPV / present value of the investment.

    None when the answers hold no year table or no investment.
    """
    figures = cofinancing_figures(answers, ruleset)
    return None if figures is None else figures.analysis.npv_per_invested_krone


def _amount(value: Any) -> int | None:
    if isinstance(value, str):
        try:
            value = parse_amount(value)
        except AmountError:
            return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value
