"""Forms of the calls and the ranking: a call's details, an advisor's assessment of one
application, and the lead advisor's amount and place."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation
from wtforms.widgets import DateInput, NumberInput, TimeInput

from forms import calls as call_rules
from forms import formatting
from forms.fields import (
    ChoiceField,
    LongTextField,
    MaxLength,
    Required,
    active_locale,
    clean_text,
    render_text,
)
from forms.money import AmountError, parse_amount
from forms.rulesets import available_rulesets, load_ruleset
from forms.text import N_, Text, text
from forms.translation import lazy_gettext as _l

from ..services import calls, ranking


class ParsedValueField(StringField):
    """A text input read by a parse function that raises :class:`CallValueError` (or an
    ``AmountError``) with the message to show; what was typed stays in the field."""

    def __init__(
        self,
        label: Any,
        validators: Any = None,
        *,
        parse: Callable[[str], Any],
        show: Callable[[Any], str] = str,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.parse, self.show = parse, show
        self.problem: Text | None = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = clean_text(valuelist[0]) if valuelist else ""
        self.data, self.problem = None, None
        if raw:
            try:
                self.data = self.parse(raw)
            except (call_rules.CallValueError, AmountError) as error:
                self.problem = error.message

    def pre_validate(self, form: Any) -> None:
        if self.problem is not None:
            raise StopValidation(render_text(self.problem))

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else self.show(self.data)


def _day(raw: str) -> date:
    return call_rules.parse_day(raw, text(N_("Enter a date.")))


def _kroner(value: int) -> str:
    return formatting.format_grouped(value, active_locale())


def ruleset_choices() -> list[SelectChoice]:
    return [
        SelectChoice(
            ruleset_id, f"{load_ruleset(ruleset_id).title_for(active_locale())} ({ruleset_id})"
        )
        for ruleset_id in available_rulesets()
    ]


class CallForm(FlaskForm):
    """A call's details as a lead advisor gives them; the deadline in Norwegian time."""

    year = ParsedValueField(
        _l("Year of the call"),
        [Required(_l("Enter the year of the call."))],
        parse=call_rules.parse_year,
        render_kw={"class": "input--short", "inputmode": "numeric", "autocomplete": "off"},
    )
    ruleset_id = ChoiceField(
        _l("Rule set the call runs under"),
        [Required(_l("Choose the rule set the call runs under."))],
    )
    pot = ParsedValueField(
        _l("The pot, in NOK"),
        [Required(_l("Enter the pot in kroner."))],
        parse=call_rules.parse_pot,
        show=_kroner,
        description=_l("For example 190 000 000 or 190 MNOK."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    opens_on = ParsedValueField(
        _l("The day the call opens"),
        [Required(_l("Enter the day the call opens."))],
        parse=_day,
        show=date.isoformat,
        widget=DateInput(),
        description=_l("The call opens at the start of this day, Norwegian time."),
        render_kw={"class": "input--short"},
    )
    deadline_on = ParsedValueField(
        _l("Deadline: date"),
        [Required(_l("Enter the date of the deadline."))],
        parse=_day,
        show=date.isoformat,
        widget=DateInput(),
        render_kw={"class": "input--short"},
    )
    deadline_time = ParsedValueField(
        _l("Deadline: time (Norwegian time)"),
        [Required(_l("Enter the time of the deadline, for example 12:00."))],
        parse=call_rules.parse_clock,
        show=lambda clock: clock.strftime("%H:%M"),
        widget=TimeInput(),
        render_kw={"class": "input--short"},
    )
    answers_expected_on = ParsedValueField(
        _l("The day applicants can expect an answer"),
        [],
        parse=_day,
        show=date.isoformat,
        widget=DateInput(),
        render_kw={"class": "input--short"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ruleset_id.choices = ruleset_choices()
        self.answers_expected_on.flags.optional = True
        self.deadline_problem: Text | None = None

    @classmethod
    def for_call(cls, call: Any) -> CallForm:
        local = call_rules.in_norway(call.deadline_at)
        return cls(
            data={
                "year": call.year,
                "ruleset_id": call.ruleset_id,
                "pot": call.pot,
                "opens_on": call.opens_on,
                "deadline_on": local.date(),
                "deadline_time": local.time(),
                "answers_expected_on": call.answers_expected_on,
            }
        )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if valid:
            try:
                self.deadline_at = call_rules.norwegian_time_to_utc(
                    self.deadline_on.data, self.deadline_time.data
                )
            except call_rules.CallValueError as error:
                self.deadline_time.errors.append(render_text(error.message))
                valid = False
        return valid

    def details(self) -> calls.CallDetails:
        return calls.CallDetails(
            year=self.year.data,
            ruleset_id=self.ruleset_id.data,
            pot=self.pot.data,
            opens_on=self.opens_on.data,
            deadline_at=self.deadline_at,
            answers_expected_on=self.answers_expected_on.data,
        )

    # The service's field names, as the fields that show its problems.
    SERVICE_FIELDS: ClassVar[dict[str, str]] = {
        "year": "year",
        "ruleset_id": "ruleset_id",
        "pot": "pot",
        "opens_on": "opens_on",
        "deadline": "deadline_on",
        "answers_expected_on": "answers_expected_on",
    }

    def show_problems(self, problems: dict[str, Text]) -> None:
        for name, problem in problems.items():
            field = getattr(self, self.SERVICE_FIELDS.get(name, "year"))
            field.errors = [*field.errors, render_text(problem)]


def _score_choices() -> list[SelectChoice]:
    # The scale, stated on the form.
    return [SelectChoice(str(score), _l(label)) for score, label in ranking.SCORE_LABELS.items()]


def _score(raw: Any) -> int | None:
    return int(raw) if isinstance(raw, str) and raw.isascii() and raw.isdigit() else None


class ScoreField(ChoiceField):
    """One score on the stated scale, as radio buttons; None until the advisor chooses."""

    def __init__(self, label: Any, **kwargs: Any) -> None:
        super().__init__(label, choices=_score_choices(), **kwargs)
        self.flags.optional = True
        self.type = "ChoiceField"  # the form macros show it as the radio group it is

    def process_data(self, value: Any) -> None:
        self.data = None if value is None else str(value)

    @property
    def score(self) -> int | None:
        return _score(self.data)


class RankingAssessmentForm(FlaskForm):
    """An advisor's ticks of the formal requirements, and the three scores with comments."""

    eligible_applicant = BooleanField(_l(ranking.REQUIREMENT_LABELS["eligible_applicant"]))
    cost_band = BooleanField(_l(ranking.REQUIREMENT_LABELS["cost_band"]))
    phase = BooleanField(_l(ranking.REQUIREMENT_LABELS["phase"]))
    attachments = BooleanField(_l(ranking.REQUIREMENT_LABELS["attachments"]))
    ks_statement = BooleanField(_l(ranking.REQUIREMENT_LABELS["ks_statement"]))
    benefits_score = ScoreField(_l(ranking.SCORE_NAMES["benefits"]))
    benefits_comment = LongTextField(
        _l("Comment on the non-priced benefits"), [MaxLength(ranking.COMMENT_LENGTH)]
    )
    gains_score = ScoreField(_l(ranking.SCORE_NAMES["gains"]))
    gains_comment = LongTextField(
        _l("Comment on the realisation of internal gains"), [MaxLength(ranking.COMMENT_LENGTH)]
    )
    maturity_score = ScoreField(_l(ranking.SCORE_NAMES["maturity"]))
    maturity_comment = LongTextField(
        _l("Comment on the maturity"), [MaxLength(ranking.COMMENT_LENGTH)]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ranking.SCORES:
            getattr(self, f"{name}_comment").flags.optional = True

    def assessment(self) -> ranking.Assessment:
        return ranking.Assessment(
            eligible_applicant=self.eligible_applicant.data,
            cost_band=self.cost_band.data,
            phase=self.phase.data,
            attachments=self.attachments.data,
            ks_statement=self.ks_statement.data,
            benefits_score=self.benefits_score.score,
            benefits_comment=self.benefits_comment.data or None,
            gains_score=self.gains_score.score,
            gains_comment=self.gains_comment.data or None,
            maturity_score=self.maturity_score.score,
            maturity_comment=self.maturity_comment.data or None,
        )


class AmountForm(FlaskForm):
    """The amount the lead advisor proposes to grant."""

    proposed_amount = ParsedValueField(
        _l("Amount proposed, in NOK"),
        [Required(_l("Enter the amount proposed in kroner."))],
        parse=parse_amount,
        show=_kroner,
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


class PlaceField(StringField):
    """A place in the ranking: a whole number from 1, or empty for the weighted rank."""

    widget = NumberInput(min=1)

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = clean_text(valuelist[0]) if valuelist else ""
        self.data, self.unreadable = None, False
        if raw:
            if raw.isascii() and raw.isdigit() and len(raw) <= 6 and int(raw) >= 1:
                self.data = int(raw)
            else:
                self.unreadable = True

    def process_data(self, value: Any) -> None:
        self.data, self.unreadable = (value if isinstance(value, int) else None), False

    def pre_validate(self, form: Any) -> None:
        if self.unreadable:
            raise StopValidation(str(_l("Enter the place as a whole number from 1.")))

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else str(self.data)


class PlaceForm(FlaskForm):
    """The lead advisor's override of the weighted rank, with the reason."""

    place = PlaceField(
        _l("Place in the ranking"),
        description=_l("Leave it empty to give the application its weighted rank again."),
        render_kw={"class": "input--short", "inputmode": "numeric"},
    )
    reason = LongTextField(
        _l("Reason for the place"),
        [MaxLength(ranking.REASON_LENGTH)],
        description=_l("Required when you place the application elsewhere than its rank."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.place.flags.optional = True

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.place.data is not None and not self.reason.data:
            self.reason.errors.append(
                str(_l("Give the reason for placing the application elsewhere."))
            )
            valid = False
        return valid
