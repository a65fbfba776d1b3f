"""Forms of the advisor workspace."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    PasswordField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import DateInput, NumberInput

from forms import formatting
from forms.fields import (
    ChoiceField,
    LongTextField,
    MaxLength,
    Required,
    TextField,
    active_locale,
    clean_text,
)
from forms.translation import lazy_gettext as _l

from ..services.assessment import (
    FIRST_POSITION,
    FORM_ROWS,
    GENERATED,
    LAST_POSITION,
    MAX_RECOMMENDATIONS,
    NEW,
    OWN,
    RecommendationChoice,
)
from .labels import LANGUAGE_LABELS

NAME_LENGTH, REFERENCE_LENGTH = 200, 100
ASSESSMENT_LENGTH, FOLLOW_UP_LENGTH, RECOMMENDATION_LENGTH = 5_000, 2_000, 2_000
# Longest row number read from a post: more rows than that are never shown.
ROW_NUMBER_DIGITS = 4
# The archive's case number: two-digit year, five-digit case, document number (26/01234-1).
CASE_NUMBER = re.compile(r"\d{2}/\d{5}-\d{1,4}")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class LoginForm(FlaskForm):
    email = StringField(
        _l("E-mail address"),
        filters=[clean_text],
        validators=[DataRequired(message=_l("Enter your e-mail address."))],
    )
    password = PasswordField(
        _l("Password"), validators=[InputRequired(message=_l("Enter your password."))]
    )


class SecondFactorForm(FlaskForm):
    """A code from the authenticator app, or (at login) a recovery code."""

    code = StringField(
        _l("Code"),
        filters=[clean_text],
        validators=[DataRequired(message=_l("Enter the code."))],
    )


class StatusForm(FlaskForm):
    """The status an application should move to; the buttons carry the value."""

    status = StringField(validators=[InputRequired()])


class TrackStepForm(FlaskForm):
    """The step a scheme's track should move to; the buttons carry the value."""

    step = StringField(validators=[InputRequired()])


# --- the advice letter -------------------------------------------------------------------


class IsoDateField(StringField):
    """A date picked or typed as YYYY-MM-DD. ``data`` is a ``date``; what was typed is kept."""

    widget = DateInput()

    def __init__(self, *args: Any, invalid_message: Any, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"class": "input--short"})
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message
        self.unreadable = False

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = clean_text(valuelist[0]) if valuelist else ""
        self.data, self.unreadable = None, False
        if text:
            try:
                if not ISO_DATE.fullmatch(text):
                    raise ValueError(text)
                self.data = date.fromisoformat(text)
            except ValueError:
                self.unreadable = True

    def pre_validate(self, form: Any) -> None:
        if self.unreadable:
            raise StopValidation(str(self.invalid_message))

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return self.data.isoformat() if isinstance(self.data, date) else ""


class PositionField(StringField):
    """A recommendation's place in the letter. ``data`` is an int, or None when left empty;
    anything else is kept as typed and checked by the letter form (only kept rows count)."""

    widget = NumberInput(min=FIRST_POSITION, max=LAST_POSITION)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"class": "input--short", "inputmode": "numeric"})
        super().__init__(*args, **kwargs)
        self.unreadable = False

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = clean_text(valuelist[0]) if valuelist else ""
        self.data, self.unreadable = None, False
        if text:
            if text.isascii() and text.isdigit():
                self.data = int(text)
            else:
                self.unreadable = True

    def process_data(self, value: Any) -> None:
        self.data = value if isinstance(value, int) else None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else str(self.data)

    @property
    def in_range(self) -> bool:
        if self.unreadable:
            return False
        return self.data is None or FIRST_POSITION <= self.data <= LAST_POSITION


class RowList(FieldList):
    """A FieldList that reads only plain row numbers from a post: ``recommendations-²-text``
    or a number of a thousand digits names no row (WTForms would call ``int`` on it)."""

    def _extract_indices(self, prefix: str, formdata: Any) -> Any:
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix):
                number = key[offset:].split(self._field_separator, 1)[0]
                if number.isascii() and number.isdigit() and len(number) <= ROW_NUMBER_DIGITS:
                    yield int(number)


class CaseNumber:
    def __call__(self, form: Any, field: Field) -> None:
        if field.data and not CASE_NUMBER.fullmatch(field.data):
            raise ValidationError(
                gettext(
                    "Enter the case number as the archive writes it: year, case and document "
                    "number, for example 26/01234-1."
                )
            )


class RecommendationForm(Form):
    """One recommendation: generated, the advisor's own, or an empty row for a new one."""

    origin = HiddenField()
    key = HiddenField()
    keep = BooleanField(_l("Keep this recommendation in the letter"))
    text = LongTextField(_l("Text"), render_kw={"rows": 6})
    position = PositionField(
        _l("Position in the letter"),
        description=_l("1 comes first. Empty puts it last."),
    )

    @property
    def row_origin(self) -> str:
        return self.origin.data if self.origin.data in (GENERATED, OWN) else NEW

    @property
    def included(self) -> bool:
        """A listed recommendation counts when "keep" is ticked; a new one when it has text."""
        if self.row_origin == NEW:
            return bool(self.text.data)
        return bool(self.keep.data)

    def choice(self) -> RecommendationChoice:
        return RecommendationChoice(
            key=self.key.data or None,
            text=self.text.data or "",
            position=self.position.data,
            included=self.included,
        )


class LetterForm(FlaskForm):
    """The advisor's assessment and the settings of the advice letter."""

    case_number = TextField(
        _l("Our case number"),
        [Required(_l("Enter the case number, for example 26/01234-1.")), CaseNumber()],
        description=_l("As in the archive: for example 26/01234-1."),
        render_kw={"class": "input--short", "spellcheck": "false"},
    )
    their_reference = TextField(
        _l("Their reference (optional)"),
        [MaxLength(REFERENCE_LENGTH)],
        description=_l("Leave it empty to use the application's reference."),
        render_kw={"class": "input--short", "spellcheck": "false"},
    )
    letter_date = IsoDateField(
        _l("Date of the letter (optional)"),
        description=_l("For example 2026-11-20. Leave it empty for today's date."),
        invalid_message=_l("Enter the date of the letter as a real date, for example 2026-11-20."),
    )
    letter_language = ChoiceField(
        _l("Language of the letter"),
        [Required(_l("Choose the language of the letter."))],
        choices=[SelectChoice(code, label) for code, label in LANGUAGE_LABELS.items()],
    )
    meeting_date = IsoDateField(
        _l("Date of the council's meeting with the agency"),
        [Required(_l("Enter the date of the meeting, for example 2026-11-12."))],
        description=_l("For example 2026-11-12."),
        invalid_message=_l("Enter the date of the meeting as a real date, for example 2026-11-12."),
    )
    overall_assessment = LongTextField(
        _l("The council's overall assessment"),
        [Required(_l("Write the council's overall assessment.")), MaxLength(ASSESSMENT_LENGTH)],
        description=_l("Leave an empty line between paragraphs."),
        render_kw={"rows": 10},
    )
    recommendations = RowList(FormField(RecommendationForm), max_entries=FORM_ROWS)
    no_recommendations = BooleanField(_l("The letter is to have no recommendations"))
    follow_up = LongTextField(
        _l("Follow-up (optional)"),
        [MaxLength(FOLLOW_UP_LENGTH)],
        description=_l(
            "Leave it empty for the usual text: the recommendations are advice, and the "
            "secretariat will get in touch later to hear how the agency has used them."
        ),
    )
    case_officer = TextField(
        _l("Case officer"),
        [Required(_l("Enter the name of the case officer.")), MaxLength(NAME_LENGTH)],
        description=_l("The name the letter is signed with."),
    )
    case_officer_title = TextField(
        _l("Case officer's title (optional)"),
        [MaxLength(NAME_LENGTH)],
        description=_l("Written under the name, in the language of the letter."),
    )
    case_officer_email = TextField(
        _l("Case officer's e-mail address (optional)"),
        [
            Optional(),
            MaxLength(NAME_LENGTH),
            Email(
                _l("Enter an e-mail address in the right format, like name@agency.no"),
                check_deliverability=False,
            ),
        ],
        description=_l("The letter's header gives it with the name, for the agency's questions."),
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    copy_to_ministry = BooleanField(
        _l("Send a copy of the letter to the agency's ministry"),
        description=_l(
            "The council's advice is for the agency. Tick this only when the agency has asked "
            "for it or the case calls for it: the letter then names the ministry as a recipient "
            "of a copy."
        ),
    )
    mark_ready = SubmitField(_l("Save and mark the letter as ready"))

    # The day the request reached the secretariat (set by the view): no meeting before it.
    received_on: date | None = None

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        rows = [entry.form for entry in self.recommendations.entries]
        for number, row in enumerate(rows, 1):
            valid = self._check_row(number, row) and valid
        valid = self._check_count(rows) and valid
        if not any(row.included for row in rows) and not self.no_recommendations.data:
            self.no_recommendations.errors = [
                gettext(
                    "Keep or write at least one recommendation, or confirm that the letter is "
                    "to have none."
                )
            ]
            valid = False
        if (
            self.meeting_date.data
            and self.letter_date.data
            and self.meeting_date.data > self.letter_date.data
        ):
            self.meeting_date.errors = [
                gettext("The meeting must be on or before the date of the letter.")
            ]
            valid = False
        if (
            self.meeting_date.data
            and self.received_on
            and self.meeting_date.data < self.received_on
        ):
            self.meeting_date.errors = [
                gettext(
                    "The meeting cannot be before the request arrived (%(date)s).",
                    date=formatting.format_date_long(self.received_on, active_locale()),
                )
            ]
            valid = False
        # The list's own error list was taken before the rows were checked.
        self.recommendations.errors = (
            [entry.errors for entry in self.recommendations.entries]
            if any(entry.errors for entry in self.recommendations.entries)
            else []
        )
        return valid

    @staticmethod
    def _check_count(rows: list[RecommendationForm]) -> bool:
        kept = [row for row in rows if row.included]
        if len(kept) <= MAX_RECOMMENDATIONS:
            return True
        # On the first row past the limit, so the summary links to where the list overflows.
        first_extra = kept[MAX_RECOMMENDATIONS].text
        first_extra.errors = [
            *first_extra.errors,
            gettext(
                "A letter can have at most %(limit)s recommendations, and %(count)s are kept. "
                "Untick “Keep this recommendation in the letter” for some, or empty new rows.",
                limit=MAX_RECOMMENDATIONS,
                count=len(kept),
            ),
        ]
        return False

    @staticmethod
    def _check_row(number: int, row: RecommendationForm) -> bool:
        text = row.text.data or ""
        if len(text) > RECOMMENDATION_LENGTH:
            row.text.errors = [
                gettext(
                    "Shorten recommendation %(number)s to at most %(limit)s characters "
                    "(it has %(length)s).",
                    number=number,
                    limit=formatting.format_grouped(RECOMMENDATION_LENGTH, active_locale()),
                    length=formatting.format_grouped(len(text), active_locale()),
                )
            ]
        if not row.included:
            return not row.text.errors
        if not text:
            row.text.errors = [
                gettext(
                    "Write the text of recommendation %(number)s, or untick “Keep this "
                    "recommendation in the letter” to leave it out.",
                    number=number,
                )
            ]
        if not row.position.in_range:
            row.position.errors = [
                gettext(
                    "Give recommendation %(number)s a position from 1 to 99, or leave it empty "
                    "to put it last.",
                    number=number,
                )
            ]
        return not (row.text.errors or row.position.errors)

    def error_links(self) -> list[tuple[str, str]]:
        """(control id, message) for the error summary, in the order of the page."""
        links = []
        for field in self:
            if isinstance(field, FieldList):
                for entry in field.entries:
                    links += [(sub.id, sub.errors[0]) for sub in entry.form if sub.errors]
            elif field.errors:
                anchor = f"{field.id}-0" if isinstance(field, ChoiceField) else field.id
                links.append((anchor, field.errors[0]))
        return links

    def letter_data(self) -> dict[str, Any]:
        """The validated answers as ``services.assessment.save_assessment`` takes them."""
        data = {
            name: self[name].data
            for name in (
                "case_number",
                "their_reference",
                "letter_date",
                "letter_language",
                "meeting_date",
                "overall_assessment",
                "follow_up",
                "case_officer",
                "case_officer_title",
                "case_officer_email",
                "copy_to_ministry",
            )
        }
        data["recommendations"] = [entry.form.choice() for entry in self.recommendations.entries]
        return data

    def set_letter_language(self, language: str) -> None:
        """Mark the fields whose text goes into the letter with the letter's language."""
        for field in (self.overall_assessment, self.follow_up, self.case_officer_title):
            field.render_kw = {**(field.render_kw or {}), "lang": language}
        for entry in self.recommendations.entries:
            text = entry.form.text
            text.render_kw = {**(text.render_kw or {}), "lang": language}


class MeetingForm(FlaskForm):
    """The date of the council's meeting with the agency, agreed in preparation."""

    meeting_on = IsoDateField(
        _l("Date of the meeting with the council"),
        [Required(_l("Enter the date of the meeting, for example 2026-11-12."))],
        description=_l("For example 2026-11-12. The advice letter takes this date."),
        invalid_message=_l("Enter the date of the meeting as a real date, for example 2026-11-12."),
    )
