"""The advisors' pages for the co-financing calls: the calls, a call's ranking and its exports,
and one application's place in it. Any advisor scores; only lead advisors create and change
calls, set amounts and override places."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from forms import calls as call_rules
from forms.rulesets import load_ruleset

from ..extensions import db
from ..i18n import format_amount
from ..models import Advisor, Call, utcnow
from ..refusals import refusal_text
from ..services import calls, ranking, ranking_export
from ..services.documents import DocumentFile, send_document
from . import bp
from .call_cases import call_or_404, entry_or_404, entry_page, entry_url
from .call_forms import AmountForm, CallForm, PlaceForm, RankingAssessmentForm
from .roles import lead_required


def _advisor() -> Advisor:
    return current_user._get_current_object()


def _state_label(call: Call) -> str:
    return {
        "upcoming": _("Not open yet"),
        "open": _("Open"),
        "closed": _("Closed"),
    }[call_rules.call_state(call, utcnow())]


@bp.context_processor
def call_context() -> dict[str, Any]:
    return {
        "call_state_label": _state_label,
        "norwegian_time": call_rules.in_norway,
        "score_names": ranking.SCORE_NAMES,
        "requirement_labels": ranking.REQUIREMENT_LABELS,
    }


@bp.get("/calls")
def calls_list():
    return render_template("advisor/calls.html", calls=calls.all_calls())


def _save_call(form: CallForm, call: Call | None) -> Call | None:
    """Store the form's call; on problems the form gets them and None is returned."""
    try:
        if call is None:
            call = calls.create_call(form.details())
            flash(_("The call for %(year)s is created.", year=call.year), "success")
        elif calls.update_call(call, form.details()):
            flash(_("The call for %(year)s is saved.", year=call.year), "success")
        else:
            flash(_("Nothing had changed."), "success")
    except calls.CallInvalid as invalid:
        db.session.rollback()
        form.show_problems(invalid.problems)
        return None
    db.session.commit()
    return call


@bp.route("/calls/new", methods=["GET", "POST"])
@lead_required
def call_new():
    form = CallForm() if request.method == "POST" else CallForm(data=_new_call_defaults())
    if form.validate_on_submit() and (call := _save_call(form, None)) is not None:
        return redirect(url_for("advisor.call_ranking", year=call.year), code=303)
    return render_template("advisor/call_form.html", form=form, call=None)


def _new_call_defaults() -> dict[str, Any]:
    latest = calls.all_calls()
    year = (latest[0].year + 1) if latest else utcnow().year + 1
    return {"year": year, "ruleset_id": current_app.config["VEIVISER_RULESET"]}


@bp.route("/calls/<int:year>/edit", methods=["GET", "POST"])
@lead_required
def call_edit(year: int):
    call = call_or_404(year)
    form = CallForm() if request.method == "POST" else CallForm.for_call(call)
    if form.validate_on_submit() and (saved := _save_call(form, call)) is not None:
        return redirect(url_for("advisor.call_ranking", year=saved.year), code=303)
    return render_template("advisor/call_form.html", form=form, call=call)


@bp.get("/calls/<int:year>")
def call_ranking(year: int):
    call = call_or_404(year)
    query = ranking.RankingQuery.from_args(request.args)
    page = render_template(
        "advisor/ranking.html",
        call=call,
        ruleset=load_ruleset(call.ruleset_id),
        query=query,
        page=ranking.ranking_page(call, query),
        method=ranking.method_of(call),
        score_labels=ranking.SCORE_LABELS,
    )
    db.session.commit()  # reading the ranking may have stored missing places
    return page


def _sheet_name(call: Call) -> str:
    return _("Ranking %(year)s", year=call.year)


def _export_name(call: Call, extension: str) -> tuple[str, str]:
    return f"rangering-{call.year}.{extension}", f"{_sheet_name(call)}.{extension}"


@bp.get("/calls/<int:year>/ranking.csv")
def ranking_csv(year: int):
    call = call_or_404(year)
    filename, download_name = _export_name(call, "csv")
    content = ranking_export.csv_bytes(ranking.export_rows(call), _, _locale())
    db.session.commit()  # reading the ranking may have stored missing places
    return send_document(
        DocumentFile(filename, content, ranking_export.CSV_MIMETYPE, download_name=download_name)
    )


@bp.get("/calls/<int:year>/ranking.xlsx")
def ranking_xlsx(year: int):
    call = call_or_404(year)
    filename, download_name = _export_name(call, "xlsx")
    content = ranking_export.xlsx_bytes(ranking.export_rows(call), _, _sheet_name(call))
    db.session.commit()  # reading the ranking may have stored missing places
    return send_document(
        DocumentFile(filename, content, ranking_export.XLSX_MIMETYPE, download_name=download_name)
    )


def _locale() -> str:
    return str(get_locale() or "nb")


# --- one application in the ranking -----------------------------------------------------------


@bp.get("/calls/<int:year>/applications/<reference:reference>")
def ranking_entry(year: int, reference: str):
    call = call_or_404(year)
    application, entry = entry_or_404(call, reference)
    return entry_page(call, application, entry)


@bp.post("/calls/<int:year>/applications/<reference:reference>/assessment")
def ranking_assessment(year: int, reference: str):
    call = call_or_404(year)
    application, entry = entry_or_404(call, reference)
    form = RankingAssessmentForm()
    if not form.validate_on_submit():
        return entry_page(call, application, entry, assessment_form=form)
    try:
        changed = ranking.save_assessment(application, entry, form.assessment(), _advisor())
    except ranking.RankingRefused as refused:
        form.benefits_score.errors = [_(refused.message, **refused.values)]
        return entry_page(call, application, entry, assessment_form=form)
    db.session.commit()
    flash(_("The assessment is saved.") if changed else _("Nothing had changed."), "success")
    return redirect(entry_url(call, reference, "assessment-heading"), code=303)


@bp.post("/calls/<int:year>/applications/<reference:reference>/amount")
@lead_required
def ranking_amount(year: int, reference: str):
    call = call_or_404(year)
    application, entry = entry_or_404(call, reference)
    form = AmountForm()
    if form.validate_on_submit():
        try:
            changed = ranking.propose_amount(
                application, entry, form.proposed_amount.data, _advisor()
            )
        except ranking.RankingRefused as refused:
            form.proposed_amount.errors = [refusal_text(refused)]
        else:
            db.session.commit()
            flash(
                _(
                    "The amount proposed is now %(amount)s.",
                    amount=format_amount(entry.proposed_amount),
                )
                if changed
                else _("Nothing had changed."),
                "success",
            )
            return redirect(entry_url(call, reference, "decision-heading"), code=303)
    return entry_page(call, application, entry, amount_form=form)


@bp.post("/calls/<int:year>/applications/<reference:reference>/place")
@lead_required
def ranking_place(year: int, reference: str):
    call = call_or_404(year)
    application, entry = entry_or_404(call, reference)
    form = PlaceForm()
    if form.validate_on_submit():
        try:
            changed = ranking.override_rank(
                application, entry, form.place.data, form.reason.data or "", _advisor()
            )
        except ranking.RankingRefused as refused:
            form.place.errors = [refusal_text(refused)]
        else:
            db.session.commit()
            if not changed:
                message = _("Nothing had changed.")
            elif entry.rank_override is None:
                message = _("The application has its weighted rank again.")
            else:
                message = _("The application is placed at %(place)s.", place=entry.rank_override)
            flash(message, "success")
            return redirect(entry_url(call, reference, "decision-heading"), code=303)
    return entry_page(call, application, entry, place_form=form)
