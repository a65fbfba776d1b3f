"""Forms of the decisions on co-financing: the decision, the plan and the final grant."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import DateInput

from forms.fields import (
    ChoiceField,
    LongTextField,
    MaxLength,
    MultiCheckboxField,
    Required,
    TextField,
)
from forms.money import parse_amount
from forms.translation import lazy_gettext as _l

from ..services import decisions
from .call_forms import ParsedValueField, _day, _kroner
from .forms import CaseNumber
from .labels import LANGUAGE_LABELS

OUTCOME_LABELS = {
    decisions.GRANT: _l("Preliminary grant"),
    decisions.REJECTION: _l("Rejection"),
}


def _date_field(label: Any, validators: list[Any], **kwargs: Any) -> ParsedValueField:
    return ParsedValueField(
        label,
        validators,
        parse=_day,
        show=date.isoformat,
        widget=DateInput(),
        render_kw={"class": "input--short"},
        **kwargs,
    )


class DecisionForm(FlaskForm):
    """A preliminary grant or a rejection, as the lead advisor writes it."""

    outcome = ChoiceField(
        _l("Decision"),
        [Required(_l("Choose a preliminary grant or a rejection."))],
        choices=[SelectChoice(value, label) for value, label in OUTCOME_LABELS.items()],
    )
    amount = ParsedValueField(
        _l("Amount granted, in NOK"),
        parse=parse_amount,
        show=_kroner,
        description=_l("For a grant: at most the amount requested and what the rules allow."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    plan_due_on = _date_field(
        _l("Deadline for the benefits realisation plan"),
        [],
        description=_l("For a grant: the day the agency must send the plan by."),
    )
    conditions = LongTextField(
        _l("Further conditions"),
        [MaxLength(decisions.CONDITIONS_LENGTH)],
        description=_l("For a grant: the letter already states the standard conditions."),
    )
    reasons = MultiCheckboxField(
        _l("Reasons for a rejection"),
        choices=[
            SelectChoice(reason, _l(label)) for reason, label in decisions.REASON_LABELS.items()
        ],
    )
    reasons_text = LongTextField(
        _l("The reasons as the letter gives them"),
        [MaxLength(decisions.REASONS_LENGTH)],
        description=_l(
            "Left empty, the letter says what the reasons you chose mean. Change the text as "
            "you see fit."
        ),
    )
    letter_language = ChoiceField(
        _l("Language of the letter"),
        [Required(_l("Choose the language of the letter."))],
        choices=[SelectChoice(code, label) for code, label in LANGUAGE_LABELS.items()],
    )
    case_number = TextField(
        _l("Our reference (case number)"),
        [CaseNumber()],
        description=_l("As the archive writes it, for example 26/01234-1."),
        render_kw={"class": "input--short", "autocomplete": "off"},
    )
    letter_date = _date_field(
        _l("Date of the letter"),
        [],
        description=_l("Left empty, the letter is dated the day it is sent."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("amount", "plan_due_on", "conditions", "reasons", "reasons_text"):
            getattr(self, name).flags.optional = True
        self.case_number.flags.optional = True
        self.letter_date.flags.optional = True

    def draft(self) -> decisions.DecisionDraft:
        return decisions.DecisionDraft(
            outcome=self.outcome.data,
            amount=self.amount.data,
            conditions=self.conditions.data or None,
            plan_due_on=self.plan_due_on.data,
            reasons=tuple(self.reasons.data or ()),
            reasons_text=self.reasons_text.data or None,
            letter_language=self.letter_language.data,
            case_number=self.case_number.data or None,
            letter_date=self.letter_date.data,
        )


class PlanUploadForm(FlaskForm):
    plan = FileField(_l("The benefits realisation plan"))


class PlanChangesForm(FlaskForm):
    message = LongTextField(
        _l("What the agency should change"),
        [
            Required(_l("Write what the agency should change in the plan.")),
            MaxLength(decisions.MESSAGE_LENGTH),
        ],
        description=_l("The agency gets this by e-mail and sends a new plan."),
    )


class FinalGrantForm(FlaskForm):
    final_amount = ParsedValueField(
        _l("Final amount granted, in NOK"),
        [Required(_l("Enter the amount granted, more than 0 kroner."))],
        parse=parse_amount,
        show=_kroner,
        description=_l("At most the preliminary grant."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    final_letter_date = _date_field(
        _l("Date of the letter"),
        [],
        description=_l("Left empty, the letter is dated the day it is sent."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.final_letter_date.flags.optional = True
