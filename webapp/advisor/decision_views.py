"""The lead advisor's decisions on a co-financing application in a call: the decision and its
letter, the benefits realisation plan, and the final grant. Every advisor reads the letters
and may attach a plan the agency sent by other means; only lead advisors decide and send."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from forms.validity import today_in_norway

from ..extensions import csrf, db, limiter
from ..i18n import format_amount
from ..models import Advisor, Application, Call, GrantDecision, RankingEntry
from ..refusals import refusal_text
from ..services import decisions, documents, ranking
from ..services.attachments import Limits, UploadRefused
from ..uploads import receive_file
from . import bp
from .call_cases import call_or_404, entry_or_404, entry_page, entry_url
from .decision_forms import DecisionForm, FinalGrantForm, PlanChangesForm
from .roles import lead_required


def _advisor() -> Advisor:
    return current_user._get_current_object()


def _case(year: int, reference: str) -> tuple[Call, Application, RankingEntry]:
    call = call_or_404(year)
    application, entry = entry_or_404(call, reference)
    return call, application, entry


def _decision_data(application: Application, entry: RankingEntry) -> dict[str, Any]:
    """The form's first values: the saved draft, or a proposal from the ranking."""
    decision = decisions.decision_of(application)
    if decision is not None:
        return {**decisions.DecisionDraft.of(decision).__dict__, "reasons": decision.reasons}
    row = ranking.row_for(application.call, application.id) if application.call else None
    within = row is not None and row.within_pot
    reasons = []
    if row is not None and not row.requirements_met:
        reasons.append("requirements")
    elif row is not None and not row.within_pot:
        reasons.append("beyond_pot")
    return {
        "outcome": decisions.GRANT if within else decisions.REJECTION,
        "amount": entry.proposed_amount,
        "reasons": reasons,
        "letter_language": decisions.default_language(application),
    }


def _reasons_in(language: str, reasons: tuple[str, ...]) -> str:
    with force_locale(language):
        texts = [_(decisions.REASON_TEXTS[r]) for r in reasons if decisions.REASON_TEXTS.get(r)]
    return "\n\n".join(texts)


@bp.route("/calls/<int:year>/applications/<reference:reference>/decision", methods=["GET", "POST"])
@lead_required
def decision_form(year: int, reference: str):
    call, application, entry = _case(year, reference)
    decision = decisions.decision_of(application)
    if decision is not None and decision.sent_at is not None:
        flash(_("The decision has been sent and can no longer be changed."), "error")
        return redirect(entry_url(call, reference, "decision-letters"), code=303)
    if request.method == "POST":
        form = DecisionForm()
    else:
        form = DecisionForm(data=_decision_data(application, entry))
    if form.validate_on_submit():
        draft = form.draft()
        if draft.outcome == decisions.REJECTION and not draft.reasons_text:
            composed = _reasons_in(draft.letter_language, draft.reasons)
            draft = decisions.DecisionDraft(**{**draft.__dict__, "reasons_text": composed or None})
        try:
            changed = decisions.save_draft(application, draft, _advisor(), entry, today_in_norway())
        except decisions.DecisionInvalid as invalid:
            db.session.rollback()
            for name, (message, values) in invalid.problems.items():
                field = getattr(form, name)
                shown = {
                    k: format_amount(v) if isinstance(v, int) else v for k, v in values.items()
                }
                field.errors = [*field.errors, _(message, **shown)]
        except decisions.DecisionRefused as refused:
            db.session.rollback()
            flash(refusal_text(refused), "error")
            return redirect(entry_url(call, reference, "decision-letters"), code=303)
        else:
            db.session.commit()
            flash(_("The decision is saved.") if changed else _("Nothing had changed."), "success")
            letter = _decided_letter(decisions.decision_of(application))
            return redirect(
                url_for("advisor.decision_preview", year=year, reference=reference, letter=letter),
                code=303,
            )
    page = render_template(
        "advisor/decision_form.html", call=call, application=application, entry=entry, form=form
    )
    db.session.commit()  # reading the ranking may have stored missing places
    return page


def _decided_letter(decision: GrantDecision | None) -> str:
    if decision is None:
        abort(404)
    return (
        decisions.PRELIMINARY_LETTER
        if decision.outcome == decisions.GRANT
        else decisions.REJECTION_LETTER
    )


def _letter_or_404(application: Application, letter: str) -> GrantDecision:
    """The decision behind `letter`, when that letter exists (as a draft or sent)."""
    decision = decisions.decision_of(application)
    if decision is None:
        abort(404)
    if letter == decisions.FINAL_LETTER:
        if decision.final_amount is None:
            abort(404)
    elif letter != _decided_letter(decision):
        abort(404)
    return decision


def _is_sent(decision: GrantDecision, letter: str) -> bool:
    if letter == decisions.FINAL_LETTER:
        return decision.final_sent_at is not None
    return decision.sent_at is not None


@bp.get("/calls/<int:year>/applications/<reference:reference>/letters/<letter:letter>/preview")
def decision_preview(year: int, reference: str, letter: str):
    call, application, _entry = _case(year, reference)
    decision = _letter_or_404(application, letter)
    return render_template(
        "advisor/decision_preview.html",
        call=call,
        application=application,
        decision=decision,
        letter=letter,
        decisions_final=decisions.FINAL_LETTER,
        letter_name=documents.DECISION_LETTERS[letter].name,
        sent=_is_sent(decision, letter),
        document=documents.decision_letter_preview_html(application, letter),
        document_language=documents.decision_language(application),
    )


@bp.get("/calls/<int:year>/applications/<reference:reference>/letters/<letter:letter>.docx")
def decision_download(year: int, reference: str, letter: str):
    _call, application, _entry = _case(year, reference)
    _letter_or_404(application, letter)
    return documents.send_document(documents.decision_letter(application, letter))


@bp.post("/calls/<int:year>/applications/<reference:reference>/decision/send")
@lead_required
def decision_send(year: int, reference: str):
    call, application, _entry = _case(year, reference)
    try:
        decision = decisions.send(application, _advisor())
    except decisions.DecisionRefused as refused:
        db.session.rollback()
        flash(refusal_text(refused), "error")
    else:
        db.session.commit()
        if decision.outcome == decisions.GRANT:
            flash(_("The preliminary grant is sent. The applicant is told by e-mail."), "success")
        else:
            flash(_("The rejection is sent. The applicant is told by e-mail."), "success")
    return redirect(entry_url(call, reference, "decision-letters"), code=303)


def _upload_limits() -> str:
    return current_app.config["VEIVISER_UPLOAD_LIMITS"]


@bp.post("/calls/<int:year>/applications/<reference:reference>/plan")
@csrf.exempt  # receive_file checks the token once the body may be read
@limiter.limit(_upload_limits)
def plan_upload(year: int, reference: str):
    call, application, _entry = _case(year, reference)
    limits = Limits.from_config()
    try:
        upload = receive_file("plan", limits)
        decisions.add_plan(
            application,
            upload.stream if upload else None,
            upload.filename if upload else "",
            _advisor(),
        )
    except UploadRefused as error:
        db.session.rollback()
        flash(error.message(), "error")
    except decisions.DecisionRefused as refused:
        db.session.rollback()
        flash(refusal_text(refused), "error")
    else:
        db.session.commit()
        flash(_("The benefits realisation plan is attached."), "success")
    return redirect(entry_url(call, reference, "plan-heading"), code=303)


@bp.post("/calls/<int:year>/applications/<reference:reference>/plan/changes")
@lead_required
def plan_changes(year: int, reference: str):
    call, application, entry = _case(year, reference)
    form = PlanChangesForm()
    if form.validate_on_submit():
        try:
            decisions.ask_for_changes(application, form.message.data, _advisor())
        except decisions.DecisionRefused as refused:
            db.session.rollback()
            form.message.errors = [refusal_text(refused)]
        else:
            db.session.commit()
            flash(_("The agency is asked to change the plan, by e-mail."), "success")
            return redirect(entry_url(call, reference, "plan-heading"), code=303)
    return entry_page(call, application, entry, changes_form=form)


@bp.route("/calls/<int:year>/applications/<reference:reference>/final", methods=["GET", "POST"])
@lead_required
def final_form(year: int, reference: str):
    call, application, _entry = _case(year, reference)
    decision = decisions.decision_of(application)
    if decision is None or not decisions.can_take_final(decision):
        flash(_("The final grant follows an approved benefits realisation plan."), "error")
        return redirect(entry_url(call, reference, "plan-heading"), code=303)
    if request.method == "POST":
        form = FinalGrantForm()
    else:
        form = FinalGrantForm(
            data={
                "final_amount": decision.final_amount or decision.amount,
                "final_letter_date": decision.final_letter_date,
            }
        )
    if form.validate_on_submit():
        try:
            changed = decisions.save_final(
                application, form.final_amount.data, form.final_letter_date.data, _advisor()
            )
        except decisions.DecisionRefused as refused:
            db.session.rollback()
            form.final_amount.errors = [refusal_text(refused)]
        else:
            db.session.commit()
            flash(
                _("The plan is approved and the final grant saved.")
                if changed
                else _("Nothing had changed."),
                "success",
            )
            return redirect(
                url_for(
                    "advisor.decision_preview",
                    year=year,
                    reference=reference,
                    letter=decisions.FINAL_LETTER,
                ),
                code=303,
            )
    return render_template(
        "advisor/final_form.html",
        call=call,
        application=application,
        decision=decision,
        form=form,
    )


@bp.post("/calls/<int:year>/applications/<reference:reference>/final/send")
@lead_required
def final_send(year: int, reference: str):
    call, application, _entry = _case(year, reference)
    try:
        decisions.send_final(application, _advisor())
    except decisions.DecisionRefused as refused:
        db.session.rollback()
        flash(refusal_text(refused), "error")
    else:
        db.session.commit()
        flash(_("The final grant is sent. The applicant is told by e-mail."), "success")
    return redirect(entry_url(call, reference, "plan-heading"), code=303)
