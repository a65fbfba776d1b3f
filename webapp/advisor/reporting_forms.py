"""The advisor's form for a project's reporting link: who gets it."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import Email, InputRequired, Length, Optional

from forms.translation import lazy_gettext as _l

_FORMAT = _l("Enter an e-mail address in the right format, like name@agency.no")


class ReportingLinkForm(FlaskForm):
    contact_email = EmailField(
        _l("The contact's e-mail address"),
        [
            InputRequired(_l("Enter the contact's e-mail address")),
            Length(max=254),
            Email(_FORMAT, check_deliverability=False),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    head_email = EmailField(
        _l("The agency head's e-mail address"),
        [Optional(), Length(max=254), Email(_FORMAT, check_deliverability=False)],
        description=_l(
            "As in the letter of the grant; the head gets the link and the reminders too."
        ),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
