"""The reasons routing gives: whole translatable sentences carrying the deciding numbers."""

import pytest

from forms.routing import (
    LEGAL_FORM_LABELS,
    PHASE_LABELS,
    SCHEME_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    STATUSES,
    RoutingInputError,
    eligible_schemes,
    route_application,
)
from forms.rulesets import COUNCIL_STEPS, LEGAL_FORMS, PHASES, SCHEMES

NBSP = "\u00a0"


def route(ruleset, **answers):
    return route_application(answers, ruleset)


def english(outcome):
    return [reason.render().replace(NBSP, " ") for reason in outcome.reasons]


def test_eligible_cofinancing_says_band_legal_form_phase_and_grant(difi):
    result = route(difi, total_cost=12_500_000, phase="planning", legal_form="state_agency")
    assert english(result.outcome("cofinancing")) == [
        "The total cost, NOK 12.5 million, is within the co-financing band of NOK 5–50 million.",
        "The legal form “Ordinary state administrative body” may apply for co-financing.",
        "The project is in the “Planning” phase, when co-financing can be applied for.",
        "The grant can cover at most 50% of the total cost and at most NOK 15 million: "
        "at most NOK 6.25 million for this project.",
        "With a grant, 50% of the net internal gains (internal gains minus new running costs) "
        "will later be cut from the agency's budget.",
    ]


def test_not_eligible_lists_every_failing_condition(difi):
    result = route(difi, total_cost=60_000_000, phase="execution", legal_form="municipality")
    reasons = english(result.outcome("cofinancing"))
    assert len(reasons) == 3
    assert "above NOK 50 million" in reasons[0]
    assert "“Municipality or county municipality” is not one of them" in reasons[1]
    assert "“Execution” phase" in reasons[2]
    council = english(result.outcome("council"))
    assert council == [
        "The council serves state bodies only, and “Municipality or county municipality” "
        "is not a state body."
    ]


def test_council_out_of_band_in_any_phase(difi):
    # The council serves every phase: only the band decides here (the old rule set said the
    # council did not help projects that were closing, which its mandate never said).
    result = route(difi, total_cost=4_999_999, phase="closing", legal_form="state_agency")
    reasons = english(result.outcome("council"))
    assert reasons == [
        "The total cost, NOK 4,999,999, is below NOK 10 million, where the council's band starts.",
    ]


def test_council_says_it_serves_every_phase_and_the_three_steps(current):
    result = route(current, total_cost=60_000_000, phase="execution", legal_form="state_agency")
    reasons = english(result.outcome("council"))
    assert reasons == [
        "The council takes projects of every size up to the state project model's threshold, "
        "NOK 300 million, and this one costs NOK 60 million.",
        "The council serves state bodies, and “Ordinary state administrative body” is one.",
        "The council gives advice in every phase of a project, the “Execution” phase too. Every "
        "case goes through preparation, project review and follow-up, and the council answers "
        "with a written recommendation.",
    ]


def test_no_estimate_yet(current, difi):
    result = route(current, estimate_kind="none", phase="idea", legal_form="state_agency")
    assert english(result.outcome("council"))[0] == (
        "The project has no cost estimate yet, and the council also gives advice before there "
        "is one."
    )
    assert english(result.outcome("cofinancing")) == [
        "Co-financing needs an estimate of the total cost, and the project has none yet. "
        "Apply when the business case gives one."
    ]
    old = route(difi, estimate_kind="none", phase="idea", legal_form="state_agency")
    assert "needs an estimate of the total cost" in english(old.outcome("council"))[0]


def test_current_cofinancing_states_its_conditions(current):
    result = route(current, total_cost=60_000_000, phase="planning", legal_form="state_agency")
    assert english(result.outcome("cofinancing")) == [
        "The total cost, NOK 60 million, is within the co-financing band of NOK 10–100 million.",
        "The legal form “Ordinary state administrative body” may apply for co-financing.",
        "The project is in the “Planning” phase, when co-financing can be applied for.",
        "The grant can cover at most 50% of the total cost, with no fixed cap: "
        "at most NOK 30 million for this project.",
        "The grant is paid over at most 3 budget years, and the project may run over at most "
        "4 years.",
        "The grant must be what makes the project happen: the application says why the project "
        "would not be carried out without it.",
        "With a grant, 50% of the net internal gains (internal gains minus new running costs) "
        "will later be cut from the agency's budget.",
    ]


def test_a_project_over_four_years_cannot_get_current_cofinancing(current):
    result = route(
        current,
        total_cost=60_000_000,
        phase="planning",
        legal_form="state_agency",
        planned_start="2027-01",
        planned_end="2031-06",
    )
    assert english(result.outcome("cofinancing")) == [
        "The project is planned over 5 calendar years. Co-financing is for projects that run "
        "over at most 4."
    ]
    four = route(
        current,
        total_cost=60_000_000,
        phase="planning",
        legal_form="state_agency",
        planned_start="2027-01",
        planned_end="2030-12",
    )
    assert four.outcome("cofinancing").status == "eligible"


def test_p50_near_the_threshold_says_what_the_p85_decides(current):
    result = route(
        current,
        total_cost=250_000_000,
        estimate_kind="p50",
        phase="planning",
        legal_form="state_agency",
    )
    assert english(result.outcome("project_model")) == [
        "The threshold of the state project model, NOK 300 million, is on the cost frame (P85), "
        "and the project's figure for it is NOK 250 million.",
        "Only the expected cost (P50) is given. The cost frame (P85) is higher: if it is above "
        "NOK 300 million, the state project model applies.",
    ]


def test_not_yet_says_when_to_come_back_and_own_funding_meanwhile(difi):
    result = route(difi, total_cost=7_000_000, phase="concept", legal_form="state_agency")
    assert "Apply for co-financing when it has reached the “Planning” phase." in " ".join(
        english(result.outcome("cofinancing"))
    )
    own_funding = english(result.outcome("own_funding"))
    assert own_funding[0].startswith("Neither co-financing nor the council is open")
    assert "“Planning” phase" in own_funding[1]


def test_category_two_names_the_category_the_basis_and_the_missing_cap(digdir):
    result = route(
        digdir,
        total_cost=60_000_000,
        phase="planning",
        legal_form="state_agency",
        category_basis="seamless_services",
        life_event="new_in_norway",
    )
    reasons = english(result.outcome("cofinancing"))
    assert "within co-financing category 2, for projects of NOK 5–100 million" in reasons[0]
    assert reasons[1] == (
        "The project is a cross-cutting measure for seamless services in the priority life "
        "event “New in Norway”, which this category is for; such measures come first."
    )
    assert "at most 85% of the total cost, with no fixed cap: at most NOK 51 million" in (
        " ".join(reasons)
    )
    other = route(
        digdir,
        total_cost=60_000_000,
        phase="planning",
        legal_form="state_agency",
        category_basis="seamless_services",
        life_event="other",
    )
    assert "not in them" in english(other.outcome("cofinancing"))[1]


def test_life_event_names_come_from_the_rule_set(digdir, nb_gettext):
    result = route(
        digdir,
        total_cost=60_000_000,
        phase="planning",
        legal_form="state_agency",
        category_basis="seamless_services",
        life_event="new_in_norway",
    )
    rendered = result.outcome("cofinancing").reasons[1].render(nb_gettext, "nn")
    assert "“Ny i Noreg”" in rendered


def test_without_a_basis_says_what_would_open_category_two(digdir):
    result = route(
        digdir,
        total_cost=60_000_000,
        phase="planning",
        legal_form="state_agency",
        cross_sector="yes",
    )
    reasons = english(result.outcome("cofinancing"))
    assert reasons == [
        "The total cost, NOK 60 million, is above NOK 50 million, "
        "the upper limit for co-financing.",
        "Co-financing category 2, for projects of NOK 5–100 million, is only for a cross-cutting "
        "measure for seamless services or a strategically prioritised shared solution. Working "
        "across sectors is not enough on its own: say which of the two the project is, if it "
        "is one.",
    ]
    small = route(
        digdir,
        total_cost=20_000_000,
        phase="planning",
        legal_form="state_agency",
        cross_sector="yes",
    )
    small_reasons = english(small.outcome("cofinancing"))
    assert "within co-financing category 1" in small_reasons[0]
    assert "Working across sectors is not enough on its own" in small_reasons[1]


def test_referrals_carry_their_threshold(digdir, difi):
    result = route(digdir, total_cost=300_000_001, phase="planning", legal_form="state_agency")
    assert english(result.outcome("project_model")) == [
        "The cost frame (P85), NOK 300,000,001, is above NOK 300 million, so the state project "
        "model applies, with external quality assurance (KS1 and KS2). Neither co-financing nor "
        "the council is the way for it."
    ]
    assert english(result.outcome("own_funding")) == [
        "The project follows the state project model, so own funding or a budget proposal is "
        "not the way for it here."
    ]
    old = route(difi, total_cost=750_000_001, phase="planning", legal_form="state_agency")
    assert english(old.outcome("project_model")) == [
        "The total cost, NOK 750,000,001, is above NOK 750 million, so the state project model "
        "applies, with external quality assurance (KS1 and KS2)."
    ]
    small = route(digdir, total_cost=4_000_000, phase="planning", legal_form="state_agency")
    assert english(small.outcome("own_funding")) == [
        "The total cost, NOK 4 million, is below NOK 5 million, so the project is funded "
        "within the agency's own budget."
    ]


def test_reasons_render_in_norwegian_with_a_catalogue(difi, nb_gettext):
    catalogue = {
        "The total cost, %(total_cost)s, is within the co-financing band of %(band)s.": (
            "Totalkostnaden, %(total_cost)s, er innenfor medfinansieringens intervall på %(band)s."
        ),
    }

    def gettext(msgid):
        return catalogue.get(msgid) or nb_gettext(msgid)

    result = route(difi, total_cost=12_500_000, phase="planning", legal_form="state_agency")
    first = result.outcome("cofinancing").reasons[0].render(gettext, "nb")
    assert first.replace(NBSP, " ") == (
        "Totalkostnaden, 12,5 mill. kr, er innenfor medfinansieringens intervall på 5–50 mill. kr."
    )


def test_every_word_goes_through_gettext(digdir):
    """A gettext that brackets every msgid shows sentence, units and labels all pass through it."""

    def bracketing(msgid):
        return f"[{msgid}]"

    result = route(
        digdir,
        total_cost=20_000_000,
        phase="idea",
        legal_form="state_agency",
        category_basis="seamless_services",
        life_event="having_a_child",
    )
    for outcome in result.outcomes:
        for reason in outcome.reasons:
            rendered = reason.render(bracketing, "en")
            assert rendered.startswith("[") and rendered.endswith("]")
            assert "NOK" not in rendered or "[NOK" in rendered
    rendered = [reason.render(bracketing, "en") for reason in result.outcome("cofinancing").reasons]
    assert any("“[Idea]”" in sentence for sentence in rendered)


@pytest.mark.parametrize("locale", ["nb", "nn", "en"])
def test_all_reasons_render_in_every_locale(difi, digdir, current, nb_gettext, locale):
    for ruleset in (difi, digdir, current):
        for phase in PHASES:
            for legal_form in ("state_agency", "state_owned_company", "other"):
                result = route(
                    ruleset,
                    total_cost=60_000_000,
                    phase=phase,
                    legal_form=legal_form,
                    cross_sector="yes",
                    category_basis="shared_solution",
                )
                for outcome in result.outcomes:
                    for reason in outcome.reasons:
                        assert "%(" not in reason.render(nb_gettext, locale)


def test_eligible_schemes(difi):
    both = route(difi, total_cost=20_000_000, phase="planning", legal_form="state_agency")
    assert eligible_schemes(both) == ("cofinancing", "council")
    council_only = route(difi, total_cost=20_000_000, phase="idea", legal_form="state_agency")
    assert eligible_schemes(council_only) == ("council",)
    none = route(difi, total_cost=1_000_000, phase="planning", legal_form="state_agency")
    assert eligible_schemes(none) == ()


def test_missing_cross_sector_counts_as_no(digdir):
    without = route(digdir, total_cost=60_000_000, phase="planning", legal_form="state_agency")
    with_no = route(
        digdir,
        total_cost=60_000_000,
        phase="planning",
        legal_form="state_agency",
        cross_sector="no",
    )
    assert without == with_no


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        ({"phase": "planning", "legal_form": "state_agency"}, "total_cost"),
        (
            {"total_cost": "12500000", "phase": "planning", "legal_form": "state_agency"},
            "total_cost",
        ),
        ({"total_cost": True, "phase": "planning", "legal_form": "state_agency"}, "total_cost"),
        ({"total_cost": -1, "phase": "planning", "legal_form": "state_agency"}, "total_cost"),
        ({"total_cost": 1, "phase": "design", "legal_form": "state_agency"}, "phase"),
        ({"total_cost": 1, "legal_form": "state_agency"}, "phase"),
        ({"total_cost": 1, "phase": "idea", "legal_form": "ngo"}, "legal_form"),
        (
            {"total_cost": 1, "phase": "idea", "legal_form": "other", "estimate_kind": "p99"},
            "estimate_kind",
        ),
        (
            {"total_cost": 1, "phase": "idea", "legal_form": "other", "category_basis": "x"},
            "category_basis",
        ),
        ({"estimate_kind": "p50", "phase": "idea", "legal_form": "other"}, "total_cost"),
        (
            {"total_cost": 1, "phase": "idea", "legal_form": "other", "cross_sector": "maybe"},
            "cross_sector",
        ),
    ],
)
def test_bad_answers_raise_an_error_naming_the_key(difi, answers, key):
    with pytest.raises(RoutingInputError, match=key):
        route_application(answers, difi)


def test_label_dicts_cover_the_data_dictionary():
    assert list(PHASE_LABELS) == list(PHASES)
    assert list(LEGAL_FORM_LABELS) == list(LEGAL_FORMS)
    assert list(SCHEME_LABELS) == list(SCHEMES)
    assert list(STAGE_LABELS) == list(COUNCIL_STEPS)
    assert list(STATUS_LABELS) == list(STATUSES)
