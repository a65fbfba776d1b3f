"""A granted project's reporting, as advisors see it: issuing, replacing and revoking the link,
and reading what the agency filed."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from forms.validity import today_in_norway

from ..extensions import db
from ..models import Advisor, Application
from ..refusals import refusal_text
from ..services import benefit_plans, reporting_links, reports
from . import bp
from .call_cases import call_or_404, entry_or_404, entry_url
from .reporting_forms import ReportingLinkForm


def _advisor() -> Advisor:
    return current_user._get_current_object()  # type: ignore[attr-defined]


def reporting_context(
    application: Application, form: ReportingLinkForm | None = None
) -> dict[str, Any]:
    """The entry page's reporting section; empty until the grant is sent."""
    if not reporting_links.is_granted(application):
        return {}
    answers = application.answers or {}
    return {
        "reporting_link": reporting_links.active_link(application),
        "link_form": form
        or ReportingLinkForm(data={"contact_email": answers.get("contact_email", "")}),
        "due_reports": reports.schedule(application),
        "benefits": benefit_plans.benefits_of(application),
        "today": today_in_norway(),
    }


@bp.post("/calls/<int:year>/applications/<reference:reference>/reporting-link")
def reporting_link_issue(year: int, reference: str):
    from .call_cases import entry_page

    call = call_or_404(year)
    application, entry = entry_or_404(call, reference)
    form = ReportingLinkForm()
    if form.validate_on_submit():
        try:
            _link, _token = reporting_links.issue(
                application, [form.contact_email.data, form.head_email.data or ""], _advisor()
            )
        except reporting_links.LinkRefused as refused:
            db.session.rollback()
            flash(refusal_text(refused), "error")
            return redirect(entry_url(call, reference, "reporting-heading"), code=303)
        except IntegrityError:
            # Two clicks at once: one project has one working link, the other click's.
            db.session.rollback()
            flash(_("A link was sent from another window just now."), "error")
            return redirect(entry_url(call, reference, "reporting-heading"), code=303)
        else:
            db.session.commit()
            flash(
                _("The reporting link is sent by e-mail. An earlier link no longer works."),
                "success",
            )
            return redirect(entry_url(call, reference, "reporting-heading"), code=303)
    return entry_page(call, application, entry, link_form=form)


@bp.post("/calls/<int:year>/applications/<reference:reference>/reporting-link/revoke")
def reporting_link_revoke(year: int, reference: str):
    call = call_or_404(year)
    application, _entry = entry_or_404(call, reference)
    try:
        reporting_links.revoke(application, _advisor())
    except reporting_links.LinkRefused as refused:
        db.session.rollback()
        flash(refusal_text(refused), "error")
    else:
        db.session.commit()
        flash(_("The reporting link is revoked: it no longer opens anything."), "success")
    return redirect(entry_url(call, reference, "reporting-heading"), code=303)


@bp.get(
    "/calls/<int:year>/applications/<reference:reference>/reports/<report_kind:kind>/<int:report_year>"
)
def project_report(year: int, reference: str, kind: str, report_year: int):
    call = call_or_404(year)
    application, _entry = entry_or_404(call, reference)
    due = reports.due_report(application, kind, report_year)
    if due is None or due.report is None:
        abort(404)
    return render_template(
        "advisor/project_report.html",
        call=call,
        application=application,
        due=due,
        benefits=benefit_plans.benefits_of(application),
        budget=reports.planned_investment(application, report_year),
        completed_on=reports.completed_on(due),
    )
