"""The markup of one form question: label, hint, error and control, tied by aria-describedby.

Written in Python rather than as Jinja macros: a step page renders a dozen questions, and each
macro call (with the little macros inside it) cost more than the rest of the question's
markup. `_form_macros.html` exports these functions under the macros' old names, so templates
call `forms.field(form.x)` as before; tests/forms/test_field_markup.py compares the markup with
that of the macros these replaced.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from markupsafe import Markup, escape

from forms.fields import YearRow
from forms.progress import BoundedMemo
from forms.translation import gettext as _
from forms.translation import text_key

from .i18n import amount_formatter, locale_name

CHOICE_TYPES = {"RadioField": "radio", "ChoiceField": "radio", "MultiCheckboxField": "checkbox"}


def field(question: Any) -> Markup:
    """Every kind of question the app asks, as the form macros wrote it."""
    kind = question.type
    if kind in CHOICE_TYPES:
        return choice_group(question, CHOICE_TYPES[kind])
    if kind == "BooleanField":
        return single_checkbox(question)
    if kind == "YearTableField":
        return year_table(question)
    return text_field(question)


def describedby(question: Any) -> str:
    """The ids of the hint and the error, as far as the question has them."""
    ids = []
    if question.description:
        ids.append(f"{question.id}-hint")
    if question.errors:
        ids.append(f"{question.id}-error")
    return " ".join(ids)


def hint_and_error(question: Any) -> Markup:
    parts = []
    if question.description:
        parts.append(
            f'<span class="hint" id="{escape(question.id)}-hint">{escape(question.description)}'
            "</span>"
        )
    if question.errors:
        parts.append(
            f'<span class="error-message" id="{escape(question.id)}-error">'
            f'<span class="visually-hidden">{escape(_("Error:"))}</span> '
            f"{escape(question.errors[0])}</span>"
        )
    return Markup("\n".join(parts))


def optional_marker(question: Any) -> Markup:
    if not question.flags.optional:
        return Markup("")
    return Markup(f' <span class="optional">{escape(_("(optional)"))}</span>')


def text_field(question: Any) -> Markup:
    extra = {}
    if question.errors:
        extra["aria-invalid"] = "true"
    described = describedby(question)
    if described:
        extra["aria-describedby"] = described
    if question.flags.required:
        extra["aria-required"] = "true"
    return Markup(
        f"{_field_open(question)}\n"
        f'  <label for="{escape(question.id)}">{_label(question)}</label>\n'
        f"  {hint_and_error(question)}\n"
        f"  {_control(question, extra)}\n"
        "</div>"
    )


def _control(question: Any, extra: dict[str, str]) -> Markup:
    """`question(**extra)` without the two calls in between (Field.__call__ and the meta's
    render_field, which only merges render_kw under the call's own attributes)."""
    return question.widget(question, **{**(question.render_kw or {}), **extra})


def choice_group(question: Any, kind: str) -> Markup:
    field_id, name = escape(question.id), escape(question.name)
    described = describedby(question)
    described_attribute = f' aria-describedby="{escape(described)}"' if described else ""
    items = []
    for index, (value, label, checked, _render_kw) in enumerate(question.iter_choices()):
        control_id = f"{field_id}-{index}"
        items.append(
            "      <li>\n"
            f'        <input type="{kind}" id="{control_id}" name="{name}" '
            f'value="{escape(value)}"{" checked" if checked else ""}>\n'
            f'        <label for="{control_id}">{escape(label)}</label>\n'
            "      </li>"
        )
    return Markup(
        f"{_field_open(question)}\n"
        f'  <fieldset id="{field_id}"{described_attribute}>\n'
        f"    <legend>{_label(question)}</legend>\n"
        f"    {hint_and_error(question)}\n"
        '    <ul class="choices">\n' + "\n".join(items) + "\n    </ul>\n  </fieldset>\n</div>"
    )


def single_checkbox(question: Any) -> Markup:
    field_id = escape(question.id)
    described = describedby(question)
    described_attribute = f' aria-describedby="{escape(described)}"' if described else ""
    checked = " checked" if question.data else ""
    return Markup(
        f"{_field_open(question)}\n"
        f"  {hint_and_error(question)}\n"
        '  <ul class="choices">\n'
        "    <li>\n"
        f'      <input type="checkbox" id="{field_id}" name="{escape(question.name)}" '
        f'value="y"{checked}{described_attribute}>\n'
        f'      <label for="{field_id}">{_label(question)}</label>\n'
        "    </li>\n"
        "  </ul>\n"
        "</div>"
    )


def _field_open(question: Any) -> str:
    return '<div class="field field--error">' if question.errors else '<div class="field">'


def _label(question: Any) -> Markup:
    return Markup(f"{escape(question.label.text)}{optional_marker(question)}")


def year_table(question: Any) -> Markup:
    """The co-financing year table (forms.fields.YearTableField): one input per year and
    column, so it works without JavaScript; static/year_table.js adds totals as you type and
    copying. A dozen years of six columns made it the costliest part of its page as a macro.

    A table without errors or typed text (a step opened from the stored answers) differs
    from another of the same shape and language only in its amounts: its frame, the markup
    around them, is written once by the same writer and kept (`_year_table_frame`)."""
    amount, totals = amount_formatter(), question.column_totals()
    total_texts = [amount(totals[column]) for column, _label in question.columns]
    if question.errors or question.cell_errors or question.raw:
        return _write_year_table(question, question.table_rows(), total_texts)
    frame = _year_table_frame(question)
    # Digits and group separators from ints: nothing in the amounts to escape.
    values = [*question.shown_amounts(locale_name()), *(str(escape(t)) for t in total_texts)]
    written = [frame[0]]
    for value, after in zip(values, frame[1:], strict=True):
        written += (value, after)
    return Markup("".join(written))


# Where the amounts go in a frame: escaping leaves NUL as it is, and no amount holds one.
_SLOT = "\x00"
_frames: BoundedMemo[tuple[str, ...]] = BoundedMemo(64)


def _year_table_frame(question: Any) -> tuple[str, ...]:
    """The table's markup split at its amounts (cells row by row, then the totals), by
    everything else it is written from: language, names, texts, years and columns."""
    key = (
        locale_name(),
        question.id,
        question.name,
        text_key(question.label.text),
        text_key(question.description),
        question.rows,
        question.first_year,
        tuple((column, text_key(label)) for column, label in question.columns),
    )

    def write() -> tuple[str, ...]:
        rows = [
            YearRow(row.t, row.label, tuple(replace(cell, value=_SLOT) for cell in row.cells))
            for row in question.table_rows()
        ]
        markup = _write_year_table(question, rows, [_SLOT] * len(question.columns))
        return tuple(str(markup).split(_SLOT))

    return _frames.remember(key, write)


def _write_year_table(question: Any, table_rows: list[YearRow], total_texts: list[str]) -> Markup:
    field_id = escape(question.id)
    error = question.errors[0] if question.errors else None
    described = f"{field_id}-hint" + (f" {field_id}-error" if error is not None else "")
    copy_long = _("Copy the running costs and gains of {year} to the later years")
    copied = _("The running costs and gains of {year} are copied to the later years.")
    html = [
        f'<div class="field year-table{" field--error" if error is not None else ""}" '
        f'id="{field_id}" data-year-table\n'
        f'     data-copy-label="{escape(_("Copy to later years"))}"\n'
        f'     data-copy-label-long="{escape(copy_long)}"\n'
        f'     data-copied-label="{escape(copied)}">',
        f'  <fieldset aria-describedby="{described}">',
        f"    <legend>{escape(question.label.text)}</legend>",
        f'    <span class="hint" id="{field_id}-hint">{escape(question.description)}</span>',
    ]
    if error is not None:
        html.append(_error_message(field_id, error))
    columns = [(column, escape(label)) for column, label in question.columns]
    html += [
        '    <table class="year-table__table">',
        "      <thead>",
        "        <tr>",
        f'          <th scope="col">{escape(_("Year"))}</th>',
        *(f'          <th scope="col" class="number">{label}</th>' for _c, label in columns),
        "        </tr>",
        "      </thead>",
        "      <tbody>",
    ]
    # A column's label and name are the same in every row: escaped once, not once per cell.
    # (The cells' labels are plain text; the head's are the lazy labels, which escape as markup.)
    escaped = {column: (escape(str(label)), escape(column)) for column, label in question.columns}
    for row in table_rows:
        row_label = escape(row.label)
        html += [
            f'        <tr data-year="{row.t}">',
            f'          <th scope="row" class="year-table__year">{row_label}</th>',
        ]
        for cell in row.cells:
            label, column = escaped[cell.column]
            cell_id = escape(cell.id)
            name = cell_id if cell.name == cell.id else escape(cell.name)
            wrong = cell.error is not None
            cell_class = "year-table__cell year-table__cell--error" if wrong else "year-table__cell"
            html.append(
                f'          <td class="{cell_class}">'
                f'\n            <label class="year-table__label" for="{cell_id}">'
                f'{label}<span class="visually-hidden">, {row_label}</span></label>'
            )
            if wrong:
                html.append(_error_message(cell_id, cell.error))
            invalid = f' aria-invalid="true" aria-describedby="{cell_id}-error"' if wrong else ""
            html.append(
                '            <input type="text" inputmode="decimal" autocomplete="off" '
                f'spellcheck="false" id="{cell_id}" name="{name}" '
                f'value="{escape(cell.value)}" data-column="{column}"{invalid}>'
                "\n          </td>"
            )
        html.append("        </tr>")
    html += [
        "      </tbody>",
        "      <tfoot>",
        "        <tr>",
        f'          <th scope="row">{escape(_("Total"))}</th>',
        *(
            '          <td class="number year-table__total"><span class="year-table__label" '
            f'aria-hidden="true">{label}</span> <output data-total-for="{escape(column)}" '
            f'aria-live="off">{escape(total)}</output></td>'
            for (column, label), total in zip(columns, total_texts, strict=True)
        ),
        "        </tr>",
        "      </tfoot>",
        "    </table>",
        "  </fieldset>",
        "</div>",
    ]
    return Markup("\n".join(html))


def _error_message(control_id: str, message: Any) -> str:
    return (
        f'    <span class="error-message" id="{control_id}-error">'
        f'<span class="visually-hidden">{escape(_("Error:"))}</span> {escape(message)}</span>'
    )


def init_app(app: Any) -> None:
    app.jinja_env.globals.update(
        field_markup=field,
        field_describedby=describedby,
        field_hint_and_error=hint_and_error,
    )
