"""Blueprint: the advisors' workspace (login, queue, review, letter, downloads).

Every page needs a logged-in advisor except the login page: `sessions.require_advisor` guards
the whole blueprint, so a new view is protected without doing anything.
"""

from flask import Blueprint
from flask_login import current_user

bp = Blueprint("advisor", __name__, url_prefix="/<lang:lang_code>/advisor")


@bp.context_processor
def advisor_context() -> dict:
    return {"current_user": current_user}


from . import (  # noqa: E402,F401  (registers the guard and the routes)
    account,
    call_views,
    decision_views,
    figures_views,
    portfolio_views,
    reporting_views,
    sessions,
    views,
)
