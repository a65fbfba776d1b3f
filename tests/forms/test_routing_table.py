"""Routing against DOMAIN.md §2–3: boundaries first, then a hand-written table of key cases.

``expected_statuses`` restates the rules with literal numbers, independently of the rule set
files and of forms.routing, so a wrong threshold in either shows up here.
"""

import pytest

from forms.routing import (
    route_application,
)
from forms.rulesets import LEGAL_FORMS, PHASES, SCHEMES, load_ruleset

M = 1_000_000
STATE_BODIES = {
    "state_agency",
    "state_agency_special_powers",
    "state_enterprise",
    "state_owned_company",
}
MAY_APPLY_FOR_COFINANCING = STATE_BODIES - {"state_owned_company"}
COUNCIL_TOP = {"difi-2018": 750 * M, "digdir-2020": 300 * M}
STAGE_FOR_PHASE = {
    "idea": "preparation",
    "concept": "preparation",
    "planning": "project_review",
    "execution": "execution",
}

BOUNDARY_COSTS = [
    0,
    4_999_999,
    5_000_000,
    9_999_999,
    10_000_000,
    50_000_000,
    50_000_001,
    100_000_000,
    100_000_001,
    300_000_000,
    300_000_001,
    750_000_000,
    750_000_001,
]
RULESET_IDS = ["difi-2018", "digdir-2020"]


def expected_category(ruleset_id, cost, cross_sector):
    """(category, max grant) of the best co-financing band, or None when no band fits."""
    if ruleset_id == "digdir-2020" and cross_sector == "yes" and 5 * M <= cost <= 100 * M:
        return 2, cost * 85 // 100
    if 5 * M <= cost <= 50 * M:
        category = 1 if ruleset_id == "digdir-2020" else None
        return category, min(cost // 2, 15 * M)
    return None


def expected_statuses(ruleset_id, cost, phase, legal_form, cross_sector):
    band = expected_category(ruleset_id, cost, cross_sector)
    fits = band is not None and legal_form in MAY_APPLY_FOR_COFINANCING
    if fits and phase == "planning":
        cofinancing = "eligible"
    elif fits and phase in ("idea", "concept"):
        cofinancing = "not_yet"
    else:
        cofinancing = "not_eligible"
    council_ok = (
        10 * M <= cost <= COUNCIL_TOP[ruleset_id]
        and legal_form in STATE_BODIES
        and phase != "closing"
    )
    council = "eligible" if council_ok else "not_eligible"
    project_model = "eligible" if cost > COUNCIL_TOP[ruleset_id] else "not_eligible"
    neither = cofinancing != "eligible" and council != "eligible"
    own_funding = "eligible" if cost < 5 * M or neither else "not_eligible"
    return {
        "cofinancing": cofinancing,
        "council": council,
        "project_model": project_model,
        "own_funding": own_funding,
    }


@pytest.fixture(scope="module")
def rulesets():
    return {ruleset_id: load_ruleset(ruleset_id) for ruleset_id in RULESET_IDS}


@pytest.mark.parametrize("ruleset_id", RULESET_IDS)
@pytest.mark.parametrize("cost", BOUNDARY_COSTS)
def test_boundaries_for_every_phase_legal_form_and_cross_sector(rulesets, ruleset_id, cost):
    for phase in PHASES:
        for legal_form in LEGAL_FORMS:
            for cross_sector in ("yes", "no"):
                answers = {
                    "total_cost": cost,
                    "phase": phase,
                    "legal_form": legal_form,
                    "cross_sector": cross_sector,
                }
                result = route_application(answers, rulesets[ruleset_id])
                got = {outcome.scheme: outcome.status for outcome in result.outcomes}
                want = expected_statuses(ruleset_id, cost, phase, legal_form, cross_sector)
                assert got == want, answers
                check_details(result, ruleset_id, cost, phase, cross_sector)


def check_details(result, ruleset_id, cost, phase, cross_sector):
    assert result.ruleset_id == ruleset_id
    assert tuple(outcome.scheme for outcome in result.outcomes) == SCHEMES
    cofinancing, council = result.outcome("cofinancing"), result.outcome("council")
    if cofinancing.status == "not_eligible":
        assert cofinancing.max_grant is None
    else:
        category, max_grant = expected_category(ruleset_id, cost, cross_sector)
        assert (cofinancing.category, cofinancing.max_grant) == (category, max_grant)
    assert council.stage == (STAGE_FOR_PHASE[phase] if council.status == "eligible" else None)
    for outcome in result.outcomes:
        assert outcome.reasons, outcome


# Literal expectations for the cases people ask about.
D18, D20 = "difi-2018", "digdir-2020"
AGENCY, ENTERPRISE, COMPANY = "state_agency", "state_enterprise", "state_owned_company"
MUNICIPALITY, OTHER = "municipality", "other"
PREP, REVIEW, EXEC = "preparation", "project_review", "execution"
E, Y, N = "eligible", "not_yet", "not_eligible"

# fmt: off
KEY_CASES = [
    # rule set, cost, phase, legal form, cross-sector,
    #     co-financing, council, project model, own funding, stage, category, max grant
    (D18, 12_500_000, "planning", AGENCY, "no", E, E, N, N, REVIEW, None, 6_250_000),
    (D18, 5_000_000, "planning", ENTERPRISE, "no", E, N, N, N, None, None, 2_500_000),
    (D18, 4_999_999, "planning", AGENCY, "no", N, N, N, E, None, None, None),
    (D18, 50_000_000, "planning", AGENCY, "no", E, E, N, N, REVIEW, None, 15_000_000),
    (D18, 50_000_001, "planning", AGENCY, "no", N, E, N, N, REVIEW, None, None),
    (D18, 30_000_000, "idea", AGENCY, "no", Y, E, N, N, PREP, None, 15_000_000),
    (D18, 30_000_000, "concept", AGENCY, "no", Y, E, N, N, PREP, None, 15_000_000),
    (D18, 7_000_000, "concept", AGENCY, "no", Y, N, N, E, None, None, 3_500_000),
    (D18, 30_000_000, "execution", AGENCY, "no", N, E, N, N, EXEC, None, None),
    (D18, 30_000_000, "closing", AGENCY, "no", N, N, N, E, None, None, None),
    (D18, 30_000_000, "planning", COMPANY, "no", N, E, N, N, REVIEW, None, None),
    (D18, 30_000_000, "planning", MUNICIPALITY, "no", N, N, N, E, None, None, None),
    (D18, 30_000_000, "planning", OTHER, "yes", N, N, N, E, None, None, None),
    (D18, 750_000_000, "execution", AGENCY, "no", N, E, N, N, EXEC, None, None),
    (D18, 750_000_001, "execution", AGENCY, "no", N, N, E, E, None, None, None),
    (D18, 60_000_000, "planning", AGENCY, "yes", N, E, N, N, REVIEW, None, None),
    (D20, 60_000_000, "planning", AGENCY, "yes", E, E, N, N, REVIEW, 2, 51_000_000),
    (D20, 60_000_000, "planning", AGENCY, "no", N, E, N, N, REVIEW, None, None),
    (D20, 100_000_000, "planning", AGENCY, "yes", E, E, N, N, REVIEW, 2, 85_000_000),
    (D20, 100_000_001, "planning", AGENCY, "yes", N, E, N, N, REVIEW, None, None),
    (D20, 20_000_000, "planning", AGENCY, "yes", E, E, N, N, REVIEW, 2, 17_000_000),
    (D20, 20_000_000, "planning", AGENCY, "no", E, E, N, N, REVIEW, 1, 10_000_000),
    (D20, 5_000_000, "idea", AGENCY, "yes", Y, N, N, E, None, 2, 4_250_000),
    (D20, 300_000_000, "planning", AGENCY, "no", N, E, N, N, REVIEW, None, None),
    (D20, 300_000_001, "planning", AGENCY, "no", N, N, E, E, None, None, None),
    (D20, 500_000_000, "idea", AGENCY, "no", N, N, E, E, None, None, None),
]
# fmt: on


@pytest.mark.parametrize("case", KEY_CASES)
def test_key_cases(rulesets, case):
    ruleset_id, cost, phase, legal_form, cross_sector, *statuses, stage, category, grant = case
    answers = {
        "total_cost": cost,
        "phase": phase,
        "legal_form": legal_form,
        "cross_sector": cross_sector,
    }
    result = route_application(answers, rulesets[ruleset_id])
    assert [outcome.status for outcome in result.outcomes] == statuses
    assert result.outcome("council").stage == stage
    assert result.outcome("cofinancing").category == category
    assert result.outcome("cofinancing").max_grant == grant
