"""The eligibility API's contract as OpenAPI 3.1, built from the same codes the API checks.

Enumerations (phases, legal forms, schemes, statuses, stages, rule sets, languages) are read
from the modules that define them, so adding a code changes the contract too. The shape of
the answer is written out here; tests/api/test_openapi.py validates real answers against it
and fails when the answer grows a field this document does not describe.
"""

from __future__ import annotations

from typing import Any

from forms.money import MAX_AMOUNT
from forms.routing import STATUS_LABELS
from forms.rulesets import (
    CATEGORY_BASES,
    CHOOSABLE_SCHEMES,
    COUNCIL_STEPS,
    CROSS_SECTOR_VALUES,
    ESTIMATE_KINDS,
    LEGAL_FORMS,
    OTHER_LIFE_EVENT,
    PHASES,
    SCHEMES,
    available_rulesets,
    load_ruleset,
)

from .eligibility import DEFAULT_LANGUAGE, LANGUAGES, PARAMETERS

OPENAPI_VERSION = "3.1.0"
CONTRACT_VERSION = "1.0.0"
JSON = "application/json"


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _code(values: tuple[str, ...] | list[str], description: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values), "description": description}


def life_events() -> list[str]:
    """Every rule set's priority life events, and "other"."""
    codes = {
        event.code
        for ruleset_id in available_rulesets()
        for event in load_ruleset(ruleset_id).cofinancing.life_events
    }
    return [*sorted(codes), OTHER_LIFE_EVENT]


def schemas() -> dict[str, Any]:
    amount = {"type": "integer", "minimum": 0, "maximum": MAX_AMOUNT}
    date = {"type": "string", "format": "date"}
    rulesets = list(available_rulesets())
    return {
        "RuleSet": _object(
            {
                "id": _code(rulesets, "The rule set the answer was decided by."),
                "title": {"type": "string", "description": "In the language asked for."},
                "source": {"type": "string", "description": "The public pages it rests on."},
                "valid_from": {**_nullable(date), "description": "null when not established."},
                "valid_to": {**_nullable(date), "description": "null while it has no end."},
                "validity": {"type": "string", "description": "The dates as a sentence."},
                "expired": {"type": "boolean"},
                "superseded_by": {
                    **_nullable(_code(rulesets, "The rule set that replaced it.")),
                    "description": "The rule set that replaced it, if one has.",
                },
                "notice": {
                    **_nullable({"type": "string"}),
                    "description": "Why it no longer applies, naming the one in force.",
                },
            }
        ),
        "Input": _object(
            {
                "total_cost": {
                    **_nullable(amount),
                    "description": "The total cost as read, in NOK; null with no estimate.",
                },
                "phase": _code(PHASES, "The project's phase."),
                "legal_form": _code(LEGAL_FORMS, "The applicant's legal form."),
                "cross_sector": _code(CROSS_SECTOR_VALUES, "Whether it crosses sectors."),
                "estimate_kind": _nullable(_code(ESTIMATE_KINDS, "What kind of estimate.")),
                "p85_cost": {
                    **_nullable(amount),
                    "description": "The cost frame (P85), read only beside a P50 estimate.",
                },
                "category_basis": _nullable(_code(CATEGORY_BASES, "Basis for category 2.")),
                "life_event": {
                    **_nullable(_code(life_events(), "A priority life event.")),
                    "description": "Read only beside category_basis=seamless_services.",
                },
                "lang": _code(LANGUAGES, "The language of labels and reasons."),
            },
            "The parameters as the API read them.",
        ),
        "Outcome": _object(
            {
                "scheme": _code(SCHEMES, "The scheme or referral."),
                "scheme_label": {"type": "string"},
                "status": _code(tuple(STATUS_LABELS), "What the scheme says of the project."),
                "status_label": {"type": "string"},
                "reasons": {
                    "type": "array",
                    "items": {"type": "string", "minLength": 1},
                    "description": "Sentences with the numbers that decided.",
                },
                "stage": {
                    **_nullable(_code(COUNCIL_STEPS, "A step of a council case.")),
                    "description": "A step of a council case, when the answer names one.",
                },
                "stage_label": _nullable({"type": "string"}),
                "max_grant": {
                    **_nullable(amount),
                    "description": "The largest grant in whole NOK, when there is a grant.",
                },
                "grant_share": {
                    **_nullable({"type": "string", "pattern": r"^(0|1)(\.[0-9]+)?$"}),
                    "description": "The largest share of the cost, as an exact decimal.",
                },
                "grant_cap": {
                    **_nullable(amount),
                    "description": "A fixed cap in NOK; null when there is none.",
                },
                "category": {
                    **_nullable({"type": "integer", "minimum": 1}),
                    "description": "The co-financing category, in rule sets that have them.",
                },
            },
            "One scheme's verdict.",
        ),
        "EligibilityAnswer": _object(
            {
                "ruleset": {"$ref": "#/components/schemas/RuleSet"},
                "input": {"$ref": "#/components/schemas/Input"},
                "outcomes": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Outcome"},
                    "minItems": len(SCHEMES),
                    "maxItems": len(SCHEMES),
                    "description": f"One per scheme, always in the order {', '.join(SCHEMES)}.",
                },
                "choosable": {
                    "type": "array",
                    "items": _code(CHOOSABLE_SCHEMES, "A scheme the applicant can apply to now."),
                    "uniqueItems": True,
                },
            }
        ),
        "ParameterError": _object(
            {
                "error": _object(
                    {
                        "status": {"const": 400},
                        "parameter": _code(PARAMETERS, "The first parameter that is wrong."),
                        "message": {"type": "string", "minLength": 1},
                    }
                )
            }
        ),
        "Error": _object(
            {
                "error": _object(
                    {
                        "status": {"type": "integer", "minimum": 400, "maximum": 599},
                        "message": {"type": "string"},
                    }
                )
            }
        ),
    }


def _optional_code(codes: list[str], **extra: Any) -> dict[str, Any]:
    """A code that may be left out; a blank value (as an HTML form sends) counts as left out."""
    return {"type": "string", "anyOf": [{"enum": codes}, {"pattern": BLANK}], **extra}


BLANK = r"^[ \t\r\n]*$"


def _query_parameters() -> list[dict[str, Any]]:
    read = "Read without case or surrounding spaces; blank counts as left out."
    return [
        {
            "name": "total_cost",
            "in": "query",
            "description": "Total cost in NOK including internal salaries, written as the form "
            "accepts it: 12500000, 12 500 000, 12.500.000, 12,5 mill., 12,5 MNOK. Required "
            "unless estimate_kind=none.",
            "schema": {"type": "string"},
            "examples": {"plain": {"value": "12500000"}, "millions": {"value": "12,5 mill."}},
        },
        {
            "name": "phase",
            "in": "query",
            "required": True,
            "description": read,
            "schema": {"type": "string", "enum": list(PHASES)},
        },
        {
            "name": "legal_form",
            "in": "query",
            "required": True,
            "description": read,
            "schema": {"type": "string", "enum": list(LEGAL_FORMS)},
        },
        {
            "name": "cross_sector",
            "in": "query",
            "description": read,
            "schema": _optional_code(list(CROSS_SECTOR_VALUES), default="no"),
        },
        {
            "name": "estimate_kind",
            "in": "query",
            "description": "What kind of estimate total_cost is; none: no estimate yet. " + read,
            "schema": _optional_code(list(ESTIMATE_KINDS)),
        },
        {
            "name": "p85_cost",
            "in": "query",
            "description": "The cost frame (P85) in NOK, read only with estimate_kind=p50.",
            "schema": {"type": "string"},
        },
        {
            "name": "category_basis",
            "in": "query",
            "description": "The basis for co-financing category 2. " + read,
            "schema": _optional_code(list(CATEGORY_BASES)),
        },
        {
            "name": "life_event",
            "in": "query",
            "description": "The priority life event of a measure for seamless services, read "
            "only with category_basis=seamless_services; the codes depend on the rule set. " + read,
            "schema": _optional_code(life_events()),
        },
        {
            "name": "lang",
            "in": "query",
            "description": "The language of labels, reasons and error messages. " + read,
            "schema": _optional_code(list(LANGUAGES), default=DEFAULT_LANGUAGE),
        },
        {
            "name": "ruleset",
            "in": "query",
            "description": "Default: the rule set in force. " + read,
            "schema": _optional_code(list(available_rulesets())),
        },
    ]


def _json(schema: str, description: str, headers: dict[str, Any] | None = None) -> dict:
    response: dict[str, Any] = {
        "description": description,
        "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }
    if headers:
        response["headers"] = headers
    return response


def openapi_document(server_url: str, cache_seconds: int) -> dict[str, Any]:
    """The contract; `server_url` is where /eligibility lives (the API's own prefix), and
    answers may be cached for `cache_seconds`."""
    content_language = {
        "description": "The language of the answer.",
        "schema": {"type": "string", "enum": list(LANGUAGES)},
    }
    eligibility = {
        "get": {
            "operationId": "checkEligibility",
            "summary": "Which schemes fit a project, and why",
            "description": "Reads no cookies and stores nothing. Parameters are checked in "
            f"the order {', '.join(PARAMETERS)}; the first problem is reported. Other "
            "parameters are ignored; a parameter given twice is an error.",
            "parameters": _query_parameters(),
            "responses": {
                "200": _json(
                    "EligibilityAnswer",
                    "The verdict of every scheme.",
                    {
                        "Content-Language": content_language,
                        "Cache-Control": {
                            "schema": {"type": "string", "pattern": f"max-age={cache_seconds}"}
                        },
                    },
                ),
                "400": _json(
                    "ParameterError",
                    "A parameter is missing, repeated or wrong; the message is in `lang` "
                    f"(in {DEFAULT_LANGUAGE} when `lang` itself is wrong).",
                    {"Content-Language": content_language},
                ),
                "429": _json(
                    "Error",
                    "Too many requests from this client address.",
                    {"Retry-After": {"schema": {"type": "string", "pattern": "^[0-9]+$"}}},
                ),
                "default": _json("Error", "Any other error (405, 500)."),
            },
        }
    }
    return {
        "openapi": OPENAPI_VERSION,
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "Veiviser eligibility API",
            "version": CONTRACT_VERSION,
            "description": "Answers the wizard's first question for an intranet page or another "
            "system: which support schemes fit this project?",
        },
        "servers": [{"url": server_url}],
        "paths": {"/eligibility": eligibility},
        "components": {"schemas": schemas()},
    }
