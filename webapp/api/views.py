"""GET /api/v1/eligibility: which schemes fit a project, as JSON (see README.md)."""

from __future__ import annotations

from flask import Response, current_app, jsonify, request

from forms.rulesets import load_ruleset

from ..extensions import limiter
from . import bp
from .eligibility import ParameterError, eligibility_answer, read_query

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
