"""Blueprint: the applicant's wizard."""

from flask import Blueprint

bp = Blueprint("apply", __name__, url_prefix="/<lang:lang_code>/apply")

from . import attachments, views  # noqa: E402,F401  (registers the routes)
