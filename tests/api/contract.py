"""Validate API answers against the published OpenAPI document with jsonschema."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from werkzeug.test import TestResponse

OPENAPI_URL = "/api/v1/openapi.json"
DOCUMENT_URI = "urn:veiviser:openapi"
UPDATE_HINT = (
    "the eligibility API's answer does not match its contract: if the API changed on purpose, "
    "describe the change in webapp/api/openapi.py (and README.md)"
)


class Contract:
    """The OpenAPI document as served, and a validator per response it declares."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry = Registry().with_resource(DOCUMENT_URI, resource)
        self._operation = document["paths"]["/eligibility"]["get"]
        self._validators: dict[int, Draft202012Validator] = {}

    def response_for(self, status: int) -> dict[str, Any]:
        responses = self._operation["responses"]
        return responses.get(str(status), responses["default"])

    def validator(self, status: int) -> Draft202012Validator:
        if status not in self._validators:
            content = self.response_for(status)["content"]["application/json"]
            self._validators[status] = Draft202012Validator(
                {"$ref": DOCUMENT_URI + content["schema"]["$ref"]},
                registry=self._registry,
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
        return self._validators[status]

    def check(self, response: TestResponse) -> dict[str, Any]:
        """Assert that `response` is one the contract declares; return its JSON."""
        assert response.mimetype == "application/json", (response.status_code, response.mimetype)
        body = response.get_json()
        errors = sorted(
            self.validator(response.status_code).iter_errors(body), key=lambda e: e.json_path
        )
        assert not errors, f"{UPDATE_HINT}:\n" + "\n".join(
            f"  {error.json_path}: {error.message}" for error in errors
        )
        for name, header in self.response_for(response.status_code).get("headers", {}).items():
            assert name in response.headers, f"{UPDATE_HINT}: header {name} missing"
            Draft202012Validator(header["schema"]).validate(response.headers[name])
        return body
