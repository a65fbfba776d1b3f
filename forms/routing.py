"""Route an application to the schemes it fits: (answers, rule set) → outcomes with reasons.

Pure and data-driven: every threshold comes from the rule set (``forms.rulesets``), and every
outcome explains itself with translatable sentences that carry the deciding numbers.

One outcome per scheme, always in the order of ``SCHEMES``:
- ``cofinancing``: eligible, not yet (right project, too early a phase) or not eligible;
  category 2, where the rule set has it, only for a cross-cutting measure for seamless services
  or a strategically prioritised shared solution (working across sectors alone is not enough);
- ``council``: eligible in every phase for state bodies (within its band, where the rule set
  has one; with no estimate yet, where the rule set allows it), never beside the project model;
  every council case then goes through the same steps (``COUNCIL_STEPS``);
- ``project_model``: eligible above the rule set's threshold, on the P85 cost frame where the
  rule set says so; then it is the only way, and own funding is not offered beside it;
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
from functools import lru_cache
from typing import Any, ClassVar, Final

from forms.rulesets import (
    CATEGORY_BASES,
    CHOOSABLE_SCHEMES,
    COUNCIL_STEPS,
    CROSS_SECTOR_VALUES,
    ESTIMATE_KINDS,
    LEGAL_FORMS,
    PHASES,
    CofinancingBand,
    CofinancingRules,
    LifeEvent,
    RuleSet,
)
from forms.text import N_, CodeLabel, Gettext, Millions, MillionsRange, Percent, Text, text

ELIGIBLE: Final = "eligible"
NOT_YET: Final = "not_yet"
NOT_ELIGIBLE: Final = "not_eligible"
STATUSES = (ELIGIBLE, NOT_YET, NOT_ELIGIBLE)

__all__ = ["CHOOSABLE_SCHEMES", "COUNCIL_STEPS"]

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
# The steps of every council case (COUNCIL_STEPS), which the advisors move a case through.
STAGE_LABELS: Mapping[str, str] = {
    "preparation": N_("Preparation"),
    "project_review": N_("Project review"),
    "follow_up": N_("Follow-up"),
}
ESTIMATE_KIND_LABELS: Mapping[str, str] = {
    "early": N_("Early or rough estimate"),
    "p50": N_("Expected cost (P50)"),
    "p85": N_("Cost frame (P85)"),
    "none": N_("No estimate yet"),
}
CATEGORY_BASIS_LABELS: Mapping[str, str] = {
    "seamless_services": N_("A cross-cutting measure for seamless services"),
    "shared_solution": N_("A strategically prioritised shared solution (platform, infrastructure)"),
    "none": N_("Neither"),
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


class EstimateKindName(CodeLabel):
    labels: ClassVar[Mapping[str, str]] = ESTIMATE_KIND_LABELS


@dataclass(frozen=True)
class LifeEventName:
    """A priority life event, named in the rule set's own words for the locale."""

    event: LifeEvent

    def render(self, gettext: Gettext, locale: str) -> str:
        return self.event.name_for(locale)


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
    """The answers routing reads, checked."""

    total_cost: int | None  # None: no estimate yet
    phase: str
    legal_form: str
    cross_sector: bool
    estimate_kind: str | None = None  # None: not stated (the API's older callers)
    p85_cost: int | None = None
    category_basis: str | None = None
    life_event: str | None = None
    project_years: int | None = None  # calendar years from planned start to planned end

    @property
    def has_basis(self) -> bool:
        return self.category_basis in ("seamless_services", "shared_solution")


def _amount(answers: Mapping[str, Any], key: str) -> int | None:
    value = answers.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RoutingInputError(f"{key} must be a whole number of kroner, not {value!r}")
    return value


def _code(answers: Mapping[str, Any], key: str, known: tuple[str, ...]) -> str | None:
    value = answers.get(key) or None
    if value is not None and value not in known:
        raise RoutingInputError(f"{key} must be one of {', '.join(known)}, not {value!r}")
    return value


def _project_years(answers: Mapping[str, Any]) -> int | None:
    start, end = str(answers.get("planned_start") or ""), str(answers.get("planned_end") or "")
    if len(start) >= 4 and len(end) >= 4 and start[:4].isdigit() and end[:4].isdigit():
        years = int(end[:4]) - int(start[:4]) + 1
        return years if years > 0 else None
    return None


def read_project(answers: Mapping[str, Any]) -> Project:
    """Check and pick the routing answers; a missing ``cross_sector`` counts as "no".

    ``total_cost`` may be missing only when ``estimate_kind`` is "none".
    """
    estimate_kind = _code(answers, "estimate_kind", ESTIMATE_KINDS)
    total_cost = None if estimate_kind == "none" else _amount(answers, "total_cost")
    if total_cost is None and estimate_kind != "none":
        raise RoutingInputError(
            f"total_cost must be a whole number of kroner, not {answers.get('total_cost')!r}"
        )
    phase, legal_form = answers.get("phase"), answers.get("legal_form")
    cross_sector = answers.get("cross_sector") or "no"
    for key, value, known in (
        ("phase", phase, PHASES),
        ("legal_form", legal_form, LEGAL_FORMS),
        ("cross_sector", cross_sector, CROSS_SECTOR_VALUES),
    ):
        if value not in known:
            raise RoutingInputError(f"{key} must be one of {', '.join(known)}, not {value!r}")
    basis = _code(answers, "category_basis", CATEGORY_BASES)
    # A life event means something only beside a cross-cutting measure for seamless services.
    life_event = (answers.get("life_event") or None) if basis == "seamless_services" else None
    if life_event is not None and not isinstance(life_event, str):
        raise RoutingInputError(f"life_event must be a code, not {life_event!r}")
    return Project(
        total_cost=total_cost,
        phase=phase,
        legal_form=legal_form,
        cross_sector=cross_sector == "yes",
        estimate_kind=estimate_kind,
        p85_cost=_amount(answers, "p85_cost") if estimate_kind == "p50" else None,
        category_basis=basis,
        life_event=life_event,
        project_years=_project_years(answers),
    )


def route_application(answers: Mapping[str, Any], ruleset: RuleSet) -> RoutingResult:
    """Every scheme's outcome for these answers under this rule set."""
    return _route_project(read_project(answers), ruleset)


# Routing is pure and its result immutable, and one wizard request asks for the same project
# several times (the path, the scheme choice, the figures): remember the latest few.
@lru_cache(maxsize=1024)
def _route_project(project: Project, ruleset: RuleSet) -> RoutingResult:
    project_model = _project_model(project, ruleset)
    cofinancing = _cofinancing(project, ruleset)
    council = _council(project, ruleset, project_model.is_eligible)
    outcomes = (
        cofinancing,
        council,
        project_model,
        _own_funding(project, ruleset, cofinancing, council, project_model),
    )
    return RoutingResult(ruleset.id, outcomes)


def eligible_schemes(result: RoutingResult) -> tuple[str, ...]:
    """The schemes the applicant can choose now (co-financing and/or the council)."""
    return tuple(
        outcome.scheme
        for outcome in result.outcomes
        if outcome.scheme in CHOOSABLE_SCHEMES and outcome.is_eligible
    )


def choosable_schemes(answers: Mapping[str, Any], ruleset: RuleSet) -> tuple[str, ...]:
    """The schemes the applicant may choose given the answers so far (none until routing's
    questions are answered)."""
    try:
        return eligible_schemes(route_application(answers, ruleset))
    except RoutingInputError:
        return ()


def grant_ceiling(answers: Mapping[str, Any], ruleset: RuleSet) -> int | None:
    """The largest co-financing grant the project's cost and category basis allow; None when no
    band fits or there is no cost yet. Routing's outcome reads the same band."""
    total_cost = answers.get("total_cost")
    if isinstance(total_cost, bool) or not isinstance(total_cost, int) or total_cost < 0:
        return None
    has_basis = answers.get("category_basis") in ("seamless_services", "shared_solution")
    band = best_band(ruleset.cofinancing, total_cost, has_basis)
    return None if band is None else band.max_grant(total_cost)


def best_band(rules: CofinancingRules, total_cost: int, has_basis: bool) -> CofinancingBand | None:
    """The band that gives this project the largest grant; on a tie, the first in the file."""
    fitting = [band for band in rules.bands if band.covers(total_cost, has_basis)]
    return max(fitting, key=lambda band: band.max_grant(total_cost), default=None)


def needs_p85(answers: Mapping[str, Any], ruleset: RuleSet) -> bool:
    """True when the threshold is on P85, only a P50 is given, and it is near the threshold."""
    total_cost = answers.get("total_cost")
    return (
        ruleset.project_model_basis == "p85"
        and ruleset.ask_p85_from is not None
        and answers.get("estimate_kind") == "p50"
        and isinstance(total_cost, int)
        and total_cost >= ruleset.ask_p85_from
    )


# --- co-financing ------------------------------------------------------------------------


def _cofinancing(project: Project, ruleset: RuleSet) -> Outcome:
    rules = ruleset.cofinancing
    if project.total_cost is None:
        reason = text(
            N_(
                "Co-financing needs an estimate of the total cost, and the project has none yet. "
                "Apply when the business case gives one."
            )
        )
        return Outcome("cofinancing", NOT_ELIGIBLE, (reason,))
    band = best_band(rules, project.total_cost, project.has_basis)
    legal_ok = project.legal_form in rules.legal_forms
    too_long = _too_long(project, rules)
    if (
        band is None
        or not legal_ok
        or too_long
        or project.phase not in (rules.eligible_phases | rules.not_yet_phases)
    ):
        return Outcome("cofinancing", NOT_ELIGIBLE, _cofinancing_failures(project, rules, band))
    status = ELIGIBLE if project.phase in rules.eligible_phases else NOT_YET
    reasons = [
        *_band_facts(project, rules, band),
        _legal_form_may_apply(project),
        _phase_fits(project) if status == ELIGIBLE else _phase_too_early(project, rules),
        _grant_limit(project, band),
        *_duration_facts(rules),
    ]
    if status == ELIGIBLE:
        if rules.must_be_decisive:
            reasons.append(
                text(
                    N_(
                        "The grant must be what makes the project happen: the application "
                        "says why the project would not be carried out without it."
                    )
                )
            )
        reasons.append(_budget_cut_notice(rules))
    return Outcome(
        "cofinancing",
        status,
        tuple(reasons),
        max_grant=band.max_grant(project.total_cost),
        grant_share=band.share,
        grant_cap=band.cap,
        category=band.category,
    )


def _too_long(project: Project, rules: CofinancingRules) -> bool:
    return (
        rules.max_project_years is not None
        and project.project_years is not None
        and project.project_years > rules.max_project_years
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
    if _too_long(project, rules):
        reasons.append(
            text(
                N_(
                    "The project is planned over %(years)s calendar years. Co-financing is for "
                    "projects that run over at most %(max_years)s."
                ),
                years=project.project_years or 0,
                max_years=rules.max_project_years or 0,
            )
        )
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
    cost = project.total_cost or 0
    usable = [band for band in rules.bands if project.has_basis or not band.requires_basis]
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
        if band.requires_basis and not project.has_basis and band.in_range(cost):
            reasons.append(_what_opens_category(band))
    return reasons


def _what_opens_category(band: CofinancingBand) -> Text:
    return text(
        N_(
            "Co-financing category %(category)s, for projects of %(band)s, is only for a "
            "cross-cutting measure for seamless services or a strategically prioritised shared "
            "solution. Working across sectors is not enough on its own: say which of the two "
            "the project is, if it is one."
        ),
        category=band.category or 0,
        band=MillionsRange(band.min, band.max),
    )


def _band_facts(
    project: Project, rules: CofinancingRules, band: CofinancingBand
) -> tuple[Text, ...]:
    cost, band_range = Millions(project.total_cost or 0), MillionsRange(band.min, band.max)
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
    if band.requires_basis:
        facts.append(_basis_fact(project, rules))
    elif rules.has_categories:
        # A larger category exists; say what would open it, so no one reads "category 1" as
        # a verdict on working across sectors.
        facts.extend(
            _what_opens_category(other)
            for other in rules.bands
            if other.requires_basis and other.in_range(project.total_cost or 0)
        )
    return tuple(facts)


def _basis_fact(project: Project, rules: CofinancingRules) -> Text:
    if project.category_basis == "shared_solution":
        return text(
            N_(
                "The project builds a strategically prioritised shared solution, "
                "which this category is for."
            )
        )
    event = rules.life_event(project.life_event or "")
    if event is not None:
        return text(
            N_(
                "The project is a cross-cutting measure for seamless services in the priority "
                "life event “%(life_event)s”, which this category is for; such measures come first."
            ),
            life_event=LifeEventName(event),
        )
    return text(
        N_(
            "The project is a cross-cutting measure for seamless services, which this category "
            "is for. Measures in the seven priority life events come first, and this one is "
            "not in them."
        )
    )


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
    total_cost = project.total_cost or 0
    max_grant = Millions(band.max_grant(total_cost))
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


def _duration_facts(rules: CofinancingRules) -> tuple[Text, ...]:
    if rules.max_grant_years is None or rules.max_project_years is None:
        return ()
    return (
        text(
            N_(
                "The grant is paid over at most %(grant_years)s budget years, and the project "
                "may run over at most %(project_years)s years."
            ),
            grant_years=rules.max_grant_years,
            project_years=rules.max_project_years,
        ),
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


def _council(project: Project, ruleset: RuleSet, project_model_applies: bool) -> Outcome:
    rules = ruleset.council
    is_state = project.legal_form in rules.legal_forms
    if project.total_cost is None:
        estimate_ok = rules.no_estimate
    else:
        estimate_ok = rules.in_band(project.total_cost)
    if is_state and estimate_ok and not project_model_applies:
        reasons = (
            _council_cost_fact(project, ruleset),
            text(
                N_("The council serves state bodies, and “%(legal_form)s” is one."),
                legal_form=LegalFormName(project.legal_form),
            ),
            text(
                N_(
                    "The council gives advice in every phase of a project, the “%(phase)s” "
                    "phase too. Every case goes through preparation, project review and "
                    "follow-up, and the council answers with a written recommendation."
                ),
                phase=PhaseName(project.phase),
            ),
        )
        return Outcome("council", ELIGIBLE, reasons, stage=COUNCIL_STEPS[0])
    return Outcome(
        "council", NOT_ELIGIBLE, _council_failures(project, ruleset, project_model_applies)
    )


def _council_cost_fact(project: Project, ruleset: RuleSet) -> Text:
    rules = ruleset.council
    if project.total_cost is None:
        return text(
            N_(
                "The project has no cost estimate yet, and the council also gives advice "
                "before there is one."
            )
        )
    if rules.min is not None and rules.max is not None:
        return text(
            N_("The total cost, %(total_cost)s, is within the council's band of %(band)s."),
            total_cost=Millions(project.total_cost),
            band=MillionsRange(rules.min, rules.max),
        )
    return text(
        N_(
            "The council takes projects of every size up to the state project model's "
            "threshold, %(threshold)s, and this one costs %(total_cost)s."
        ),
        threshold=Millions(ruleset.project_model_above),
        total_cost=Millions(project.total_cost),
    )


def _council_failures(
    project: Project, ruleset: RuleSet, project_model_applies: bool
) -> tuple[Text, ...]:
    rules = ruleset.council
    reasons: list[Text] = []
    if project.total_cost is None and not rules.no_estimate:
        reasons.append(
            text(
                N_(
                    "Under these rules the council needs an estimate of the total cost, "
                    "and the project has none yet."
                )
            )
        )
    if project_model_applies:
        reasons.append(
            text(
                N_(
                    "The project is above the state project model's threshold, so it follows "
                    "the state project model with external quality assurance instead."
                )
            )
        )
    elif project.total_cost is not None:
        cost = Millions(project.total_cost)
        if rules.min is not None and project.total_cost < rules.min:
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
        if rules.max is not None and project.total_cost > rules.max:
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
    return tuple(reasons)


# --- referrals ---------------------------------------------------------------------------


def cost_frame(project: Project, ruleset: RuleSet) -> int | None:
    """The figure the project-model threshold is read against."""
    if project.total_cost is None:
        return None
    if ruleset.project_model_basis == "p85" and project.p85_cost is not None:
        return project.p85_cost
    return project.total_cost


def _project_model(project: Project, ruleset: RuleSet) -> Outcome:
    threshold = Millions(ruleset.project_model_above)
    frame = cost_frame(project, ruleset)
    if frame is None:
        reason = text(
            N_(
                "The project has no cost estimate yet. If the estimate turns out above "
                "%(threshold)s, the state project model applies."
            ),
            threshold=threshold,
        )
        return Outcome("project_model", NOT_ELIGIBLE, (reason,))
    on_p85 = ruleset.project_model_basis == "p85"
    reasons: list[Text] = []
    if frame > ruleset.project_model_above:
        if on_p85:
            reasons.append(
                text(
                    N_(
                        "The cost frame (P85), %(cost_frame)s, is above %(threshold)s, so the "
                        "state project model applies, with external quality assurance (KS1 "
                        "and KS2). Neither co-financing nor the council is the way for it."
                    ),
                    cost_frame=Millions(frame),
                    threshold=threshold,
                )
            )
        else:
            reasons.append(
                text(
                    N_(
                        "The total cost, %(total_cost)s, is above %(threshold)s, so the state "
                        "project model applies, with external quality assurance (KS1 and KS2)."
                    ),
                    total_cost=Millions(frame),
                    threshold=threshold,
                )
            )
        return Outcome("project_model", ELIGIBLE, tuple(reasons))
    if on_p85:
        reasons.append(
            text(
                N_(
                    "The threshold of the state project model, %(threshold)s, is on the cost "
                    "frame (P85), and the project's figure for it is %(cost_frame)s."
                ),
                threshold=threshold,
                cost_frame=Millions(frame),
            )
        )
        if project.estimate_kind == "p50" and project.p85_cost is None:
            reasons.append(
                text(
                    N_(
                        "Only the expected cost (P50) is given. The cost frame (P85) is higher: "
                        "if it is above %(threshold)s, the state project model applies."
                    ),
                    threshold=threshold,
                )
            )
        elif project.estimate_kind == "early":
            reasons.append(
                text(
                    N_(
                        "The estimate is early and uncertain: check it against %(threshold)s "
                        "again when the cost frame (P85) is known."
                    ),
                    threshold=threshold,
                )
            )
        return Outcome("project_model", NOT_ELIGIBLE, tuple(reasons))
    reasons.append(
        text(
            N_(
                "The total cost, %(total_cost)s, is not above %(threshold)s, "
                "where the state project model starts."
            ),
            total_cost=Millions(frame),
            threshold=threshold,
        )
    )
    return Outcome("project_model", NOT_ELIGIBLE, tuple(reasons))


def _own_funding(
    project: Project,
    ruleset: RuleSet,
    cofinancing: Outcome,
    council: Outcome,
    project_model: Outcome,
) -> Outcome:
    threshold = Millions(ruleset.own_funding_below)
    if project_model.is_eligible:
        reason = text(
            N_(
                "The project follows the state project model, so own funding or a budget "
                "proposal is not the way for it here."
            )
        )
        return Outcome("own_funding", NOT_ELIGIBLE, (reason,))
    below = project.total_cost is not None and project.total_cost < ruleset.own_funding_below
    open_schemes = [outcome.scheme for outcome in (cofinancing, council) if outcome.is_eligible]
    reasons: list[Text] = []
    if below:
        reasons.append(
            text(
                N_(
                    "The total cost, %(total_cost)s, is below %(threshold)s, so the project "
                    "is funded within the agency's own budget."
                ),
                total_cost=Millions(project.total_cost or 0),
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
    if project.total_cost is not None:
        reasons.append(
            text(
                N_("The total cost, %(total_cost)s, is not below %(threshold)s."),
                total_cost=Millions(project.total_cost),
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
