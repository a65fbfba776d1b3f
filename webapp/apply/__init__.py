"""Blueprint: the applicant's wizard."""

from flask import Blueprint, Response

bp = Blueprint("apply", __name__, url_prefix="/<lang:lang_code>/apply")


@bp.after_request
def never_store(response: Response) -> Response:
    # Every page here shows or takes an applicant's answers, a resume code or a document:
    # nothing of it may stay in a browser's or a proxy's cache (a shared intranet PC).
    response.headers["Cache-Control"] = "no-store"
    return response


from . import attachments, receipt_views, views  # noqa: E402,F401  (registers the routes)
