"""WTForms fields and validators for the questionnaire: amounts, months, organisation numbers.

Messages are built from `forms.text.Text` (or lazy strings) and rendered in the active language
when validation runs, so the applicant reads errors in the language of the page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from flask_babel import get_locale
from markupsafe import escape
from wtforms import Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from forms import formatting
from forms.cleaning import strip_control_characters
from forms.money import AmountError, parse_amount
from forms.orgnr import normalise_org_number, org_number_error
from forms.text import Text
from forms.translation import gettext
from forms.widgets import TextArea, TextInput


def render_text(message: Text) -> str:
    return message.render(gettext, active_locale())


class LocalisedText:
    """A hint or label with numbers in it, rendered for the page's language when shown (as a
    lazy string is), so English pages say "12,500,000" and Norwegian ones "12 500 000"."""

    def __init__(self, message: Text) -> None:
        self.message = message

    def __str__(self) -> str:
        return render_text(self.message)

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __bool__(self) -> bool:
        return True


def active_locale() -> str:
    return str(get_locale() or "nb")


def clean_text(value: Any) -> Any:
    """Strip surrounding space and the control characters a document cannot hold."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", strip_control_characters(value)).strip()


class Required:
    """The field must have a value. Unlike DataRequired, 0 is a value (no running costs)."""

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

    def __init__(self, message: str | Any) -> None:
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        if field.data is None or field.data is False or field.data in ("", [], ()):
            field.errors[:] = []
            raise StopValidation(str(self.message))


class MaxLength:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.field_flags = {"maxlength": limit}

    def __call__(self, form: Any, field: Field) -> None:
        if isinstance(field.data, str) and len(field.data) > self.limit:
            raise ValidationError(
                gettext(
                    "Shorten the text to at most %(limit)s characters (it has %(length)s).",
                    limit=formatting.format_grouped(self.limit, active_locale()),
                    length=formatting.format_grouped(len(field.data), active_locale()),
                )
            )


class TextField(StringField):
    widget = TextInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        self.data = clean_text(self.data)


class LongTextField(TextAreaField):
    widget = TextArea()

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        self.data = clean_text(self.data)


class ParsedField(StringField):
    """A text input read into a typed value; what cannot be read gets `unreadable_message`.

    When the page is shown again after an error, the input shows what the applicant typed.
    """

    input_attributes: ClassVar[dict[str, str]] = {"autocomplete": "off"}
    widget = TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["render_kw"] = {**self.input_attributes, **(kwargs.get("render_kw") or {})}
        super().__init__(*args, **kwargs)
        self.parse_error: str | None = None

    def parse(self, raw: str) -> Any:
        """The typed value of `raw` (never empty); raise ValueError when it cannot be read."""
        raise NotImplementedError

    def display(self, value: Any) -> str:
        return str(value)

    def unreadable_message(self, error: ValueError) -> str:
        raise NotImplementedError

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.parse_error = None
        raw = clean_text(valuelist[0]) if valuelist else ""
        self.data = None
        if raw:
            try:
                self.data = self.parse(raw)
            except ValueError as error:
                self.parse_error = self.unreadable_message(error)

    def pre_validate(self, form: Any) -> None:
        if self.parse_error is not None:
            raise StopValidation(self.parse_error)

    def _value(self) -> str:
        if getattr(self, "raw_data", None):
            return self.raw_data[0]
        return "" if self.data in (None, "") else self.display(self.data)


class AmountField(ParsedField):
    """Whole kroner, typed as people type them: "12 500 000", "12,5 mill.", "12,5 MNOK"."""

    input_attributes: ClassVar[dict[str, str]] = {"autocomplete": "off", "spellcheck": "false"}

    def parse(self, raw: str) -> int:
        return parse_amount(raw)

    def unreadable_message(self, error: ValueError) -> str:
        if isinstance(error, AmountError):  # parse_amount explains what it could not read
            return render_text(error.message)
        return gettext(
            "Enter the amount as a number, for example %(example)s.",
            example=formatting.format_grouped(12_500_000, active_locale()),
        )

    def display(self, value: int) -> str:
        return formatting.format_grouped(value, active_locale())


class MinimumAmount:
    """An amount of at least `low` NOK (the ceilings depend on other answers: see the forms)."""

    def __init__(self, low: int) -> None:
        self.low = low

    def __call__(self, form: Any, field: Field) -> None:
        if field.data is not None and field.data < self.low:
            raise ValidationError(
                gettext(
                    "The amount must be at least %(low)s.",
                    low=formatting.format_nok(self.low, active_locale(), gettext),
                )
            )


class OrgNumberField(StringField):
    widget = TextInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        self.data = normalise_org_number(clean_text(self.data or "")) or None

    def pre_validate(self, form: Any) -> None:
        if self.data:
            error = org_number_error(self.data)
            if error is not None:
                raise StopValidation(render_text(error))

    def _value(self) -> str:
        if getattr(self, "raw_data", None):
            return self.raw_data[0]
        return formatting.format_org_number(self.data) if self.data else ""


_MONTH_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$"),
    re.compile(r"^(?P<month>\d{1,2})[./-](?P<year>\d{4})$"),
    re.compile(r"^(?P<year>\d{4})/(?P<month>\d{1,2})$"),
)


def parse_year_month(raw: str) -> str | None:
    """'2027-03', '03.2027', '3/2027' → '2027-03'; None if it is not a month we can read."""
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(raw.strip())
        if match:
            year, month = int(match["year"]), int(match["month"])
            if 1 <= month <= 12 and 2000 <= year <= 2100:
                return f"{year:04d}-{month:02d}"
    return None


class YearMonthField(ParsedField):
    """A year and month, stored as 'YYYY-MM'."""

    input_attributes: ClassVar[dict[str, str]] = {"autocomplete": "off", "inputmode": "numeric"}

    def parse(self, raw: str) -> str:
        month = parse_year_month(raw)
        if month is None:
            raise ValueError(raw)
        return month

    def unreadable_message(self, error: ValueError) -> str:
        return gettext(
            "Enter the month as year and month, for example %(example)s.", example="2027-03"
        )


class YearField(ParsedField):
    """A calendar year such as 2028, stored as an int."""

    input_attributes: ClassVar[dict[str, str]] = {"autocomplete": "off", "inputmode": "numeric"}

    def parse(self, raw: str) -> int:
        if not (raw.isascii() and raw.isdigit() and len(raw) == 4 and 2000 <= int(raw) <= 2100):
            raise ValueError(raw)
        return int(raw)

    def unreadable_message(self, error: ValueError) -> str:
        return gettext("Enter a year with four digits, for example 2028.")


class ChoiceField(RadioField):
    """Radio buttons whose wrong or missing choice gets our own message."""

    def pre_validate(self, form: Any) -> None:
        if self.data not in (None, "") and self.data not in {c.value for c in self.iter_choices()}:
            raise StopValidation(gettext("Choose one of the options."))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Any) -> None:
        allowed = {choice.value for choice in self.iter_choices()}
        if any(value not in allowed for value in self.data or []):
            raise StopValidation(gettext("Choose among the options shown."))


@dataclass(frozen=True)
class YearCell:
    """One input of the year table, as the template renders it."""

    id: str
    name: str
    column: str
    label: str
    value: str
    error: str | None


@dataclass(frozen=True)
class YearRow:
    t: int
    label: str
    cells: tuple[YearCell, ...]


class YearTableField(Field):
    """A table of whole kroner: one row per year, one column per kind of cost or benefit.

    Each cell is its own input, named ``<name>-<t>-<column>``, so the table works without
    JavaScript. A blank cell is 0. ``data`` is a list of ``{column: kroner}``, one per year.
    The form sets ``rows`` (and ``first_year``, for the labels) before the field is processed.
    """

    def __init__(
        self,
        label: Any = None,
        validators: Any = None,
        columns: tuple[tuple[str, Any], ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.columns = columns  # (name, lazy label)
        self.rows = 0
        self.first_year: int | None = None
        self.raw: dict[tuple[int, str], str] = {}
        self.cell_errors: dict[tuple[int, str], str] = {}

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors = []
        self.raw, self.cell_errors = {}, {}
        if formdata is not None and any(self._key(t, c) in formdata for t, c in self._cells()):
            self.data = [self._read_row(formdata, t) for t in range(self.rows)]
            return
        stored = data if isinstance(data, list) else []
        self.data = [self._stored_row(stored, t) for t in range(self.rows)]

    def _cells(self) -> Iterator[tuple[int, str]]:
        for t in range(self.rows):
            for column, _label in self.columns:
                yield t, column

    def _key(self, t: int, column: str) -> str:
        return f"{self.name}-{t}-{column}"

    def _read_row(self, formdata: Any, t: int) -> dict[str, int]:
        row = {}
        for column, _label in self.columns:
            raw = clean_text(formdata.get(self._key(t, column), ""))
            row[column] = 0
            if raw:
                self.raw[(t, column)] = raw
                try:
                    row[column] = parse_amount(raw)
                except AmountError as error:
                    self.cell_errors[(t, column)] = render_text(error.message)
        return row

    def _stored_row(self, stored: list[Any], t: int) -> dict[str, int]:
        given = stored[t] if t < len(stored) and isinstance(stored[t], dict) else {}
        row = {}
        for column, _label in self.columns:
            value = given.get(column)
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            row[column] = value if ok else 0
        return row

    def pre_validate(self, form: Any) -> None:
        if self.cell_errors:
            (t, column), problem = next(iter(self.cell_errors.items()))
            raise StopValidation(
                gettext(
                    "%(year)s, %(column)s: %(problem)s",
                    year=self.year_label(t),
                    column=self.column_label(column),
                    problem=problem,
                )
            )

    def year_label(self, t: int) -> str:
        if self.first_year is None:
            return gettext("Year %(number)s", number=t + 1)
        return str(self.first_year + t)

    def column_label(self, column: str) -> str:
        return str(dict(self.columns)[column])

    def first_error_id(self) -> str:
        cells = self.cell_errors or {(0, self.columns[0][0]): ""}
        t, column = next(iter(cells))
        return self._key(t, column)

    def shown_amounts(self, locale: str) -> Iterator[str]:
        """The stored amounts as the cells show them (grouped, blank for 0), row by row."""
        for t in range(self.rows):
            row = self.data[t] if t < len(self.data) else {}
            for column, _label in self.columns:
                amount = row.get(column, 0)
                yield formatting.format_grouped(amount, locale) if amount else ""

    def table_rows(self) -> list[YearRow]:
        # Translated once: a lazy label would be looked up again for every cell it is used in.
        columns = [(column, str(label)) for column, label in self.columns]
        shown_amounts = self.shown_amounts(active_locale())
        rows = []
        for t in range(self.rows):
            cells = []
            for column, label in columns:
                shown = next(shown_amounts)
                cells.append(
                    YearCell(
                        id=self._key(t, column),
                        name=self._key(t, column),
                        column=column,
                        label=label,
                        value=self.raw.get((t, column), shown),
                        error=self.cell_errors.get((t, column)),
                    )
                )
            rows.append(YearRow(t, self.year_label(t), tuple(cells)))
        return rows

    def column_totals(self) -> dict[str, int]:
        return {
            column: sum(row.get(column, 0) for row in self.data) for column, _label in self.columns
        }
