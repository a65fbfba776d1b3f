"""Property-based fuzzing of the eligibility API from its own OpenAPI document (schemathesis).

Schemathesis reads /api/v1/openapi.json from the app, generates queries that fit the contract
and queries that break it, sends them through the WSGI app and checks every answer: no server
error, a declared status, content type, headers and a body that matches the schema.
Examples are derandomised and bounded, so a run is repeatable and short.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.api.contract import OPENAPI_URL

EXAMPLES_PER_MODE = 100
# Any string is a valid `total_cost` for the schema, while the API accepts amounts only: a
# well-formed query may rightly get a 400. Every other check runs.
EXCLUDED_CHECKS = [schemathesis.checks.positive_data_acceptance]


@pytest.fixture
def database_url(tmp_path) -> str:
    return "sqlite:///" + str(tmp_path / "api.sqlite3")  # the API stores nothing


@pytest.fixture
def app_settings() -> dict[str, str]:
    return {"VEIVISER_API_LIMITS": "100000/minute"}  # fuzz the answers, not the limiter


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_queries_get_answers_the_contract_declares(app, mode):
    schema = schemathesis.openapi.from_wsgi(OPENAPI_URL, app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert [operation.label for operation in operations] == ["GET /eligibility"]
    statuses: set[int] = set()

    @given(case=operations[0].as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_MODE,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case) -> None:
        response = case.call_and_validate(excluded_checks=EXCLUDED_CHECKS)
        statuses.add(response.status_code)

    check()
    assert all(status < 500 for status in statuses), statuses
    # Both kinds of answer were met: real verdicts, and errors that name a parameter.
    expected = {200, 400} if mode is GenerationMode.POSITIVE else {400}
    assert expected <= statuses, statuses
