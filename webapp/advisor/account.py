"""The second factor's pages: the code at login, setting it up, and new recovery codes.

The code pages come between the password and the session: `sessions.pending_advisor` says
whose login waits, and only a right code starts the session. Recovery codes are shown in the
answer to the POST that made them, never stored or redirected with, so they are seen once.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user

from forms.translation import lazy_gettext as _l

from ..extensions import db, limiter
from ..models import Advisor
from ..services import login_limits
from ..services import second_factor as factor
from . import bp
from .forms import SecondFactorForm
from .sessions import PENDING_KEY, finish_pending_login, pending_advisor

WRONG_CODE = _l(
    "The code is wrong, or it has been used already. Wait for the next code in the app and "
    "type that one."
)


def _limited_account() -> str:
    advisor = current_user if current_user.is_authenticated else pending_advisor()
    if advisor is not None:
        return f"second-factor:{advisor.id}"
    return f"second-factor-address:{get_remote_address()}"


def _tell_the_advisor(limit: object) -> None:
    advisor = current_user if current_user.is_authenticated else pending_advisor()
    if advisor is not None and login_limits.tell_advisor(
        advisor, login_limits.SECOND_FACTOR, get_remote_address()
    ):
        db.session.commit()


def _limits() -> str:
    return current_app.config["VEIVISER_SECOND_FACTOR_LIMITS"]


second_factor_limit = limiter.limit(
    _limits, key_func=_limited_account, methods=["POST"], on_breach=_tell_the_advisor
)


def _login_again():
    if PENDING_KEY in session:
        flash(_("The login took too long. Log in again."), "error")
    session.pop(PENDING_KEY, None)
    return redirect(url_for("advisor.login"), code=303)


def _after_login(next_url: str | None) -> str:
    return request.script_root + next_url if next_url else url_for("advisor.queue")


@bp.route("/login/second-factor", methods=["GET", "POST"])
@second_factor_limit
def second_factor():
    advisor = pending_advisor()
    if advisor is None:
        return _login_again()
    if not factor.is_enrolled(advisor):
        return redirect(url_for("advisor.second_factor_setup"), code=303)
    form = SecondFactorForm()
    if form.validate_on_submit():
        kind = factor.verify(advisor, form.code.data)
        if kind is not None:
            next_url = finish_pending_login(advisor)
            if kind == "recovery":
                _flash_recovery_codes_left(advisor)
            db.session.commit()
            return redirect(_after_login(next_url), code=303)
        db.session.commit()  # the failed attempt stays in the account's trail
        form.code.errors.append(str(WRONG_CODE))
    return render_template("advisor/second_factor.html", form=form)


@bp.route("/login/second-factor/set-up", methods=["GET", "POST"])
@second_factor_limit
def second_factor_setup():
    advisor = pending_advisor()
    if advisor is None:
        return _login_again()
    if factor.is_enrolled(advisor):
        return redirect(url_for("advisor.second_factor"), code=303)
    enrolment = factor.start_enrolment(advisor)
    form = SecondFactorForm()
    if form.validate_on_submit():
        codes = factor.confirm_enrolment(advisor, form.code.data)
        if codes is not None:
            next_url = finish_pending_login(advisor)
            db.session.commit()
            return _show_recovery_codes(codes, _after_login(next_url))
        form.code.errors.append(str(WRONG_CODE))
    db.session.commit()
    return render_template("advisor/second_factor_setup.html", form=form, enrolment=enrolment)


@bp.get("/account")
def account():
    advisor = _advisor()
    return render_template(
        "advisor/account.html",
        enrolled=factor.is_enrolled(advisor),
        codes_left=factor.recovery_codes_left(advisor),
        form=SecondFactorForm(),
    )


@bp.post("/account/recovery-codes")
@second_factor_limit
def renew_recovery_codes():
    advisor = _advisor()
    form = SecondFactorForm()
    codes = None
    if form.validate_on_submit():
        codes = factor.renew_recovery_codes(advisor, form.code.data)
        db.session.commit()
        if codes is not None:
            return _show_recovery_codes(codes, url_for("advisor.account"))
        form.code.errors.append(str(WRONG_CODE))
    return render_template(
        "advisor/account.html",
        enrolled=factor.is_enrolled(advisor),
        codes_left=factor.recovery_codes_left(advisor),
        form=form,
    )


def _advisor() -> Advisor:
    return current_user._get_current_object()


def _show_recovery_codes(codes: list[str], continue_url: str):
    return render_template("advisor/recovery_codes.html", codes=codes, continue_url=continue_url)


def _flash_recovery_codes_left(advisor: Advisor) -> None:
    left = factor.recovery_codes_left(advisor)
    flash(
        ngettext(
            "You logged in with a recovery code. You have %(num)d left: make new ones on your "
            "account page.",
            "You logged in with a recovery code. You have %(num)d left: make new ones on your "
            "account page.",
            left,
        ),
        "success",
    )
