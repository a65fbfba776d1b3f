"""The agency's reporting pages: the plan and the reports, opened by the link's token alone.

A token that opens nothing is a 404 like any unknown page, and counts towards a tight limit per
client address, so the links cannot be guessed. The pages are never cached or sent on as a
referrer: the token is in their address.
"""

from __future__ import annotations

from datetime import timedelta
from typing import NoReturn

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_limiter.util import get_remote_address
from limits import parse_many
from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from forms.validity import today_in_norway

from ..extensions import db, limiter
from ..logs import security_event
from ..models import Application, utcnow
from ..refusals import refusal_text
from ..services import benefit_plans, decisions, reporting_links, reports
from . import bp
from .forms import benefit_form, report_form
from .models import ReportingLink

# How often a link's use is written down: reading a page should not write every time.
USE_RECORDED_EVERY = timedelta(hours=1)


def _submitted_page(token: str, application: Application, due, benefits) -> ResponseReturnValue:
    status = 409 if request.method == "POST" else 200
    return render_template(
        "reporting/report_submitted.html",
        token=token,
        application=application,
        due=due,
        benefits=benefits,
        budget=reports.planned_investment(application, due.year),
        completed_on=reports.completed_on(due),
    ), status


def _limits() -> str:
    return current_app.config["VEIVISER_REPORTING_LIMITS"]


def _miss_limits() -> str:
    return current_app.config["VEIVISER_REPORTING_MISS_LIMITS"]


def limited(view):
    return limiter.limit(_limits, scope="reporting")(view)


def _miss(token: str) -> NoReturn:
    """A token that opens nothing: a 404, or a 429 once this address has made too many. Only
    these count, in one bucket for every page, so a working link is never refused for them
    (an agency shares one address) and a stale bookmark costs nothing else."""
    address = get_remote_address()
    over = [
        item
        for item in parse_many(_miss_limits())
        if not limiter.limiter.hit(item, "reporting-miss", address)
    ]
    if over:
        security_event("reporting_token_limit", limit=str(over[0]))
        abort(429)
    abort(404)


@bp.after_request
def private_page(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link(token: str) -> ReportingLink:
    link = reporting_links.find(token)
    if link is None:
        _miss(token)
    _note_use(link)
    return link


def _note_use(link: ReportingLink) -> None:
    """Write down when the link was last used, at most once an hour (with the view's commit)."""
    now = utcnow()
    if link.last_used_at is not None and now - link.last_used_at < USE_RECORDED_EVERY:
        return
    db.session.execute(
        update(ReportingLink)
        .where(
            ReportingLink.id == link.id,
            or_(
                ReportingLink.last_used_at.is_(None),
                ReportingLink.last_used_at < now - USE_RECORDED_EVERY,
            ),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )


@bp.get("/<token:token>")
@limited
def overview(token: str) -> ResponseReturnValue:
    link = _link(token)
    application = link.application
    benefits = benefit_plans.ensure_plan(application)
    due = reports.schedule(application)
    db.session.commit()  # the link's use, and a plan made on first sight
    return render_template(
        "reporting/overview.html",
        token=token,
        application=application,
        decision=decisions.decision_of(application),
        benefits=benefits,
        years=_plan_years_with_targets(benefits),
        due_reports=due,
        today=today_in_norway(),
        fixed=benefit_plans.is_fixed(application),
        has_dates=bool(due),
    )


def _plan_years_with_targets(benefits) -> list[int]:
    return sorted({target.year for benefit in benefits for target in benefit.targets})


@bp.route("/<token:token>/plan/<int:position>", methods=["GET", "POST"])
@limited
def benefit(token: str, position: int) -> ResponseReturnValue:
    link = _link(token)
    application = link.application
    chosen = next(
        (b for b in benefit_plans.ensure_plan(application) if b.position == position), None
    )
    if chosen is None:
        abort(404)
    years = benefit_plans.plan_years(application)
    form = benefit_form(chosen, years, formdata=request.form if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.validate():
        try:
            changed = benefit_plans.change(application, chosen, form.change(), form.reason.data)
        except benefit_plans.PlanRefused as refused:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, refusal_text(refused)]
        except IntegrityError:
            # A double click that adds the same year's target twice: the first one is saved.
            db.session.rollback()
            flash(gettext("The benefit was saved from another window just now."), "error")
            status = 409
        else:
            db.session.commit()
            flash(
                gettext("The benefit is saved.") if changed else gettext("Nothing was changed."),
                "success",
            )
            return redirect(url_for("reporting.overview", token=token, _anchor="plan"), code=303)
    else:
        db.session.commit()  # the link's use
    return render_template(
        "reporting/benefit.html",
        token=token,
        application=application,
        benefit=chosen,
        form=form,
    ), 422 if form.errors else status


@bp.route("/<token:token>/<report_kind:kind>/<int:year>", methods=["GET", "POST"])
@limited
def report(token: str, kind: str, year: int) -> ResponseReturnValue:
    link = _link(token)
    application: Application = link.application
    due = reports.due_report(application, kind, year)
    today = today_in_norway()
    if due is None or not due.is_open(today):
        abort(404)
    benefits = benefit_plans.ensure_plan(application)
    if due.submitted:
        if request.method == "POST":
            # An old window: what it sent is not saved, and the page says why.
            flash(gettext("This report has been submitted and can no longer be changed."), "error")
        else:
            db.session.commit()  # the link's use
        return _submitted_page(token, application, due, benefits)
    form = report_form(
        due, benefits, today, formdata=request.form if request.method == "POST" else None
    )
    if request.method == "POST" and form.validate():
        # A valid draft is kept even when a submission lacks something: nothing is lost.
        try:
            saved = reports.save(application, due, form.draft(), benefits)
        except reports.ReportRefused as refused:
            # Submitted from another window since this page was shown.
            db.session.rollback()
            flash(refusal_text(refused), "error")
            fresh = reports.due_report(application, kind, year)
            return _submitted_page(token, application, fresh or due, benefits)
        except IntegrityError:
            # Another window began the same report at the same moment: show what was typed
            # here again, to be saved over it.
            db.session.rollback()
            flash(
                gettext("The report was saved from another window just now. Save it again."),
                "error",
            )
            return _report_page(token, application, due, form, today), 409
        if request.form.get("action") != "submit":
            db.session.commit()
            flash(gettext("The draft is saved. You can go on later with the same link."), "success")
            return redirect(url_for("reporting.report", token=token, kind=kind, year=year), 303)
        if not form.missing_for_submission():
            try:
                reports.submit(application, saved)
            except reports.ReportRefused as refused:
                db.session.rollback()
                flash(refusal_text(refused), "error")
                return redirect(url_for("reporting.overview", token=token), code=303)
            db.session.commit()
            flash(gettext("Thank you. The report is submitted to the secretariat."), "success")
            return redirect(url_for("reporting.overview", token=token, _anchor="reports"), 303)
        db.session.commit()
    if request.method == "GET":
        db.session.commit()  # the link's use
    return _report_page(token, application, due, form, today), 422 if form.errors else 200


def _report_page(token: str, application: Application, due, form, today) -> str:
    return render_template(
        "reporting/report.html",
        token=token,
        application=application,
        due=due,
        form=form,
        budget=reports.planned_investment(application, due.year),
        today=today,
    )
