"""The receipt after sending: opened again from any browser with the reference and the receipt
code, where each scheme's case stands, the letters sent, and the benefits realisation plan."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ..extensions import csrf, db, limit_posts, limiter
from ..models import Application, ApplicationStatus
from ..refusals import refusal_text
from ..services import decisions, documents, drafts, mail, tracks
from ..services.attachments import Limits, UploadRefused
from ..track_labels import track_step_label
from ..uploads import receive_file
from . import bp
from .forms import ReceiptForm, ReceiptMailForm
from .views import own_submitted, remember_submitted, resume_limits


@bp.route("/receipt/open", methods=["GET", "POST"])
@limit_posts(resume_limits)
def open_receipt():
    form = ReceiptForm(request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        application = drafts.find_by_receipt(form.reference.data, form.code.data)
        if application is not None:
            remember_submitted(application.public_id)
            return redirect(url_for("apply.receipt", public_id=application.public_id), code=303)
        # One message whatever was wrong: the page must not tell which references exist.
        form.code.errors.append(
            gettext(
                "We found no application with that reference number and code. Check both and "
                "try again."
            )
        )
    return render_template("apply/open_receipt.html", form=form)


def receipt_mail_limits() -> str:
    return current_app.config["VEIVISER_RECEIPT_MAIL_LIMITS"]


@bp.post("/receipt/<token:public_id>/email")
@limiter.limit(receipt_mail_limits)
def receipt_mail(public_id: str):
    """Send the receipt to an address the applicant gives; once per address."""
    from .views import render_receipt

    application = own_submitted(public_id)
    form = ReceiptMailForm(request.form)
    if not form.validate():
        return render_receipt(application, mail_form=form)
    try:
        queued = mail.queue_receipt(application, form.email.data, strict=True)
    except mail.AddressError:
        form.email.errors.append(
            gettext("Enter an e-mail address in the right format, like name@agency.no")
        )
        return render_receipt(application, mail_form=form)
    db.session.commit()
    message = (
        gettext("The receipt is on its way to %(address)s.", address=form.email.data)
        if queued
        else gettext("The receipt was sent to %(address)s already.", address=form.email.data)
    )
    flash(message, "success")
    return redirect(url_for("apply.receipt", public_id=public_id, _anchor="email-receipt"), 303)


def advice_letter_sent(application: Application) -> bool:
    return "council" in application.scheme_list and application.status in tracks.LETTER_DONE


def case_context(application: Application) -> dict[str, Any]:
    """Each scheme's step for the receipt page, the letters sent, and whether a plan is due."""
    # Loaded with the application (drafts.find_submitted): a missing one would otherwise be a
    # query each time it is asked for.
    decision = application.grant_decision
    return {
        "case_tracks": [track for track in application.tracks if track.scheme in tracks.STEPS],
        "decision": decision if decision is not None and decision.sent_at else None,
        "sent_letters": [
            (letter, documents.DECISION_LETTERS[letter].name)
            for letter in decisions.letters_of(decision)
        ],
        "advice_letter_sent": advice_letter_sent(application),
        "plan_wanted": decisions.takes_plan(decision),
        "decisions": decisions,
        "track_step_label": track_step_label,
    }


@bp.get("/receipt/<token:public_id>/letters/<letter:letter>.docx")
def sent_letter(public_id: str, letter: str):
    application = own_submitted(public_id)
    if letter not in decisions.sent_letters(application):
        abort(404)
    return documents.send_document(documents.decision_letter(application, letter))


@bp.get("/receipt/<token:public_id>/advice-letter.docx")
def sent_advice_letter(public_id: str):
    application = own_submitted(public_id)
    if not advice_letter_sent(application):
        abort(404)
    return documents.send_document(documents.advice_letter(application))


def _upload_limits() -> str:
    return current_app.config["VEIVISER_UPLOAD_LIMITS"]


@bp.post("/receipt/<token:public_id>/plan")
@csrf.exempt  # receive_file checks the token once the body may be read
@limiter.limit(_upload_limits)
def plan_upload(public_id: str):
    application = own_submitted(public_id)
    if application.status == ApplicationStatus.DRAFT:
        abort(404)
    try:
        upload = receive_file("plan", Limits.from_config())
        decisions.add_plan(
            application, upload.stream if upload else None, upload.filename if upload else "", None
        )
    except UploadRefused as error:
        db.session.rollback()
        flash(error.message(), "error")
    except decisions.DecisionRefused as refused:
        db.session.rollback()
        flash(refusal_text(refused), "error")
    else:
        db.session.commit()
        flash(
            gettext("Thank you. The benefits realisation plan is sent to the secretariat."),
            "success",
        )
    return redirect(url_for("apply.receipt", public_id=public_id, _anchor="case"), code=303)
