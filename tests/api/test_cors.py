"""Cross-origin reads: only the allow-listed intranet origins, matched exactly."""

from __future__ import annotations

import pytest

from tests.api.helpers import PLANNING_12_5, URL, get_eligibility

INTRANET = "https://intranett.example.no"
LOCAL = "http://localhost:8080"


@pytest.fixture
def app_settings():
    return {"VEIVISER_FRAME_ANCESTORS": [INTRANET, LOCAL]}


@pytest.mark.parametrize("origin", [INTRANET, LOCAL])
def test_an_allowed_origin_is_echoed(client, origin):
    response = get_eligibility(client, **PLANNING_12_5, headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "Origin" in response.vary
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "http://intranett.example.no",  # another scheme
        "https://intranett.example.no:8443",  # another port
        "https://intranett.example.no.evil.example",
        "https://sub.intranett.example.no",
        "null",
    ],
)
def test_other_origins_get_no_cors_headers(client, origin):
    response = get_eligibility(client, **PLANNING_12_5, headers={"Origin": origin})
    assert response.status_code == 200
    assert not [name for name, _ in response.headers if name.startswith("Access-Control-")]
    assert "Origin" in response.vary


def test_no_origin_no_cors_headers(client):
    response = get_eligibility(client, **PLANNING_12_5)
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Origin" in response.vary


def test_errors_are_readable_by_an_allowed_origin(client):
    response = get_eligibility(client, phase="idea", headers={"Origin": INTRANET})
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == INTRANET


def test_preflight_allows_get_only_for_allowed_origins(client):
    request_headers = {"Access-Control-Request-Method": "GET"}
    allowed = client.options(URL, headers={"Origin": INTRANET, **request_headers})
    assert allowed.headers["Access-Control-Allow-Origin"] == INTRANET
    assert allowed.headers["Access-Control-Allow-Methods"] == "GET"
    assert "Access-Control-Allow-Credentials" not in allowed.headers
    refused = client.options(URL, headers={"Origin": "https://evil.example", **request_headers})
    assert "Access-Control-Allow-Origin" not in refused.headers


@pytest.mark.parametrize("app_settings", [{}])
def test_without_an_allow_list_no_origin_may_read(client):
    response = get_eligibility(client, **PLANNING_12_5, headers={"Origin": INTRANET})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_pages_outside_the_api_get_no_cors_headers(client):
    response = client.get("/healthz", headers={"Origin": INTRANET})
    assert "Access-Control-Allow-Origin" not in response.headers
