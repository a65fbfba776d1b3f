"""The questions written in Python (webapp/field_markup.py) carry the markup the Jinja macros
wrote before them (kept in tests/forms/templates/reference_field_macros.html): labels, hints,
errors, aria attributes and controls, for every kind of question, filled, empty and wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, Form, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from forms import flow
from forms.fields import ChoiceField, MultiCheckboxField
from tests.apply import journey
from webapp import create_app, field_markup
from webapp.services.drafts import ruleset_for

REFERENCE = Path(__file__).parent / "templates"
AWKWARD = "\"quoted\" <b>bold</b> & 'apostrophe'"


@pytest.fixture(scope="module")
def app():
    app = create_app({"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app.jinja_loader  # noqa: B018 (Flask builds the loader lazily)
    app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, FileSystemLoader(REFERENCE)])
    return app


def normalised(html: str) -> str:
    """Runs of spaces, tabs and newlines are one space (NBSP is kept: it is part of the text)."""
    return re.sub(r"[ \t\r\n]+", " ", str(html)).strip()


def reference(app) -> object:
    return app.jinja_env.get_template("reference_field_macros.html").module


def assert_same_markup(app, form) -> None:
    macros = reference(app)
    for question in form:
        if question.type in ("CSRFTokenField", "HiddenField"):
            continue
        python, jinja = field_markup.field(question), macros.field(question)
        assert isinstance(python, Markup)
        assert normalised(python) == normalised(jinja), question.name
        assert field_markup.describedby(question) == str(macros.describedby(question)).strip()
        assert normalised(field_markup.hint_and_error(question)) == normalised(
            macros.hint_and_error(question)
        )


class EveryKind(Form):
    required_text = StringField(
        "Text " + AWKWARD,
        [InputRequired(), Length(max=5, message="Too long " + AWKWARD)],
        description="Hint " + AWKWARD,
    )
    optional_text = StringField("Optional", [Optional()])
    area = TextAreaField("Area", [Optional(), Length(max=3)], description="Long hint")
    menu = SelectField(
        "Menu",
        choices=[
            SelectChoice("", "Choose"),
            SelectChoice("a", "A & B"),
            SelectChoice("b", AWKWARD),
        ],
    )
    radio = ChoiceField(
        "Radio",
        [InputRequired()],
        choices=[SelectChoice("x", "X " + AWKWARD), SelectChoice('"y"', "Y")],
        description="d",
    )
    boxes = MultiCheckboxField(
        "Boxes", [Optional()], choices=[SelectChoice("1", "One"), SelectChoice("2", "<Two>")]
    )
    agree = BooleanField("Agree " + AWKWARD, [InputRequired()], description="Tick it")


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize(
    "posted",
    [
        None,
        {},
        {
            "required_text": AWKWARD,
            "optional_text": "x",
            "area": "too long",
            "menu": "b",
            "radio": '"y"',
            "boxes": ["1", "2"],
            "agree": "y",
        },
    ],
    ids=["unposted", "empty", "filled"],
)
def test_every_kind_of_question_as_the_macros_wrote_it(app, lang, posted):
    with app.test_request_context(f"/{lang}/apply/applicant"):
        app.preprocess_request()
        form = EveryKind(MultiDict(posted) if posted is not None else None)
        if posted is not None:
            form.validate()
        assert_same_markup(app, form)


STEP_ANSWERS = {
    "applicant": journey.APPLICANT,
    "project": journey.PROJECT,
    "budget": journey.budget("12 500 000"),
    "cofinancing": journey.COFINANCING,
    "council": journey.COUNCIL,
    "readiness": journey.READINESS,
    "check": {"declaration": "y"},
    # Cells that do not read as amounts: an error in the cell and on the table.
    "cofinancing-wrong-cells": {
        **journey.COFINANCING,
        "yearly_figures-0-investment_cost": "lots <b>",
        "yearly_figures-2-running_cost": "12,5,5",
    },
}


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize("step_id", sorted(STEP_ANSWERS))
@pytest.mark.parametrize("filled", [True, False], ids=["answered", "empty"])
def test_every_wizard_step_as_the_macros_wrote_it(app, lang, step_id, filled):
    step = flow.STEPS_BY_ID[step_id.split("-")[0]]
    with app.test_request_context(f"/{lang}/apply/{step.id}"):
        app.preprocess_request()
        ruleset = ruleset_for(None)
        form = flow.build_form(
            step, {}, ruleset, MultiDict(STEP_ANSWERS[step_id] if filled else {})
        )
        form.validate()
        if filled and step_id == "cofinancing-wrong-cells":
            assert len(form.yearly_figures.cell_errors) == 2, "the wrong cells should be caught"
        if step.id == "cofinancing":
            assert form.yearly_figures.rows == ruleset.analysis_years  # the table is drawn
        assert_same_markup(app, form)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_year_table_opened_from_stored_answers_as_the_macro_wrote_it(app, lang):
    """A table without errors or typed text is written from a frame kept per language and
    shape (field_markup._year_table_frame). Opened from stored answers, twice, and once more
    with other amounts, each must be what the macro writes, with its own amounts."""
    step = flow.STEPS_BY_ID["cofinancing"]
    with app.test_request_context(f"/{lang}/apply/cofinancing"):
        app.preprocess_request()
        ruleset = ruleset_for(None)
        posted = flow.build_form(step, {}, ruleset, MultiDict(journey.COFINANCING))
        assert posted.validate(), posted.errors
        stored = posted.answer_data()
        changed = [
            {**row, "investment_cost": 1_000 * (t + 1)}
            for t, row in enumerate(stored["yearly_figures"])
        ]
        field_markup._frames.clear()
        tables = []
        for answers in (stored, stored, {**stored, "yearly_figures": changed}):
            form = flow.build_form(step, answers, ruleset)
            assert not form.yearly_figures.raw and not form.yearly_figures.cell_errors
            assert_same_markup(app, form)
            tables.append(str(field_markup.field(form.yearly_figures)))
        assert len(field_markup._frames) == 1  # one shape, one language: one frame
    assert tables[0] == tables[1] != tables[2]
    assert "\x00" not in tables[2]
    last_year = ruleset.analysis_years * 1_000
    assert f'value="{last_year:,}"'.replace(",", "," if lang == "en" else "\xa0") in tables[2]
