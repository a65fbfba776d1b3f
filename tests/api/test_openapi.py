"""The OpenAPI document at /api/v1/openapi.json tells the truth about real answers."""

from __future__ import annotations

from itertools import cycle, product

import pytest
from jsonschema import Draft202012Validator

from forms.money import MAX_AMOUNT
from forms.routing import STATUS_LABELS
from forms.rulesets import CROSS_SECTOR_VALUES, LEGAL_FORMS, PHASES, SCHEMES, available_rulesets
from tests.api.contract import OPENAPI_URL, Contract
from tests.api.helpers import PLANNING_12_5, URL, get_eligibility
from webapp.api.eligibility import LANGUAGES, PARAMETERS

# Band edges of the shipped rule sets, and the ends of what the API accepts.
COSTS = [0, 1, 4_999_999, 5_000_000, 10_000_000, 12_500_000, 50_000_001, 100_000_000,
         300_000_001, 750_000_001, MAX_AMOUNT]  # fmt: skip


@pytest.fixture
def database_url(tmp_path) -> str:
    return "sqlite:///" + str(tmp_path / "api.sqlite3")  # the API stores nothing


@pytest.fixture
def app_settings() -> dict[str, str]:
    return {"VEIVISER_API_LIMITS": "10000/minute"}  # these tests ask more than a client may


@pytest.fixture
def contract(client) -> Contract:
    response = client.get(OPENAPI_URL)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return Contract(response.get_json())


def test_the_document_is_openapi_3_1_with_valid_json_schemas(contract):
    document = contract.document
    assert document["openapi"].startswith("3.1.")
    assert document["servers"] == [{"url": "/api/v1"}]
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    operation = document["paths"]["/eligibility"]["get"]
    assert [p["name"] for p in operation["parameters"]] == [
        "total_cost", "phase", "legal_form", "cross_sector", "estimate_kind", "p85_cost",
        "category_basis", "life_event", "lang", "ruleset",
    ]  # fmt: skip
    assert {p["name"] for p in operation["parameters"]} == set(PARAMETERS)
    assert {"200", "400", "429", "default"} <= set(operation["responses"])


def test_the_server_url_follows_a_proxy_prefix(client):
    response = client.get(OPENAPI_URL, environ_overrides={"SCRIPT_NAME": "/tjenester/veiviser"})
    assert response.get_json()["servers"] == [{"url": "/tjenester/veiviser/api/v1"}]


def test_every_answer_over_the_rule_sets_bands_matches_the_contract(client, contract):
    legal_forms, languages = cycle(LEGAL_FORMS), cycle(LANGUAGES)
    crossing = cycle(CROSS_SECTOR_VALUES)
    statuses = set()
    for ruleset, cost, phase in product(available_rulesets(), COSTS, PHASES):
        query = {
            "total_cost": str(cost),
            "phase": phase,
            "legal_form": next(legal_forms),
            "cross_sector": next(crossing),
            "lang": next(languages),
            "ruleset": ruleset,
        }
        response = get_eligibility(client, **query)
        assert response.status_code == 200, (query, response.get_json())
        answer = contract.check(response)
        assert answer["input"]["total_cost"] == cost
        statuses |= {(o["scheme"], o["status"]) for o in answer["outcomes"]}
    # The walk reached every scheme and every verdict, so the contract saw them all.
    assert {scheme for scheme, _ in statuses} == set(SCHEMES)
    assert {status for _, status in statuses} == set(STATUS_LABELS)


def test_answers_to_the_readme_example_match_the_contract(client, contract):
    for lang in LANGUAGES:
        answer = contract.check(get_eligibility(client, **PLANNING_12_5, lang=lang))
        assert answer["input"]["lang"] == lang


@pytest.mark.parametrize(
    "extra",
    [
        {"estimate_kind": "none", "total_cost": ""},
        {"estimate_kind": "p85"},
        {"estimate_kind": "p50", "p85_cost": "320 mill."},
        {"estimate_kind": "early", "ruleset": "difi-2018"},
        {"ruleset": "digdir-2020", "category_basis": "shared_solution", "cross_sector": "yes"},
        {
            "ruleset": "digdir-2020",
            "total_cost": "80 mill.",
            "category_basis": "seamless_services",
            "life_event": "having_a_child",
        },
    ],
)
def test_answers_with_the_optional_questions_match_the_contract(client, contract, extra):
    answer = contract.check(get_eligibility(client, **{**PLANNING_12_5, **extra}))
    for name, value in extra.items():
        if name in answer["input"] and value and not name.endswith("_cost"):
            assert answer["input"][name] == value


@pytest.mark.parametrize(
    "query, parameter",
    [
        ({"phase": "planning", "legal_form": "state_agency"}, "total_cost"),
        ({**PLANNING_12_5, "total_cost": "tolv millioner"}, "total_cost"),
        ({**PLANNING_12_5, "total_cost": "-5"}, "total_cost"),
        ({**PLANNING_12_5, "phase": "finished"}, "phase"),
        ({**PLANNING_12_5, "legal_form": ""}, "legal_form"),
        ({**PLANNING_12_5, "cross_sector": "maybe"}, "cross_sector"),
        ({**PLANNING_12_5, "lang": "sv"}, "lang"),
        ({**PLANNING_12_5, "ruleset": "difi-1999"}, "ruleset"),
        ({**PLANNING_12_5, "estimate_kind": "p99"}, "estimate_kind"),
        ({**PLANNING_12_5, "estimate_kind": "p50", "p85_cost": "mye"}, "p85_cost"),
        ({**PLANNING_12_5, "category_basis": "partners"}, "category_basis"),
        ({**PLANNING_12_5, "life_event": "moving_house"}, "life_event"),
    ],
)
def test_parameter_errors_match_the_contract(client, contract, query, parameter):
    response = get_eligibility(client, **query)
    assert response.status_code == 400
    assert contract.check(response)["error"]["parameter"] == parameter


def test_a_repeated_parameter_matches_the_contract(client, contract):
    response = client.get(f"{URL}?total_cost=1&total_cost=2&phase=idea&legal_form=other")
    assert response.status_code == 400
    assert contract.check(response)["error"]["parameter"] == "total_cost"


def test_a_wrong_method_matches_the_contract(client, contract):
    response = client.post(URL, query_string=PLANNING_12_5)
    assert response.status_code == 405
    contract.check(response)


@pytest.mark.parametrize("app_settings", [{"VEIVISER_API_LIMITS": "1/minute"}])
def test_the_rate_limit_answer_matches_the_contract(client, contract):
    assert get_eligibility(client, **PLANNING_12_5).status_code == 200
    response = get_eligibility(client, **PLANNING_12_5)
    assert response.status_code == 429
    assert contract.check(response)["error"]["status"] == 429


def test_the_contract_refuses_an_answer_it_does_not_describe(client, contract):
    answer = get_eligibility(client, **PLANNING_12_5).get_json()
    answer["outcomes"][0]["estimate"] = "p85"  # a field the document does not know
    assert not contract.validator(200).is_valid(answer)
    del answer["outcomes"][0]["estimate"]
    answer["outcomes"][1]["status"] = "perhaps"
    assert not contract.validator(200).is_valid(answer)
