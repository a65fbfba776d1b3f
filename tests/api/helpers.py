"""Queries for the eligibility API and the rules command."""

from __future__ import annotations

from typing import Any

from werkzeug.test import TestResponse

URL = "/api/v1/eligibility"

PLANNING_12_5 = {
    "total_cost": "12500000",
    "phase": "planning",
    "legal_form": "state_agency",
    "cross_sector": "no",
}


def get_eligibility(client, **params: Any) -> TestResponse:
    headers = params.pop("headers", None)
    return client.get(URL, query_string=params, headers=headers)


def outcomes_by_scheme(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {outcome["scheme"]: outcome for outcome in answer["outcomes"]}
