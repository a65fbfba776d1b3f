"""The "what happens next" texts of the result and exit pages: listed once at start-up, each
shown under its outcome, and an outcome without one shows none."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import render_template_string

from forms.routing import Outcome
from webapp.apply import NEXT_STEPS_FOLDER

FOLDER = Path(__file__).parents[2] / "webapp" / "templates" / NEXT_STEPS_FOLDER
MACRO = (
    '{% import "apply/_outcome.html" as outcomes with context %}'
    "{{ outcomes.outcome_section(outcome) }}"
)


@pytest.fixture
def database_url(tmp_path) -> str:
    return "sqlite:///" + str(tmp_path / "next-steps.sqlite3")  # templates only


def test_every_text_in_the_folder_is_known(app):
    known = app.jinja_env.globals["next_steps_templates"]
    assert known == {NEXT_STEPS_FOLDER + path.name for path in FOLDER.glob("*.html")}
    assert len(known) >= 3


@pytest.mark.parametrize("name", sorted(path.stem for path in FOLDER.glob("*.html")))
def test_each_outcome_with_a_text_shows_it(app, name):
    scheme, status = name.rsplit("_", 1) if not name.endswith("not_yet") else (name[:-8], "not_yet")
    outcome = Outcome(scheme=scheme, status=status, reasons=())
    with app.test_request_context("/en/apply/result"):
        app.preprocess_request()
        shown = render_template_string(MACRO, outcome=outcome)
        alone = render_template_string(f'{{% include "{NEXT_STEPS_FOLDER}{name}.html" %}}')
    assert alone.strip() and alone.strip() in shown


def test_an_outcome_without_a_text_shows_none(app):
    outcome = Outcome(scheme="council", status="eligible", reasons=())
    with app.test_request_context("/en/apply/result"):
        app.preprocess_request()
        shown = render_template_string(MACRO, outcome=outcome)
    assert "<p>" not in shown
