"""Net present value (netto nåverdi) and the figures a co-financing application shows.

Following Finansdepartementet's circular R-109: real discount rate 4 %, analysis period 10
years, year 0 = the first investment year, NPV = Σ_t (benefits_t − costs_t) / (1 + rate)^t.
Co-financing applications are ranked by NPV per invested krone (NPV divided by the present
value of the investment).

Arithmetic is exact (``Fraction``) inside; results leave as ``float`` for NPV-like figures and
as whole kroner (``int``, rounded down) for money the agency owes or may receive. Round only
when presenting, with ``forms.formatting``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import Any

from forms.money import AmountError, parse_amount
from forms.routing import grant_ceiling
from forms.rulesets import RuleSet

DEFAULT_DISCOUNT_RATE = Fraction(4, 100)
DEFAULT_ANALYSIS_YEARS = 10
DEFAULT_BENEFIT_OFFSET = 1  # benefits usually start the year after the first investment

Amount = int | float | Fraction | Decimal

_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _exact(value: Amount) -> Fraction:
    """An exact fraction; floats go through their shortest repr, so 0.04 is exactly 1/25."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def discount_factor(t: int, rate: Amount = DEFAULT_DISCOUNT_RATE) -> Fraction:
    """1 / (1 + rate)^t."""
    return 1 / (1 + _exact(rate)) ** t


def _exact_npv(flows: Sequence[Amount], rate: Amount) -> Fraction:
    return sum(
        (_exact(flow) * discount_factor(t, rate) for t, flow in enumerate(flows)), Fraction(0)
    )


def npv(flows: Sequence[Amount], rate: Amount = DEFAULT_DISCOUNT_RATE) -> float:
    """Σ_t flows[t] / (1 + rate)^t, with flows[0] in year 0 (not discounted)."""
    return float(_exact_npv(flows, rate))


@dataclass(frozen=True)
class YearFlow:
    """One year of the analysis, in kroner."""

    t: int
    investment: int
    operating_cost: int
    benefits: int
    discounted_net: float

    @property
    def costs(self) -> int:
        return self.investment + self.operating_cost

    @property
    def net(self) -> int:
        return self.benefits - self.costs


def benefit_offset(benefit_start_year: int, first_investment_year: int) -> int:
    """Years from the first investment to the first benefits; never before year 0."""
    return max(0, benefit_start_year - first_investment_year)


def project_cash_flows(
    investment_cost: int,
    annual_operating_cost: int,
    annual_internal_benefit: int,
    annual_external_benefit: int,
    benefit_offset: int,
    years: int = DEFAULT_ANALYSIS_YEARS,
    rate: Amount = DEFAULT_DISCOUNT_RATE,
) -> list[YearFlow]:
    """Year-by-year flows: the investment in year 0; benefits and the new running costs from
    year ``benefit_offset`` to the end of the analysis (year ``years`` − 1)."""
    if years < 1 or benefit_offset < 0:
        raise ValueError("years must be at least 1 and benefit_offset at least 0")
    flows = []
    for t in range(years):
        running = t >= benefit_offset
        investment = investment_cost if t == 0 else 0
        operating = annual_operating_cost if running else 0
        benefits = annual_internal_benefit + annual_external_benefit if running else 0
        net = benefits - investment - operating
        flows.append(
            YearFlow(
                t=t,
                investment=investment,
                operating_cost=operating,
                benefits=benefits,
                discounted_net=float(net * discount_factor(t, rate)),
            )
        )
    return flows


def npv_per_invested_krone(npv: float, pv_investment: float) -> float | None:
    """NPV divided by the present value of the investment; None when nothing is invested."""
    if pv_investment <= 0:
        return None
    return npv / pv_investment


def budget_cut_obligation(
    annual_internal_benefit: int, annual_operating_cost: int, share: Amount = Fraction(1, 2)
) -> int:
    """The yearly cut in the agency's budget: ``share`` of the net internal gains (internal
    gains minus the new running costs), in whole kroner rounded down, never negative."""
    net_internal_gains = annual_internal_benefit - annual_operating_cost
    return max(0, floor(net_internal_gains * _exact(share)))


@dataclass(frozen=True)
class CofinancingFigures:
    """What the co-financing step and the application document show about the economics.

    ``missing`` names the answers that were absent and replaced by an assumption (0 kroner,
    or benefits starting one year after the investment), so the page can say the figures are
    provisional. ``max_grant`` is None when no co-financing band fits the total cost.
    """

    flows: tuple[YearFlow, ...]
    npv: float
    pv_investment: float
    npv_per_krone: float | None
    annual_budget_cut: int
    max_grant: int | None
    benefit_offset: int
    discount_rate: Fraction
    analysis_years: int
    missing: tuple[str, ...] = ()


def cofinancing_figures(answers: Mapping[str, Any], ruleset: RuleSet) -> CofinancingFigures | None:
    """The figures for these answers, or None until the investment cost is known.

    Never raises on odd answers: an unreadable value counts as missing.
    """
    investment = _amount(answers, "investment_cost")
    if investment is None:
        return None
    missing: list[str] = []
    operating, internal, external = (
        _amount_or_zero(answers, key, missing)
        for key in ("annual_operating_cost", "annual_internal_benefit", "annual_external_benefit")
    )
    offset = _benefit_offset(answers, missing)
    flows = project_cash_flows(
        investment,
        operating,
        internal,
        external,
        offset,
        ruleset.analysis_years,
        ruleset.discount_rate,
    )
    exact_npv = _exact_npv([flow.net for flow in flows], ruleset.discount_rate)
    pv_investment = float(investment)  # the investment falls in year 0: not discounted
    return CofinancingFigures(
        flows=tuple(flows),
        npv=float(exact_npv),
        pv_investment=pv_investment,
        npv_per_krone=npv_per_invested_krone(float(exact_npv), pv_investment),
        annual_budget_cut=budget_cut_obligation(
            internal, operating, ruleset.cofinancing.budget_cut_share
        ),
        max_grant=_max_grant(answers, ruleset, missing),
        benefit_offset=offset,
        discount_rate=ruleset.discount_rate,
        analysis_years=ruleset.analysis_years,
        missing=tuple(missing),
    )


def _amount(answers: Mapping[str, Any], key: str) -> int | None:
    value = answers.get(key)
    if isinstance(value, str):
        try:
            value = parse_amount(value)
        except AmountError:
            return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _amount_or_zero(answers: Mapping[str, Any], key: str, missing: list[str]) -> int:
    value = _amount(answers, key)
    if value is None:
        missing.append(key)
        return 0
    return value


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        match = _YEAR_MONTH.fullmatch(value.strip()) or re.fullmatch(r"(\d{4})", value.strip())
        if match and (len(match.groups()) == 1 or 1 <= int(match.group(2)) <= 12):
            return int(match.group(1))
    return None


def _benefit_offset(answers: Mapping[str, Any], missing: list[str]) -> int:
    start = _year(answers.get("benefit_start_year"))
    first = _year(answers.get("planned_start"))
    if start is None:
        missing.append("benefit_start_year")
    if first is None:
        missing.append("planned_start")
    if start is None or first is None:
        return DEFAULT_BENEFIT_OFFSET
    return benefit_offset(start, first)


def _max_grant(answers: Mapping[str, Any], ruleset: RuleSet, missing: list[str]) -> int | None:
    if _amount(answers, "total_cost") is None:
        missing.append("total_cost")
        return None
    return grant_ceiling(answers, ruleset)
