"""Blueprint: the JSON eligibility API for intranets."""

from flask import Blueprint

from ..extensions import csrf
from .cors import add_cors_headers

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Read-only, and neither reads nor sets cookies: there is no session for a forged request to use.
csrf.exempt(bp)
bp.after_request(add_cors_headers)

from . import views  # noqa: E402,F401  (registers the routes)
