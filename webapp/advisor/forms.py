"""Forms of the advisor workspace."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, InputRequired


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class LoginForm(FlaskForm):
    email = StringField(
        _l("E-mail address"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Enter your e-mail address."))],
    )
    password = PasswordField(
        _l("Password"), validators=[InputRequired(message=_l("Enter your password."))]
    )


class StatusForm(FlaskForm):
    """The status an application should move to; the buttons carry the value."""

    status = StringField(validators=[InputRequired()])
