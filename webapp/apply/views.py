"""The applicant's wizard: thin views over `forms.flow` and `services.drafts`."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext

from forms import flow
from forms.attachments import ATTACHMENT_KINDS
from forms.calls import situation_texts
from forms.fields import ParsedField
from forms.progress import Progress
from forms.routing import eligible_schemes, route_application
from forms.sections import grouped_fields

from ..extensions import db, limit_posts, limiter
from ..i18n import current_language
from ..services import appendices, calls, documents, drafts, mail
from ..services.answers import summary_of
from ..services.figures import checked_figures
from . import bp, documents_page
from .forms import ResumeCodeMailForm, ResumeForm

DRAFT_KEY = "draft_id"
SUBMITTED_KEY = "submitted_ids"
# The receipt code of the application this browser just sent, to show on its receipt.
RECEIPT_CODE_KEY = "receipt_code"
NOT_SAVED_KEY = "not_saved"
# Set on the check page's "Change" links: back and continue lead to the check page again.
CHANGE_PARAMETER = "change"


def current_draft():
    return drafts.find_draft(session.get(DRAFT_KEY))


def remember_draft(public_id: str) -> None:
    session.permanent = True
    session[DRAFT_KEY] = public_id


def redirect_to_step(step: flow.Step | None):
    if step is None:
        return redirect(url_for("apply.start"), code=303)
    return redirect(url_for("apply.step", step_id=step.id), code=303)


def where_to_continue(draft) -> flow.Step:
    """The first step still to answer; the check page when all are answered."""
    return Progress(draft.answers, drafts.ruleset_for(draft)).first_incomplete() or flow.STEPS[-1]


@bp.get("/")
def start():
    draft = current_draft()
    if draft is None:
        return redirect_to_step(flow.STEPS[0])
    return redirect_to_step(where_to_continue(draft))


@bp.post("/new")
def start_new():
    session.pop(DRAFT_KEY, None)
    return redirect_to_step(flow.STEPS[0])


def apply_limits() -> str:
    return current_app.config["VEIVISER_APPLY_LIMITS"]


def resume_limits() -> str:
    return current_app.config["VEIVISER_RESUME_LIMITS"]


@bp.route("/<step:step_id>", methods=["GET", "POST"])
@limit_posts(apply_limits)
def step(step_id: str):
    current = flow.STEPS_BY_ID[step_id]
    draft = current_draft()
    if draft is None and current is not flow.STEPS[0]:
        return redirect_to_step(flow.STEPS[0])
    answers = draft.answers if draft else {}
    ruleset = drafts.ruleset_for(draft)
    progress = Progress(answers, ruleset)  # the path, from the stored answers, once
    if not progress.can_visit(current):
        return redirect_to_step(progress.first_incomplete())

    if request.method == "POST":
        form = flow.build_form(current, answers, ruleset, request.form)
        action = request.form.get("action")
        if action == "save_later":
            return save_and_leave(draft, form)
        if action == "switch_language":
            # The language switch posts the page's form here, in the new language: the page
            # comes back with everything typed still in it, nothing checked or saved yet.
            show_read_values_in_page_language(form)
            return render_step(current, form, progress, draft)
        if current.id == "check":
            return submit(draft, form, progress)
        if form.validate():
            draft = draft or drafts.create_draft(current_language())
            remember_draft(draft.public_id)
            try:
                drafts.save_answers(draft, form.answer_data(), current_language())
            except drafts.DraftClosed:
                return already_sent(draft)
            db.session.commit()
            # The new answers may change the path: go to the first step still to answer. After
            # "Change" on the check page that is the check page, unless new questions opened.
            return redirect_to_step(Progress(draft.answers, ruleset).first_incomplete())
    else:
        form = progress.form(current)
        # A step known complete for these answers has nothing to show (the memo says so
        # without validating its form again).
        if not progress.is_complete(current):
            show_stored_problems(form, progress.validated(current))
    return render_step(current, form, progress, draft)


def show_stored_problems(form, valid: bool) -> None:
    """A stored answer that no longer holds (a requested amount above a new ceiling) is shown
    with its message when the page opens; questions not yet answered are not errors. `form`
    has been validated (`valid`)."""
    if valid:
        return
    for field in form:
        # What the applicant stored, not what the field holds: a table of empty year rows is
        # not an answer yet.
        stored = form.answers.get(field.name)
        if stored in (None, "", [], (), {}) or stored is False:
            field.errors = []


def show_read_values_in_page_language(form) -> None:
    """Amounts and months that could be read are shown as the new language writes them
    ("12,500,000" becomes "12 500 000"); what could not be read stays as typed."""
    for field in form:
        if isinstance(field, ParsedField) and field.parse_error is None and field.data is not None:
            field.raw_data = []


def came_from_check(path: list[flow.Step]) -> bool:
    """The applicant followed "Change" on the check page (and can still reach it)."""
    return request.args.get(CHANGE_PARAMETER) == "1" and flow.STEPS_BY_ID["check"] in path


def render_step(current: flow.Step, form, progress: Progress, draft=None):
    answers, ruleset, path = progress.answers, progress.ruleset, progress.path
    position = next((i for i, s in enumerate(path) if s.id == current.id), 0)
    changing = came_from_check(path) and current.id != "check"
    context = {
        "step": current,
        "form": form,
        "position": position + 1,
        # No total until it is settled: "Step 4 of 4" followed by "Step 5 of 8" misleads.
        "path_length": len(path) if flow.path_is_known(path) else None,
        "previous_step": path[position - 1] if position > 0 else None,
        "field_groups": grouped_fields(current.id, tuple(form._fields)),
        "back_to_check": changing,
        "change_parameter": "1" if changing else None,
        "ruleset": ruleset,
        "ruleset_notice": drafts.ruleset_notice(ruleset),
        **call_context(answers, ruleset),
    }
    if current.id == "result":
        routing = route_application(answers, ruleset)
        context["routing"] = routing
        context["eligible"] = list(eligible_schemes(routing))
        context["offer_change"] = offer_change(answers.get("schemes_offered"), context["eligible"])
        if not context["eligible"]:
            return render_template("apply/exit.html", **context)
        return render_template("apply/result.html", **context)
    if current.id == "attachments":
        context.update(documents_page.page_context(draft, ruleset))
        return render_template("apply/attachments.html", **context)
    if current.id == "check":
        context["sections"] = summary_of(progress)
        context["figures"], context["figures_table"] = checked_figures(progress)
        context["attached"] = draft.attachments if draft is not None else []
        context["documents_step"] = flow.STEPS_BY_ID["attachments"] in path
        context["attachment_kinds"] = ATTACHMENT_KINDS
        return render_template("apply/check.html", **context)
    return render_template("apply/step.html", **context)


def offer_change(offered: list[str] | None, eligible: list[str]) -> dict[str, list[str]] | None:
    """What changed since the applicant last chose: schemes gone and schemes now possible."""
    if offered is None or sorted(offered) == sorted(eligible):
        return None
    return {
        "gone": [scheme for scheme in offered if scheme not in eligible],
        "new": [scheme for scheme in eligible if scheme not in offered],
    }


@bp.post("/rules")
@limiter.limit(apply_limits)
def change_ruleset():
    """Continue the draft under the rule set in force: only when the applicant asks."""
    draft = current_draft()
    if draft is None:
        return redirect_to_step(flow.STEPS[0])
    drafts.move_to_ruleset_in_force(draft)
    db.session.commit()
    return redirect_to_step(where_to_continue(draft))


def save_and_leave(draft, form):
    """Keep every answer on this page that is valid on its own, then give a resume code.

    An answer that was typed but is not valid is not saved; the next page says which and why.
    """
    valid, not_saved = {}, []
    for name, field in form._fields.items():
        if field.validate(form):
            valid[name] = field.data
        elif was_typed(field):
            not_saved.append((str(field.label.text), field.errors[0] if field.errors else ""))
    draft = draft or drafts.create_draft(current_language())
    remember_draft(draft.public_id)
    try:
        drafts.save_answers(draft, valid, current_language())
    except drafts.DraftClosed:
        return already_sent(draft)
    session["resume_code"] = drafts.issue_resume_code(draft)
    db.session.commit()
    session[NOT_SAVED_KEY] = not_saved
    return redirect(url_for("apply.saved"), code=303)


def already_sent(draft):
    """A page read as a draft was saved after the application was sent (a second tab): the
    change is not made, and the applicant is told so and shown the way to what was sent."""
    sent = drafts.find_submitted(draft.public_id)
    receipt = (
        url_for("apply.receipt", public_id=sent.public_id)
        if sent is not None and sent.public_id in session.get(SUBMITTED_KEY, [])
        else None
    )
    return render_template("apply/already_sent.html", receipt_url=receipt), 409


def was_typed(field) -> bool:
    return any(str(value).strip() for value in field.raw_data or [])


@bp.get("/saved")
def saved():
    code = session.pop("resume_code", None)
    not_saved = session.pop(NOT_SAVED_KEY, [])
    draft = current_draft()
    if code is None or draft is None:
        return redirect(url_for("apply.start"), code=303)
    mail_form = ResumeCodeMailForm(
        data={"email": (draft.answers or {}).get("contact_email", ""), "code": code}
    )
    return render_saved(code, mail_form, not_saved)


def render_saved(code: str, mail_form: ResumeCodeMailForm, not_saved=()):
    return render_template(
        "apply/saved.html",
        not_saved=not_saved,
        code=drafts.format_resume_code(code),
        resume_url=url_for(
            "apply.resume", code=drafts.format_resume_code(code), embed=None, _external=True
        ),
        mail_form=mail_form,
        form=mail_form,  # the page title says "Error:" when it has errors
    )


@bp.post("/saved/email")
@limiter.limit(resume_limits)
def email_resume_code():
    """Mail the code just shown; only the browser holding the draft and its current code can."""
    draft = current_draft()
    form = ResumeCodeMailForm(request.form)
    code = drafts.normalise_resume_code(form.code.data or "")
    if draft is None or not drafts.is_current_resume_code(draft, code):
        return redirect(url_for("apply.start"), code=303)
    if not form.validate():
        return render_saved(code, form)
    mail.queue_resume_code(draft, drafts.format_resume_code(code), form.email.data)
    db.session.commit()
    session["resume_code_mailed_to"] = form.email.data
    return redirect(url_for("apply.resume_code_sent"), code=303)


@bp.get("/saved/sent")
def resume_code_sent():
    address = session.pop("resume_code_mailed_to", None)
    if address is None:
        return redirect(url_for("apply.start"), code=303)
    return render_template("apply/resume_code_sent.html", address=address)


@bp.route("/resume", methods=["GET", "POST"])
@limit_posts(resume_limits)
def resume():
    # The code is typed or pasted, never taken from the link: a code in a URL would end up in
    # access logs and the browser's history.
    form = ResumeForm(request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        draft = drafts.find_by_resume_code(form.code.data)
        if draft is not None:
            remember_draft(draft.public_id)
            return redirect_to_step(where_to_continue(draft))
        form.code.errors.append(
            gettext("We found no application with that code. Check the code and try again.")
        )
    return render_template("apply/resume.html", form=form)


def call_context(answers, ruleset) -> dict:
    """What the wizard says about the co-financing call, and whether this draft waits for it."""
    situation = calls.shown_situation()
    asks_for_cofinancing = "cofinancing" in flow.chosen_schemes(answers, ruleset)
    return {
        "call_texts": situation_texts(situation),
        "cofinancing_closed": asks_for_cofinancing and situation.refuses_cofinancing,
    }


def submit(draft, form, progress: Progress):
    """Send the draft; the step view has checked that every step before this one is complete."""
    if not form.validate():
        return render_step(flow.STEPS_BY_ID["check"], form, progress, draft)
    receipt_code = drafts.new_receipt_code()
    try:
        application = drafts.submit(draft, receipt_code=receipt_code)
    except calls.CofinancingClosed:
        # The draft stays as it is; the page says why and what the applicant can do.
        db.session.rollback()
        form.form_errors.append(
            gettext(
                "The call for co-financing has closed, so the application cannot be sent for "
                "co-financing now. Your answers are kept."
            )
        )
        return render_step(flow.STEPS_BY_ID["check"], form, progress, draft)
    db.session.commit()
    remember_submitted(application.public_id)
    if drafts.has_receipt_code(application, receipt_code):  # this request sent it
        session[RECEIPT_CODE_KEY] = {application.public_id: receipt_code}
    session.pop(DRAFT_KEY, None)
    return redirect(url_for("apply.receipt", public_id=application.public_id), code=303)


def remember_submitted(public_id: str) -> None:
    """This browser may open the application's receipt (the last ten it sent or opened)."""
    kept = [known for known in session.get(SUBMITTED_KEY, []) if known != public_id]
    session[SUBMITTED_KEY] = [*kept[-9:], public_id]


def own_submitted(public_id: str):
    """An application this browser sent; anyone else gets a 404 (no hint that it exists)."""
    if public_id not in session.get(SUBMITTED_KEY, []):
        abort(404)
    application = drafts.find_submitted(public_id)
    if application is None:
        abort(404)
    return application


@bp.get("/receipt/<token:public_id>")
def receipt(public_id: str):
    return render_receipt(own_submitted(public_id))


def render_receipt(application, mail_form=None):
    """The receipt page; `mail_form` with its errors when sending it by e-mail failed."""
    from .forms import ReceiptMailForm
    from .receipt_views import case_context

    code = session.get(RECEIPT_CODE_KEY, {}).get(application.public_id)
    return render_template(
        "apply/receipt.html",
        application=application,
        appendices_offered=appendices.has_appendices(application),
        call_texts=calls.receipt_texts(application),
        receipt_code=drafts.format_resume_code(code) if code else None,
        mail_form=mail_form or ReceiptMailForm(),
        contact_email=(application.answers or {}).get("contact_email") or "",
        **case_context(application),
    )


@bp.get("/receipt/<token:public_id>/preview/<scheme:scheme>")
def document_preview(public_id: str, scheme: str):
    application = own_submitted(public_id)
    if scheme not in application.scheme_list:
        abort(404)
    return render_template(
        "apply/preview.html",
        application=application,
        scheme=scheme,
        document=documents.application_preview_html(application, scheme),
        document_language=documents.document_language(application),
    )


@bp.get("/receipt/<token:public_id>/<scheme:scheme>.docx")
def document_download(public_id: str, scheme: str):
    application = own_submitted(public_id)
    if scheme not in application.scheme_list:
        abort(404)
    document = documents.download_for_applicant(application, scheme)
    db.session.commit()
    return documents.send_document(document)


def own_appendix(public_id: str):
    application = own_submitted(public_id)
    if not appendices.has_appendices(application):
        abort(404)
    return application


@bp.get("/receipt/<token:public_id>/appendix-<appendix:number>/preview")
def appendix_preview(public_id: str, number: str):
    application = own_appendix(public_id)
    return render_template(
        "apply/appendix_preview.html", **appendices.preview_page_context(application, number)
    )


@bp.get("/receipt/<token:public_id>/appendix-<appendix:number>.docx")
def appendix_download(public_id: str, number: str):
    application = own_appendix(public_id)
    return documents.send_document(appendices.appendix_document(application, number))


@bp.get("/receipt/<token:public_id>/appendix-2.xlsx")
def appendix_spreadsheet(public_id: str):
    application = own_appendix(public_id)
    return documents.send_document(appendices.npv_spreadsheet(application))
