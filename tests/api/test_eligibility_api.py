"""GET /api/v1/eligibility: the routing result as JSON, in the language asked for."""

from __future__ import annotations

import pytest

from forms.money import AmountError, parse_amount
from tests.api.helpers import PLANNING_12_5, URL, get_eligibility, outcomes_by_scheme

SCHEMES = ["cofinancing", "council", "project_model", "own_funding"]


def test_english_answer_names_the_rule_set_and_explains_every_outcome(client):
    # Without `ruleset`, the answer is under the rule set in force: today's Digdir regime.
    response = get_eligibility(client, **PLANNING_12_5, lang="en")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Language"] == "en"
    answer = response.get_json()
    ruleset = answer["ruleset"]
    assert (ruleset["id"], ruleset["valid_from"], ruleset["valid_to"]) == (
        "digdir-10-100",
        None,
        None,
    )
    assert ruleset["title"].startswith("Digdir: co-financing of projects of 10–100 MNOK")
    assert "digdir.no" in ruleset["source"]
    assert (ruleset["expired"], ruleset["superseded_by"], ruleset["notice"]) == (False, None, None)
    assert ruleset["validity"] == "In force; the sources give no start date"
    assert answer["input"] == {
        "total_cost": 12_500_000,
        "phase": "planning",
        "legal_form": "state_agency",
        "cross_sector": "no",
        "estimate_kind": None,
        "p85_cost": None,
        "category_basis": None,
        "life_event": None,
        "lang": "en",
    }
    assert [outcome["scheme"] for outcome in answer["outcomes"]] == SCHEMES
    assert answer["choosable"] == ["cofinancing", "council"]

    outcomes = outcomes_by_scheme(answer)
    cofinancing = outcomes["cofinancing"]
    assert cofinancing["scheme_label"] == "Co-financing of digitalisation projects"
    assert (cofinancing["status"], cofinancing["status_label"]) == ("eligible", "Eligible")
    assert cofinancing["max_grant"] == 6_250_000
    assert cofinancing["grant_share"] == "0.5"
    assert cofinancing["grant_cap"] is None
    assert cofinancing["category"] is None
    assert cofinancing["stage"] is None and cofinancing["stage_label"] is None
    assert cofinancing["reasons"][0] == (
        "The total cost, NOK\u00a012.5\u00a0million, is within the co-financing band of "
        "NOK\u00a010–100\u00a0million."
    )
    assert any("NOK\u00a06.25\u00a0million" in reason for reason in cofinancing["reasons"])

    council = outcomes["council"]
    assert council["status"] == "eligible"
    # Every council case starts with preparation; the field stays for the intranets that read it.
    assert (council["stage"], council["stage_label"]) == ("preparation", "Preparation")
    assert "12.5" in council["reasons"][0]

    assert outcomes["project_model"]["status_label"] == "Not eligible"
    assert outcomes["own_funding"]["status"] == "not_eligible"


def test_an_expired_rule_set_says_so(client):
    answer = get_eligibility(client, **PLANNING_12_5, ruleset="difi-2018", lang="en").get_json()
    ruleset = answer["ruleset"]
    assert (ruleset["valid_from"], ruleset["valid_to"], ruleset["expired"]) == (
        "2018-01-01",
        "2019-09-20",
        True,
    )
    assert ruleset["validity"] == "Valid from 1 January 2018 to 20 September 2019"
    assert ruleset["notice"] == (
        "These rules stopped applying after 20 September 2019. The rules in force now are "
        "“Digdir: co-financing of projects of 10–100 MNOK, the council in every phase”."
    )
    replaced = get_eligibility(client, **PLANNING_12_5, ruleset="digdir-2020").get_json()
    assert replaced["ruleset"]["superseded_by"] == "digdir-10-100"
    assert replaced["ruleset"]["notice"].startswith("Disse reglene er erstattet.")


def test_no_estimate_yet_is_for_the_council(client):
    answer = get_eligibility(
        client, estimate_kind="none", phase="execution", legal_form="state_agency", lang="en"
    ).get_json()
    assert answer["input"]["total_cost"] is None
    assert answer["choosable"] == ["council"]
    missing = get_eligibility(client, phase="execution", legal_form="state_agency", lang="en")
    assert missing.status_code == 400
    assert missing.get_json()["error"]["parameter"] == "total_cost"


def test_the_p85_figure_decides_the_project_model(client):
    answer = get_eligibility(
        client,
        total_cost="280 mill.",
        estimate_kind="p50",
        p85_cost="320 mill.",
        phase="planning",
        legal_form="state_agency",
        lang="en",
    ).get_json()
    assert answer["input"]["p85_cost"] == 320_000_000
    assert outcomes_by_scheme(answer)["project_model"]["status"] == "eligible"
    assert answer["choosable"] == []


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_norwegian_answers_have_the_same_structure_and_numbers(client, lang):
    english = get_eligibility(client, **PLANNING_12_5, lang="en").get_json()
    response = get_eligibility(client, **PLANNING_12_5, lang=lang)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == lang
    answer = response.get_json()
    assert answer["input"]["lang"] == lang
    words = ("title", "validity", "notice")
    assert {k: v for k, v in answer["ruleset"].items() if k not in words} == {
        k: v for k, v in english["ruleset"].items() if k not in words
    }
    assert answer["ruleset"]["title"].startswith("Digdir: medfinansiering av prosjekt")
    assert answer["choosable"] == english["choosable"]
    for ours, theirs in zip(answer["outcomes"], english["outcomes"], strict=True):
        for key in ("scheme", "status", "stage", "max_grant", "grant_share", "grant_cap"):
            assert ours[key] == theirs[key]
        assert len(ours["reasons"]) == len(theirs["reasons"])
        assert all(isinstance(reason, str) and reason for reason in ours["reasons"])
    # Norwegian number formats: a decimal comma and a space before the per cent sign.
    cofinancing = outcomes_by_scheme(answer)["cofinancing"]
    assert "12,5" in cofinancing["reasons"][0]
    assert any("6,25" in reason for reason in cofinancing["reasons"])
    assert any("50\u00a0%" in reason for reason in cofinancing["reasons"])


def test_language_defaults_to_bokmal(client):
    response = get_eligibility(client, **PLANNING_12_5)
    assert response.headers["Content-Language"] == "nb"
    assert response.get_json()["input"]["lang"] == "nb"


def test_cross_sector_defaults_to_no(client):
    params = {key: value for key, value in PLANNING_12_5.items() if key != "cross_sector"}
    answer = get_eligibility(client, **params, lang="en").get_json()
    assert answer["input"]["cross_sector"] == "no"


def test_digdir_2020_gives_category_2_on_its_basis_not_on_cross_sector(client):
    only_cross_sector = get_eligibility(
        client,
        total_cost="60 mill.",
        phase="planning",
        legal_form="state_enterprise",
        cross_sector="yes",
        ruleset="digdir-2020",
        lang="en",
    ).get_json()
    closed = outcomes_by_scheme(only_cross_sector)["cofinancing"]
    assert closed["status"] == "not_eligible"
    assert "Working across sectors is not enough on its own" in " ".join(closed["reasons"])
    response = get_eligibility(
        client,
        total_cost="60 mill.",
        phase="planning",
        legal_form="state_enterprise",
        cross_sector="yes",
        category_basis="seamless_services",
        life_event="new_in_norway",
        ruleset="digdir-2020",
        lang="en",
    )
    answer = response.get_json()
    assert answer["ruleset"]["id"] == "digdir-2020"
    assert answer["ruleset"]["valid_from"] == "2019-09-21"
    assert answer["ruleset"]["valid_to"] is None
    cofinancing = outcomes_by_scheme(answer)["cofinancing"]
    assert cofinancing["status"] == "eligible"
    assert cofinancing["category"] == 2
    assert cofinancing["grant_share"] == "0.85"
    assert cofinancing["grant_cap"] is None
    assert cofinancing["max_grant"] == 51_000_000
    assert "category 2" in cofinancing["reasons"][0]
    assert "NOK\u00a060\u00a0million" in cofinancing["reasons"][0]


@pytest.mark.parametrize(
    ("ruleset", "council", "project_model"),
    [("difi-2018", "eligible", "not_eligible"), ("digdir-2020", "not_eligible", "eligible")],
)
def test_the_council_band_depends_on_the_rule_set(client, ruleset, council, project_model):
    answer = get_eligibility(
        client, total_cost="400000000", phase="concept", legal_form="state_agency", ruleset=ruleset
    ).get_json()
    outcomes = outcomes_by_scheme(answer)
    assert outcomes["council"]["status"] == council
    assert outcomes["project_model"]["status"] == project_model


@pytest.mark.parametrize("app_settings", [{"VEIVISER_RULESET": "digdir-2020"}])
def test_the_rule_set_in_force_is_the_default(client):
    answer = get_eligibility(client, **PLANNING_12_5).get_json()
    assert answer["ruleset"]["id"] == "digdir-2020"
    assert answer["ruleset"]["notice"] is None  # the one in force is never "replaced" here


@pytest.mark.parametrize(
    "typed", ["12500000", "12 500 000", "12.500.000", "12,5 mill.", "12,5 MNOK", "kr 12 500 000,-"]
)
def test_total_cost_accepts_what_people_type(client, typed):
    response = get_eligibility(client, **{**PLANNING_12_5, "total_cost": typed})
    assert response.status_code == 200
    assert response.get_json()["input"]["total_cost"] == 12_500_000


def test_codes_are_read_without_case_or_spaces(client):
    response = get_eligibility(
        client, total_cost="12500000", phase=" Planning ", legal_form="STATE_AGENCY", lang="EN"
    )
    assert response.status_code == 200
    assert response.get_json()["input"]["phase"] == "planning"
    assert response.headers["Content-Language"] == "en"


def test_unknown_parameters_are_ignored(client):
    response = get_eligibility(client, **PLANNING_12_5, lang="en", colour="blue")
    assert response.status_code == 200
    assert "colour" not in response.get_json()["input"]


def test_a_project_in_the_idea_phase_is_told_to_come_back(client):
    answer = get_eligibility(
        client, total_cost="20 mill.", phase="idea", legal_form="state_agency", lang="en"
    ).get_json()
    outcomes = outcomes_by_scheme(answer)
    assert outcomes["cofinancing"]["status_label"] == "Not yet"
    assert outcomes["council"]["stage"] == "preparation"
    assert answer["choosable"] == ["council"]


def test_answers_are_cacheable_and_vary_by_origin(client):
    response = get_eligibility(client, **PLANNING_12_5)
    assert response.cache_control.public is True
    assert response.cache_control.max_age == 300
    assert "Origin" in response.vary
    assert "Set-Cookie" not in response.headers


def amount_message(typed: str) -> str:
    with pytest.raises(AmountError) as caught:
        parse_amount(typed)
    return caught.value.message.render()


BAD_QUERIES = [
    pytest.param({"total_cost": None}, "total_cost", "“total_cost” is missing.", id="no-cost"),
    pytest.param({"total_cost": " "}, "total_cost", "“total_cost” is missing.", id="blank-cost"),
    pytest.param({"total_cost": "a lot"}, "total_cost", amount_message("a lot"), id="cost-words"),
    pytest.param({"total_cost": "-5"}, "total_cost", amount_message("-5"), id="cost-negative"),
    pytest.param(
        {"total_cost": "4,999 mill."},
        "total_cost",
        amount_message("4,999 mill."),
        id="cost-ambiguous",
    ),
    pytest.param({"total_cost": "12,5"}, "total_cost", amount_message("12,5"), id="cost-ore"),
    pytest.param({"phase": None}, "phase", "“phase” is missing.", id="no-phase"),
    pytest.param(
        {"phase": "launch"},
        "phase",
        "“phase” must be one of: idea, concept, planning, execution, closing.",
        id="phase",
    ),
    pytest.param({"legal_form": None}, "legal_form", "“legal_form” is missing.", id="no-form"),
    pytest.param(
        {"legal_form": "ngo"},
        "legal_form",
        "“legal_form” must be one of: state_agency, state_agency_special_powers, "
        "state_enterprise, state_owned_company, municipality, other.",
        id="legal-form",
    ),
    pytest.param(
        {"cross_sector": "maybe"},
        "cross_sector",
        "“cross_sector” must be one of: yes, no.",
        id="cross-sector",
    ),
    pytest.param(
        {"estimate_kind": "p99"},
        "estimate_kind",
        "“estimate_kind” must be one of: early, p50, p85, none.",
        id="estimate-kind",
    ),
    pytest.param(
        {"category_basis": "cross_sector"},
        "category_basis",
        "“category_basis” must be one of: seamless_services, shared_solution, none.",
        id="category-basis",
    ),
    pytest.param(
        {"ruleset": "difi-2017"},
        "ruleset",
        "“ruleset” must be one of: difi-2018, digdir-10-100, digdir-2020.",
        id="ruleset",
    ),
    pytest.param(
        {"ruleset": "../difi-2018"},
        "ruleset",
        "“ruleset” must be one of: difi-2018, digdir-10-100, digdir-2020.",
        id="ruleset-path",
    ),
]


@pytest.mark.parametrize(("change", "parameter", "message"), BAD_QUERIES)
def test_a_bad_parameter_is_named_with_a_message_in_english(client, change, parameter, message):
    params = {**PLANNING_12_5, "lang": "en", **change}
    response = get_eligibility(client, **{k: v for k, v in params.items() if v is not None})
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.headers["Content-Language"] == "en"
    assert response.get_json() == {
        "error": {"status": 400, "parameter": parameter, "message": message}
    }


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize(("change", "parameter", "_message"), BAD_QUERIES)
def test_a_bad_parameter_is_named_in_norwegian_too(client, lang, change, parameter, _message):
    params = {**PLANNING_12_5, "lang": lang, **change}
    response = get_eligibility(client, **{k: v for k, v in params.items() if v is not None})
    assert response.status_code == 400
    assert response.headers["Content-Language"] == lang
    error = response.get_json()["error"]
    assert (error["status"], error["parameter"]) == (400, parameter)
    assert isinstance(error["message"], str) and error["message"].strip()


def test_amount_examples_in_error_messages_use_the_language_asked_for(client):
    english = get_eligibility(client, **{**PLANNING_12_5, "total_cost": "x", "lang": "en"})
    bokmal = get_eligibility(client, **{**PLANNING_12_5, "total_cost": "x", "lang": "nb"})
    assert "12,500,000" in english.get_json()["error"]["message"]
    assert "12\u00a0500\u00a0000" in bokmal.get_json()["error"]["message"]


def test_an_unknown_language_is_reported_in_bokmal(client):
    response = get_eligibility(client, **PLANNING_12_5, lang="de")
    assert response.status_code == 400
    assert response.headers["Content-Language"] == "nb"
    assert response.get_json()["error"]["parameter"] == "lang"
    assert "nb, nn, en" in response.get_json()["error"]["message"]


def test_language_is_checked_first_so_later_messages_are_in_it(client):
    response = get_eligibility(client, total_cost="x", phase="x", lang="xx")
    assert response.get_json()["error"]["parameter"] == "lang"


def test_a_repeated_parameter_is_refused(client):
    response = client.get(f"{URL}?total_cost=1&phase=idea&phase=planning&legal_form=other&lang=en")
    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "status": 400,
        "parameter": "phase",
        "message": "“phase” is given more than once.",
    }
    default = client.get(f"{URL}?total_cost=1&phase=idea&phase=planning&legal_form=other")
    assert default.get_json()["error"]["message"] == "«phase» er oppgitt mer enn én gang."


def test_only_get_is_offered(client):
    response = client.post(URL, query_string=PLANNING_12_5)
    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405


@pytest.mark.parametrize("app_settings", [{"VEIVISER_API_LIMITS": "2/minute"}])
def test_requests_are_limited_per_address(client):
    for _ in range(2):
        assert get_eligibility(client, **PLANNING_12_5).status_code == 200
    response = get_eligibility(client, **PLANNING_12_5)
    assert response.status_code == 429
    assert response.get_json()["error"]["status"] == 429
    assert response.headers["Retry-After"]
    other = client.get(URL, query_string=PLANNING_12_5, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200
