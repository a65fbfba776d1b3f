"""Figures computed from the answers: the grant ceiling, NPV, NPV per krone, the budget cut."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from forms import flow
from forms.npv import CofinancingFigures, cofinancing_figures
from forms.progress import BoundedMemo, Progress
from forms.rulesets import RuleSet

from ..i18n import amount_formatter, locale_name


def computed_figures(answers: Mapping[str, Any], ruleset: RuleSet) -> CofinancingFigures | None:
    """Co-financing figures when co-financing is on the applicant's path, else None."""
    if "cofinancing" not in flow.chosen_schemes(answers, ruleset):
        return None
    return cofinancing_figures(answers, ruleset)


@dataclass(frozen=True)
class FiguresTable:
    """The per-year table of the check page, written out: a year's label and six amounts."""

    rows: tuple[tuple[str, tuple[str, ...]], ...]
    totals: tuple[str, ...]


# The table's columns, in the order of its head in apply/_figures.html.
YEAR_COLUMNS = (
    "investment",
    "running_costs",
    "benefits",
    "tax_financing_cost",
    "budget_cut",
    "present_value",
)
TOTAL_COLUMNS = (
    "pv_investment",
    "pv_running_costs",
    "pv_benefits",
    "pv_tax_financing_cost",
    "pv_budget_cut",
    "npv",
)


def figures_table(figures: CofinancingFigures, amount: Callable[[Any], str]) -> FiguresTable:
    """The table's cells formatted by `amount` in one pass: about a hundred amounts, which
    cost more as template filters (a locale lookup each) than the page's other work."""
    rows = tuple(
        (
            str(year.year if year.year else year.t),
            tuple(amount(getattr(year, column)) for column in YEAR_COLUMNS),
        )
        for year in figures.years
    )
    totals = tuple(amount(getattr(figures.analysis, column)) for column in TOTAL_COLUMNS)
    return FiguresTable(rows, totals)


CheckedFigures = tuple[CofinancingFigures | None, FiguresTable | None]
FIGURES_MEMO_SIZE = 256
figures_memo: BoundedMemo[CheckedFigures] = BoundedMemo(FIGURES_MEMO_SIZE)


def checked_figures(progress: Progress) -> CheckedFigures:
    """The check page's figures and their table in the page's language, remembered as the
    summary is (services.answers.summary_of): both follow from the answers and rule set."""

    def compute() -> CheckedFigures:
        figures = computed_figures(progress.answers, progress.ruleset)
        return figures, figures_table(figures, amount_formatter()) if figures is not None else None

    return figures_memo.remember((*progress.memo_key(), locale_name()), compute)
