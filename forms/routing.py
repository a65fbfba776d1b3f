"""Route an application to the schemes it fits: (answers, rule set) → outcomes with reasons.

Pure and data-driven: every threshold comes from the rule set (``forms.rulesets``), and every
outcome explains itself with translatable sentences that carry the deciding numbers.

One outcome per scheme, always in the order of ``SCHEMES``:
- ``cofinancing``: eligible, not yet (right project, too early a phase) or not eligible;
- ``council``: eligible (with the stage that fits the phase) or not eligible;
- ``project_model``: eligible above the rule set's threshold;
- ``own_funding``: eligible below its threshold, and also whenever neither co-financing nor the
  council is eligible *now*. A co-financing "not yet" does not count as eligible: until the
  concept phase is done the agency has to fund its work itself, and the outcome says that
  co-financing may open later.

Reasons for an eligible or not-yet outcome state the facts that make it so; reasons for a
not-eligible outcome list every condition that fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar, Final

from forms.rulesets import (
    CROSS_SECTOR_VALUES,
    LEGAL_FORMS,
    PHASES,
    CofinancingBand,
    CofinancingRules,
    RuleSet,
)
from forms.text import N_, CodeLabel, Millions, MillionsRange, Percent, Text, text

ELIGIBLE: Final = "eligible"
NOT_YET: Final = "not_yet"
NOT_ELIGIBLE: Final = "not_eligible"
STATUSES = (ELIGIBLE, NOT_YET, NOT_ELIGIBLE)

# The schemes an applicant can choose after routing; the others are referrals.
CHOOSABLE_SCHEMES = ("cofinancing", "council")

PHASE_LABELS: Mapping[str, str] = {
    "idea": N_("Idea"),
    "concept": N_("Concept"),
    "planning": N_("Planning"),
    "execution": N_("Execution"),
    "closing": N_("Closing"),
}
LEGAL_FORM_LABELS: Mapping[str, str] = {
    "state_agency": N_("Ordinary state administrative body"),
    "state_agency_special_powers": N_("State administrative body with special budget powers"),
    "state_enterprise": N_("State enterprise"),
    "state_owned_company": N_("State-owned company (a separate legal person)"),
    "municipality": N_("Municipality or county municipality"),
    "other": N_("Other (organisation or business)"),
}
SCHEME_LABELS: Mapping[str, str] = {
    "cofinancing": N_("Co-financing of digitalisation projects"),
    "council": N_("Digitalisation Council"),
    "project_model": N_("State project model (KS1/KS2)"),
    "own_funding": N_("Own funding or a budget proposal"),
}
STAGE_LABELS: Mapping[str, str] = {
    "preparation": N_("Preparation"),
    "project_review": N_("Project review"),
    "execution": N_("Execution"),
}
STATUS_LABELS: Mapping[str, str] = {
    ELIGIBLE: N_("Eligible"),
    NOT_YET: N_("Not yet"),
    NOT_ELIGIBLE: N_("Not eligible"),
}


class PhaseName(CodeLabel):
    labels: ClassVar[Mapping[str, str]] = PHASE_LABELS


class LegalFormName(CodeLabel):
    labels: ClassVar[Mapping[str, str]] = LEGAL_FORM_LABELS


class SchemeName(CodeLabel):
    labels: ClassVar[Mapping[str, str]] = SCHEME_LABELS


class StageName(CodeLabel):
    labels: ClassVar[Mapping[str, str]] = STAGE_LABELS


@dataclass(frozen=True)
class Outcome:
    """What one scheme says about the project, and why."""

    scheme: str
    status: str
    reasons: tuple[Text, ...]
    stage: str | None = None
    max_grant: int | None = None
    grant_share: Fraction | None = None
    grant_cap: int | None = None
    category: int | None = None

    @property
    def is_eligible(self) -> bool:
        return self.status == ELIGIBLE


@dataclass(frozen=True)
class RoutingResult:
    ruleset_id: str
    outcomes: tuple[Outcome, ...]

    def outcome(self, scheme: str) -> Outcome:
        for outcome in self.outcomes:
            if outcome.scheme == scheme:
                return outcome
        raise KeyError(scheme)


class RoutingInputError(ValueError):
    """The answers lack something routing needs, or hold a value outside the data dictionary."""


@dataclass(frozen=True)
class Project:
    """The four answers routing reads, checked."""

    total_cost: int
    phase: str
    legal_form: str
    cross_sector: bool


def read_project(answers: Mapping[str, Any]) -> Project:
    """Check and pick the routing answers; a missing ``cross_sector`` counts as "no"."""
    total_cost = answers.get("total_cost")
    if isinstance(total_cost, bool) or not isinstance(total_cost, int) or total_cost < 0:
        raise RoutingInputError(f"total_cost must be a whole number of kroner, not {total_cost!r}")
    phase, legal_form = answers.get("phase"), answers.get("legal_form")
    cross_sector = answers.get("cross_sector") or "no"
    for key, value, known in (
        ("phase", phase, PHASES),
        ("legal_form", legal_form, LEGAL_FORMS),
        ("cross_sector", cross_sector, CROSS_SECTOR_VALUES),
    ):
        if value not in known:
            raise RoutingInputError(f"{key} must be one of {', '.join(known)}, not {value!r}")
    return Project(total_cost, phase, legal_form, cross_sector == "yes")


def route_application(answers: Mapping[str, Any], ruleset: RuleSet) -> RoutingResult:
    """Every scheme's outcome for these answers under this rule set."""
    project = read_project(answers)
    cofinancing = _cofinancing(project, ruleset.cofinancing)
    council = _council(project, ruleset)
    outcomes = (
        cofinancing,
        council,
        _project_model(project, ruleset),
        _own_funding(project, ruleset, cofinancing, council),
    )
    return RoutingResult(ruleset.id, outcomes)


def eligible_schemes(result: RoutingResult) -> tuple[str, ...]:
    """The schemes the applicant can choose now (co-financing and/or the council)."""
    return tuple(
        outcome.scheme
        for outcome in result.outcomes
        if outcome.scheme in CHOOSABLE_SCHEMES and outcome.is_eligible
    )


def best_band(
    rules: CofinancingRules, total_cost: int, cross_sector: bool
) -> CofinancingBand | None:
    """The band that gives this project the largest grant; on a tie, the first in the file."""
    fitting = [band for band in rules.bands if band.covers(total_cost, cross_sector)]
    return max(fitting, key=lambda band: band.max_grant(total_cost), default=None)


# --- co-financing ------------------------------------------------------------------------


def _cofinancing(project: Project, rules: CofinancingRules) -> Outcome:
    band = best_band(rules, project.total_cost, project.cross_sector)
    legal_ok = project.legal_form in rules.legal_forms
    if (
        band is None
        or not legal_ok
        or project.phase not in (rules.eligible_phases | rules.not_yet_phases)
    ):
        return Outcome("cofinancing", NOT_ELIGIBLE, _cofinancing_failures(project, rules, band))
    status = ELIGIBLE if project.phase in rules.eligible_phases else NOT_YET
    reasons = (
        *_band_facts(project, band),
        _legal_form_may_apply(project),
        _phase_fits(project) if status == ELIGIBLE else _phase_too_early(project, rules),
        _grant_limit(project, band),
    )
    if status == ELIGIBLE:
        reasons = (*reasons, _budget_cut_notice(rules))
    return Outcome(
        "cofinancing",
        status,
        reasons,
        max_grant=band.max_grant(project.total_cost),
        grant_share=band.share,
        grant_cap=band.cap,
        category=band.category,
    )


def _cofinancing_failures(
    project: Project, rules: CofinancingRules, band: CofinancingBand | None
) -> tuple[Text, ...]:
    reasons: list[Text] = []
    if band is None:
        reasons.extend(_cost_outside_bands(project, rules))
    if project.legal_form not in rules.legal_forms:
        reasons.append(
            text(
                N_(
                    "Only bodies inside the state as a legal person can apply for co-financing, "
                    "and the legal form “%(legal_form)s” is not one of them. It can take part "
                    "as a partner in a state agency's project."
                ),
                legal_form=LegalFormName(project.legal_form),
            )
        )
    if project.phase not in rules.eligible_phases | rules.not_yet_phases:
        reasons.append(_phase_closed(project, rules))
    return tuple(reasons)


def _phase_closed(project: Project, rules: CofinancingRules) -> Text:
    last_phase = _last(rules.eligible_phases)
    if PHASES.index(project.phase) > PHASES.index(last_phase):
        return text(
            N_(
                "The project is in the “%(phase)s” phase. Co-financing is only for projects "
                "that have not gone past the “%(last_phase)s” phase."
            ),
            phase=PhaseName(project.phase),
            last_phase=PhaseName(last_phase),
        )
    return text(
        N_("Co-financing is not open to projects in the “%(phase)s” phase."),
        phase=PhaseName(project.phase),
    )


def _cost_outside_bands(project: Project, rules: CofinancingRules) -> list[Text]:
    cost = project.total_cost
    usable = [band for band in rules.bands if project.cross_sector or not band.cross_sector_only]
    reasons: list[Text] = []
    if usable and cost < min(band.min for band in usable):
        reasons.append(
            text(
                N_(
                    "The total cost, %(total_cost)s, is below %(minimum)s, "
                    "the lower limit for co-financing."
                ),
                total_cost=Millions(cost),
                minimum=Millions(min(band.min for band in usable)),
            )
        )
    elif usable and cost > max(band.max for band in usable):
        reasons.append(
            text(
                N_(
                    "The total cost, %(total_cost)s, is above %(maximum)s, "
                    "the upper limit for co-financing."
                ),
                total_cost=Millions(cost),
                maximum=Millions(max(band.max for band in usable)),
            )
        )
    elif usable:
        reasons.append(
            text(
                N_("The total cost, %(total_cost)s, is not within any co-financing band."),
                total_cost=Millions(cost),
            )
        )
    for band in rules.bands:
        if band.cross_sector_only and not project.cross_sector and band.min <= cost <= band.max:
            reasons.append(
                text(
                    N_(
                        "Co-financing at a total cost of %(band)s is only for cross-sector "
                        "projects and shared solutions, and this project is not one."
                    ),
                    band=MillionsRange(band.min, band.max),
                )
            )
    return reasons


def _band_facts(project: Project, band: CofinancingBand) -> tuple[Text, ...]:
    cost, band_range = Millions(project.total_cost), MillionsRange(band.min, band.max)
    if band.category is None:
        facts = [
            text(
                N_("The total cost, %(total_cost)s, is within the co-financing band of %(band)s."),
                total_cost=cost,
                band=band_range,
            )
        ]
    else:
        facts = [
            text(
                N_(
                    "The total cost, %(total_cost)s, is within co-financing category "
                    "%(category)s, for projects of %(band)s."
                ),
                total_cost=cost,
                category=band.category,
                band=band_range,
            )
        ]
    if band.cross_sector_only:
        facts.append(
            text(
                N_(
                    "The project works across sectors or builds a shared solution, "
                    "which this part of the scheme is for."
                )
            )
        )
    return tuple(facts)


def _legal_form_may_apply(project: Project) -> Text:
    return text(
        N_("The legal form “%(legal_form)s” may apply for co-financing."),
        legal_form=LegalFormName(project.legal_form),
    )


def _phase_fits(project: Project) -> Text:
    return text(
        N_("The project is in the “%(phase)s” phase, when co-financing can be applied for."),
        phase=PhaseName(project.phase),
    )


def _phase_too_early(project: Project, rules: CofinancingRules) -> Text:
    return text(
        N_(
            "The project is in the “%(phase)s” phase. Apply for co-financing when it has "
            "reached the “%(first_phase)s” phase."
        ),
        phase=PhaseName(project.phase),
        first_phase=PhaseName(_first(rules.eligible_phases)),
    )


def _grant_limit(project: Project, band: CofinancingBand) -> Text:
    max_grant = Millions(band.max_grant(project.total_cost))
    if band.cap is None:
        return text(
            N_(
                "The grant can cover at most %(share)s of the total cost, with no fixed cap: "
                "at most %(max_grant)s for this project."
            ),
            share=Percent(band.share),
            max_grant=max_grant,
        )
    return text(
        N_(
            "The grant can cover at most %(share)s of the total cost and at most %(cap)s: "
            "at most %(max_grant)s for this project."
        ),
        share=Percent(band.share),
        cap=Millions(band.cap),
        max_grant=max_grant,
    )


def _budget_cut_notice(rules: CofinancingRules) -> Text:
    return text(
        N_(
            "With a grant, %(share)s of the net internal gains (internal gains minus new "
            "running costs) will later be cut from the agency's budget."
        ),
        share=Percent(rules.budget_cut_share),
    )


# --- council -----------------------------------------------------------------------------


def _council(project: Project, ruleset: RuleSet) -> Outcome:
    rules = ruleset.council
    cost = project.total_cost
    in_band = rules.min <= cost <= rules.max
    is_state = project.legal_form in rules.legal_forms
    stage = rules.stage_for(project.phase)
    band = MillionsRange(rules.min, rules.max)
    if in_band and is_state and stage is not None:
        reasons = (
            text(
                N_("The total cost, %(total_cost)s, is within the council's band of %(band)s."),
                total_cost=Millions(cost),
                band=band,
            ),
            text(
                N_("The council serves state bodies, and “%(legal_form)s” is one."),
                legal_form=LegalFormName(project.legal_form),
            ),
            text(
                N_(
                    "The project is in the “%(phase)s” phase, so the council's help "
                    "fits at the stage “%(stage)s”."
                ),
                phase=PhaseName(project.phase),
                stage=StageName(stage),
            ),
        )
        return Outcome("council", ELIGIBLE, reasons, stage=stage)
    return Outcome("council", NOT_ELIGIBLE, _council_failures(project, ruleset))


def _council_failures(project: Project, ruleset: RuleSet) -> tuple[Text, ...]:
    rules, cost = ruleset.council, Millions(project.total_cost)
    reasons: list[Text] = []
    if project.total_cost < rules.min:
        reasons.append(
            text(
                N_(
                    "The total cost, %(total_cost)s, is below %(minimum)s, "
                    "where the council's band starts."
                ),
                total_cost=cost,
                minimum=Millions(rules.min),
            )
        )
    if project.total_cost > rules.max:
        reasons.append(
            text(
                N_(
                    "The total cost, %(total_cost)s, is above %(maximum)s, "
                    "where the council's band ends."
                ),
                total_cost=cost,
                maximum=Millions(rules.max),
            )
        )
    if project.legal_form not in rules.legal_forms:
        reasons.append(
            text(
                N_(
                    "The council serves state bodies only, and “%(legal_form)s” "
                    "is not a state body."
                ),
                legal_form=LegalFormName(project.legal_form),
            )
        )
    if rules.stage_for(project.phase) is None:
        reasons.append(
            text(
                N_("The council does not help projects in the “%(phase)s” phase."),
                phase=PhaseName(project.phase),
            )
        )
    return tuple(reasons)


# --- referrals ---------------------------------------------------------------------------


def _project_model(project: Project, ruleset: RuleSet) -> Outcome:
    threshold, cost = Millions(ruleset.project_model_above), Millions(project.total_cost)
    if project.total_cost > ruleset.project_model_above:
        reason = text(
            N_(
                "The total cost, %(total_cost)s, is above %(threshold)s, so the state project "
                "model applies, with external quality assurance (KS1 and KS2)."
            ),
            total_cost=cost,
            threshold=threshold,
        )
        return Outcome("project_model", ELIGIBLE, (reason,))
    reason = text(
        N_(
            "The total cost, %(total_cost)s, is not above %(threshold)s, "
            "where the state project model starts."
        ),
        total_cost=cost,
        threshold=threshold,
    )
    return Outcome("project_model", NOT_ELIGIBLE, (reason,))


def _own_funding(
    project: Project, ruleset: RuleSet, cofinancing: Outcome, council: Outcome
) -> Outcome:
    threshold, cost = Millions(ruleset.own_funding_below), Millions(project.total_cost)
    below = project.total_cost < ruleset.own_funding_below
    open_schemes = [outcome.scheme for outcome in (cofinancing, council) if outcome.is_eligible]
    reasons: list[Text] = []
    if below:
        reasons.append(
            text(
                N_(
                    "The total cost, %(total_cost)s, is below %(threshold)s, so the project "
                    "is funded within the agency's own budget."
                ),
                total_cost=cost,
                threshold=threshold,
            )
        )
    elif not open_schemes:
        reasons.append(
            text(
                N_(
                    "Neither co-financing nor the council is open to the project now, so fund "
                    "it within the agency's own budget or through a budget proposal."
                )
            )
        )
    if cofinancing.status == NOT_YET:
        reasons.append(
            text(
                N_(
                    "Co-financing may be open to the project when it reaches the “%(phase)s” phase."
                ),
                phase=PhaseName(_first(ruleset.cofinancing.eligible_phases)),
            )
        )
    if below or not open_schemes:
        return Outcome("own_funding", ELIGIBLE, tuple(reasons))
    reasons.append(
        text(
            N_("The total cost, %(total_cost)s, is not below %(threshold)s."),
            total_cost=cost,
            threshold=threshold,
        )
    )
    reasons.extend(
        text(N_("The project can use “%(scheme)s” instead."), scheme=SchemeName(scheme))
        for scheme in open_schemes
    )
    return Outcome("own_funding", NOT_ELIGIBLE, tuple(reasons))


# --- helpers -----------------------------------------------------------------------------


def _first(phases: frozenset[str]) -> str:
    return min(phases, key=PHASES.index)


def _last(phases: frozenset[str]) -> str:
    return max(phases, key=PHASES.index)
