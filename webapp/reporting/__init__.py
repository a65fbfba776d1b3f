"""Blueprint: the agency's reporting pages after the grant, reached by a secret link."""

from flask import Blueprint

bp = Blueprint("reporting", __name__, url_prefix="/<lang:lang_code>/report")

from . import views  # noqa: E402,F401  (routes register on import)
