"""The wizard's widgets write what WTForms' own write, character for character: if WTForms
changes its markup, these fail and say which widget to look at."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from wtforms import EmailField, Form, SelectField, StringField, TelField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length
from wtforms.widgets import html_params

from forms import widgets

AWKWARD = [
    "plain",
    "quote \" and apostrophe '",
    "<script>&amp;</script>",
    Markup("<b>x</b>"),
    0,
    12.5,
    "æøå",
]


@pytest.mark.parametrize("value", AWKWARD)
def test_attributes_are_written_as_wtforms_writes_them(value):
    values = {
        "value": value,
        "class_": "c",
        "data_year_table": "1",
        "aria_describedby": "a b",
        "required": True,
        "readonly": False,
        "for_": "x",
        "id": "f",
    }
    assert widgets.attributes(**values) == html_params(**values)


class Sample(Form):
    text = StringField("Text", [InputRequired(), Length(max=10)], render_kw={"autocomplete": "off"})
    area = TextAreaField("Area", [Length(max=100)])
    mail = EmailField("Mail")
    phone = TelField("Phone", render_kw={"class": "input--short"})
    choice = SelectField(
        "Choice",
        choices=[SelectChoice("", "Choose"), SelectChoice("a", "A & B"), SelectChoice("b", '"B"')],
    )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {
            "text": 'x"<y>',
            "area": "line\nline <b>",
            "mail": "a@b.no",
            "phone": "+47 1",
            "choice": "a",
        },
    ],
)
@pytest.mark.parametrize(
    ("name", "fast"),
    [
        ("text", widgets.TextInput()),
        ("area", widgets.TextArea()),
        ("mail", widgets.EmailInput()),
        ("phone", widgets.TelInput()),
        ("choice", widgets.Select()),
    ],
)
def test_each_widget_renders_as_the_wtforms_widget(data, name, fast):
    form = Sample(data=data)
    field = form[name]
    extra = {"aria_describedby": "hint", "aria_invalid": "true"}
    assert fast(field, **extra) == field.widget(field, **extra)
    assert fast(field) == field.widget(field)
