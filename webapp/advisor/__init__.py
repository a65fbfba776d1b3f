"""Blueprint: the advisors' workspace (login, queue, review, letter, downloads).

Every page needs a logged-in advisor except the login page: `sessions.require_advisor` guards
the whole blueprint, so a new view is protected without doing anything.
"""

from flask import Blueprint

bp = Blueprint("advisor", __name__, url_prefix="/<lang:lang_code>/advisor")

from . import sessions, views  # noqa: E402,F401  (registers the guard and the routes)
