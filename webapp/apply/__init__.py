"""Blueprint: the applicant's wizard."""

from flask import Blueprint, Response
from flask.blueprints import BlueprintSetupState

bp = Blueprint("apply", __name__, url_prefix="/<lang:lang_code>/apply")
NEXT_STEPS_FOLDER = "apply/next_steps/"


@bp.record_once
def know_the_next_steps(state: BlueprintSetupState) -> None:
    """The outcomes that have a "what happens next" text (apply/_outcome.html includes them),
    listed once: including a missing one would search the template folders on every page."""
    environment = state.app.jinja_env
    environment.globals["next_steps_templates"] = frozenset(
        environment.list_templates(filter_func=lambda name: name.startswith(NEXT_STEPS_FOLDER))
    )


@bp.after_request
def never_store(response: Response) -> Response:
    # Every page here shows or takes an applicant's answers, a resume code or a document:
    # nothing of it may stay in a browser's or a proxy's cache (a shared intranet PC).
    response.headers["Cache-Control"] = "no-store"
    return response


from . import attachments, receipt_views, views  # noqa: E402,F401  (registers the routes)
