"""GET /api/v1/eligibility: which schemes fit a project, as JSON (see README.md); and its
contract, GET /api/v1/openapi.json."""

from __future__ import annotations

from flask import Response, current_app, jsonify, request, url_for

from forms.rulesets import load_ruleset

from ..extensions import limiter
from . import bp
from .eligibility import ParameterError, eligibility_answer, read_query
from .openapi import openapi_document

DEFAULT_API_LIMITS = "120/minute"
# The answer depends only on the query (and the rule set in force, which changes on deploy).
CACHE_SECONDS = 300


def api_limits() -> str:
    return current_app.config.get("VEIVISER_API_LIMITS", DEFAULT_API_LIMITS)


@bp.get("/eligibility")
@limiter.limit(api_limits)
def eligibility() -> Response:
    try:
        query = read_query(request.args.to_dict(flat=False), current_app.config["VEIVISER_RULESET"])
    except ParameterError as error:
        response = jsonify(
            error={"status": 400, "parameter": error.parameter, "message": error.render()}
        )
        response.status_code = 400
        response.headers["Content-Language"] = error.lang
        return response
    in_force = load_ruleset(current_app.config["VEIVISER_RULESET"])
    response = jsonify(eligibility_answer(query, in_force))
    response.headers["Content-Language"] = query.lang
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response


@bp.get("/openapi.json")
def openapi() -> Response:
    server = url_for("api.eligibility").rsplit("/", 1)[0]  # under a proxy prefix too
    response = jsonify(openapi_document(server, CACHE_SECONDS))
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response
