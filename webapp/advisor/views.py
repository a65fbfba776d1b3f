"""The advisors' pages: thin views over the queue, workflow, audit and account services."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, to_user_timezone
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from forms.ministries import MINISTRIES
from forms.routing import SCHEME_LABELS

from ..extensions import db, limiter
from ..i18n import format_date as format_long_date
from ..jobs import labels as job_labels
from ..jobs import outbox
from ..logs import account_key, security_event
from ..models import Advisor, Application, ApplicationStatus
from ..services import (
    advisors,
    appendices,
    archive,
    assessment,
    attachments,
    audit,
    documents,
    login_limits,
    tracks,
    workflow,
)
from ..services.queue import (
    QUEUE_SCHEMES,
    QUEUE_STATUSES,
    QueueQuery,
    find_application,
    list_queue,
)
from ..services.recommendations import generated_recommendations
from . import bp, review
from .forms import LetterForm, LoginForm, MeetingForm, StatusForm, TrackStepForm
from .labels import (
    TRACK_MOVE_LABELS,
    TRACK_REFUSALS,
    TRANSITION_LABELS,
    language_label,
    status_label,
    track_step_label,
)
from .sessions import (
    end_session,
    safe_next,
    second_factor_required,
    start_pending_login,
    start_session,
)


def scheme_label(scheme: str) -> str:
    return gettext(SCHEME_LABELS[scheme]) if scheme in SCHEME_LABELS else scheme


def ministry_label(code: str) -> str:
    return gettext(MINISTRIES[code]) if code in MINISTRIES else code


@bp.context_processor
def advisor_context() -> dict[str, Any]:
    return {
        "status_label": status_label,
        "scheme_label": scheme_label,
        "ministry_label": ministry_label,
        "language_label": language_label,
        "track_step_label": track_step_label,
        "attachment_kind_label": attachments.kind_label,
        # Times are stored in UTC; pages show them in Norwegian time (BABEL_DEFAULT_TIMEZONE).
        "local_time": lambda moment: to_user_timezone(moment) if moment else None,
    }


def _advisor() -> Advisor:
    return current_user._get_current_object()


def _typed_email() -> str:
    return request.form.get("email", "")


def _account_key() -> str:
    return "account:" + login_limits.account_key(_typed_email())


def _account_and_address_key() -> str:
    return f"account-address:{login_limits.account_key(_typed_email())}:{get_remote_address()}"


def _tell_the_advisor(scope: str):
    def on_breach(limit: Any) -> None:
        if login_limits.limit_reached(_typed_email(), scope, get_remote_address()):
            db.session.commit()

    return on_breach


def _configured(key: str):
    return lambda: current_app.config[key]


def _after_login(next_url: str | None) -> str:
    # `next` is a path inside the app; behind a proxy prefix the browser needs the prefix too.
    return request.script_root + next_url if next_url else url_for("advisor.queue")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _configured("VEIVISER_LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS"),
    key_func=_account_and_address_key,
    methods=["POST"],
    on_breach=_tell_the_advisor(login_limits.ACCOUNT_AND_ADDRESS),
)
@limiter.limit(
    _configured("VEIVISER_LOGIN_LIMITS_PER_ACCOUNT"),
    key_func=_account_key,
    methods=["POST"],
    on_breach=_tell_the_advisor(login_limits.ACCOUNT),
)
@limiter.limit(
    _configured("VEIVISER_LOGIN_LIMITS_PER_ADDRESS"), key_func=get_remote_address, methods=["POST"]
)
def login():
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(_after_login(next_url), code=303)
    form = LoginForm()
    if form.validate_on_submit():
        advisor = advisors.authenticate(form.email.data, form.password.data)
        db.session.commit()  # the time of the login, when it succeeded
        if advisor is not None and second_factor_required(advisor):
            start_pending_login(advisor, next_url)
            return redirect(url_for("advisor.second_factor"), code=303)
        if advisor is not None:
            start_session(advisor)
            return redirect(_after_login(next_url), code=303)
        security_event("login_failed", account=account_key(form.email.data or ""))
        # One message for every failure: the page must not tell which accounts exist.
        form.form_errors.append(_("E-mail or password is wrong"))
    return render_template("advisor/login.html", form=form, next_url=next_url)


@bp.post("/logout")
def logout():
    end_session(_advisor())
    db.session.commit()
    flash(_("You are logged out."), "success")
    return redirect(url_for("advisor.login"), code=303)


@bp.get("/")
def queue():
    query = QueueQuery.from_args(request.args)
    # Every ministry, not only those in the queue: no extra query, and a stable filter.
    ministries = sorted(MINISTRIES, key=lambda code: ministry_label(code).casefold())
    return render_template(
        "advisor/queue.html",
        query=query,
        page=list_queue(query),
        ministries=ministries,
        statuses=QUEUE_STATUSES,
        schemes=QUEUE_SCHEMES,
    )


def _application_or_404(reference: str) -> Application:
    application = find_application(reference)
    if application is None:
        abort(404)
    return application


@bp.get("/applications/<reference:reference>")
def application(reference: str):
    application = _application_or_404(reference)
    audit.record_view(application, _advisor())
    db.session.commit()
    return _application_page(application, MeetingForm(data=_meeting_data(application)))


def _meeting_data(application: Application) -> dict[str, Any]:
    track = application.track(tracks.COUNCIL)
    return {"meeting_on": track.meeting_on if track else None}


def _council_track(application: Application) -> dict[str, Any] | None:
    """The council case's step, the steps in order and the moves open from it."""
    track = application.track(tracks.COUNCIL)
    if track is None:
        return None
    return {
        "track": track,
        "steps": tracks.STEPS[tracks.COUNCIL],
        "moves": [
            (target, TRACK_MOVE_LABELS[(track.step, target)])
            for target in tracks.moves(track)
            if (track.step, target) in TRACK_MOVE_LABELS
        ],
        "meeting_open": track.step != tracks.FOLLOW_UP,
    }


def _application_page(application: Application, meeting_form: MeetingForm, status: int = 200):
    ruleset = review.application_ruleset(application)
    transitions = [
        (target, TRANSITION_LABELS[(application.status, target)])
        for target in workflow.allowed_transitions(application.status, application.scheme_list)
    ]
    return render_template(
        "advisor/application.html",
        application=application,
        ruleset=ruleset,
        outcomes=review.routing_outcomes(application, ruleset),
        figures=review.figures(application, ruleset),
        readiness=review.readiness_profile(application.answers),
        sections=review.answer_sections(application, ruleset),
        recommendations=generated_recommendations(application, review.locale_name()),
        letter_saved=bool(application.assessment),
        history=[review.describe_event(event) for event in audit.history(application)],
        jobs=[job_labels.describe(job) for job in outbox.for_application(application.id)],
        archive_copies=[
            (key, archive.ARCHIVED[key].name, copy)
            for key, copy in archive.latest_copies(application).items()
            if key in archive.ARCHIVED
        ],
        transitions=transitions,
        status_form=StatusForm(),
        appendices_offered=appendices.has_appendices(application),
        appendix_kinds=appendices.APPENDIX_KINDS,
        council=_council_track(application),
        meeting_form=meeting_form,
        track_form=TrackStepForm(),
    ), status


def _refused_message(refused: workflow.TransitionRefused, saved: bool = False) -> str:
    if refused.reason == workflow.LETTER_BEFORE_REVIEW:
        message = _(
            "The advice letter is written at project review: move the council case to project "
            "review before you mark the letter as ready."
        )
        return _("The letter is saved. %(reason)s", reason=message) if saved else message
    if saved:
        return _(
            "The letter is saved, but the status cannot change from “%(current)s”.",
            current=status_label(refused.current),
        )
    return _(
        "The status cannot change from “%(current)s” to “%(target)s”.",
        current=status_label(refused.current),
        target=status_label(refused.target),
    )


def _track_refusal(application: Application, reason: str) -> str:
    arrived = tracks.received_on(application)
    return str(TRACK_REFUSALS[reason]) % {"date": format_long_date(arrived) if arrived else ""}


@bp.post("/applications/<reference:reference>/council/step")
def council_step(reference: str):
    application = _application_or_404(reference)
    form = TrackStepForm()
    if not form.validate_on_submit():
        flash(_("Choose the step the council case should move to."), "error")
    else:
        try:
            track = tracks.move(application, tracks.COUNCIL, form.step.data, _advisor())
        except tracks.TrackRefused as refused:
            flash(_track_refusal(application, refused.reason), "error")
        else:
            db.session.commit()
            flash(
                _("The council case is now at “%(step)s”.", step=track_step_label(track.step)),
                "success",
            )
    return redirect(url_for("advisor.application", reference=reference) + "#council-heading", 303)


@bp.post("/applications/<reference:reference>/council/meeting")
def council_meeting(reference: str):
    application = _application_or_404(reference)
    form = MeetingForm()
    if form.validate_on_submit():
        try:
            changed = tracks.agree_meeting(application, form.meeting_on.data, _advisor())
        except tracks.TrackRefused as refused:
            form.meeting_on.errors = [_track_refusal(application, refused.reason)]
        else:
            db.session.commit()
            flash(
                _("The meeting is set for %(date)s.", date=format_long_date(form.meeting_on.data))
                if changed
                else _("Nothing had changed."),
                "success",
            )
            return redirect(
                url_for("advisor.application", reference=reference) + "#council-heading", 303
            )
    # What was typed stays in the field, with the message beside it and in the summary.
    return _application_page(application, form)


@bp.post("/applications/<reference:reference>/status")
def change_status(reference: str):
    application = _application_or_404(reference)
    form = StatusForm()
    if not form.validate_on_submit():
        flash(_("Choose the status the application should have."), "error")
    else:
        try:
            workflow.change_status(application, form.status.data, _advisor())
        except workflow.TransitionRefused as refused:
            flash(_refused_message(refused), "error")
        else:
            db.session.commit()
            flash(
                _("The status is now “%(status)s”.", status=status_label(application.status)),
                "success",
            )
    return redirect(url_for("advisor.application", reference=reference), code=303)


def _council_case_or_404(reference: str) -> Application:
    """An application sent to the council: only those get an advice letter."""
    application = _application_or_404(reference)
    if "council" not in application.scheme_list:
        abort(404)
    return application


@bp.route("/applications/<reference:reference>/letter", methods=["GET", "POST"])
def letter(reference: str):
    application = _council_case_or_404(reference)
    if assessment.is_locked(application):
        if request.method == "POST":
            flash(_("The case is closed. Reopen it to change the letter."), "error")
            return redirect(url_for("advisor.letter", reference=reference), code=303)
        return render_template("advisor/letter.html", application=application, form=None)
    if request.method == "POST":
        form = LetterForm()
    else:
        form = LetterForm(data=assessment.letter_form_data(application, _advisor()))
    if application.submitted_at is not None:
        form.received_on = to_user_timezone(application.submitted_at).date()
    if form.validate_on_submit():
        try:
            changed = assessment.save_assessment(
                application, form.letter_data(), _advisor(), mark_ready=form.mark_ready.data
            )
        except workflow.TransitionRefused as refused:
            flash(_refused_message(refused, saved=True), "error")
        else:
            flash(_("The letter is saved.") if changed else _("Nothing had changed."), "success")
        db.session.commit()  # the letter, and the status when it could change
        return redirect(url_for("advisor.letter_preview", reference=reference), code=303)
    form.set_letter_language(documents.letter_language(application))
    return render_template(
        "advisor/letter.html",
        application=application,
        form=form,
        findings=assessment.findings(application, review.locale_name()),
        can_mark_ready=application.status == ApplicationStatus.IN_REVIEW
        and tracks.letter_can_be_ready(application),
        in_preparation=not tracks.letter_can_be_ready(application),
    )


@bp.get("/applications/<reference:reference>/letter/preview")
def letter_preview(reference: str):
    application = _council_case_or_404(reference)
    return render_template(
        "advisor/letter_preview.html",
        application=application,
        document=documents.advice_letter_preview_html(application),
        document_language=documents.letter_language(application),
        letter_saved=bool(application.assessment),
    )


@bp.get("/applications/<reference:reference>/letter.docx")
def letter_download(reference: str):
    application = _council_case_or_404(reference)
    document = assessment.download_letter(application, _advisor())
    db.session.commit()
    return documents.send_document(document)


def _scheme_or_404(application: Application, scheme: str) -> str:
    if scheme not in application.scheme_list:
        abort(404)
    return scheme


@bp.get("/applications/<reference:reference>/application-<scheme:scheme>/preview")
def application_preview(reference: str, scheme: str):
    application = _application_or_404(reference)
    scheme = _scheme_or_404(application, scheme)
    return render_template(
        "advisor/application_preview.html",
        application=application,
        scheme=scheme,
        document=documents.application_preview_html(application, scheme),
        document_language=documents.document_language(application),
    )


@bp.get("/applications/<reference:reference>/application-<scheme:scheme>.docx")
def application_download(reference: str, scheme: str):
    application = _application_or_404(reference)
    scheme = _scheme_or_404(application, scheme)
    document = assessment.download_application(application, scheme, _advisor())
    db.session.commit()
    return documents.send_document(document)


@bp.get("/applications/<reference:reference>/attachments/<token:attachment_id>")
def attachment_download(reference: str, attachment_id: str):
    application = _application_or_404(reference)
    attachment = attachments.find_attachment(application, attachment_id)
    if attachment is None:
        abort(404)
    audit.record_download(
        application,
        audit.DOWNLOADED_ATTACHMENT,
        _advisor(),
        {"kind": attachment.kind, "filename": attachment.filename, "sha256": attachment.sha256},
        attachment.sha256,
    )
    db.session.commit()
    return attachments.attachment_response(attachment)


def _with_appendices_or_404(reference: str) -> Application:
    application = _application_or_404(reference)
    if not appendices.has_appendices(application):
        abort(404)
    return application


@bp.get("/applications/<reference:reference>/appendix-<appendix:number>/preview")
def appendix_preview(reference: str, number: str):
    application = _with_appendices_or_404(reference)
    return render_template(
        "advisor/appendix_preview.html", **appendices.preview_page_context(application, number)
    )


@bp.get("/applications/<reference:reference>/appendix-<appendix:number>.docx")
def appendix_download(reference: str, number: str):
    application = _with_appendices_or_404(reference)
    document = appendices.appendix_document(application, number)
    appendices.record_download(application, document, _advisor())
    db.session.commit()
    return documents.send_document(document)


@bp.get("/applications/<reference:reference>/appendix-2.xlsx")
def appendix_spreadsheet(reference: str):
    application = _with_appendices_or_404(reference)
    document = appendices.npv_spreadsheet(application)
    appendices.record_download(application, document, _advisor())
    db.session.commit()
    return documents.send_document(document)


@bp.get("/applications/<reference:reference>/archive/<archived:document>.pdf")
def archive_copy(reference: str, document: str):
    """The newest PDF/A archive copy ("arkivversjon") of one of the application's documents."""
    application = _application_or_404(reference)
    copy = archive.latest_copy(application, document)
    if copy is None:
        abort(404)
    return documents.send_document(archive.copy_file(copy))
