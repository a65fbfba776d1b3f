"""The wizard's documents step: attach, replace and remove files, one plain form each.

Uploads are the only requests allowed a large body: the app's MAX_CONTENT_LENGTH stays small,
and this view raises the limit for itself before anything reads the body. That is also why it
checks the CSRF token itself, after the limit is set. A refused file leaves the draft as it was
and brings the applicant back to the page with the reason; a body too large to parse is read
and thrown away first (when not absurdly large), so the browser sees the answer instead of a
connection reset.
"""

from __future__ import annotations

from flask import abort, current_app, redirect, request, session, url_for
from flask_babel import gettext
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from forms import flow
from forms.attachments import ATTACHMENT_KINDS, wanted_kinds
from forms.rulesets import RuleSet

from ..extensions import csrf, db, limiter
from ..models import Application
from ..services import attachments, drafts
from ..services.attachments import Limits, UploadRefused
from ..uploads import FORM_OVERHEAD, discard_body
from . import bp
from .documents_page import ERROR_KEY, NOTICE_KEY, STEP_ID, file_input_id
from .views import apply_limits, current_draft, redirect_to_step


def back_to_page(kind: str | None = None) -> Response:
    anchor = f"kind-{kind}" if kind in ATTACHMENT_KINDS else None
    return redirect(url_for("apply.step", step_id=STEP_ID, _anchor=anchor), code=303)


def refused(error: UploadRefused, kind: str, replaces: str | None) -> Response:
    session[ERROR_KEY] = {
        "kind": kind,
        "target": file_input_id(kind, replaces),
        "message": error.message(),
    }
    return back_to_page(kind)


def _documents_draft() -> tuple[Application, RuleSet] | Response:
    """The applicant's draft, when the documents step is one they may visit now."""
    draft = current_draft()
    if draft is None:
        return redirect_to_step(flow.STEPS[0])
    ruleset = drafts.ruleset_for(draft)
    path = flow.current_path(draft.answers, ruleset)
    step = flow.STEPS_BY_ID[STEP_ID]
    if not flow.can_visit(step, draft.answers, ruleset, path):
        return redirect_to_step(flow.first_incomplete(draft.answers, ruleset, path))
    return draft, ruleset


def upload_limits() -> str:
    return current_app.config["VEIVISER_UPLOAD_LIMITS"]


@bp.post("/attachments/upload")
@csrf.exempt  # checked below, once the body may be read
@limiter.limit(upload_limits)
def attachment_upload():
    limits = Limits.from_config()
    kind = request.args.get("kind", "")
    replaces_id = request.args.get("replaces") or None
    request.max_content_length = limits.max_file + FORM_OVERHEAD
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        discard_body(limits.max_total + FORM_OVERHEAD)
        return refused(UploadRefused(UploadRefused.TOO_LARGE, limits), kind, replaces_id)
    csrf.protect()
    found = _documents_draft()
    if isinstance(found, Response):
        return found
    draft, ruleset = found
    replaces = None
    if replaces_id is not None:
        replaces = attachments.find_attachment(draft, replaces_id)
        if replaces is None:
            abort(404)
        kind = replaces.kind
    chosen = flow.chosen_schemes(draft.answers, ruleset)
    if kind not in wanted_kinds(draft.answers, ruleset, chosen):
        abort(404)
    stream = upload.stream if upload is not None and upload.filename else None
    try:
        attachment = attachments.add_attachment(
            draft, kind, stream, upload.filename if stream else "", replaces=replaces
        )
    except UploadRefused as error:
        db.session.rollback()
        current_app.logger.info("attachment refused: %s", error.reason)
        return refused(error, kind, replaces_id)
    db.session.commit()
    session[NOTICE_KEY] = gettext("“%(name)s” is attached.", name=attachment.filename)
    return back_to_page(kind)


@bp.post("/attachments/<token:attachment_id>/remove")
@limiter.limit(apply_limits)
def attachment_remove(attachment_id: str):
    found = _documents_draft()
    if isinstance(found, Response):
        return found
    draft, _ruleset = found
    attachment = attachments.find_attachment(draft, attachment_id)
    if attachment is None:
        abort(404)  # another application's file is no file of this applicant's
    name, kind = attachment.filename, attachment.kind
    attachments.remove_attachment(draft, attachment)
    db.session.commit()
    session[NOTICE_KEY] = gettext("“%(name)s” is removed.", name=name)
    return back_to_page(kind)
