"""Figures computed from the answers: the grant ceiling, NPV, NPV per krone, the budget cut."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forms import flow
from forms.npv import CofinancingFigures, cofinancing_figures
from forms.rulesets import RuleSet


def computed_figures(answers: Mapping[str, Any], ruleset: RuleSet) -> CofinancingFigures | None:
    """Co-financing figures when co-financing is on the applicant's path, else None."""
    if "cofinancing" not in flow.chosen_schemes(answers, ruleset):
        return None
    return cofinancing_figures(answers, ruleset)
