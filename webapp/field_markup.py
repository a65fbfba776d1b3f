"""The markup of one form question: label, hint, error and control, tied by aria-describedby.

Written in Python rather than as Jinja macros: a step page renders a dozen questions, and each
macro call (with the little macros inside it) cost more than the rest of the question's
markup. `_form_macros.html` exports these functions under the macros' old names, so templates
call `forms.field(form.x)` as before; tests/forms/test_field_markup.py compares the markup with
that of the macros these replaced.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup, escape

CHOICE_TYPES = {"RadioField": "radio", "ChoiceField": "radio", "MultiCheckboxField": "checkbox"}
YEAR_TABLE_TEMPLATE = "apply/_year_table.html"


def field(question: Any) -> Markup:
    """Every kind of question the app asks, as the form macros wrote it."""
    kind = question.type
    if kind in CHOICE_TYPES:
        return choice_group(question, CHOICE_TYPES[kind])
    if kind == "BooleanField":
        return single_checkbox(question)
    if kind == "YearTableField":
        # A table of its own, rarely on a page: its macro stays in Jinja.
        return Markup(_year_table_macro()(question))
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
        f"  {question(**extra)}\n"
        "</div>"
    )


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


def _year_table_macro() -> Any:
    # The template's module is built once and kept by Jinja with the template.
    return current_app.jinja_env.get_template(YEAR_TABLE_TEMPLATE).module.year_table


def init_app(app: Any) -> None:
    app.jinja_env.globals.update(
        field_markup=field,
        field_describedby=describedby,
        field_hint_and_error=hint_and_error,
    )
