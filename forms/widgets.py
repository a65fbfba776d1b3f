"""The wizard's HTML widgets: WTForms' own, with a cheaper attribute writer.

WTForms writes each attribute through `Markup.format`, which escapes through
`string.Formatter`: a step page with a dozen inputs and a select of ministries spent a third
of its time there. These widgets write the same markup (tests/forms/test_widgets.py compares
them with WTForms' on every kind of value) with one f-string per attribute.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from wtforms import widgets


def attribute_name(key: str) -> str:
    """As WTForms names attributes: a trailing "_" dropped (class_, for_), and data_/aria_
    keys with hyphens."""
    key = key.rstrip("_")
    if key.startswith(("data_", "aria_")):
        key = key.replace("_", "-")
    return key


def attributes(**values: Any) -> Markup:
    """HTML attributes, sorted by key: True is a bare attribute, False none, anything else
    escaped (quotes included)."""
    written = []
    for key, value in sorted(values.items()):
        name = attribute_name(key)
        if value is True:
            written.append(name)
        elif value is not False:
            text = str(escape(value)).replace('"', "&quot;")
            written.append(f'{escape(name)}="{text}"')
    return Markup(" ".join(written))


def _validation_attributes(
    widget: Any, field: Any, values: dict[str, Any], call: bool = False
) -> None:
    """The flags the validators set (required, maxlength, …) that the widget writes. WTForms
    finds them through dir(), which lists and sorts every attribute of the flags for each
    input; the flags set are the instance's own attributes."""
    flags = getattr(field, "flags", None)
    set_flags = getattr(flags, "__dict__", {})
    for key in widget.validation_attrs:
        if key in set_flags and key not in values:
            value = set_flags[key]
            values[key] = value() if call and callable(value) else value


class _Input:
    """WTForms' Input.__call__, with the flags found as above."""

    input_type: str
    html_params = staticmethod(attributes)

    def __call__(self, field: Any, **values: Any) -> Markup:
        values.setdefault("id", field.id)
        values.setdefault("type", self.input_type)
        if "value" not in values:
            values["value"] = field._value()
        datalist = getattr(field, "_datalist", None)
        if datalist is not None and "list" not in values:
            values["list"] = datalist if isinstance(datalist, str) else datalist.id
        _validation_attributes(self, field, values, call=True)
        return Markup(f"<input {attributes(name=field.name, **values)}>")


class TextInput(_Input, widgets.TextInput):
    pass


class EmailInput(_Input, widgets.EmailInput):
    pass


class TelInput(_Input, widgets.TelInput):
    pass


class TextArea(widgets.TextArea):
    def __call__(self, field: Any, **values: Any) -> Markup:
        values.setdefault("id", field.id)
        _validation_attributes(self, field, values)
        content = escape(field._value())
        return Markup(f"<textarea {attributes(name=field.name, **values)}>\r\n{content}</textarea>")


class Select(widgets.Select):
    """A single select without option groups (those go to WTForms' own widget)."""

    def __call__(self, field: Any, **values: Any) -> Markup:
        if self.multiple or field.has_groups():
            return super().__call__(field, **values)
        values.setdefault("id", field.id)
        _validation_attributes(self, field, values)
        html = [f"<select {attributes(name=field.name, **values)}>"]
        for value, label, selected, render_kw in field.iter_choices():
            option = {
                "value": str(value) if isinstance(value, bool) else value,
                **(render_kw or {}),
            }
            if selected:
                option["selected"] = True
            html.append(f"<option {attributes(**option)}>{escape(label or value)}</option>")
        html.append("</select>")
        return Markup("".join(html))
