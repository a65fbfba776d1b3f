"""Forms of the wizard that are not questionnaire steps."""

from __future__ import annotations

from typing import Any

from wtforms import EmailField, Form, HiddenField, StringField
from wtforms.validators import Email, InputRequired, Length

from forms.translation import lazy_gettext as _l


class ResumeForm(Form):
    code = StringField(
        _l("Resume code"),
        [InputRequired(_l("Enter your resume code")), Length(max=40)],
        description=_l("16 letters and digits, as in ABCD-EFGH-JKMN-PQRS."),
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )


class ReceiptForm(Form):
    """Open a receipt again from any browser: the reference and the receipt code."""

    reference = StringField(
        _l("Reference number"),
        [InputRequired(_l("Enter the reference number")), Length(max=40)],
        description=_l("As on the receipt, for example VV-2027-000123."),
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )
    code = StringField(
        _l("Receipt code"),
        [InputRequired(_l("Enter the receipt code")), Length(max=40)],
        description=_l("16 letters and digits, as in ABCD-EFGH-JKMN-PQRS."),
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )


def address_field(label: Any, missing: Any) -> EmailField:
    """An e-mail address typed by the applicant, checked for its form (not its mailbox)."""
    return EmailField(
        label,
        [
            InputRequired(missing),
            Length(max=254),
            Email(
                _l("Enter an e-mail address in the right format, like name@agency.no"),
                check_deliverability=False,
            ),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


class ReceiptMailForm(Form):
    """On the receipt: send the receipt to another address (a colleague, the agency's archive)."""

    email = address_field(
        _l("E-mail address"), _l("Enter the e-mail address to send the receipt to")
    )


class ResumeCodeMailForm(Form):
    """On the "answers saved" page: send the code just shown to an address."""

    email = address_field(_l("Your e-mail address"), _l("Enter your e-mail address"))
    code = HiddenField()
