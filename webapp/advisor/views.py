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

from ..extensions import limiter
from ..models import Advisor, Application
from ..services import advisors, audit, workflow
from ..services.queue import (
    QUEUE_SCHEMES,
    QUEUE_STATUSES,
    QueueQuery,
    find_application,
    list_queue,
    ministries_in_queue,
)
from ..services.recommendations import generated_recommendations
from . import bp, review
from .forms import LoginForm, StatusForm
from .labels import TRANSITION_LABELS, status_label
from .sessions import end_session, safe_next, start_session


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
        # Times are stored in UTC; pages show them in Norwegian time (BABEL_DEFAULT_TIMEZONE).
        "local_time": lambda moment: to_user_timezone(moment) if moment else None,
    }


def _advisor() -> Advisor:
    return current_user._get_current_object()


def _account_key() -> str:
    return "account:" + advisors.normalise_email(request.form.get("email", ""))[:254]


def _configured(key: str):
    return lambda: current_app.config[key]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _configured("VEIVISER_LOGIN_LIMITS_PER_ACCOUNT"), key_func=_account_key, methods=["POST"]
)
@limiter.limit(
    _configured("VEIVISER_LOGIN_LIMITS_PER_ADDRESS"), key_func=get_remote_address, methods=["POST"]
)
def login():
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("advisor.queue"), code=303)
    form = LoginForm()
    if form.validate_on_submit():
        advisor = advisors.authenticate(form.email.data, form.password.data)
        if advisor is not None:
            start_session(advisor)
            return redirect(next_url or url_for("advisor.queue"), code=303)
        # One message for every failure: the page must not tell which accounts exist.
        form.form_errors.append(_("E-mail or password is wrong"))
    return render_template("advisor/login.html", form=form, next_url=next_url)


@bp.post("/logout")
def logout():
    end_session(_advisor())
    flash(_("You are logged out."), "success")
    return redirect(url_for("advisor.login"), code=303)


@bp.get("/")
def queue():
    query = QueueQuery.from_args(request.args)
    ministries = sorted(ministries_in_queue(), key=lambda code: ministry_label(code).casefold())
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
    ruleset = review.application_ruleset(application)
    transitions = [
        (target, TRANSITION_LABELS[(application.status, target)])
        for target in workflow.allowed_transitions(application.status)
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
        history=[review.describe_event(event) for event in audit.history(application)],
        transitions=transitions,
        status_form=StatusForm(),
    )


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
            flash(
                _(
                    "The status cannot change from “%(current)s” to “%(target)s”.",
                    current=status_label(refused.current),
                    target=status_label(refused.target),
                ),
                "error",
            )
        else:
            flash(
                _("The status is now “%(status)s”.", status=status_label(application.status)),
                "success",
            )
    return redirect(url_for("advisor.application", reference=reference), code=303)
